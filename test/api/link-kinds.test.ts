/**
 * Link kinds as modules (src/rtnl/link/kinds/): the options union narrows by kind (misspelled kinds
 * and options do not compile: checked by `npm run typecheck`), unknown keys are a ValidationError at
 * run time too, the raw escape hatch reaches the kernel, and `type()` changes a kind's options.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, type LinkAddOptions } from '../../src/api/index.js';
import { isKnownLinkKind, linkKindModule, LINK_KIND_MODULES, type KnownLinkKind } from '../../src/rtnl/link/kinds/index.js';
import { linkKinds, slaveKinds } from '../../src/rtnl/link/registry.js';
import { sandbox, type Sandbox } from './util.js';

// --- compile-time checks (npm run typecheck) ---------------------------------------------------
export const typeChecks: LinkAddOptions[] = [
  { kind: 'vxlan', name: 'vx0', id: 42, dstport: 4789, data: { learning: 0 } },
  { kind: 'bridge', name: 'br0', stp: true, data: { vlanFiltering: 1 } },
  { kind: 'macvlan', name: 'mv0', link: 'eth0', mode: 'bridge' },
  { kind: 'raw', infoKind: 'amt', data: new Uint8Array(0) },
  // @ts-expect-error a misspelled kind does not compile
  { kind: 'vxaln', name: 'vx0', id: 1 },
  // @ts-expect-error an option of another kind does not compile
  { kind: 'bridge', name: 'br0', id: 1 },
  // @ts-expect-error a misspelled attribute of the kind's data does not compile
  { kind: 'vxlan', name: 'vx0', id: 1, data: { pott: 1 } },
  // @ts-expect-error macvlan needs its parent device
  { kind: 'macvlan', name: 'mv0' },
  // @ts-expect-error bond modes are a string-literal union
  { kind: 'bond', name: 'b0', mode: 'active-backpu' },
];
export const kindName: KnownLinkKind = 'veth';
// @ts-expect-error not a kind with a module
export const notAKind: KnownLinkKind = 'vethh';

describe('the kind registry', () => {
  it('registers every module once, with its codecs, and finds it by kind', () => {
    const seen = new Set<string>();
    for (const m of LINK_KIND_MODULES) {
      for (const k of m.kinds) {
        expect(seen.has(k), `${k} registered twice`).toBe(false);
        seen.add(k);
        expect(linkKindModule(k)).toBe(m);
        expect(linkKinds.get(k)).toBe(m.data);
        if (m.slaveData) expect(slaveKinds.get(k)).toBe(m.slaveData);
      }
    }
    for (const k of ['veth', 'vxcan', 'bridge', 'vxlan', 'macvtap', 'ip6gretap', 'sit', 'dummy', 'tun']) expect(isKnownLinkKind(k), k).toBe(true);
    expect(isKnownLinkKind('raw')).toBe(false);
    expect(slaveKinds.get('bridge')).toBeDefined();
  });
});

describe('link kinds on the kernel', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await sandbox('kinds');
  });
  afterAll(async () => {
    await sb?.close();
  });

  it('rejects unknown option keys, naming the closest known one, before sending anything', async () => {
    const bad = { kind: 'vxlan', name: 'vx9', id: 9, dstprot: 4789 } as unknown as LinkAddOptions;
    const e = await sb.h.link.add(bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe('dstprot');
    expect((e as Error).message).toContain('"dstport"');
    const peer = { kind: 'veth', name: 'v9', peer: { nmae: 'v9p' } } as unknown as LinkAddOptions;
    const e2 = await sb.h.link.add(peer).catch((x: unknown) => x);
    expect((e2 as ValidationError).field).toBe('peer.nmae');
    expect((e2 as Error).message).toContain('"peer.name"');
    expect(await sb.h.link.exists('vx9')).toBe(false);
    expect(await sb.h.link.exists('v9')).toBe(false);
  });

  it('an unknown kind is a ValidationError that points at the raw escape hatch', async () => {
    const e = await sb.h.link.add({ kind: 'nosuchkind', name: 'x0' } as unknown as LinkAddOptions).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toContain("kind: 'raw'");
  });

  it('the raw escape hatch sends IFLA_INFO_KIND as given (the kernel is the judge)', async () => {
    await sb.h.link.add({ kind: 'raw', infoKind: 'bridge', name: 'brraw' });
    expect((await sb.h.link.get('brraw')).kind).toBe('bridge');
    const e = await sb.h.link.add({ kind: 'raw', infoKind: 'nosuchkind', name: 'x1' }).catch((x: { code?: string }) => x);
    expect((e as { code?: string }).code).toBe('EOPNOTSUPP');
  });

  it('type() changes a kind\'s own options (ip link set DEV type bridge ...)', async () => {
    await sb.h.link.add({ kind: 'bridge', name: 'brt', stp: false, forwardDelay: 400 });
    await sb.h.link('brt').type({ kind: 'bridge', forwardDelay: 500, data: { maxAge: 2500 } });
    const [j] = await sb.ipj('-d', 'link', 'show', 'brt');
    expect(j.linkinfo.info_data.forward_delay).toBe(500);
    expect(j.linkinfo.info_data.max_age).toBe(2500);
    const e = await Promise.resolve()
      .then(() => sb.h.link('brt').type({ kind: 'bridge', forwardDealy: 1 } as unknown as { kind: 'bridge' }))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
  });
});
