export * from './case.types';
export * from './case-workflow.rules';
export * from './case-deadlines.rules';
export * from './case-figures.rules';
export * from './default-categories.data';
export * from './case-scope';
