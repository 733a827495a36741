/**
 * iproute2's output layer (lib/json_print.c + lib/json_writer.c), ported so that the printers
 * in this folder can follow iproute2's C code statement by statement: every `print_*` call
 * takes an output type (PRINT_FP / PRINT_JSON / PRINT_ANY), a JSON key and a printf format.
 * In text mode the formats build the text; in JSON mode a port of json_writer emits exactly
 * iproute2's bytes (pretty or not) and, alongside, a plain value tree for callers and tests.
 */
import { sprintf, type PrintfArg } from './printf.js';

import { PRINT_ANY, PRINT_FP, PRINT_JSON, type KindPrinter, type OutputType } from '../../rtnl/link/kinds/print.js';

export { PRINT_ANY, PRINT_FP, PRINT_JSON, type OutputType };

export type JsonValue = string | number | bigint | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/** Whether jsonw_puts escapes any character of `s` (\t \n \r \f \b \\ "). */
function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92 || (c >= 8 && c <= 13 && c !== 11)) return true;
  }
  return false;
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const EMPTY_OBJECT: Record<string, JsonValue> = Object.freeze({}) as Record<string, JsonValue>;
const EMPTY_ARRAY: JsonValue[] = Object.freeze([]) as unknown as JsonValue[];

/** Port of lib/json_writer.c writing to a string; also builds the value tree (unless told not to). */
export class JsonWriter {
  private out = '';
  private depth = 0;
  private sep = '';
  /** Tree building: stack of open containers and the pending key. */
  private stack: Array<JsonValue[] | Record<string, JsonValue>> = [];
  private pendingKey: string | undefined;
  /** Top-level values written (normally one array). */
  readonly roots: JsonValue[] = [];

  /** `tree: false`: text only, no value tree (what a streaming command needs). */
  constructor(readonly pretty = false, private readonly tree = true) {}

  /** Length of the text not taken yet. */
  get pendingLength(): number {
    return this.out.length;
  }

  take(): string {
    const s = this.out;
    this.out = '';
    return s;
  }

  private indent(): void {
    for (let i = 0; i < this.depth; i++) this.out += '    ';
  }
  private eol(): void {
    if (!this.pretty) return;
    this.out += '\n';
    this.indent();
  }
  private eor(): void {
    if (this.sep !== '') this.out += this.sep;
    this.sep = ',';
  }
  private put(s: string): void {
    if (!needsEscape(s)) {
      this.out += '"' + s + '"';
      return;
    }
    let r = '"';
    for (const ch of s) {
      switch (ch) {
        case '\t': r += '\\t'; break;
        case '\n': r += '\\n'; break;
        case '\r': r += '\\r'; break;
        case '\f': r += '\\f'; break;
        case '\b': r += '\\b'; break;
        case '\\': r += '\\\\'; break;
        case '"': r += '\\"'; break;
        default: r += ch;
      }
    }
    this.out += r + '"';
  }
  private addValue(v: JsonValue): void {
    if (!this.tree) return;
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) this.roots.push(v);
    else if (Array.isArray(top)) top.push(v);
    else {
      // iproute2 may print a key twice; JSON.parse keeps the last one, and so do we.
      const k = this.pendingKey ?? '';
      if (k in top) delete top[k];
      top[k] = v;
    }
    this.pendingKey = undefined;
  }
  private begin(c: string, v: JsonValue[] | Record<string, JsonValue>): void {
    this.eor();
    this.out += c;
    ++this.depth;
    this.sep = '';
    this.addValue(v);
    if (this.tree) this.stack.push(v);
  }
  private end(c: string): void {
    --this.depth;
    if (this.sep !== '') this.eol();
    this.out += c;
    this.sep = ',';
    if (this.tree) this.stack.pop();
  }
  name(name: string): void {
    this.eor();
    this.eol();
    this.sep = '';
    this.put(name);
    this.out += ':';
    if (this.pretty) this.out += ' ';
    if (this.tree) this.pendingKey = name;
  }
  startObject(): void {
    this.begin('{', this.tree ? {} : EMPTY_OBJECT);
  }
  endObject(): void {
    this.end('}');
  }
  startArray(): void {
    this.begin('[', this.tree ? [] : EMPTY_ARRAY);
    if (this.pretty) this.out += ' ';
  }
  endArray(): void {
    if (this.pretty && this.sep) this.out += ' ';
    this.sep = '';
    this.end(']');
  }
  string(v: string): void {
    this.eor();
    this.put(v);
    this.addValue(v);
  }
  raw(text: string, v: JsonValue): void {
    this.eor();
    this.out += text;
    this.addValue(v);
  }
  number(v: number | bigint): void {
    if (typeof v === 'number') this.raw(String(v), v);
    else this.raw(String(v), v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v);
  }
  bool(v: boolean): void {
    this.raw(v ? 'true' : 'false', v);
  }
  null(): void {
    this.raw('null', null);
  }
  float(v: number): void {
    this.raw(sprintf('%g', v), Number(sprintf('%g', v)));
  }
  /** jsonw_destroy: the final newline. */
  finish(): void {
    this.out += '\n';
  }
}

export interface PrinterOptions {
  json?: boolean;
  pretty?: boolean;
  /** -oneline: _SL_ is "\\" instead of "\n". */
  oneline?: boolean;
  /** Build the JSON value tree for jsonValue() (default true); commands that only print pass false. */
  tree?: boolean;
}

/**
 * The printing context of one command: text or JSON. Text accumulates in `text`; JSON in the
 * writer (`jsonText()` / `jsonValue()`).
 */
export class Printer implements KindPrinter {
  readonly jw: JsonWriter | undefined;
  /** Line separator (_SL_). */
  readonly SL: string;
  private buf = '';

  constructor(readonly options: PrinterOptions = {}) {
    this.jw = options.json ? new JsonWriter(!!options.pretty, options.tree !== false) : undefined;
    this.SL = options.oneline ? '\\' : '\n';
  }

  get json(): boolean {
    return this.jw !== undefined;
  }

  private isJson(t: number): boolean {
    return this.jw !== undefined && (t & (PRINT_JSON | PRINT_ANY)) !== 0;
  }
  private isFp(t: number): boolean {
    return this.jw === undefined && (t & (PRINT_FP | PRINT_ANY)) !== 0;
  }

  /** Raw text output (fprintf(fp, ...)); ignored in JSON mode. */
  fp(fmt: string, ...args: PrintfArg[]): void {
    if (this.jw === undefined) this.buf += args.length ? sprintf(fmt, ...args) : fmt;
  }
  /**
   * fprintf(stdout, ...) that iproute2 makes even in JSON mode (tc's kind printers do): the text
   * lands in the output at this point, JSON or not.
   */
  rawOut(s: string): void {
    if (this.jw) this.buf += this.jw.take();
    this.buf += s;
  }
  /** Text written regardless of the mode (used for the streaming JSON text). */
  private write(s: string): void {
    this.buf += s;
  }

  /** Length of the text produced and not taken yet (to write it out in chunks). */
  get pendingLength(): number {
    return this.buf.length + (this.jw ? this.jw.pendingLength : 0);
  }

  /** Text (or JSON text) produced so far, and reset. */
  take(): string {
    if (this.jw) this.buf += this.jw.take();
    const s = this.buf;
    this.buf = '';
    return s;
  }

  // new_json_obj / delete_json_obj
  startDocument(array = true): void {
    if (this.jw && array) this.jw.startArray();
  }
  endDocument(array = true): void {
    if (this.jw) {
      if (array) this.jw.endArray();
      this.jw.finish();
    }
  }

  openObject(key?: string | null): void {
    if (this.jw) {
      if (key) this.jw.name(key);
      this.jw.startObject();
    }
  }
  closeObject(): void {
    if (this.jw) this.jw.endObject();
  }
  openArray(t: OutputType, str: string | null): void {
    if (this.isJson(t)) {
      if (str) this.jw!.name(str);
      this.jw!.startArray();
    } else if (this.isFp(t)) this.write(str ?? '(null)');
  }
  closeArray(t: OutputType, str: string | null): void {
    if (this.isJson(t)) this.jw!.endArray();
    else if (this.isFp(t)) this.write(str ?? '(null)');
  }
  nl(): void {
    if (!this.jw) this.write(this.SL);
  }
  /** A JSON number written as given (iproute2's "%i.%.2i" timers keep their two decimals). */
  numberText(key: string, text: string): void {
    if (this.jw) {
      this.jw.name(key);
      this.jw.raw(text, Number(text));
    }
  }

  private num(t: number, key: string | null | undefined, fmt: string | null | undefined, v: number | bigint): void {
    if (this.isJson(t)) {
      if (key) this.jw!.name(key);
      this.jw!.number(v);
    } else if (this.isFp(t) && fmt) this.write(sprintf(fmt, v));
  }
  int(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v: number): void {
    this.num(t, key, fmt, v | 0);
  }
  uint(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v: number): void {
    this.num(t, key, fmt, v >>> 0);
  }
  u64(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v: number | bigint): void {
    this.num(t, key, fmt, typeof v === 'bigint' ? BigInt.asUintN(64, v) : v);
  }
  s64(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v: number | bigint): void {
    this.num(t, key, fmt, v);
  }
  hhu(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v: number): void {
    this.num(t, key, fmt, v & 0xff);
  }
  hu(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v: number): void {
    this.num(t, key, fmt, v & 0xffff);
  }
  string(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v: string | null | undefined): void {
    if (this.isJson(t)) {
      if (key && (v === null || v === undefined)) this.jw!.name(key);
      else if (!key && v !== null && v !== undefined) this.jw!.string(v);
      else {
        this.jw!.name(key ?? '');
        this.jw!.string(v ?? '');
      }
    } else if (this.isFp(t) && fmt) this.write(sprintf(fmt, v ?? '(null)'));
  }
  bool(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v: boolean): void {
    if (this.isJson(t)) {
      if (key) this.jw!.name(key);
      this.jw!.bool(v);
    } else if (this.isFp(t) && fmt) this.write(sprintf(fmt, v ? 'true' : 'false'));
  }
  onOff(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v: boolean): void {
    if (this.isJson(t)) {
      if (key) this.jw!.name(key);
      this.jw!.bool(v);
    } else if (this.isFp(t) && fmt) this.write(sprintf(fmt, v ? 'on' : 'off'));
  }
  null(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v?: string | null): void {
    if (this.isJson(t)) {
      if (key) this.jw!.name(key);
      this.jw!.null();
    } else if (this.isFp(t) && fmt) this.write(sprintf(fmt, v ?? '(null)'));
  }
  /** print_hex: JSON gets "%x" as a string. */
  hex(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v: number): void {
    if (this.isJson(t)) {
      if (key) this.jw!.name(key);
      this.jw!.string((v >>> 0).toString(16));
    } else if (this.isFp(t) && fmt) this.write(sprintf(fmt, v >>> 0));
  }
  /** print_0xhex: JSON gets "%#llx" as a string. */
  hex0x(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v: number | bigint): void {
    if (this.isJson(t)) this.string(PRINT_JSON, key, null, sprintf('%#llx', v));
    else if (this.isFp(t) && fmt) this.write(sprintf(fmt, v));
  }
  float(t: OutputType, key: string | null | undefined, fmt: string | null | undefined, v: number): void {
    if (this.isJson(t)) {
      if (key) this.jw!.name(key);
      this.jw!.float(v);
    } else if (this.isFp(t) && fmt) this.write(sprintf(fmt, v));
  }
  /** print_color_rate */
  rate(useIec: boolean, t: OutputType, key: string | null | undefined, fmt: string, rate: bigint | number): void {
    if (this.isJson(t)) {
      this.u64(t, key, '%llu', rate);
      return;
    }
    const kilo = useIec ? 1024n : 1000n;
    const units = ['', 'K', 'M', 'G', 'T'];
    let r = BigInt(rate) << 3n;
    let i = 0;
    for (; i < units.length - 1; i++) {
      if (r < kilo) break;
      if (r % kilo !== 0n && r < 1000n * kilo) break;
      r /= kilo;
    }
    this.string(t, key, fmt, `${r}${units[i]}${i > 0 && useIec ? 'i' : ''}bit`);
  }

  /** The JSON value tree of what was written (the top-level document). */
  jsonValue(): JsonValue | undefined {
    return this.jw?.roots[0];
  }
}

/** Convert a value tree to plain JSON-compatible data (bigints beyond 2^53 become numbers). */
export function toPlain(v: JsonValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = toPlain(x);
    return o;
  }
  return v;
}
