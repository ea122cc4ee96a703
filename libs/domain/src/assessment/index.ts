export * from './check-items';
export * from './rectification.rules';
export * from './monthly-score.rules';
export * from './ranking.rules';
export * from './headcount.rules';
export * from './spot-check-summary.rules';
