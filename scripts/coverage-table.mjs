#!/usr/bin/env node
/**
 * The rtnetlink coverage table: every attribute set reachable from the registered NETLINK_ROUTE
 * family (message bodies, nests, sub-messages by link kind / encap type / address family, slave
 * data...), with its number of attributes, how many of them decode and encode (all: one schema
 * drives both), and how many were seen in real kernel answers during the kernel tests
 * (docs/kernel-seen.json, written by the *.kernel.test.ts files under test/ and by the VM lane's test/vm).
 *
 *   npm run build && node scripts/coverage-table.mjs            print the table
 *   npm run build && node scripts/coverage-table.mjs --write    rewrite README.md's coverage section
 *
 * Plain JavaScript (no TypeScript runner is installed): it reads the built package (dist/bundle/). The
 * functions are exported for test/scripts/coverage-table.test.ts, which runs them on the sources
 * and fails when the README section is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const README = join(REPO_ROOT, 'README.md');
export const SEEN_FILE = join(REPO_ROOT, 'docs', 'kernel-seen.json');
export const START = '<!-- coverage:start -->';
export const END = '<!-- coverage:end -->';
export const COMMAND = 'npm run build && node scripts/coverage-table.mjs --write';

const isAttrSet = (c) => c !== null && typeof c === 'object' && Array.isArray(c.specs) && typeof c.prefix === 'string' && c.byType !== undefined;
const isMessage = (c) => c !== null && typeof c === 'object' && c.header !== undefined && isAttrSet(c.attributes);

/**
 * Every attribute set reachable from the family's message types, in discovery order, each with
 * where it was first reached (kernel names, e.g. `RTM_NEWLINK › IFLA_LINKINFO › IFLA_INFO_DATA[bridge]`).
 * Codec introspection: AttrSet (`specs`), MessageCodec (`attributes`), nest / lazy (`target`),
 * select / slave data (`registry`), by-family (`map`, `fallback`), indexed / multi (`element`).
 */
export function collectSets(family) {
  /** @type {Map<string, { set: any, where: string, objects: Set<any> }>} */
  const sets = new Map();
  const visited = new Set();
  const visit = (codec, where) => {
    if (codec === null || typeof codec !== 'object' || visited.has(codec)) return;
    visited.add(codec);
    if (isMessage(codec)) return visit(codec.attributes, where);
    if (isAttrSet(codec)) {
      const entry = sets.get(codec.name);
      if (entry) entry.objects.add(codec);
      else sets.set(codec.name, { set: codec, where, objects: new Set([codec]) });
      for (const spec of codec.specs) visit(spec.codec, `${where} › ${spec.kernelName}`);
      return;
    }
    let target;
    try {
      target = codec.target;
    } catch {
      target = undefined;
    }
    if (target) visit(target, where);
    if (codec.map && typeof codec.map === 'object') {
      for (const [fam, sub] of Object.entries(codec.map)) visit(sub, `${where}[family ${fam}]`);
      if (codec.fallback) visit(codec.fallback, where);
    }
    if (codec.registry && typeof codec.registry.keys === 'function') {
      for (const key of codec.registry.keys()) {
        if (typeof key === 'number') continue; // encaps are registered by name and by number
        visit(codec.registry.get(key), `${where}[${key}]`);
      }
    }
    if (codec.element) visit(codec.element, where);
  };
  for (const m of family.messages.values()) visit(m.body, m.name);
  return sets;
}

/** The union, over test files, of the attribute types seen per set. */
export function readSeen(path = SEEN_FILE) {
  /** @type {Map<string, Set<number>>} */
  const seen = new Map();
  let data;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return seen;
  }
  for (const sets of Object.values(data.files ?? {})) {
    for (const [name, types] of Object.entries(sets)) {
      let s = seen.get(name);
      if (!s) seen.set(name, (s = new Set()));
      for (const t of types) s.add(t);
    }
  }
  return seen;
}

/** One row per attribute set. */
export function coverageRows(family, seen) {
  const rows = [];
  for (const [name, { set, where }] of collectSets(family)) {
    const types = new Set(set.specs.map((s) => s.type));
    const seenTypes = seen.get(name) ?? new Set();
    const kernel = [...seenTypes].filter((t) => types.has(t)).length;
    rows.push({ name, prefix: set.prefix, where, attributes: set.specs.length, decoded: set.specs.length, encoded: set.specs.length, kernel });
  }
  return rows;
}

const pct = (n, d) => (d === 0 ? '' : ` (${Math.round((100 * n) / d)}%)`);

/** The README section (between the markers): a note, the command, the table. */
export function renderSection(rows) {
  const total = rows.reduce((a, r) => ({ attributes: a.attributes + r.attributes, kernel: a.kernel + r.kernel }), { attributes: 0, kernel: 0 });
  const lines = [
    'Every rtnetlink attribute set the schemas define, as reached from the registered message types.',
    'One schema drives both directions, so every attribute of a set decodes and encodes (unit and',
    'fixture tests cover them); **kernel-tested** counts the attributes of the set seen in real kernel',
    'answers during `test/**/*.kernel.test.ts` on the host and `test/vm/*.test.ts` in the VM lane',
    "(Debian's 6.1 kernel: every link kind it has, tc qdiscs/filters/actions, seg6/MPLS/ILA routes,",
    'IPMR rules), recorded in `docs/kernel-seen.json`. What neither kernel can make or dump (SR-IOV VFs,',
    'XDP and BPF programs, hsr, gtp, netkit, attributes newer than 6.1, request-only ones...) shows 0.',
    'Regenerate with:',
    '',
    '```sh',
    'PURE_NETLINK_RECORD_SEEN=1 npm test && PURE_NETLINK_RECORD_SEEN=1 npm run test:vm   # as root',
    COMMAND,
    '```',
    '',
    `${rows.length} attribute sets, ${total.attributes} attributes, ${total.kernel} seen from the kernel${pct(total.kernel, total.attributes)}.`,
    '',
    '| attribute set | prefix | first reached at | attributes | decoded | encoded | kernel-tested |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const kernel = r.kernel ? `${r.kernel}${pct(r.kernel, r.attributes)}` : '—';
    lines.push(`| \`${r.name}\` | \`${r.prefix}\` | ${r.where} | ${r.attributes} | ${r.decoded} | ${r.encoded} | ${kernel} |`);
  }
  lines.push(`| **total** | | | **${total.attributes}** | **${total.attributes}** | **${total.attributes}** | **${total.kernel}** |`);
  return lines.join('\n');
}

/** README text with the section between the markers replaced (appended as `## Coverage` when absent). */
export function updateReadme(text, section) {
  const block = `${START}\n${section}\n${END}`;
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a >= 0 && b > a) return text.slice(0, a) + block + text.slice(b + END.length);
  return `${text.replace(/\n*$/, '\n')}\n## Coverage\n\n${block}\n`;
}

/** The section currently in the README (between the markers), or undefined. */
export function readmeSection(text) {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  return a >= 0 && b > a ? text.slice(a + START.length, b).replace(/^\n/, '').replace(/\n$/, '') : undefined;
}

async function main() {
  const dist = pathToFileURL(join(REPO_ROOT, 'dist', 'bundle', 'index.js')).href;
  const mod = await import(dist);
  const family = mod.rtnetlink;
  if (!family) throw new Error('dist/bundle/index.js exports no rtnetlink family (run npm run build)');
  const section = renderSection(coverageRows(family, readSeen()));
  if (process.argv.includes('--write')) {
    const text = readFileSync(README, 'utf8');
    const next = updateReadme(text, section);
    if (next !== text) writeFileSync(README, next);
    process.stdout.write(next !== text ? 'README.md coverage section updated\n' : 'README.md coverage section already up to date\n');
  } else process.stdout.write(`${section}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
  });
}
