/**
 * Test helpers for the debugging toolkit: a small private family (protocol 98) built with the
 * schema engine, and access to the real rtnetlink family when it is there.
 */
import { Family } from '../../src/netlink/family.js';
import { rtnetlink } from '../../src/rtnl/family.js';
import { Registry, attrs, message, nest, select, struct } from '../../src/netlink/schema.js';
import { pad, string, u32, u8 } from '../../src/netlink/types.js';

export const TEST_PROTO = 98;
export const TEST_NEW = 0x10;
export const TEST_GET = 0x12;

const kinds = new Registry<string>('test kinds');
const inner = attrs('TI_', { a: [1, 'A', u32], b: [2, 'B', string()] });
export const testHeader = struct('testhdr', [['family', u8], ['_pad', pad(3)], ['index', u32]]);
export const testAttrs = attrs('TA_', {
  name: [1, 'NAME', string()],
  mtu: [2, 'MTU', u32],
  nested: [3, 'NESTED', nest(() => inner)],
  kind: [4, 'KIND', string()],
  data: [5, 'DATA', select('kind', kinds)],
});
kinds.register('foo', attrs('FOO_', { x: [1, 'X', u32] }));
export const testMessage = message(testHeader, testAttrs);

export const testFamily = new Family(TEST_PROTO, 'test');
testFamily.define(TEST_NEW, 'TEST_NEW', 'new', testMessage);
testFamily.define(TEST_GET, 'TEST_GET', 'get', testMessage);

/** The rtnetlink family the walker and tracer tests use beside the test family. */
export { rtnetlink };
