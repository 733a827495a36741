// pure-netlink side of "300 veth pairs moved into a namespace", two ways:
//   direct: each pair is created with its peer already in the target (IFLA_NET_NS_FD on the peer);
//   move:   as `ip` does it, create the pair here, then move the peer (RTM_NEWLINK + IFLA_NET_NS_FD).
// Either way the requests of a step go out as one batch on one socket.
import { HelperProcess, Session, linkAdd, linkSet, rtnetlink } from '../dist/bundle/index.js';

const [netns, target, count, mode = 'direct'] = process.argv.slice(2);
const n = Number(count);
const helper = new HelperProcess();
const session = new Session({ family: rtnetlink });
session.attach(await helper.openSocket({ protocol: 0, netns: { kind: 'name', name: netns } }, session.sink));
const fd = await helper.nsFdOpen({ kind: 'name', name: target });
const peerIn = mode === 'direct' ? { netnsFd: fd } : {};
await Promise.all(session.batch(Array.from({ length: n }, (_, i) => linkAdd({ ifname: `v${i}`, kind: 'veth', peer: { ifname: `w${i}`, ...peerIn } }))));
if (mode === 'move') await Promise.all(session.batch(Array.from({ length: n }, (_, i) => linkSet(`w${i}`, { netnsFd: fd }))));
await helper.nsFdClose(fd);
await helper.close();
