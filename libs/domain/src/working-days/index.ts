export * from './working-day.calendar';
export * from './working-day.csv';
export * from './working-day.bundled';
