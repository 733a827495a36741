/**
 * Our generated specs against the running kernel's own attribute policies (CTRL_CMD_GETPOLICY),
 * for every generated family this kernel has: each attribute the kernel validates in a request
 * must have the same number and a compatible wire type in our attribute set, nested policies
 * included. What the kernel has and the (older) spec lacks is listed, not failed: it decodes as
 * unknown attributes, kept byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netlink, type Handle } from '../../src/api/index.js';
import { genlFamilies, type GenlFamily, type GenlPolicy } from '../../src/genl/index.js';
import type { Codec } from '../../src/netlink/codec.js';
import type { AttrSet } from '../../src/netlink/schema.js';

let h: Handle;
beforeAll(async () => {
  h = await Netlink.open({ sandbox: true });
});
afterAll(async () => {
  await h?.close();
});

const INT_SIZES: Record<string, number> = { u8: 1, u16: 2, u32: 4, u64: 8, s8: 1, s16: 2, s32: 4, s64: 8 };

/** Whether our codec can carry what the kernel's policy type accepts. */
function compatible(kernelType: string, codec: Codec<any>): boolean {
  const wire = codec.wire;
  if (kernelType in INT_SIZES) return codec.size === INT_SIZES[kernelType];
  switch (kernelType) {
    case 'flag': return wire === 'flag';
    case 'uint':
    case 'sint': return codec.sizes?.includes(4) === true && codec.sizes.includes(8);
    case 'string':
    case 'nul-string': return wire.startsWith('string');
    case 'binary': return wire !== 'flag' && wire !== 'nest' && !wire.startsWith('indexed');
    case 'nested': return wire === 'nest' || wire.startsWith('indexed') || wire.startsWith('type-value');
    case 'nested-array': return wire.startsWith('indexed') || wire.startsWith('type-value');
    case 'bitfield32': return wire === 'bitfield32';
    default: return true;
  }
}

/** The attribute set a nest-like codec leads to, if any. */
function nestedSet(codec: Codec<any>): AttrSet<any> | undefined {
  const c = codec as Codec<any> & { target?: AttrSet<any>; element?: Codec<any> & { target?: AttrSet<any> } };
  return c.target ?? c.element?.target;
}

interface Report {
  mismatches: string[];
  kernelOnly: string[];
}

function compare(family: GenlFamily<any, any>, policy: GenlPolicy, report: Report): void {
  const seen = new Set<string>();
  const walk = (index: number, set: AttrSet<any>, where: string) => {
    const key = `${index}:${set.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    for (const [type, attr] of policy.policies.get(index) ?? []) {
      const spec = set.byType[type];
      const kernelType = String(attr.type);
      if (!spec) {
        report.kernelOnly.push(`${where} ${set.name}[${type}] (${kernelType})`);
        continue;
      }
      if (!compatible(kernelType, spec.codec)) {
        report.mismatches.push(`${where} ${set.name}.${spec.key} (${type}): kernel ${kernelType}, spec ${spec.codec.wire}`);
        continue;
      }
      const inner = nestedSet(spec.codec);
      if (attr.policyIdx !== undefined && inner) walk(attr.policyIdx, inner, `${where} ${spec.key} →`);
    }
  };
  for (const [cmd, p] of policy.ops) {
    const op = family.opByCmd(cmd, 'request');
    if (!op) {
      // The kernel reports dump-only operations under command 0 (it takes the id from an
      // empty doit): those cannot be told apart when a family has several.
      report.kernelOnly.push(`${family.name}: command ${cmd}${cmd === 0 ? ' (a dump-only operation)' : ''}`);
      continue;
    }
    if (!op.set) continue;
    for (const mode of ['do', 'dump'] as const) {
      const index = p[mode];
      if (index !== undefined) walk(index, op.set, `${family.name} ${op.name} (${mode}):`);
    }
  }
}

describe('generated specs against the kernel policies', () => {
  it('every family this kernel has: same attribute numbers and compatible types', async () => {
    const present = new Set((await h.genl.families()).map((f) => f.name));
    const checked: string[] = [];
    const report: Report = { mismatches: [], kernelOnly: [] };
    for (const family of Object.values(genlFamilies) as GenlFamily<any, any>[]) {
      if (!present.has(family.name)) continue;
      compare(family, await h.genl.policy(family.name), report);
      checked.push(family.name);
    }
    // nlctrl, ethtool, netdev, mptcp_pm and tcp_metrics at least on the test machine's kernel.
    expect(checked).toEqual(expect.arrayContaining(['nlctrl', 'ethtool', 'netdev']));
    if (report.kernelOnly.length) {
      console.log(`checked ${checked.join(', ')}; in the kernel, not in our (older) specs:\n  ${report.kernelOnly.join('\n  ')}`);
    }
    expect(report.mismatches).toEqual([]);
  });

  it('finds a wrong spec: an attribute given the wrong type is reported', async () => {
    const { ethtool } = genlFamilies;
    const policy = await h.genl.policy('ethtool');
    const channels = ethtool.sets.channels!;
    const spec = channels.byKey.get('rxCount')!;
    const original = spec.codec;
    try {
      (spec as { codec: Codec<any> }).codec = { ...original, wire: 'u16', size: 2 };
      const report: Report = { mismatches: [], kernelOnly: [] };
      compare(ethtool as GenlFamily<any, any>, policy, report);
      expect(report.mismatches.join('\n')).toMatch(/channels\.rxCount \(6\): kernel u32, spec u16/);
    } finally {
      (spec as { codec: Codec<any> }).codec = original;
    }
  });
});
