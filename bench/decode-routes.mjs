// In-process decode speed: the datagrams of a route dump (recorded once from namespace NETNS
// through the helper), then decoded again and again with the rtnetlink family, as a session does
// (no layout kept). Prints MB/s (decimal) and messages/s per CPU second, median of RUNS passes
// (the first passes run before V8 optimised the codecs: what a short-lived process pays).
// Usage: node bench/decode-routes.mjs NETNS [RUNS]
import { HelperProcess, decode, rtnetlink, routeDump, encode } from '../dist/bundle/index.js';

const [netns, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 7);
const helper = new HelperProcess();
const datagrams = [];
let resolveDone;
const done = new Promise((r) => (resolveDone = r));
const sink = {
  datagram(data) {
    const copy = data.slice();
    datagrams.push(copy);
    // NLMSG_DONE (type 3) at the start of a datagram ends the dump.
    if (copy.length >= 16 && (copy[4] | (copy[5] << 8)) === 3) resolveDone();
  },
  overrun() {},
  closed() {},
};
const socket = await helper.openSocket({ protocol: 0, netns: { kind: 'name', name: netns }, rcvbuf: 8 << 20 }, sink);
socket.hold?.(true);
const { request } = routeDump({});
socket.send(encode([{ type: request.type, flags: request.flags | 0x301, seq: 1, pid: 0, body: request.body }], rtnetlink));
await done;
await helper.close();
const bytes = datagrams.reduce((n, d) => n + d.length, 0);
let messages = 0;
for (const d of datagrams) messages += decode(d, rtnetlink, { keepLayout: false }).length;
// CPU time of this process (user + system), not wall time: on a machine shared with other work
// the wall clock counts the time others ran.
const samples = [];
for (let r = 0; r < runs; r++) {
  const c0 = process.cpuUsage();
  let n = 0;
  for (const d of datagrams) n += decode(d, rtnetlink, { keepLayout: false }).length;
  const c = process.cpuUsage(c0);
  samples.push((c.user + c.system) / 1e6);
  if (n !== messages) throw new Error('decode count changed');
}
samples.sort((a, b) => a - b);
const s = samples[Math.floor(samples.length / 2)];
console.log(JSON.stringify({ messages, bytes, cpuSeconds: s, mbPerSec: bytes / s / 1e6, perSec: messages / s }));
