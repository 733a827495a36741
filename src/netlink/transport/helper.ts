/**
 * The helper transport: netlink sockets owned by the static `pure-netlink-helper` process,
 * reached over its stdin/stdout with the frame protocol of docs/helper-protocol.md.
 *
 * - `helper/process.ts`: one running helper (spawn, HELLO, requests, events, lifecycle);
 * - `helper/socket.ts`: a socket in the helper (OPEN, SEND, SETOPT, CLOSE);
 * - `helper/netns-spec.ts`: the namespace spec a socket is opened in;
 * - `helper/transport.ts`: the `Transport` a Session uses (a helper started on demand).
 * Namespace management and tun/tap devices are host operations in `src/system/`.
 */
export { HelperProcess, type HelperHello, type HelperProcessOptions } from './helper/process.js';
export { HelperTransport } from './helper/transport.js';
export { encodeNetnsSpec, validateNetnsName } from './helper/netns-spec.js';
