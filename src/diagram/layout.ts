/**
 * Layout hints for Graphviz: which column each namespace goes in and at which level (rank, left to
 * right) each interface sits, so that namespaces stand side by side instead of piling up, and veth
 * pairs run between neighbouring boxes.
 *
 * Columns: the current namespace in the middle (0); the named namespaces it is connected to
 * alternately left and right of it (sorted by name); namespaces reached only through those one
 * column further out; components not connected to the current namespace to its right, in a
 * chain; isolated namespaces on the emptier side. Levels: three per column (left side, middle,
 * right side): an interface whose edges go to a column on its left sits on the left side, and so
 * on; a bridge stays in the middle with each port on the side of its veth peer; the others sit
 * in the middle of the current namespace and on the inner side of the others.
 */
import type { Topology } from './model.js';

export interface Layout {
  /** Namespace key → column (negative: left of the current namespace). */
  column: Map<string, number>;
  /** Interface id → level (rank from the left). */
  level: Map<string, number>;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function layout(topo: Topology): Layout {
  const nsOf = new Map<string, string>();
  for (const ns of topo.namespaces) for (const i of ns.interfaces) nsOf.set(i.id, ns.key);
  // namespace adjacency (through edges between interfaces of different namespaces)
  const adj = new Map<string, Set<string>>();
  for (const ns of topo.namespaces) adj.set(ns.key, new Set());
  for (const e of topo.edges) {
    const a = nsOf.get(e.from);
    const b = nsOf.get(e.to);
    if (a === undefined || b === undefined || a === b) continue;
    adj.get(a)!.add(b);
    adj.get(b)!.add(a);
  }
  const column = new Map<string, number>();
  const order = topo.namespaces.map((n) => n.key);
  const root = topo.namespaces.find((n) => n.current)?.key ?? order[0];
  if (root === undefined) return { column, level: new Map() };
  column.set(root, 0);
  // breadth first from the root: its neighbours alternate left/right, theirs go further out
  let side = -1;
  const queue = [root];
  while (queue.length) {
    const k = queue.shift()!;
    const c = column.get(k)!;
    for (const n of [...adj.get(k)!].sort(byString)) {
      if (column.has(n)) continue;
      if (c === 0) {
        column.set(n, side);
        side = -side;
      } else column.set(n, c + Math.sign(c));
      queue.push(n);
    }
  }
  // other connected components: a chain to the right of everything placed so far
  let right = Math.max(0, ...column.values());
  let left = Math.min(0, ...column.values());
  for (const k of order) {
    if (column.has(k) || adj.get(k)!.size === 0) continue;
    const base = right + 1;
    column.set(k, base);
    const q = [k];
    while (q.length) {
      const x = q.shift()!;
      for (const n of [...adj.get(x)!].sort(byString)) {
        if (column.has(n)) continue;
        column.set(n, column.get(x)! + 1);
        q.push(n);
      }
    }
    right = Math.max(...column.values());
  }
  // isolated namespaces next to the current one, on the emptier side
  const count = (c: number) => [...column.values()].filter((v) => v === c).length;
  for (const k of order) {
    if (column.has(k)) continue;
    const l = count(-1);
    const r = count(1);
    column.set(k, l <= r && left < 0 ? -1 : left === 0 && right === 0 ? -1 : r < l ? 1 : -1);
    left = Math.min(left, column.get(k)!);
  }

  const level = new Map<string, number>();
  const sideOf = new Map<string, Set<number>>();
  for (const e of topo.edges) {
    const a = nsOf.get(e.from);
    const b = nsOf.get(e.to);
    if (a === undefined || b === undefined) continue;
    const ca = column.get(a)!;
    const cb = column.get(b)!;
    if (ca === cb) continue;
    const add = (id: string, s: number) => sideOf.set(id, (sideOf.get(id) ?? new Set()).add(s));
    add(e.from, Math.sign(cb - ca));
    add(e.to, Math.sign(ca - cb));
  }
  // Interfaces with no edge to another column: in the middle of the current namespace, on the
  // side facing the current namespace elsewhere (keeps side boxes one column wide).
  const sub = (id: string, c: number): number => {
    const s = sideOf.get(id);
    if (s?.size === 1) return s.has(-1) ? 0 : 2;
    return s?.size === 2 || c === 0 ? 1 : c < 0 ? 2 : 0;
  };
  for (const ns of topo.namespaces) {
    const c = column.get(ns.key)!;
    for (const i of ns.interfaces) level.set(i.id, c * 3 + sub(i.id, c));
  }
  return { column, level };
}
