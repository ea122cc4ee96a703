export * from './finance-inputs';
export * from './metric-figure';
export * from './scoring.calculator';
export * from './evaluation-snapshot';
export * from './evaluation-workbook.renderer';
