/** Input validation of the fluent API (no kernel needed). */
import { describe, expect, it } from 'vitest';
import { ValidationError, checkIfname, checkNetnsName, parseCidr } from '../../src/api/index.js';
import { networkOf, normalizeIP, checkMac } from '../../src/rtnl/validate.js';
import { toNetnsSpec } from '../../src/api/core.js';

describe('validation', () => {
  it('interface names follow the kernel rules', () => {
    for (const ok of ['eth0', 'veth-1', 'a.b', 'x'.repeat(15), 'br_0', 'vethX@']) expect(() => checkIfname(ok)).not.toThrow();
    for (const bad of ['', '.', '..', 'a/b', 'a b', 'a:b', 'tab\tx', 'x'.repeat(16), 'é'.repeat(8), 7 as unknown as string]) {
      expect(() => checkIfname(bad), JSON.stringify(bad)).toThrow(ValidationError);
    }
  });

  it('namespace names follow the helper rules and never contain ..', () => {
    for (const ok of ['ns1', 'a.b', 'A-b_c', 'x'.repeat(255)]) expect(() => checkNetnsName(ok)).not.toThrow();
    for (const bad of ['', '.', '..', 'a..b', 'a/b', 'a b', 'x'.repeat(256), 'ü']) expect(() => checkNetnsName(bad)).toThrow(ValidationError);
  });

  it('CIDRs', () => {
    expect(parseCidr('10.0.0.1/24')).toEqual({ family: 4, address: '10.0.0.1', prefixlen: 24 });
    expect(parseCidr('10.0.0.1')).toEqual({ family: 4, address: '10.0.0.1', prefixlen: 32 });
    expect(parseCidr('FD00:0:0::1/64')).toEqual({ family: 6, address: 'fd00::1', prefixlen: 64 });
    expect(parseCidr('::ffff:1.2.3.4')).toMatchObject({ family: 6, prefixlen: 128 });
    for (const bad of ['10.0.0.1/33', '10.0.0.256', '1.2.3', 'fd00::1/129', 'fd00:::1', 'x/24', '10.0.0.1/', '10.0.0.1/-1', '']) {
      expect(() => parseCidr(bad), bad).toThrow(ValidationError);
    }
    expect(networkOf(parseCidr('10.1.2.3/20'))).toBe('10.1.0.0');
    expect(networkOf(parseCidr('fd00::1234:5678/112'))).toBe('fd00::1234:0');
    expect(normalizeIP('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
  });

  it('MAC addresses', () => {
    expect(checkMac('02:AA:00:00:00:01')).toBe('02:aa:00:00:00:01');
    expect(() => checkMac('02:aa:00:00:00')).not.toThrow(); // other link types have other lengths
    expect(() => checkMac('zz')).toThrow(ValidationError);
  });

  it('namespace targets', () => {
    expect(toNetnsSpec(undefined)).toEqual({ kind: 'current' });
    expect(toNetnsSpec('ns1')).toEqual({ kind: 'name', name: 'ns1' });
    expect(toNetnsSpec({ pid: 42 })).toEqual({ kind: 'pid', pid: 42 });
    expect(toNetnsSpec({ path: '/proc/1/ns/net' })).toEqual({ kind: 'path', path: '/proc/1/ns/net' });
    expect(() => toNetnsSpec({ path: 'relative' })).toThrow(ValidationError);
    expect(() => toNetnsSpec({ pid: 0 })).toThrow(ValidationError);
    expect(() => toNetnsSpec(5 as never)).toThrow(ValidationError);
  });
});
