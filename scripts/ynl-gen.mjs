#!/usr/bin/env node
// Generates src/genl/generated/*.ts from the kernel's YNL specs vendored in ynl/specs (see
// ynl/README.md for where they come from). Every genetlink, genetlink-c and genetlink-legacy spec
// becomes one module: its enums and flag sets (defineEnum), structs, attribute sets (AttrSet
// tables of the project's schema engine, with a TypeScript interface each), the operations
// with the genlmsghdr command of each direction, and the multicast group names.
//
//   node scripts/ynl-gen.mjs           write the files
//   node scripts/ynl-gen.mjs --check   exit 1 (naming the files) when the checked-in files are stale
//
// Names: attribute keys are the camelCase of the spec name split at '-' and '_' (the same rule
// as the kernel macro suffix: 'dev-name' / ETHTOOL_A_HEADER_DEV_NAME → devName); enum values
// keep the spec's spelling ('vxlan-gpe').
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specDir = join(root, 'ynl/specs');
const outDir = join(root, 'src/genl/generated');
const GENL_PROTOCOLS = new Set(['genetlink', 'genetlink-c', 'genetlink-legacy']);

// ---- names -----------------------------------------------------------------------------------

/** 'dev-name' → 'devName' (split at '-' and '_', like the kernel macro suffix). */
function camel(name) {
  const parts = String(name).toLowerCase().split(/[-_]+/).filter(Boolean);
  return parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('');
}
function pascal(name) {
  const c = camel(name);
  return /^[0-9]/.test(c) ? `N${c}` : c[0].toUpperCase() + c.slice(1);
}
/** A valid identifier from a spec name (leading digits get a prefix). */
function ident(name) {
  const c = camel(name);
  return /^[0-9]/.test(c) ? `n${c}` : c;
}
function cName(name) {
  return String(name).toUpperCase().replace(/-/g, '_');
}
function key(name) {
  const k = camel(name);
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
}
function str(s) {
  return JSON.stringify(s);
}
function docLine(doc) {
  if (!doc) return undefined;
  const first = String(doc).trim().split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
  // `*/` would end the comment; `@word` would be read as a TSDoc block tag (typedoc warns).
  return first.replace(/\*\//g, '*\\/').replace(/@/g, '\\@');
}

// ---- one spec --------------------------------------------------------------------------------

class Gen {
  constructor(file, spec) {
    this.file = file;
    this.spec = spec;
    this.family = spec.name;
    this.F = pascal(spec.name);
    this.protocol = spec.protocol ?? 'genetlink';
    this.consts = new Map();
    this.defs = new Map(); // definition name → { kind, id, ts, def }
    this.sets = new Map(); // set name → { id, ts, prefix, attrs: [{ name, value, attr }], doc }
    this.tsNames = new Set();
    this.imports = { schema: new Set(['AttrSet']), types: new Set(), enums: new Set(), codecs: new Set() };
    this.out = [];
  }

  fail(msg) {
    throw new Error(`${this.file}: ${msg}`);
  }

  tsName(base, suffix) {
    let n = `${this.F}${pascal(base)}`;
    if (this.tsNames.has(n)) n += suffix;
    this.tsNames.add(n);
    return n;
  }

  constValue(v) {
    if (typeof v === 'number') return v;
    if (this.consts.has(v)) return this.consts.get(v);
    this.fail(`unknown constant ${v}`);
  }

  // -- definitions

  collectDefinitions() {
    for (const def of this.spec.definitions ?? []) {
      if (def.type === 'const') {
        // Referenced by name or by its C spelling's prefix + name (wireguard: 'wg-key-len').
        this.consts.set(def.name, def.value);
        if (def['name-prefix']) this.consts.set(`${def['name-prefix']}${def.name}`, def.value);
        continue;
      }
      if (def.type === 'enum' || def.type === 'flags') {
        const prefix = cName(def['name-prefix'] ?? `${this.family}-${def.name}-`);
        const start = def['value-start'] ?? 0;
        const entries = (def.entries ?? []).map((e, i) => {
          const name = typeof e === 'object' ? e.name : e;
          const explicit = typeof e === 'object' && e.value !== undefined ? e.value : undefined;
          const index = explicit ?? start + i;
          return { name: String(name), value: def.type === 'flags' ? 2 ** index : index, index, doc: typeof e === 'object' ? e.doc : undefined };
        });
        // Later entries without a value continue from the previous one.
        for (let i = 1; i < entries.length; i++) {
          const e = def.entries[i];
          if (typeof e === 'object' && e.value !== undefined) continue;
          const prevIndex = entries[i - 1].index + 1;
          entries[i].index = prevIndex;
          entries[i].value = def.type === 'flags' ? 2 ** prevIndex : prevIndex;
        }
        const ts = this.tsName(def.name, 'Enum');
        this.defs.set(def.name, { kind: def.type, id: `${ident(def.name)}Enum`, ts, prefix, entries, doc: def.doc });
        continue;
      }
      if (def.type === 'struct') {
        const ts = this.tsName(def.name, 'Struct');
        this.defs.set(def.name, { kind: 'struct', id: `${ident(def.name)}Struct`, ts, def });
        continue;
      }
      this.fail(`definition ${def.name}: unsupported type ${def.type}`);
    }
  }

  emitDefinitions() {
    for (const [name, d] of this.defs) {
      if (d.kind === 'struct') continue;
      this.imports.enums.add('defineEnum');
      const doc = docLine(d.doc);
      const union = d.entries.length ? d.entries.map((e) => str(e.name)).join(' | ') : 'never';
      this.out.push(`/** ${d.kind === 'flags' ? 'Flags' : 'Enum'} ${name}${doc ? `: ${doc}` : ''} */`);
      this.out.push(`export type ${d.ts} = ${union};`);
      this.out.push(`const ${d.id} = defineEnum(${str(d.prefix)}, {`);
      for (const e of d.entries) this.out.push(`  ${str(e.name)}: ${e.value},`);
      this.out.push('});');
      if (d.kind === 'enum' && d.asFlags) {
        this.out.push(`/** ${name} values as bits (attributes with enum-as-flags). */`);
        this.out.push(`const ${d.id}Bits = defineEnum(${str(d.prefix)}, {`);
        for (const e of d.entries) this.out.push(`  ${str(e.name)}: ${2 ** e.value},`);
        this.out.push('});');
      }
      this.out.push('');
    }
    // Structs after enums (members may use enums), in definition order (members may use earlier structs).
    for (const [name, d] of this.defs) {
      if (d.kind !== 'struct') continue;
      this.imports.schema.add('struct');
      const fields = [];
      const members = [];
      for (const m of d.def.members ?? []) {
        const { expr, ts } = this.memberCodec(name, m);
        fields.push(`  [${str(camel(m.name))}, ${expr}],`);
        const doc = docLine(m.doc);
        members.push(`${doc ? `  /** ${doc} */\n` : ''}  ${key(m.name)}: ${ts};`);
      }
      const doc = docLine(d.def.doc);
      this.out.push(`/** struct ${name}${doc ? `: ${doc}` : ''} */`);
      this.out.push(`export interface ${d.ts} {`, ...members, '}');
      this.out.push(`const ${d.id} = struct(${str(name)}, [`, ...fields, ']);', '');
    }
  }

  memberCodec(structName, m) {
    if (m.type === 'binary' || m.type === 'pad') {
      if (m.struct) return this.structRef(m.struct);
      const len = this.constValue(m.len ?? this.fail(`struct ${structName}.${m.name}: binary without len`));
      this.imports.types.add(m.type === 'pad' ? 'pad' : 'bytesOf');
      return m.type === 'pad' ? { expr: `pad(${len})`, ts: 'undefined' } : { expr: `bytesOf(${len})`, ts: 'Uint8Array' };
    }
    return this.scalar(m, `struct ${structName}.${m.name}`);
  }

  structRef(name) {
    const d = this.defs.get(name);
    if (!d || d.kind !== 'struct') this.fail(`unknown struct ${name}`);
    return { expr: d.id, ts: d.ts };
  }

  /** An integer (possibly an enum, a flag word, or an address) with its byte order. */
  scalar(a, where) {
    const type = a.type;
    const be = a['byte-order'] === 'big-endian';
    const le = a['byte-order'] === 'little-endian';
    let base;
    if (type === 'uint' || type === 'sint') {
      (type === 'uint' ? this.imports.types : this.imports.codecs).add(type);
      base = type;
    } else if (/^[us](8|16|32|64)$/.test(type)) {
      if (be && type !== 'u8' && type !== 's8') {
        if (type[0] === 's') this.fail(`${where}: big-endian signed integers are not supported`);
        base = `be${type.slice(1)}`;
        this.imports.types.add(base);
      } else if (le && type !== 'u8' && type !== 's8') {
        base = `${type[0] === 's' ? 's' : 'u'}${type.slice(1)}le`;
        this.imports.codecs.add(base);
      } else {
        base = type;
        this.imports.types.add(base);
      }
    } else this.fail(`${where}: ${type} is not an integer type`);
    const wide = /64$/.test(type) || type === 'uint' || type === 'sint';
    const hint = a['display-hint'];
    if (hint === 'ipv4' && type === 'u32') {
      this.imports.types.add('ipv4');
      // ipv4 reads network order: the attribute is big-endian by spec.
      return { expr: 'ipv4', ts: 'string' };
    }
    const numTs = /64$/.test(type) ? 'bigint' : wide ? 'number | bigint' : 'number';
    if (a.enum) {
      const d = this.defs.get(a.enum);
      if (!d || (d.kind !== 'enum' && d.kind !== 'flags')) this.fail(`${where}: unknown enum ${a.enum}`);
      if (wide) {
        // 64-bit words (u64, uint, sint): bit masks and values past 2^32 need bigints inside.
        const bits = d.kind === 'flags' || a['enum-as-flags'];
        if (d.kind === 'enum' && a['enum-as-flags']) d.asFlags = true;
        const def = d.kind === 'enum' && a['enum-as-flags'] ? `${d.id}Bits` : d.id;
        this.imports.codecs.add(bits ? 'flagsOfWide' : 'enumOfWide');
        return bits
          ? { expr: `flagsOfWide(${base}, ${def})`, ts: `Array<${d.ts} | number>` }
          : { expr: `enumOfWide(${base}, ${def})`, ts: `${d.ts} | number | bigint` };
      }
      const b = base;
      if (d.kind === 'flags') {
        this.imports.enums.add('flagsOf');
        return { expr: `flagsOf(${b}, ${d.id})`, ts: `Array<${d.ts} | number>` };
      }
      if (a['enum-as-flags']) {
        d.asFlags = true;
        this.imports.enums.add('flagsOf');
        return { expr: `flagsOf(${b}, ${d.id}Bits)`, ts: `Array<${d.ts} | number>` };
      }
      this.imports.enums.add('enumOf');
      return { expr: `enumOf(${b}, ${d.id})`, ts: `${d.ts} | number` };
    }
    return { expr: base, ts: numTs };
  }

  // -- attribute sets

  collectSets() {
    for (const set of this.spec['attribute-sets'] ?? []) {
      const parent = set['subset-of'];
      let prefix;
      const attrs = [];
      if (parent) {
        const p = this.sets.get(parent) ?? this.fail(`set ${set.name}: subset of unknown set ${parent}`);
        prefix = p.prefix;
        for (const a of set.attributes ?? []) {
          // devlink's dl-dpipe-table lists two attributes twice: the first mention counts.
          if (attrs.some((x) => x.name === a.name)) continue;
          const pa = p.attrs.find((x) => x.name === a.name) ?? this.fail(`set ${set.name}: ${a.name} is not in ${parent}`);
          attrs.push({ name: a.name, value: pa.value, attr: { ...pa.attr, ...a } });
        }
      } else {
        prefix = cName(set['name-prefix'] ?? `${this.family}-a-${set.name}-`);
        let value = 1;
        for (const a of set.attributes ?? []) {
          if (a.value !== undefined) value = a.value;
          attrs.push({ name: a.name, value, attr: a });
          value++;
        }
      }
      const ts = this.tsName(set.name, 'Attrs');
      this.sets.set(set.name, { name: set.name, id: `${ident(set.name)}Set`, ts, prefix, attrs, doc: set.doc });
    }
  }

  setRef(name, where) {
    const s = this.sets.get(name) ?? this.fail(`${where}: unknown attribute set ${name}`);
    this.imports.schema.add('nest');
    return { expr: `nest(() => ${s.id})`, ts: s.ts };
  }

  attrCodec(a, where) {
    const t = a.type;
    let r;
    switch (t) {
      case 'flag':
        this.imports.types.add('flag');
        r = { expr: 'flag', ts: 'true' };
        break;
      case 'string':
        this.imports.types.add('string');
        r = { expr: 'string()', ts: 'string' };
        break;
      case 'bitfield32':
        this.imports.types.add('bitfield32');
        r = { expr: 'bitfield32', ts: '{ value: number; selector: number }' };
        break;
      case 'binary': {
        const hint = a['display-hint'];
        if (a.struct) r = this.structRef(a.struct);
        else if (hint === 'mac' || hint === 'ipv4' || hint === 'ipv6') {
          this.imports.types.add(hint);
          r = { expr: hint, ts: 'string' };
        } else if (hint === 'ipv4-or-v6') {
          this.imports.types.add('address');
          r = { expr: 'address', ts: 'string' };
        } else if (a['sub-type']) {
          const el = this.scalar({ type: a['sub-type'], 'byte-order': a['byte-order'] }, where);
          this.imports.types.add('arrayOf');
          r = { expr: `arrayOf(${el.expr})`, ts: `Array<${el.ts}>` };
        } else if (a.checks?.['exact-len'] !== undefined) {
          this.imports.types.add('bytesOf');
          r = { expr: `bytesOf(${this.constValue(a.checks['exact-len'])})`, ts: 'Uint8Array' };
        } else {
          this.imports.types.add('binary');
          r = { expr: 'binary', ts: 'Uint8Array' };
        }
        break;
      }
      case 'nest':
        r = this.setRef(a['nested-attributes'], where);
        break;
      case 'indexed-array': {
        this.imports.schema.add('indexed');
        const sub = a['sub-type'];
        const el = sub === 'nest' ? this.setRef(a['nested-attributes'], where) : this.scalarOrOther({ ...a, type: sub }, where);
        // Each child of an array of nests is itself a nest: NLA_F_NESTED on it, as the kernel's
        // ynl libraries send it (the kernel's nla_parse_nested() rejects a child without it).
        r = { expr: sub === 'nest' ? `indexed(${el.expr}, 1, { nestedFlag: true })` : `indexed(${el.expr})`, ts: `Array<${el.ts}>` };
        break;
      }
      case 'nest-type-value': {
        this.imports.codecs.add('typeValue');
        const levels = a['type-value'] ?? [];
        const inner = this.setRef(a['nested-attributes'], where);
        let ts = inner.ts;
        for (let i = levels.length - 1; i >= 0; i--) ts = `Array<{ ${key(levels[i])}: number; value: ${ts} }>`;
        r = { expr: `typeValue(${str(levels.map(camel))}, ${inner.expr})`, ts };
        break;
      }
      case 'pad':
        this.imports.types.add('binary');
        this.imports.schema.add('multi');
        return { expr: 'multi(binary)', ts: 'Uint8Array[]', nest: false };
      default:
        r = this.scalar(a, where);
    }
    const nest = t === 'nest' || t === 'indexed-array' || t === 'nest-type-value';
    if (a['multi-attr']) {
      this.imports.schema.add('multi');
      return { expr: `multi(${r.expr})`, ts: `Array<${r.ts}>`, nest };
    }
    return { ...r, nest };
  }

  scalarOrOther(a, where) {
    if (a.type === 'string' || a.type === 'binary' || a.type === 'flag') return this.attrCodec(a, where);
    return this.scalar(a, where);
  }

  emitSets() {
    const specNames = {};
    for (const s of this.sets.values()) {
      const rows = [];
      const members = [];
      for (const { name, value, attr } of s.attrs) {
        if (attr.type === 'unused') continue;
        const where = `${s.name}.${name}`;
        const { expr, ts, nest } = this.attrCodec(attr, where);
        const suffix = cName(name);
        rows.push(`  ${key(name)}: [${value}, ${str(suffix)}, ${expr}${nest ? ', { nestedFlag: true }' : ''}],`);
        const doc = docLine(attr.doc);
        members.push(`${doc ? `  /** ${doc} */\n` : ''}  ${key(name)}?: ${ts};`);
        if (name.includes('_') || /[A-Z]/.test(name)) (specNames[s.name] ??= {})[camel(name)] = name;
      }
      const doc = docLine(s.doc);
      this.out.push(`/** Attribute set ${s.name} (${s.prefix}*)${doc ? `: ${doc}` : ''} */`);
      this.out.push(`export interface ${s.ts} {`, ...members, '  unknown?: UnknownAttr[];', '}');
      this.out.push(`const ${s.id}: AttrSet<${s.ts}> = new AttrSet<${s.ts}>(${str(s.prefix)}, {`, ...rows, `}, ${str(s.name)});`, '');
    }
    this.specNames = specNames;
  }

  // -- operations

  collectOps() {
    const ops = this.spec.operations ?? { list: [] };
    const directional = ops['enum-model'] === 'directional';
    const result = [];
    if (directional) {
      // The directional model numbers requests and replies separately (linux/ethtool_netlink.h
      // ETHTOOL_MSG_*: request and reply enums); notifications take reply values.
      let req = 1;
      let rsp = 1;
      for (const op of ops.list) {
        let reqVal;
        let rspVal;
        let reqNext;
        let rspNext;
        if (op.notify !== undefined || op.event !== undefined) {
          if (op.value !== undefined) rsp = op.value;
          reqVal = undefined;
          reqNext = req;
          rspVal = rsp;
          rspNext = rsp + 1;
        } else if (op.do || op.dump) {
          const mode = op.do ?? op.dump;
          if (mode.request?.value !== undefined) req = mode.request.value;
          if (mode.reply?.value !== undefined) rsp = mode.reply.value;
          reqVal = req;
          reqNext = req + 1;
          const hasReply = mode.reply !== undefined;
          rspVal = hasReply ? rsp : undefined;
          rspNext = hasReply ? rsp + 1 : rsp;
        } else this.fail(`operation ${op.name}: neither do, dump, notify nor event`);
        result.push({ op, request: reqVal, reply: rspVal });
        req = reqNext;
        rsp = rspNext;
      }
    } else {
      let val = 1;
      for (const op of ops.list) {
        if (op.value !== undefined) val = op.value;
        const kernelOnly = op.notify !== undefined || op.event !== undefined;
        // A placeholder such as mptcp_pm's 'unspec' (neither do, dump nor notify) only takes its value.
        const sent = op.do !== undefined || op.dump !== undefined;
        result.push({ op, request: sent ? val : undefined, reply: sent || kernelOnly ? val : undefined });
        val++;
      }
    }
    this.ops = result;
    this.fixedHeader = ops['fixed-header'];
  }

  opSet(op) {
    let name = op['attribute-set'];
    if (!name && op.notify) name = this.spec.operations.list.find((o) => o.name === op.notify)?.['attribute-set'];
    return name ? this.sets.get(name) ?? this.fail(`operation ${op.name}: unknown attribute set ${name}`) : undefined;
  }

  emitOps() {
    const rows = [];
    const types = [];
    const ntfTypes = [];
    const keysOf = (list) => `[${(list ?? []).map((n) => str(camel(n))).join(', ')}]`;
    const pick = (set, list) => {
      if (!set) return 'Record<string, never>';
      if (!list || list.length === 0) return 'Record<string, never>';
      return `Pick<${set.ts}, ${list.map((n) => str(camel(n))).join(' | ')}>`;
    };
    const modeRow = (mode) => {
      if (!mode) return undefined;
      const parts = [];
      if (mode.request) parts.push(`request: ${keysOf(mode.request.attributes)}`);
      if (mode.reply) parts.push(`reply: ${keysOf(mode.reply.attributes)}`);
      return `{ ${parts.join(', ')} }`;
    };
    for (const { op, request, reply } of this.ops) {
      const set = this.opSet(op);
      const fields = [`name: ${str(op.name)}`, `set: ${set ? set.id : 'undefined'}`, `request: ${request ?? 'undefined'}`, `reply: ${reply ?? 'undefined'}`];
      if (op.do) fields.push(`do: ${modeRow(op.do)}`);
      if (op.dump) fields.push(`dump: ${modeRow(op.dump)}`);
      if (op.notify) fields.push(`notify: ${str(op.notify)}`);
      if (op.event) fields.push(`event: ${keysOf(op.event.attributes)}`);
      if (op.mcgrp) fields.push(`mcgrp: ${str(op.mcgrp)}`);
      if (op.flags?.length) fields.push(`flags: ${str(op.flags)}`);
      rows.push(`    { ${fields.join(', ')} },`);
      const doc = docLine(op.doc);
      if (op.do || op.dump) {
        const parts = [];
        if (op.do) parts.push(`    do: { request: ${pick(set, op.do.request?.attributes)}; reply: ${op.do.reply ? (set ? set.ts : 'Record<string, never>') : 'undefined'} };`);
        if (op.dump) parts.push(`    dump: { request: ${pick(set, op.dump.request?.attributes)}; reply: ${set ? set.ts : 'Record<string, never>'} };`);
        types.push(`${doc ? `  /** ${doc} */\n` : ''}  ${str(op.name)}: {\n${parts.join('\n')}\n  };`);
      }
      if (op.notify || op.event) ntfTypes.push(`${doc ? `  /** ${doc} */\n` : ''}  ${str(op.name)}: ${set ? set.ts : 'Record<string, never>'};`);
    }
    this.out.push(`/** Operations of ${this.family}: request and reply attribute types per mode (do, dump). */`);
    this.out.push(`export interface ${this.F}Ops {`, ...types, '}', '');
    this.out.push(`/** Notifications of ${this.family} (kernel-initiated messages). */`);
    this.out.push(`export interface ${this.F}Notifications {`, ...ntfTypes, '}', '');
    this.imports.spec = true;
    let fixed = 'undefined';
    if (this.fixedHeader) {
      const d = this.structRef(this.fixedHeader);
      fixed = `${d.expr}.fields`;
    }
    const groups = (this.spec['mcast-groups']?.list ?? []).map((g) => g.name);
    const version = this.spec.version ?? 1;
    const doc = docLine(this.spec.doc);
    this.out.push(`/** The ${this.family} generic netlink family${doc ? `: ${doc}` : ''} */`);
    this.out.push(`export const ${ident(this.family)} = defineGenlFamily<${this.F}Ops, ${this.F}Notifications>({`);
    this.out.push(`  name: ${str(this.family)},`, `  protocol: ${str(this.protocol)},`, `  version: ${version},`);
    if (this.fixedHeader) this.out.push(`  fixedHeader: ${fixed},`);
    this.out.push(`  source: ${str(`ynl/specs/${this.file}`)},`);
    this.out.push(`  mcastGroups: ${str(groups)},`);
    this.out.push(`  sets: { ${[...this.sets.values()].map((s) => `${str(s.name)}: ${s.id}`).join(', ')} },`);
    this.out.push(`  enums: { ${[...this.defs.entries()].filter(([, d]) => d.kind !== 'struct').map(([n, d]) => `${str(n)}: ${d.id}`).join(', ')} },`);
    if (Object.keys(this.specNames).length) this.out.push(`  specNames: ${JSON.stringify(this.specNames)},`);
    // The spec's own type of every attribute and struct member (type, sub-type, display-hint):
    // what the JSON of pure-ynl follows (binary as hex, 64-bit numbers, flags).
    const typeOf = (a) => ({ type: a.type, ...(a['sub-type'] ? { subType: a['sub-type'] } : {}), ...(a['display-hint'] ? { displayHint: a['display-hint'] } : {}) });
    const table = (entries) => Object.fromEntries(entries.map(([n, a]) => [camel(n), typeOf(a)]));
    this.out.push('  attrTypes: {');
    for (const set of this.sets.values()) this.out.push(`    ${str(set.name)}: ${JSON.stringify(table(set.attrs.filter((x) => x.attr.type !== 'unused').map((x) => [x.name, x.attr])))},`);
    this.out.push('  },', '  memberTypes: {');
    for (const [name, d] of this.defs) if (d.kind === 'struct') this.out.push(`    ${str(name)}: ${JSON.stringify(table((d.def.members ?? []).map((m) => [m.name, m])))},`);
    this.out.push('  },');
    this.out.push('  ops: [', ...rows, '  ],', '});', '');
  }

  run() {
    this.collectDefinitions();
    this.collectSets();
    this.collectOps();
    // Sets and ops first (they mark which enums are used as bit sets), definitions emitted before them.
    const body = this.out;
    this.out = [];
    this.emitSets();
    this.emitOps();
    const setsAndOps = this.out;
    this.out = [];
    this.emitDefinitions();
    const defs = this.out;
    this.out = body;
    const imp = [];
    const line = (names, from) => names.size && imp.push(`import { ${[...names].sort().join(', ')} } from '${from}';`);
    if (this.imports.codecType) imp.push("import type { Codec } from '../../netlink/codec.js';");
    imp.push("import type { UnknownAttr } from '../../netlink/codec.js';");
    line(this.imports.enums, '../../netlink/enums.js');
    line(this.imports.schema, '../../netlink/schema.js');
    line(this.imports.types, '../../netlink/types.js');
    line(this.imports.codecs, '../codecs.js');
    imp.push("import { defineGenlFamily } from '../spec.js';");
    return [
      '// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)',
      `// Generated by scripts/ynl-gen.mjs from ynl/specs/${this.file} (the kernel's YNL spec). Do not edit.`,
      '/* eslint-disable */',
      ...imp,
      '',
      ...defs,
      ...setsAndOps,
    ].join('\n');
  }
}

// ---- all specs -------------------------------------------------------------------------------

function generate() {
  const files = new Map();
  const families = [];
  for (const file of readdirSync(specDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const spec = parse(readFileSync(join(specDir, file), 'utf8'));
    if (!GENL_PROTOCOLS.has(spec.protocol ?? 'genetlink')) continue;
    const gen = new Gen(file, spec);
    const module = file.replace(/\.yaml$/, '').replace(/_/g, '-');
    files.set(`${module}.ts`, gen.run());
    families.push({ module, id: ident(spec.name), F: gen.F, name: spec.name });
  }
  const index = [
    '// Generated by scripts/ynl-gen.mjs: every generic netlink family with a spec in ynl/specs. Do not edit.',
    ...families.map((f) => `import { ${f.id}, type ${f.F}Ops, type ${f.F}Notifications } from './${f.module}.js';`),
    '',
    // Types only: their names carry the family; the constants (sets, enums) are reached through
    // each family's \`sets\` and \`enums\` (their short names repeat across families).
    ...families.map((f) => `export type * from './${f.module}.js';`),
    `export { ${families.map((f) => f.id).join(', ')} };`,
    '',
    '/** Every generated family by its generic netlink name. */',
    'export const genlFamilies = {',
    ...families.map((f) => `  ${str(f.name)}: ${f.id},`),
    '} as const;',
    '',
    '/** Family name → operation types, for the typed API. */',
    'export interface GenlFamilyOps {',
    ...families.map((f) => `  ${str(f.name)}: ${f.F}Ops;`),
    '}',
    '',
    '/** Family name → notification types. */',
    'export interface GenlFamilyNotifications {',
    ...families.map((f) => `  ${str(f.name)}: ${f.F}Notifications;`),
    '}',
    '',
  ].join('\n');
  files.set('index.ts', index);
  return files;
}

const files = generate();
if (process.argv.includes('--check')) {
  const stale = [];
  for (const [name, text] of files) {
    const path = join(outDir, name);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(name);
  }
  const extra = existsSync(outDir) ? readdirSync(outDir).filter((f) => !files.has(f)) : [];
  if (stale.length || extra.length) {
    console.error(`src/genl/generated is stale (run node scripts/ynl-gen.mjs): ${[...stale, ...extra.map((f) => `${f} (no spec)`)].join(', ')}`);
    process.exit(1);
  }
  console.log(`src/genl/generated is up to date (${files.size - 1} families)`);
} else {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(outDir, name), text);
  console.log(`wrote ${files.size} files to src/genl/generated`);
}
