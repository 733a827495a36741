import { test } from 'vitest';
import { pureIp, realIp } from './helpers.js';
test('scratch', async () => {
  const cmds = (process.env.SCR ?? '').split(';;');
  for (const c of cmds) {
    const argv = c.trim().split(/\s+/);
    const r = await pureIp(argv);
    const q = realIp(argv);
    console.log(`$ ${c}\n-- pure (${r.code})\n${r.stdout}${r.stderr}-- ip (${q.code})\n${q.stdout}${q.stderr}`);
  }
}, 60000);
