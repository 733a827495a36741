export * from './schema.js';
export * from './requests.js';
export * from './multipath.js';
export * from './encap.js';
export * from './wire.js';
export * from './prefix.js';
export * from './types.js';
