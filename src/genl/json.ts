/**
 * Attribute values in the spelling of the YNL specs and of the kernel's ynl CLI, both ways:
 * keys as the spec writes them ('dev-name'), binary as hex (unless a display hint made it an
 * address string already), 64-bit numbers as JSON numbers. `fromSpecJson` turns such JSON (from
 * `pure-ynl --json`) into the camelCase objects the codecs take, checking every key against the
 * attribute set so that a typo is an error naming it; what a value becomes (bytes from hex, a
 * bigint, a flag) follows the attribute's type in the spec (`GenlFamily.attrType` / `memberType`).
 */
import type { Codec, UnknownAttr } from '../netlink/codec.js';
import { ValidationError } from '../netlink/errors.js';
import { AttrSet, StructCodec } from '../netlink/schema.js';
import type { GenlFamily, GenlSpecType } from './spec.js';

/** 'dev-name' → 'devName': the project's key rule (split at '-' and '_'). */
export function camelKey(name: string): string {
  const parts = name.toLowerCase().split(/[-_]+/).filter(Boolean);
  return parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');
}

/** 'devName' → 'dev-name', for keys that are not attributes (struct fields, type-value levels). */
function dashed(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

interface Shape {
  set?: AttrSet<object>;
  struct?: StructCodec<object>;
  /** Element of an array-valued codec (indexed, multi handled by the set, arrayOf). */
  element?: Codec<unknown>;
  /** nest-type-value levels. */
  levels?: string[];
  inner?: Codec<unknown>;
}

/** What a codec holds, by looking at the schema engine's introspection fields. */
function shapeOf(codec: Codec<unknown>): Shape {
  const c = codec as Codec<unknown> & { target?: AttrSet<object>; element?: Codec<unknown>; indexed?: boolean };
  if (codec instanceof AttrSet) return { set: codec };
  if (codec instanceof StructCodec) return { struct: codec };
  if (c.target instanceof AttrSet) return { set: c.target };
  const tv = codec as Codec<unknown> & { levels?: readonly string[]; inner?: Codec<unknown> };
  if (tv.levels && tv.inner) return { levels: [...tv.levels], inner: tv.inner };
  if (c.element) return { element: c.element };
  return {};
}

/** Spec types whose JSON numbers the codecs take as bigints (64-bit and variable-width words). */
const WIDE = new Set(['u64', 's64', 'uint', 'sint']);
/** display-hints whose codec takes the address text itself rather than bytes. */
const ADDRESS_HINTS = new Set(['mac', 'ipv4', 'ipv6', 'ipv4-or-v6']);

/**
 * Bytes the JSON writes as hex: the spec's `binary` (and `pad`) without a struct or sub-type
 * (those have their own shape) and, for an attribute, without a display-hint that makes its value
 * an address (scripts/ynl-gen.mjs gives such attributes an address codec; struct members stay
 * bytes whatever their hint).
 */
function isHexBytes(type: GenlSpecType | undefined, member: boolean): boolean {
  if (type === undefined || (type.type !== 'binary' && type.type !== 'pad')) return false;
  return type.subType === undefined && (member || !ADDRESS_HINTS.has(type.displayHint ?? ''));
}

// ---- decoded values → spec JSON ----------------------------------------------------------------

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function unknownJson(list: UnknownAttr[]): unknown[] {
  return list.map((u) => ({ type: u.type, ...(u.nested ? { nested: true } : {}), ...(u.reason ? { reason: u.reason } : {}), value: hex(u.bytes) }));
}

/** A value as spec JSON (bigints stay bigints: `stringifySpecJson` prints them as numbers). */
export function valueToSpecJson(family: GenlFamily<unknown, unknown>, codec: Codec<unknown>, value: unknown): unknown {
  if (value instanceof Uint8Array) return hex(value);
  if (value === null || typeof value !== 'object') return value;
  const shape = shapeOf(codec);
  if (shape.set) return attrsToSpecJson(family, shape.set, value as Record<string, unknown>);
  if (shape.struct) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of shape.struct.fields) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && !key.startsWith('_')) out[dashed(key)] = valueToSpecJson(family, field, v);
    }
    return out;
  }
  if (Array.isArray(value)) {
    if (shape.levels && shape.inner) return typeValueToJson(family, shape.levels, shape.inner, value);
    const el = shape.element ?? codec;
    return value.map((v) => valueToSpecJson(family, el, v));
  }
  return value;
}

function typeValueToJson(family: GenlFamily<unknown, unknown>, levels: string[], inner: Codec<unknown>, value: unknown[]): unknown {
  const [level, ...rest] = levels;
  return value.map((entry) => {
    const e = entry as Record<string, unknown>;
    const v = rest.length ? typeValueToJson(family, rest, inner, e.value as unknown[]) : valueToSpecJson(family, inner, e.value);
    return { [dashed(level!)]: e[level!], value: v };
  });
}

/** Decoded attributes → an object keyed by the spec's attribute names. */
export function attrsToSpecJson(family: GenlFamily<unknown, unknown>, set: AttrSet<object>, attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (key === 'unknown') {
      out.unknown = unknownJson(value as UnknownAttr[]);
      continue;
    }
    const spec = set.byKey.get(key);
    if (!spec) {
      out[key] = value;
      continue;
    }
    const name = family.specName(set, key);
    out[name] = spec.multi ? (value as unknown[]).map((v) => valueToSpecJson(family, spec.codec, v)) : valueToSpecJson(family, spec.codec, value);
  }
  return out;
}

/** JSON text with bigints as plain numbers (JSON has no size limit; JavaScript's parse would round them). */
export function stringifySpecJson(value: unknown, indent?: number): string {
  const marks: string[] = [];
  const text = JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === 'bigint') {
        marks.push(v.toString());
        return `\u0000big${marks.length - 1}\u0000`;
      }
      return v;
    },
    indent,
  );
  return text.replace(/"\\u0000big(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)]!);
}

// ---- spec JSON → values the codecs take -------------------------------------------------------

function bad(path: string, message: string): never {
  throw new ValidationError(`${path || 'json'}: ${message}`, path);
}

/** A value of spec JSON → what `codec` encodes; `type` is the spec's type of the attribute (or, `member`, struct member) it fills. */
function valueFromSpecJson(family: GenlFamily<unknown, unknown>, codec: Codec<unknown>, type: GenlSpecType | undefined, value: unknown, path: string, member = false): unknown {
  const shape = shapeOf(codec);
  if (shape.set) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(path, `an object of ${shape.set.name} attributes expected`);
    return attrsFromSpecJson(family, shape.set, value as Record<string, unknown>, path);
  }
  if (shape.struct) {
    const struct = shape.struct;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(path, `an object of struct ${struct.name} fields expected`);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const field = struct.fields.find(([f]) => f === camelKey(k));
      if (!field) bad(`${path}.${k}`, `struct ${struct.name} has no field ${JSON.stringify(k)} (fields: ${struct.fields.map(([f]) => dashed(f)).join(', ')})`);
      out[field[0]] = valueFromSpecJson(family, field[1], family.memberType(struct, field[0]), v, `${path}.${k}`, true);
    }
    return out;
  }
  if (shape.levels && shape.inner) {
    if (!Array.isArray(value)) bad(path, `an array of { ${dashed(shape.levels[0]!)}, value } expected`);
    return typeValueFromJson(family, shape.levels, shape.inner, value, path);
  }
  if (shape.element) {
    if (!Array.isArray(value)) bad(path, 'an array expected');
    // The elements of an indexed-array have the spec's sub-type.
    const elementType: GenlSpecType | undefined = type?.subType !== undefined ? { type: type.subType } : undefined;
    return value.map((v, i) => valueFromSpecJson(family, shape.element!, elementType, v, `${path}.${i}`));
  }
  if (isHexBytes(type, member)) {
    if (typeof value !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(value.replace(/[:\s]/g, ''))) bad(path, 'binary as a hex string expected');
    return new Uint8Array(Buffer.from((value as string).replace(/[:\s]/g, ''), 'hex'));
  }
  if (type !== undefined && WIDE.has(type.type) && (typeof value === 'number' || (typeof value === 'string' && /^-?\d+$/.test(value)))) {
    return BigInt(value);
  }
  if (type?.type === 'flag' && value !== true) bad(path, 'a flag is true or absent');
  return value;
}

function typeValueFromJson(family: GenlFamily<unknown, unknown>, levels: string[], inner: Codec<unknown>, value: unknown[], path: string): unknown {
  const [level, ...rest] = levels;
  return value.map((entry, i) => {
    const e = entry as Record<string, unknown>;
    const type = e[dashed(level!)] ?? e[level!];
    // The innermost value is a nest (the spec's nested-attributes): its set gives the types.
    const v = rest.length ? typeValueFromJson(family, rest, inner, e.value as unknown[], `${path}.${i}`) : valueFromSpecJson(family, inner, undefined, e.value, `${path}.${i}`);
    return { [level!]: type, value: v };
  });
}

/** JSON keyed by spec names (`{"header": {"dev-name": "eth0"}}`) → the camelCase object the set encodes. */
export function attrsFromSpecJson(family: GenlFamily<unknown, unknown>, set: AttrSet<object>, json: Record<string, unknown>, path = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(json)) {
    const key = camelKey(name);
    const spec = set.byKey.get(key) ?? set.byKey.get(name);
    const where = path ? `${path}.${name}` : name;
    if (!spec) {
      const names = set.specs.map((s) => family.specName(set, s.key));
      bad(where, `${set.name} has no attribute ${JSON.stringify(name)} (attributes: ${names.join(', ')})`);
    }
    const type = family.attrType(set, spec.key);
    if (spec.multi) {
      const list = Array.isArray(value) ? value : [value];
      out[spec.key] = list.map((v, i) => valueFromSpecJson(family, spec.codec, type, v, `${where}.${i}`));
    } else out[spec.key] = valueFromSpecJson(family, spec.codec, type, value, where);
  }
  return out;
}
