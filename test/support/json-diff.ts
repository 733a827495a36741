/** Structural JSON comparison for the iproute2 oracle tests: every difference as one readable line. */

/**
 * iproute2 fields pure-ip does not produce yet (path patterns; `*` matches one array index).
 * Keep this list short and explicit.
 */
const NOT_MAPPED: string[] = [];

/** Differences between two JSON values, as "path: expected X, got Y" lines. */
export function jsonDiff(expected: unknown, actual: unknown, path = '$', out: string[] = []): string[] {
  if (NOT_MAPPED.some((p) => new RegExp('^' + p.replace(/[.$[\]]/g, '\\$&').replace(/\*/g, '\\d+') + '$').test(path))) return out;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      out.push(`${path}: expected an array, got ${JSON.stringify(actual)}`);
      return out;
    }
    if (expected.length !== actual.length) out.push(`${path}: expected ${expected.length} entries, got ${actual.length}`);
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) jsonDiff(expected[i], actual[i], `${path}[${i}]`, out);
    return out;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) {
      out.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return out;
    }
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const ek = Object.keys(e);
    const ak = Object.keys(a);
    for (const k of ek) {
      if (!(k in a)) {
        if (!NOT_MAPPED.some((p) => new RegExp('^' + p.replace(/[.$[\]]/g, '\\$&').replace(/\*/g, '\\d+') + '$').test(`${path}.${k}`))) out.push(`${path}.${k}: missing (iproute2: ${JSON.stringify(e[k])})`);
      } else jsonDiff(e[k], a[k], `${path}.${k}`, out);
    }
    for (const k of ak) if (!(k in e)) out.push(`${path}.${k}: extra (${JSON.stringify(a[k])})`);
    // Key order is part of iproute2's output.
    const common = ek.filter((k) => k in a);
    const order = ak.filter((k) => k in e);
    if (common.join(',') !== order.join(',')) out.push(`${path}: key order ${order.join(',')} != ${common.join(',')}`);
    return out;
  }
  if (expected !== actual) out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  return out;
}

