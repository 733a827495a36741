/**
 * Type tests (checked by `npm run typecheck`; the run-time part only keeps vitest happy):
 * IFLA_LINKINFO is a discriminated union by kind, each kind's data typed from its attribute set,
 * so a misspelled option or a value of the wrong type does not compile.
 */
import { describe, expect, it } from 'vitest';
import type { AttrsOf, SubMessage } from '../../src/netlink/schema.js';
import { linkInfoAttrs, linkMessage } from '../../src/rtnl/link/index.js';
import type { ValueOf } from '../../src/netlink/codec.js';

type LinkInfo = ValueOf<typeof linkInfoAttrs>;

const vxlan: LinkInfo = { kind: 'vxlan', data: { id: 42, port: 4789 } };
const bridge: LinkInfo = { kind: 'bridge', data: { stpState: 1 } };
const unknownKind: LinkInfo = { kind: 'somethingnew', data: new Uint8Array([1, 2]) };
const noData: LinkInfo = { kind: 'dummy' };

// @ts-expect-error: vxlan has `port`, not `pott`
const misspelled: LinkInfo = { kind: 'vxlan', data: { pott: 1 } };
// @ts-expect-error: bridge's stpState is a u32, not a string
const wrongType: LinkInfo = { kind: 'bridge', data: { stpState: 'yes' } };
// @ts-expect-error: bridge options under the vxlan kind
const wrongKind: LinkInfo = { kind: 'vxlan', data: { stpState: 1 } };
// @ts-expect-error: an unknown kind's data can only be bytes
const unknownObject: LinkInfo = { kind: 'somethingnew', data: { id: 1 } };

/** Narrowing on the kind gives that kind's data (or bytes, for data the schema could not take). */
function vniOf(info: LinkInfo): number | undefined {
  if (info.kind === 'vxlan' && info.data && !(info.data instanceof Uint8Array)) return info.data.id;
  return undefined;
}

type Body = ValueOf<typeof linkMessage>;
const body: Body = { header: { family: 0, type: 0, index: 0, flags: [], change: 0 }, attrs: { ifname: 'vx0', linkinfo: { kind: 'vxlan', data: { id: 7 } } } };
// @ts-expect-error: misspelled kind option inside a whole message
const badBody: Body = { header: { family: 0, type: 0, index: 0, flags: [], change: 0 }, attrs: { linkinfo: { kind: 'vxlan', data: { pott: 1 } } } };

// The mechanism on its own: a selector and its sub-message as a union.
type Demo = SubMessage<'kind', 'data', { a: typeof linkInfoAttrs }>;
const demo: Demo = { kind: 'a', data: { kind: 'veth' } };
type Plain = AttrsOf<{ n: [1, 'N', typeof linkInfoAttrs] }>;
const plain: Plain = { n: { kind: 'veth' } };

describe('link kinds are typed from their schemas', () => {
  it('compiles the good cases (the @ts-expect-error lines are the test)', () => {
    expect(vniOf(vxlan)).toBe(42);
    expect([bridge, unknownKind, noData, misspelled, wrongType, wrongKind, unknownObject, body, badBody, demo, plain].length).toBe(11);
  });
});
