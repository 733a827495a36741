/**
 * Topology diagrams: collect the live topology through a Handle, then DOT, Mermaid or SVG
 * (Graphviz compiled to WebAssembly).
 */
export {
  collectTopology, build, nodeId, CURRENT,
  type Topology, type TopoNamespace, type TopoInterface, type TopoEdge, type EdgeKind, type CollectOptions, type RawNamespace,
} from './model.js';
export { toDot, clusterId, stateStyle, stateText, type DotOptions } from './dot.js';
export { toMermaid, type MermaidOptions } from './mermaid.js';
export { dotToSvg, graphviz } from './svg.js';

import type { Handle } from '../api/handle.js';
import { collectTopology, type CollectOptions } from './model.js';
import { toDot, type DotOptions } from './dot.js';
import { toMermaid } from './mermaid.js';
import { dotToSvg } from './svg.js';

export type DiagramFormat = 'svg' | 'mermaid' | 'dot';

/** Collects the topology and renders it in one format. */
export async function drawTopology(h: Handle, format: DiagramFormat = 'svg', options: CollectOptions & DotOptions = {}): Promise<string> {
  const topo = await collectTopology(h, options);
  if (format === 'mermaid') return toMermaid(topo, options.title !== undefined ? { title: options.title } : {});
  const dot = toDot(topo, options);
  return format === 'dot' ? dot : dotToSvg(dot);
}
