export * from './case-figures.query';
export * from './maintenance-figures.query';
export * from './evaluation-metrics';
export * from './case-figures.workbook';
