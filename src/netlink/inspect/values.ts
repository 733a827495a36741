/** Leaf values as the walker and the tracer print them: hex, JSON-safe, one line. */

/** Bytes as lower-case hex, joined by `sep`. */
export function toHex(bytes: Uint8Array, sep = ''): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i && sep) s += sep;
    s += bytes[i]!.toString(16).padStart(2, '0');
  }
  return s;
}

/** A decoded value made JSON-safe: bigint → string, Uint8Array → hex, Maps dropped to objects. */
export function jsonSafe(v: unknown, depth = 0): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return toHex(v);
  if (v === null || typeof v !== 'object') return v;
  if (depth > 64) return '[too deep]';
  if (Array.isArray(v)) return v.map((x) => jsonSafe(x, depth + 1));
  if (v instanceof Error) return { error: v.message };
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = jsonSafe(x, depth + 1);
  return out;
}

/** One-line rendering of a decoded value. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return v.length ? toHex(v, ' ') : '(empty)';
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) {
    return `[${v.join(', ')}]`;
  }
  return JSON.stringify(jsonSafe(v));
}
