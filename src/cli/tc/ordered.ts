/**
 * Attributes in the order a command line gave them. iproute2 appends each attribute as it parses
 * its word, so the order of the bytes follows the arguments; an attribute object built here
 * carries that order (the schema engine's layout) and encodes exactly so.
 */
import { setLayout, type LayoutEntry } from '../../netlink/codec.js';
import type { AttrSet } from '../../netlink/schema.js';
import { NLA_F_NESTED } from '../../netlink/constants.js';
import { Writer } from '../../netlink/writer.js';

const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class OrderedAttrs {
  private readonly obj: Record<string, unknown> = {};
  private readonly layout: LayoutEntry[] = [];
  constructor(private readonly set: AttrSet<object>) {}

  /** Appends `key` (set `nested` for iproute2's `TYPE | NLA_F_NESTED`). A repeated key replaces the value, keeping the first place. */
  add(key: string, value: unknown, nested = false): this {
    const spec = this.set.byKey.get(key);
    if (!spec) throw new Error(`${this.set.name}: no attribute ${key}`);
    if (!(key in this.obj)) this.layout.push({ rawType: spec.type | (nested ? NLA_F_NESTED : 0), key, index: -1, len: 0 });
    this.obj[key] = value;
    return this;
  }

  has(key: string): boolean {
    return key in this.obj;
  }

  /**
   * The attribute object, its layout attached. A layout entry also tells codecs the length the
   * attribute had on the wire (strings decide on their NUL from it), so each gets the length its
   * value encodes to on its own.
   */
  done(): Record<string, unknown> {
    for (const entry of this.layout) {
      const spec = this.set.byKey.get(entry.key!)!;
      const w = new Writer(64, LE);
      spec.codec.encode(w, this.obj[entry.key!], { le: LE, family: 0 }, undefined, this.obj);
      entry.len = w.pos;
    }
    setLayout(this.obj, this.layout);
    return this.obj;
  }
}
