/**
 * `pure-ip [-n NETNS] diagram [ --format svg | mermaid | dot ] [ -o FILE ] [ --no-lo ] [ --title TEXT ]`:
 * draws the live topology: every named namespace and the current one as boxes, their interfaces
 * with state and addresses, veth pairs across namespaces, bridges and their ports, vxlan /
 * macvlan / vlan parents. SVG (Graphviz compiled to WebAssembly) by default; Mermaid and DOT as
 * text. With `-n NETNS`: that namespace and the namespaces its veth pairs reach.
 *
 * Also the drawing side of `pure-ip demo --diagram [DIR]` (demoDiagrams).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliExit, CommandFailed } from '../errors.js';
import type { ApiHandle, Env } from '../env.js';
import { apiCall } from './common.js';

export const DIAGRAM_USAGE =
  'Usage: pure-ip [ -n NETNS ] diagram [ --format { svg | mermaid | dot } ] [ -o FILE ]\n' +
  '                                    [ --no-lo ] [ --title TEXT ]\n' +
  'Draws every named network namespace and the current one, their interfaces (state, addresses),\n' +
  'veth pairs, bridges and their ports, and upper devices on their parents. SVG by default.\n' +
  'With -n NETNS: that namespace and the namespaces its veth pairs reach.\n';

type Format = 'svg' | 'mermaid' | 'dot';

export async function doDiagram(env: Env, argv: string[]): Promise<number> {
  let format: Format | undefined;
  let output: string | undefined;
  let noLoopback = false;
  let title: string | undefined;
  const value = (i: number, what: string): string => {
    const v = argv[i];
    if (v === undefined) throw new CliExit(255, `Error: ${what} needs a value\n${DIAGRAM_USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === '--format' || w === '-f' || w === 'format') {
      const v = value(++i, 'format');
      if (v !== 'svg' && v !== 'mermaid' && v !== 'dot') throw new CliExit(255, `Error: unknown format "${v}" (svg, mermaid or dot)\n`);
      format = v;
    } else if (w.startsWith('--format=')) {
      const v = w.slice('--format='.length);
      if (v !== 'svg' && v !== 'mermaid' && v !== 'dot') throw new CliExit(255, `Error: unknown format "${v}" (svg, mermaid or dot)\n`);
      format = v;
    } else if (w === '-o' || w === '--output' || w === 'output') output = value(++i, 'output');
    else if (w === '--no-lo' || w === 'nolo') noLoopback = true;
    else if (w === '--title' || w === 'title') title = value(++i, 'title');
    else if (w === 'help' || w === '--help' || w === '-h') throw new CliExit(0, '', DIAGRAM_USAGE);
    else throw new CliExit(255, `Error: unknown argument "${w}"\n${DIAGRAM_USAGE}`);
  }
  // Without --format, the file name says it (.mmd / .mermaid, .dot / .gv), else SVG.
  format ??= output && /\.(mmd|mermaid)$/i.test(output) ? 'mermaid' : output && /\.(dot|gv)$/i.test(output) ? 'dot' : 'svg';
  const h: ApiHandle = await env.handle();
  const { drawTopology } = await import('../../diagram/index.js');
  const text = await apiCall(() =>
    drawTopology(h, format, {
      ...(env.opts.netns !== undefined ? { netns: env.opts.netns } : {}),
      ...(noLoopback ? { noLoopback } : {}),
      ...(title !== undefined ? { title } : {}),
    }),
  );
  if (output !== undefined && output !== '-') {
    try {
      await writeFile(output, text);
    } catch (e) {
      throw new CommandFailed(-1, `Cannot write "${output}": ${(e as Error).message}\n`);
    }
  } else env.io.stdout(text);
  return 0;
}

/**
 * `pure-ip demo --diagram [DIR]`: a picture of the topology after each step of the demo, when it
 * changed: DIR/step-N.svg (and DIR/step-N.mmd), or Mermaid on stdout when no DIR is given.
 */
export interface DemoDiagrams {
  /** Called when a step begins: draws the state the previous step left (if it changed). */
  step(title: string): Promise<void>;
  /** Files written so far. */
  readonly files: string[];
}

export function demoDiagrams(handle: () => Promise<ApiHandle>, out: (s: string) => void, dir?: string): DemoDiagrams {
  let previous: string | undefined;
  let previousTitle = 'Start';
  let n = 0;
  const files: string[] = [];
  return {
    files,
    async step(title: string) {
      const what = previousTitle;
      previousTitle = title;
      const { collectTopology, toDot, toMermaid, dotToSvg } = await import('../../diagram/index.js');
      const topo = await collectTopology(await handle());
      const dot = toDot(topo);
      if (dot === previous) return;
      previous = dot;
      n++;
      const caption = `Step ${n}: ${what}`;
      if (dir === undefined) {
        out(`\n# diagram: ${caption}\n\`\`\`mermaid\n${toMermaid(topo, { title: caption })}\`\`\`\n`);
        return;
      }
      await mkdir(dir, { recursive: true });
      const svgFile = join(dir, `step-${n}.svg`);
      await writeFile(svgFile, await dotToSvg(toDot(topo, { title: caption })));
      await writeFile(join(dir, `step-${n}.mmd`), toMermaid(topo, { title: caption }));
      files.push(svgFile);
      out(`# diagram: ${caption} -> ${svgFile}\n`);
    },
  };
}
