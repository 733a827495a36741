/**
 * `pure-ip decode` on generic netlink: the family of each message id comes from the capture's
 * own nlctrl exchange (CTRL_CMD_NEWFAMILY names it), or from --family.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeCommand } from '../../src/debug/decode-command.js';
import { GenlRegistry, genlFamilies, type GenlFamily } from '../../src/genl/index.js';
import { NLM_F_REQUEST } from '../../src/netlink/constants.js';
import { encode } from '../../src/netlink/decode.js';

async function run(args: string[], input: string): Promise<{ code: number; out: string; err: string }> {
  const stdin = new PassThrough();
  stdin.end(input);
  let out = '';
  let err = '';
  const code = await decodeCommand(args, { stdin, stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } } as never);
  return { code, out, err };
}

const ethtool = genlFamilies.ethtool as GenlFamily<any, any>;
const writer = new GenlRegistry();
writer.add(ethtool, 0x15);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
// nlctrl's answer naming id 0x15 "ethtool", then an ethtool request and its reply.
const newFamily = encode([{ type: 0x10, flags: 0, seq: 1, pid: 0, body: { header: { cmd: 1, version: 2 }, attrs: { familyId: 0x15, familyName: 'ethtool' } } }], writer);
const request = encode([{ type: 0x15, flags: NLM_F_REQUEST, seq: 2, pid: 0, body: { header: { cmd: 17, version: 1 }, attrs: { header: { devName: 'va' } } } }], writer);
const reply = encode([{ type: 0x15, flags: 0, seq: 2, pid: 0, body: { header: { cmd: 18, version: 1 }, attrs: { header: { devName: 'va' }, rxCount: 1 } } }], writer);

describe('pure-ip decode: generic netlink', () => {
  it('names the family from the capture\'s nlctrl answer, and each command by its direction', async () => {
    const r = await run(['--hex', '--proto', 'generic'], `${hex(newFamily)}\n\n${hex(request)}\n\n${hex(reply)}\n`);
    expect(r.err).toBe('');
    expect(r.out).toContain('nlctrl flags=0 seq=1 pid=0: getfamily {"family-id":21,"family-name":"ethtool"}');
    expect(r.out).toContain('ethtool flags=REQUEST seq=2 pid=0: channels-get {"header":{"dev-name":"va"}}');
    expect(r.out).toContain('ethtool flags=0 seq=2 pid=0: channels-get {"header":{"dev-name":"va"},"rx-count":1}');
  });

  it('--family names the family when the capture has no nlctrl exchange', async () => {
    const without = await run(['--hex', '--proto', 'generic'], `${hex(request)}\n`);
    expect(without.out).not.toContain('channels-get');
    const r = await run(['--hex', '--family', 'ethtool'], `${hex(request)}\n`);
    expect(r.out).toContain('ethtool flags=REQUEST seq=2 pid=0: channels-get {"header":{"dev-name":"va"}}');
    const bad = await run(['--hex', '--family', 'nope'], '');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/no spec for generic netlink family "nope"/);
  });
});
