/** Reads back what Graphviz drew: clusters, nodes and edges of its SVG, with their boxes. */

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface SvgShape {
  title: string;
  box: Box;
  /** The points of the first path/polygon/polyline (edges: the curve, first point to last). */
  points: Array<[number, number]>;
  /** The text drawn inside the group. */
  texts: string[];
}

export interface ParsedSvg {
  clusters: SvgShape[];
  nodes: SvgShape[];
  edges: SvgShape[];
}

export function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function numbers(s: string): number[] {
  return [...s.matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/gi)].map((m) => Number(m[0]));
}

function pairs(ns: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < ns.length; i += 2) out.push([ns[i]!, ns[i + 1]!]);
  return out;
}

function boxOf(points: Array<[number, number]>): Box {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** Splits Graphviz's SVG into its <g class="cluster|node|edge"> groups (they do not nest). */
export function parseGraphvizSvg(svg: string): ParsedSvg {
  const out: ParsedSvg = { clusters: [], nodes: [], edges: [] };
  for (const m of svg.matchAll(/<g id="[^"]*" class="(cluster|node|edge)">([\s\S]*?)<\/g>/g)) {
    const kind = m[1]!;
    const body = m[2]!;
    const title = decodeEntities(/<title>([\s\S]*?)<\/title>/.exec(body)?.[1] ?? '');
    const shape = /<(?:path[^>]*\sd|polygon[^>]*\spoints|polyline[^>]*\spoints)="([^"]+)"/.exec(body);
    const points = shape ? pairs(numbers(shape[1]!)) : [];
    const texts = [...body.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((t) => decodeEntities(t[1]!));
    const item: SvgShape = { title, box: points.length ? boxOf(points) : { x0: 0, y0: 0, x1: 0, y1: 0 }, points, texts };
    if (kind === 'cluster') out.clusters.push(item);
    else if (kind === 'node') out.nodes.push(item);
    else out.edges.push(item);
  }
  return out;
}

export const inside = (inner: Box, outer: Box, slack = 0.5): boolean =>
  inner.x0 >= outer.x0 - slack && inner.y0 >= outer.y0 - slack && inner.x1 <= outer.x1 + slack && inner.y1 <= outer.y1 + slack;

/** Distance from a point to a box (0 inside). */
export function distance(p: [number, number], b: Box): number {
  const dx = Math.max(b.x0 - p[0], 0, p[0] - b.x1);
  const dy = Math.max(b.y0 - p[1], 0, p[1] - b.y1);
  return Math.hypot(dx, dy);
}
