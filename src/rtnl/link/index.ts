/**
 * rtnetlink links: RTM_NEWLINK / DELLINK / GETLINK / SETLINK bodies, every IFLA_* attribute,
 * link kinds, constants and request builders.
 */
export * from './constants.js';
export * from './codecs.js';
export * from './registry.js';
export * from './kinds/index.js';
export * from './attrs.js';
export * from './requests.js';
