/** The whole blog walk-through, in a sandbox: both pings must succeed. */
import { describe, expect, it } from 'vitest';
import { runBlog } from '../../examples/blog.js';

describe('examples/blog (runBlog in a sandbox)', () => {
  it('runs every step and the pings succeed', async () => {
    const lines: string[] = [];
    const r = await runBlog({ sandbox: true, log: (s) => lines.push(s) });
    const text = lines.join('\n');
    expect(r.namespaces.sort()).toEqual(['ns1', 'ns2']);
    expect(r.peerOfVethX).toMatchObject({ netns: 'ns1', name: 'vethY' });
    expect(r.pingVeth, text).toBe(true);
    expect(r.pingBridge, text).toBe(true);
    expect(r.identified).toEqual(['ns3']);
    expect(r.ns3Links).toEqual(['lo']);
    expect(text).toContain('1 packets transmitted, 1 received');
  }, 60_000);
});
