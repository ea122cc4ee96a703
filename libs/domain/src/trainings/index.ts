export * from './training.rules';
export * from './attendance.rules';
export * from './sign-in-matching';
export * from './online-participation';
