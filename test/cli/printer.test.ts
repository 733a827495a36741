/**
 * The output layer: C printf conversions and iproute2's json_writer (compact and pretty).
 */
import { describe, expect, test } from 'vitest';
import { sprintf } from '../../src/cli/format/printf.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, Printer } from '../../src/cli/format/printer.js';
import { matches, parseGlobals, matchObject } from '../../src/cli/args.js';
import { getPrefix1, prefixAddrText } from '../../src/cli/format/prefix.js';

describe('sprintf', () => {
  test.each([
    ['%d: ', [3], '3: '],
    ['%-16s|', ['lo'], 'lo              |'],
    ['%#llx', [0x8001], '0x8001'],
    ['%#llx', [0], '0'],
    ['%02x', [5], '05'],
    ['%.2x%.2x.%s', [0x80, 0, 'a:b'], '8000.a:b'],
    ['%4i.%.2i', [0, 0], '   0.00'],
    ['%*s|', [6, 'ab'], '    ab|'],
    ['%u', [-1], '4294967295'],
    ['%llu', [2n ** 64n - 1n], '18446744073709551615'],
    ['%gs ', [1.5], '1.5s '],
    ['%g', [100000], '100000'],
    ['%g', [1e7], '1e+07'],
    ['%#.2hhx', [5], '0x05'],
    ['%%', [], '%'],
  ])('%s', (fmt, args, out) => {
    expect(sprintf(fmt, ...(args as never[]))).toBe(out);
  });
});

describe('json_writer', () => {
  const build = (pretty: boolean) => {
    const p = new Printer({ json: true, pretty });
    p.startDocument();
    p.openObject(null);
    p.int(PRINT_ANY, 'ifindex', '%d: ', 1);
    p.openArray(PRINT_JSON, 'flags');
    p.string(PRINT_ANY, null, '%s', 'UP');
    p.string(PRINT_ANY, null, '%s', 'LOWER_UP');
    p.closeArray(PRINT_JSON, null);
    p.openArray(PRINT_JSON, 'empty');
    p.closeArray(PRINT_JSON, null);
    p.openObject('linkinfo');
    p.string(PRINT_ANY, 'info_kind', '%s', 'veth');
    p.closeObject();
    p.null(PRINT_ANY, 'x', null);
    p.string(PRINT_FP, 'ignored', '%s', 'text only');
    p.closeObject();
    p.endDocument();
    return p.take();
  };
  test('compact', () => {
    expect(build(false)).toBe('[{"ifindex":1,"flags":["UP","LOWER_UP"],"empty":[],"linkinfo":{"info_kind":"veth"},"x":null}]\n');
  });
  test('pretty, as ip -j -p', () => {
    expect(build(true)).toBe(
      '[ {\n        "ifindex": 1,\n        "flags": [ "UP","LOWER_UP" ],\n        "empty": [ ],\n        "linkinfo": {\n            "info_kind": "veth"\n        },\n        "x": null\n    } ]\n',
    );
  });
  test('value tree', () => {
    const p = new Printer({ json: true });
    p.startDocument();
    p.openObject(null);
    p.u64(PRINT_ANY, 'big', null, 2n ** 60n);
    p.closeObject();
    p.endDocument();
    expect(p.jsonValue()).toEqual([{ big: 2n ** 60n }]);
  });
});

describe('command line', () => {
  test('matches() is iproute2\'s prefix test', () => {
    expect(matches('a', 'address')).toBe(true);
    expect(matches('', 'address')).toBe(true);
    expect(matches('addrx', 'address')).toBe(false);
  });
  test('objects resolve in iproute2\'s table order', () => {
    expect(matchObject('a')).toBe('address');
    expect(matchObject('r')).toBe('route');
    expect(matchObject('ru')).toBe('rule');
    expect(matchObject('n')).toBe('neighbor');
    expect(matchObject('ne')).toBe('neighbor');
    expect(matchObject('netn')).toBe('netns');
    expect(matchObject('l')).toBe('link');
    expect(matchObject('t')).toBe('tunnel');
    expect(matchObject('tunt')).toBe('tuntap');
    expect(matchObject('m')).toBe('maddress');
    expect(matchObject('mo')).toBe('monitor');
    expect(matchObject('decode')).toBe('decode');
    expect(matchObject('d')).toBeUndefined();
  });
  test('global options', () => {
    const { opts, rest } = parseGlobals(['-n', 'x', '-j', '-p', '-d', '-d', '-s', '-6', '--force', '-b', 'f', 'link']);
    expect(opts).toMatchObject({ netns: 'x', json: true, pretty: true, details: 2, stats: 1, family: 10, force: true, batch: 'f' });
    expect(rest).toEqual(['link']);
  });
  test('prefixes as get_prefix parses them', () => {
    const p = getPrefix1('10.1/16', 0)!;
    expect([prefixAddrText(p), p.bitlen]).toEqual(['10.1.0.0', 16]);
    expect(getPrefix1('192.0.2.0/255.255.255.0', 0)!.bitlen).toBe(24);
    expect(getPrefix1('default', 2)!.bitlen).toBe(0);
    expect(getPrefix1('1.2.3.4/33', 0)).toBeUndefined();
    expect(prefixAddrText(getPrefix1('2001:db8::1/64', 0)!)).toBe('2001:db8::1');
  });
});

describe('pure-ip decode', () => {
  test('delegates to src/debug', async () => {
    const { pureIp } = await import('./helpers.js');
    const r = await pureIp(['decode', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: pure-ip decode');
    const hex = '2000000010000503000000000000000000000000000000000000000000000000';
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const f = join(mkdtempSync(join(tmpdir(), 'pure-ip-dec-')), 'x.hex');
    writeFileSync(f, hex + '\n');
    const d = await pureIp(['decode', '--hex', f]);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('RTM_NEWLINK');
  });
});
