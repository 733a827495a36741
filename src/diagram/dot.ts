/**
 * Topology → Graphviz DOT: one cluster per namespace (`cluster_<key>`), one node per interface
 * (id `<namespace>/<ifname>`) with an HTML-like label (name, kind, state, addresses), and
 * undirected edges: veth pairs (across clusters), master → port, upper → lower device.
 */
import { layout } from './layout.js';
import { type TopoEdge, type TopoInterface, type TopoNamespace, type Topology } from './model.js';

export const FONT = 'DejaVu Sans';
/** Prefix of the invisible layout anchors (not interfaces). */
export const ANCHOR = '__level';
/** Addresses: laid out with Courier New's metrics (0.6 em, which Graphviz knows), drawn in DejaVu Sans Mono (svg.ts). */
export const MONO = 'Courier New';

/** Colours of a state: border/badge, node fill. */
export interface StateStyle {
  badge: string;
  fill: string;
  text: string;
}

export function stateStyle(itf: Pick<TopoInterface, 'state' | 'up' | 'lowerUp' | 'placeholder'>): StateStyle {
  if (itf.placeholder) return { badge: '#9e9e9e', fill: '#f5f5f5', text: 'white' };
  const s = itf.state.toUpperCase();
  if (s === 'UP' || (s === 'UNKNOWN' && itf.up && itf.lowerUp)) return { badge: '#2e7d32', fill: '#edf7ed', text: 'white' };
  if (s === 'DOWN' && !itf.up) return { badge: '#c62828', fill: '#fdecea', text: 'white' };
  // administratively up but no carrier (LOWERLAYERDOWN, DOWN with IFF_UP, DORMANT...)
  return { badge: '#ef6c00', fill: '#fff4e5', text: 'white' };
}

/** What the state badge says: the operstate, plus "no carrier" when up without carrier. */
export function stateText(itf: Pick<TopoInterface, 'state' | 'up' | 'lowerUp' | 'placeholder'>): string {
  if (itf.placeholder) return 'not visible';
  const s = itf.state.toUpperCase();
  if (s === 'DOWN' && itf.up) return 'DOWN (no carrier)';
  return s;
}

const CLUSTER_STYLE = {
  current: { fill: '#eef3fb', border: '#3b6ea8' },
  named: { fill: '#fbf7ea', border: '#a8873b' },
  unnamed: { fill: '#f3f3f3', border: '#9e9e9e' },
};

const EDGE_STYLE: Record<TopoEdge['kind'], string> = {
  veth: 'color="#1565c0", penwidth=2.5',
  port: 'color="#6a1b9a", penwidth=1.8, style=dashed',
  parent: 'color="#455a64", penwidth=1.5, style=dotted',
};

/** Escapes text for a DOT HTML-like label. */
export function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A DOT double-quoted id. */
export function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export const clusterId = (ns: Pick<TopoNamespace, 'key'>): string => `cluster_${ns.key}`;

function nodeLabel(itf: TopoInterface): string {
  const st = stateStyle(itf);
  const kind = itf.kind === 'vxlan' && itf.vni !== undefined ? `vxlan ${itf.vni}` : itf.kind ?? (itf.placeholder ? '' : 'device');
  const rows = [
    `<tr><td align="left" cellpadding="4"><font point-size="15"><b>${html(itf.name)}</b></font></td>` +
      `<td align="right" cellpadding="4"><font point-size="11" color="#555555">${html(kind)}</font></td></tr>`,
    `<tr><td colspan="2" bgcolor="${st.badge}" cellpadding="3"><font color="${st.text}" point-size="12"><b>${html(stateText(itf))}</b></font></td></tr>`,
  ];
  for (const a of itf.addresses) {
    rows.push(`<tr><td colspan="2" align="left" cellpadding="3"><font face="${MONO}" point-size="13">${html(a)}</font></td></tr>`);
  }
  return `<<table border="0" cellborder="0" cellspacing="0" cellpadding="2">${rows.join('')}</table>>`;
}

function clusterLabel(ns: TopoNamespace, sandbox: boolean): string {
  const sub = ns.current
    ? `current namespace${sandbox ? ' (sandbox)' : ''}${ns.aliases.length ? `, also ${ns.aliases.join(', ')}` : ''}`
    : ns.unnamed
      ? 'no /run/netns name'
      : 'netns';
  return `<<font point-size="18"><b>${html(ns.label)}</b></font><br align="left"/><font point-size="11" color="#555555">${html(sub)}</font><br align="left"/>>`;
}

export interface DotOptions {
  /** Graph title shown on top. */
  title?: string;
  /** Layout direction (default LR: namespaces side by side). */
  rankdir?: 'LR' | 'TB';
}

/** The DOT text of a topology (deterministic: same topology, same text). */
export function toDot(topo: Topology, options: DotOptions = {}): string {
  const out: string[] = [];
  out.push('graph topology {');
  out.push(`  graph [rankdir=${options.rankdir ?? 'LR'}, fontname="${FONT}", bgcolor="white", pad=0.3, nodesep=0.35, ranksep=0.9, newrank=true${
    options.title ? `, label=<<font point-size="20"><b>${html(options.title)}</b></font>>, labelloc=t` : ''}];`);
  out.push(`  node [shape=box, style="rounded,filled", fontname="${FONT}", fontsize=12, margin="0.06,0.04", penwidth=1.6];`);
  out.push(`  edge [fontname="${FONT}", fontsize=11];`);
  for (const ns of topo.namespaces) {
    const cs = ns.current ? CLUSTER_STYLE.current : ns.unnamed ? CLUSTER_STYLE.unnamed : CLUSTER_STYLE.named;
    out.push(`  subgraph ${quote(clusterId(ns))} {`);
    out.push(`    graph [label=${clusterLabel(ns, topo.sandbox)}, labeljust=l, style="rounded,filled", fillcolor="${cs.fill}", color="${cs.border}", penwidth=2, margin=14];`);
    if (ns.interfaces.length === 0) {
      // An empty cluster is not drawn by Graphviz: keep the box with an invisible point.
      out.push(`    ${quote(`${ns.key}/`)} [shape=plaintext, style="", label="no interfaces", fontcolor="#777777"];`);
    }
    for (const itf of ns.interfaces) {
      const st = stateStyle(itf);
      out.push(`    ${quote(itf.id)} [label=${nodeLabel(itf)}, fillcolor="${st.fill}", color="${st.badge}"${itf.placeholder ? ', style="rounded,filled,dashed"' : ''}];`);
    }
    out.push('  }');
  }
  // Columns and levels (see layout.ts): invisible anchors, one per level, chained left to right,
  // and every interface ranked with the anchor of its level; the real edges do not move ranks.
  const { level } = layout(topo);
  const levels = [...new Set(level.values())].sort((a, b) => a - b);
  if (levels.length > 1) {
    const lo = levels[0]!;
    const hi = levels[levels.length - 1]!;
    const anchor = (n: number) => quote(`${ANCHOR}${n - lo}`);
    const chain: string[] = [];
    for (let n = lo; n <= hi; n++) chain.push(anchor(n));
    out.push(`  node [shape=point, width=0, height=0, style=invis, label=""];`);
    out.push(`  ${chain.join(' -- ')} [style=invis];`);
    for (const n of levels) {
      const members = [...level].filter(([, v]) => v === n).map(([id]) => quote(id)).sort();
      out.push(`  { rank=same; ${anchor(n)}; ${members.join('; ')}; }`);
    }
  }
  for (const e of topo.edges) {
    const constraint = levels.length > 1 ? ', constraint=false' : '';
    const label = e.kind === 'veth' ? (e.label ?? 'veth') : e.kind === 'port' ? `${e.label ?? 'master'} port` : (e.label ?? 'lower');
    out.push(`  ${quote(e.from)} -- ${quote(e.to)} [${EDGE_STYLE[e.kind]}, label=${quote(` ${label} `)}, fontcolor="${e.kind === 'veth' ? '#1565c0' : e.kind === 'port' ? '#6a1b9a' : '#455a64'}"${constraint}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

