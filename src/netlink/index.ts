/**
 * The generic netlink layer: no rtnetlink knowledge.
 *
 * @module pure-netlink/netlink
 */
export * from './constants.js';
export * from './byteorder.js';
export * from './errors.js';
export * from './codec.js';
export * from './types.js';
export * from './enums.js';
export * from './schema.js';
export * from './writer.js';
export * from './message.js';
export * from './control.js';
export * from './family.js';
export * from './decode.js';
export * from './session.js';
export * from './address.js';
export type * from './transport/types.js';
export { ScriptedTransport, type Script, type ScriptedSocket } from './transport/scripted.js';
export { HelperProcess, HelperTransport, type HelperProcessOptions, type HelperHello } from './transport/helper.js';
export * from './ifname.js';
