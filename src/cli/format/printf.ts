/**
 * A small C printf: the subset of conversions iproute2's format strings use
 * (%s %d %i %u %x %X %o %c %f %g %e %%, flags `-0+ #`, width and precision, `*`, length
 * modifiers hh h l ll z j). Numbers may be given as number or bigint.
 */
export type PrintfArg = string | number | bigint | boolean | null | undefined;

const SPEC = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|z|j|L)?([sdiuxXocfgGeE%])/g;

function toBig(v: PrintfArg): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return 0n;
}

function unsignedOf(v: bigint, len: string | undefined): bigint {
  const bits = len === 'hh' ? 8n : len === 'h' ? 16n : len === 'll' || len === 'l' || len === 'z' || len === 'j' ? 64n : 32n;
  return BigInt.asUintN(Number(bits), v);
}

function signedOf(v: bigint, len: string | undefined): bigint {
  const bits = len === 'hh' ? 8 : len === 'h' ? 16 : len === 'll' || len === 'l' || len === 'z' || len === 'j' ? 64 : 32;
  return BigInt.asIntN(bits, v);
}

function pad(s: string, width: number, left: boolean, zero: boolean, signLen = 0): string {
  if (s.length >= width) return s;
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) return s.slice(0, signLen) + '0'.repeat(width - s.length) + s.slice(signLen);
  return ' '.repeat(width - s.length) + s;
}

/** %g as C prints it. */
export function formatG(x: number, precision = 6, alt = false, upper = false): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return alt ? (0).toFixed(p - 1) : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toExponential(p - 1)))));
  let s: string;
  if (exp < -4 || exp >= p) {
    s = x.toExponential(p - 1);
    let [mant, e] = s.split('e') as [string, string];
    if (!alt && mant.includes('.')) mant = mant.replace(/\.?0+$/, '');
    const en = Number(e);
    s = `${mant}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  } else {
    s = x.toFixed(Math.max(0, p - 1 - exp));
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return upper ? s.toUpperCase() : s;
}

/** One conversion of a format string, parsed once. */
interface Spec {
  flags: string;
  widthS: string | undefined;
  precS: string | undefined;
  len: string | undefined;
  conv: string;
}

/** A format string compiled to literal pieces and conversions: pieces[0] spec0 pieces[1] ... */
interface Compiled {
  pieces: string[];
  specs: Spec[];
}

const compiled = new Map<string, Compiled>();

function compile(fmt: string): Compiled {
  let c = compiled.get(fmt);
  if (c) return c;
  c = { pieces: [], specs: [] };
  let last = 0;
  for (const m of fmt.matchAll(SPEC)) {
    c.pieces.push(fmt.slice(last, m.index));
    c.specs.push({ flags: m[1]!, widthS: m[2], precS: m[3], len: m[4], conv: m[5]! });
    last = m.index! + m[0].length;
  }
  c.pieces.push(fmt.slice(last));
  compiled.set(fmt, c);
  return c;
}

/** C's printf, for the format strings iproute2 uses. Formats are parsed once and cached. */
export function sprintf(fmt: string, ...args: PrintfArg[]): string {
  const c = compile(fmt);
  let out = c.pieces[0]!;
  let i = 0;
  for (let k = 0; k < c.specs.length; k++) {
    const spec = c.specs[k]!;
    const conv = spec.conv;
    // Fast paths: the conversions a route or link line is made of.
    if (spec.flags === '' && spec.widthS === undefined && spec.precS === undefined) {
      const v = args[i];
      if (conv === 's' && typeof v === 'string') {
        i++;
        out += v + c.pieces[k + 1]!;
        continue;
      }
      // 64-bit conversions (%llu, %lu, %lld...) of bigints and of safe non-negative numbers.
      const wide = spec.len === 'll' || spec.len === 'l' || spec.len === 'j' || spec.len === 'z';
      if (wide && (conv === 'u' || conv === 'd' || conv === 'i')) {
        if (typeof v === 'bigint') {
          i++;
          out += (conv === 'u' ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v)).toString() + c.pieces[k + 1]!;
          continue;
        }
        if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) {
          i++;
          out += String(v) + c.pieces[k + 1]!;
          continue;
        }
      }
      if (typeof v === 'number' && Number.isInteger(v) && spec.len === undefined) {
        if ((conv === 'd' || conv === 'i') && v >= -0x80000000 && v <= 0x7fffffff) {
          i++;
          out += String(v) + c.pieces[k + 1]!;
          continue;
        }
        if (conv === 'u' && v >= -0x80000000 && v <= 0xffffffff) {
          i++;
          out += String(v >>> 0) + c.pieces[k + 1]!;
          continue;
        }
      }
    }
    const r = convert(spec, args, i);
    i = r.next;
    out += r.text + c.pieces[k + 1]!;
  }
  return out;
}

function convert(spec: Spec, args: PrintfArg[], start: number): { text: string; next: number } {
  let i = start;
  const next = (): PrintfArg => args[i++];
  const text = convertOne(spec.flags, spec.widthS, spec.precS, spec.len, spec.conv, next);
  return { text, next: i };
}

function convertOne(
  flags: string,
  widthS: string | undefined,
  precS: string | undefined,
  len: string | undefined,
  conv: string,
  next: () => PrintfArg,
): string {
  if (conv === '%') return '%';
  let width = widthS === '*' ? Number(next()) : widthS ? Number(widthS) : 0;
  let left = flags.includes('-');
  if (width < 0) {
    left = true;
    width = -width;
  }
  const precision = precS === undefined ? undefined : precS === '*' ? Number(next()) : precS === '' ? 0 : Number(precS);
  const zero = flags.includes('0') && !left;
  const alt = flags.includes('#');
  const v = next();
  switch (conv) {
    case 's': {
      let s = v === null || v === undefined ? '(null)' : String(v);
      if (precision !== undefined) s = s.slice(0, precision);
      return pad(s, width, left, false);
    }
    case 'c':
      return pad(typeof v === 'number' ? String.fromCharCode(v) : String(v ?? ''), width, left, false);
    case 'd':
    case 'i': {
      const n = signedOf(toBig(v), len);
      let s = (n < 0n ? -n : n).toString();
      if (precision !== undefined) s = s.padStart(precision, '0');
      const sign = n < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      return pad(sign + s, width, left, zero && precision === undefined, sign.length);
    }
    case 'u':
    case 'x':
    case 'X':
    case 'o': {
      const n = unsignedOf(toBig(v), len);
      let s = n.toString(conv === 'u' ? 10 : conv === 'o' ? 8 : 16);
      if (conv === 'X') s = s.toUpperCase();
      if (precision !== undefined) s = s.padStart(precision, '0');
      let prefix = '';
      if (alt && n !== 0n && (conv === 'x' || conv === 'X')) prefix = conv === 'x' ? '0x' : '0X';
      if (alt && conv === 'o' && !s.startsWith('0')) s = '0' + s;
      return pad(prefix + s, width, left, zero && precision === undefined, prefix.length);
    }
    case 'f': {
      const x = Number(v);
      const s = x.toFixed(precision ?? 6);
      const sign = x >= 0 && flags.includes('+') ? '+' : '';
      return pad(sign + s, width, left, zero, s.startsWith('-') ? 1 : sign.length);
    }
    case 'e':
    case 'E': {
      const x = Number(v);
      let s = x.toExponential(precision ?? 6);
      s = s.replace(/e([+-])(\d)$/, 'e$10$2');
      if (conv === 'E') s = s.toUpperCase();
      return pad(s, width, left, zero, s.startsWith('-') ? 1 : 0);
    }
    case 'g':
    case 'G': {
      const s = formatG(Number(v), precision ?? 6, alt, conv === 'G');
      return pad(s, width, left, zero, s.startsWith('-') ? 1 : 0);
    }
  }
  return '';

}
