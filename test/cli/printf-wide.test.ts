import { expect, it } from 'vitest';
import { sprintf } from '../../src/cli/format/printf.js';
it('64-bit fast paths agree with the general path', () => {
  for (const v of [0n, 5n, 2n ** 64n - 1n, 2n ** 63n, -1n, 12345678901234567890n]) {
    expect(sprintf('%llu', v)).toBe(BigInt.asUintN(64, v).toString());
    expect(sprintf('%lld', v)).toBe(BigInt.asIntN(64, v).toString());
    expect(sprintf('%5llu|', v)).toBe(BigInt.asUintN(64, v).toString().padStart(5) + '|');
  }
  expect(sprintf('%lu %u %d', 7, 4294967295, -3)).toBe('7 4294967295 -3');
  expect(sprintf('%llu', -1)).toBe('18446744073709551615');
});
