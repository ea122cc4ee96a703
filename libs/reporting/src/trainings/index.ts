export * from './csv-text.parser';
export * from './sign-in-sheet.parser';
export * from './training-register.renderer';
export * from './training-figures';
