// What a user of the fluent API calls: every route of namespace NETNS through
// `handle.route.list()` (one array) or `handle.route.stream()` (as the dump arrives), all tables
// and families; prints the count.
// Usage: node bench/api-routes.mjs NETNS list|stream
import { Netlink } from '../dist/bundle/index.js';

const [netns, mode = 'list'] = process.argv.slice(2);
const h = await Netlink.open({ netns });
let count = 0;
if (mode === 'stream') {
  for await (const r of h.route.stream({ table: 'all', family: 'all' })) if (r.dst) count++;
} else {
  count = (await h.route.list({ table: 'all', family: 'all' })).length;
}
console.log(count);
await h.close();
