// pure-netlink side of the link jobs: NETNS add|del|dump N (bridges b0..bN-1), one batch of
// requests on one socket (add/del), or one dump with details decoded (dump).
import { HelperProcess, Session, linkAdd, linkDelete, linkDump, rtnetlink } from '../dist/bundle/index.js';

const [netns, job, count] = process.argv.slice(2);
const n = Number(count);
const helper = new HelperProcess();
const session = new Session({ family: rtnetlink });
session.attach(await helper.openSocket({ protocol: 0, netns: { kind: 'name', name: netns } }, session.sink));
if (job === 'add') {
  await Promise.all(session.batch(Array.from({ length: n }, (_, i) => linkAdd({ ifname: `b${i}`, kind: 'bridge' }))));
} else if (job === 'del') {
  await Promise.all(session.batch(Array.from({ length: n }, (_, i) => linkDelete(`b${i}`))));
} else {
  let seen = 0;
  for await (const m of session.dump(linkDump({}).request)) if (m.body.attrs.linkinfo?.kind === 'bridge') seen++;
  if (seen < n) throw new Error(`expected ${n} bridges, saw ${seen}`);
}
await helper.close();
