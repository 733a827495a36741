/**
 * Type tests (checked by `npm run typecheck`): the Link view's flags, operstate and kind are
 * string-literal unions (with a number for what the library does not name, and any string for a
 * kind it does not know), so a misspelled comparison or assignment does not compile.
 */
import { describe, expect, it } from 'vitest';
import type { Link, LinkFlag, LinkKindName, LinkOperState } from '../../src/api/index.js';

const up: LinkOperState = 'UP';
const lowerLayerDown: LinkOperState = 'LOWERLAYERDOWN';
const unnamedState: LinkOperState = 7;
// @ts-expect-error: no such operational state
const misspelledState: LinkOperState = 'UPP';
const flag: LinkFlag = 'LOWER_UP';
// @ts-expect-error: IFF flags are spelled as iproute2 prints them
const misspelledFlag: LinkFlag = 'LOWERUP';
const known: LinkKindName = 'vxlan';
const newerKernelKind: LinkKindName = 'somethingnew';

function isUp(l: Link): boolean {
  // @ts-expect-error: 'up' is not an operstate name (they are upper case)
  if (l.operstate === 'up') return true;
  return l.operstate === 'UP' && l.flags.includes('LOWER_UP');
}

describe('Link view types', () => {
  it('compile as the comments say', () => {
    expect([up, lowerLayerDown, unnamedState, misspelledState, flag, misspelledFlag, known, newerKernelKind, typeof isUp]).toHaveLength(9);
  });
});
