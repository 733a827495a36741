export * from './schema.js';
export * from './requests.js';
