export * from './indicator-template';
export * from './default-template-2024';
