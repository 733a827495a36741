/**
 * The protocol-debugging toolkit: input parsing, schema walker, tree/JSON/libmnl renderings, tracing, `pure-ip decode`.
 *
 * @module pure-netlink/debug
 */
export * from './input.js';
export * from '../netlink/inspect/index.js';
export { decodeCommand, parseProtocol, protocolName, DECODE_USAGE, type DecodeCommandIO, type DecodeCommandOptions } from './decode-command.js';
export { builtinFamilies, familyForProtocol } from './families.js';
