// pure-netlink side of "300 veth pairs moved into a namespace": each pair is created with its
// peer directly in the target namespace (IFLA_NET_NS_FD on the peer), all in one batch.
import { HelperProcess, Session, linkAdd } from '../dist/index.js';

const [netns, target, count] = process.argv.slice(2);
const helper = new HelperProcess();
const session = new Session();
session.attach(await helper.openSocket({ protocol: 0, netns: { kind: 'name', name: netns } }, session.sink));
const fd = await helper.nsFdOpen({ kind: 'name', name: target });
await Promise.all(session.batch(Array.from({ length: Number(count) }, (_, i) =>
  linkAdd({ ifname: `v${i}`, kind: 'veth', peer: { ifname: `w${i}`, netnsFd: fd } }))));
await helper.nsFdClose(fd);
await helper.close();
