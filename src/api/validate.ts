/** The input validators live in src/rtnl/validate.ts (one module for the API, the kinds and the CLI). */
export * from '../rtnl/validate.js';
