// Whole-process job for the benchmark: dump and decode every route of a namespace with
// pure-netlink (library level: helper + session + rtnl codecs), print the count.
// Usage: node bench/dump-routes.mjs NETNS [--raw]
import { HelperProcess, Session, routeDump, rtnetlink } from '../dist/bundle/index.js';

const [netns, mode] = process.argv.slice(2);
const helper = new HelperProcess();
const session = new Session({ family: rtnetlink });
session.attach(await helper.openSocket({ protocol: 0, netns: { kind: 'name', name: netns }, rcvbuf: 8 << 20 }, session.sink));
const { request } = routeDump({});
let count = 0;
for await (const m of session.dump(request, { raw: mode === '--raw' })) {
  count++;
}
console.log(count);
await helper.close();
