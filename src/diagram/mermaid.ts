/**
 * Topology → Mermaid flowchart text: a subgraph per namespace, a node per interface (name, kind,
 * state, addresses), `---` edges for veth pairs, `-.-` for bridge ports and parents; classes
 * colour the states.
 */
import { stateStyle, stateText } from './dot.js';
import type { TopoInterface, Topology } from './model.js';

/** Text inside a Mermaid "..." label (Mermaid takes HTML entities: #quot; style). */
function text(s: string): string {
  return s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function stateClass(itf: TopoInterface): string {
  const badge = stateStyle(itf).badge;
  return badge === '#2e7d32' ? 'up' : badge === '#c62828' ? 'down' : badge === '#9e9e9e' ? 'unknown' : 'nocarrier';
}

export interface MermaidOptions {
  title?: string;
  direction?: 'LR' | 'TB';
}

/** The Mermaid text of a topology (deterministic). */
export function toMermaid(topo: Topology, options: MermaidOptions = {}): string {
  const out: string[] = [];
  if (options.title) out.push('---', `title: ${options.title.replace(/\n/g, ' ')}`, '---');
  out.push(`flowchart ${options.direction ?? 'LR'}`);
  const ids = new Map<string, string>();
  let n = 0;
  for (const ns of topo.namespaces) for (const itf of ns.interfaces) ids.set(itf.id, `if${n++}`);
  topo.namespaces.forEach((ns, i) => {
    const sub = ns.current ? ' (current)' : '';
    out.push(`  subgraph ns${i}["${text(ns.label + sub)}"]`);
    if (ns.interfaces.length === 0) out.push(`    ns${i}_empty["no interfaces"]`);
    for (const itf of ns.interfaces) {
      const lines = [`<b>${text(itf.name)}</b> ${text(itf.kind === 'vxlan' && itf.vni !== undefined ? `vxlan ${itf.vni}` : itf.kind ?? '')}`.trimEnd(), text(stateText(itf)), ...itf.addresses.map(text)];
      out.push(`    ${ids.get(itf.id)}["${lines.join('<br/>')}"]:::${stateClass(itf)}`);
    }
    out.push('  end');
  });
  for (const e of topo.edges) {
    const a = ids.get(e.from);
    const b = ids.get(e.to);
    if (!a || !b) continue;
    if (e.kind === 'veth') out.push(`  ${a} ---|${text(e.label ?? 'veth')}| ${b}`);
    else if (e.kind === 'port') out.push(`  ${a} -.-|${text(`${e.label ?? 'master'} port`)}| ${b}`);
    else out.push(`  ${a} -.-|${text(e.label ?? 'lower')}| ${b}`);
  }
  out.push('  classDef up fill:#edf7ed,stroke:#2e7d32,stroke-width:2px');
  out.push('  classDef down fill:#fdecea,stroke:#c62828,stroke-width:2px');
  out.push('  classDef nocarrier fill:#fff4e5,stroke:#ef6c00,stroke-width:2px');
  out.push('  classDef unknown fill:#f5f5f5,stroke:#9e9e9e,stroke-dasharray:4');
  return out.join('\n') + '\n';
}
