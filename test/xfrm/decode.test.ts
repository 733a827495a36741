/**
 * NETLINK_XFRM in the inspector and `pure-ip decode`: xfrm is one of the shipped families (by
 * protocol 6), struct addresses read their struct's family, and a GETSA dump request (no fixed
 * header, attributes at once) walks as attributes.
 */
import { describe, expect, it } from 'vitest';
import { familyForProtocol } from '../../src/debug/families.js';
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST } from '../../src/netlink/constants.js';
import { decode, encode } from '../../src/netlink/decode.js';
import { formatDatagramTree } from '../../src/netlink/inspect/format.js';
import { walkDatagram } from '../../src/netlink/inspect/datagram.js';
import { NETLINK_XFRM, XFRM_MSG_GETSA, XFRM_MSG_NEWPOLICY, policyBody, stateDumpAttrs, stateIdBody, xfrm } from '../../src/xfrm/index.js';

const tree = (bytes: Uint8Array) => formatDatagramTree(walkDatagram(bytes, { family: xfrm, littleEndian: true })).join('\n');

describe('xfrm in the inspector', () => {
  it('is the shipped family of protocol 6', () => {
    expect(familyForProtocol(NETLINK_XFRM)).toBe(xfrm);
  });

  it('walks a get (xfrm_usersa_id: the address in the struct\'s family) and a dump request (attributes only)', () => {
    const get = encode({ type: XFRM_MSG_GETSA, flags: NLM_F_REQUEST, seq: 1, pid: 0, body: stateIdBody({ src: '1.1.1.1', dst: '2.2.2.2', proto: 'esp', spi: 5 }) }, xfrm);
    const t = tree(get);
    expect(t).toContain('XFRM_MSG_GETSA (18) flags [REQUEST]');
    expect(t).toContain('daddr @16 len 16: "2.2.2.2"');
    expect(t).toContain('proto @38 len 1: esp (50)');
    expect(t).toContain('XFRMA_SRCADDR (13) @40 len 20: "1.1.1.1"');
    const dump = encode({ type: XFRM_MSG_GETSA, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 2, pid: 0, body: { attrs: stateDumpAttrs({ dst: 'fd00::/64', proto: 'ah' }) } }, xfrm);
    const d = tree(dump);
    expect(d).toContain('XFRMA_PROTO (25) @16 len 5: 51');
    expect(d).toMatch(/XFRMA_ADDRESS_FILTER \(26\) @24 len 40\n\s+saddr @28 len 16: "::"\n\s+daddr @44 len 16: "fd00::"/);
    const back = decode(dump, xfrm)[0]!.body as { header?: unknown; attrs: { addressFilter: { dplen: number; family: number } } };
    expect(back.header).toBeUndefined();
    expect(back.attrs.addressFilter).toMatchObject({ dplen: 64, family: 10 });
  });

  it('walks a policy with templates of two families', () => {
    const body = policyBody({ sel: { src: '10.0.0.0/8' }, dir: 'out', tmpl: [{ src: '10.0.0.1', dst: '10.0.0.2', proto: 'esp' }, { src: 'fd00::1', dst: 'fd00::2', proto: 'ah' }] });
    const bytes = encode({ type: XFRM_MSG_NEWPOLICY, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 3, pid: 0, body }, xfrm);
    const t = tree(bytes);
    expect(t).toContain('XFRM_MSG_NEWPOLICY (19)');
    expect(t).toContain('XFRMA_TMPL (5)');
    const m = decode(bytes, xfrm)[0]!.body as { attrs: { tmpl: Array<{ saddr: string; id: { daddr: string } }> } };
    expect(m.attrs.tmpl.map((x) => [x.saddr, x.id.daddr])).toEqual([['10.0.0.1', '10.0.0.2'], ['fd00::1', 'fd00::2']]);
  });
});
