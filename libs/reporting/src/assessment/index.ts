export * from './monthly-notice.renderer';
export * from './ranking-notice.renderer';
export * from './headcount.renderer';
