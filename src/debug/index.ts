/** The protocol-debugging toolkit: input parsing, schema walker, tree/JSON/libmnl renderings, tracing, `pure-ip decode`. */
export * from './input.js';
export * from './walk.js';
export * from './format.js';
export * from './trace.js';
export { decodeCommand, loadBuiltinFamilies, parseProtocol, protocolName, DECODE_USAGE, type DecodeCommandIO, type DecodeCommandOptions } from './decode-command.js';
