/** The bridge's own objects (`bridge link`, `bridge fdb`, ...): request builders over the link and neighbour schemas. */
export * from './port.js';
export * from './fdb.js';
export * from './mdb-schema.js';
export * from './mdb.js';
export * from './vlan.js';
