/**
 * The blog's final state, built in a private sandbox with the public API, drawn as SVG by the WASM
 * Graphviz; then checked for what it must show:
 *  - geometry read back from the SVG: every interface node inside its namespace's cluster box,
 *    the veth pairs and bridge ports as edges whose ends touch the right nodes;
 *  - the picture itself: rendered to PNG (resvg compiled to WebAssembly, DejaVu fonts) and read
 *    by OCR (tesseract): namespace names, interface names and addresses must be legible.
 * Also `pure-ip diagram` and `pure-ip demo --diagram DIR`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTopology, dotToSvg, toDot, toMermaid, type Topology } from '../../src/diagram/index.js';
import { ANCHOR } from '../../src/diagram/dot.js';
import { main, type CliIO } from '../../src/cli/main.js';
import { blogFinalState, type BlogState } from './blog-state.js';
import { cropPpm, fontsAvailable, svgToPixels, svgToPng } from './png.js';
import { distance, inside, parseGraphvizSvg, type ParsedSvg } from './svg-parse.js';
import { skipping } from '../support/probe.js';

const hasTesseract = spawnSync('tesseract', ['--version'], { stdio: 'ignore' }).status === 0;
/** In CI the tools are installed by .ci/run: a missing one is a failure there, a skip elsewhere. */
const ocrReady = (hasTesseract && fontsAvailable()) || !!process.env.CI;

const tmp = mkdtempSync(join(tmpdir(), 'pure-netlink-diagram-'));
let state: BlogState;
let topo: Topology;
let svg: string;
let parsed: ParsedSvg;

beforeAll(async () => {
  state = await blogFinalState();
  topo = await collectTopology(state.h);
  svg = await dotToSvg(toDot(topo));
  writeFileSync(join(tmp, 'blog.svg'), svg);
  parsed = parseGraphvizSvg(svg);
}, 60_000);

afterAll(async () => {
  await state?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const pair = (a: string, b: string) => [a, b].sort().join(' -- ');

describe('the blog’s final state, collected from the kernel', () => {
  it('namespaces, interfaces, veth pairs and bridge ports', () => {
    expect(topo.namespaces.map((n) => n.label)).toEqual(['host', 'ns1', 'ns2', 'ns3']);
    const names = Object.fromEntries(topo.namespaces.map((n) => [n.label, n.interfaces.map((i) => i.name).sort()]));
    expect(names).toEqual({ host: ['br0', 'lo', 'vethQ', 'vethY'], ns1: ['lo', 'veth1', 'vethX'], ns2: ['lo', 'veth2', 'vethP'], ns3: ['lo'] });
    const veth = topo.edges.filter((e) => e.kind === 'veth').map((e) => pair(e.from, e.to)).sort();
    expect(veth).toEqual([pair('./vethQ', 'ns2/vethP'), pair('./vethY', 'ns1/vethX'), pair('ns1/veth1', 'ns2/veth2')].sort());
    const ports = topo.edges.filter((e) => e.kind === 'port').map((e) => `${e.from} > ${e.to}`);
    expect(ports).toEqual(['./br0 > ./vethQ', './br0 > ./vethY']);
    const itf = (id: string) => topo.namespaces.flatMap((n) => n.interfaces).find((i) => i.id === id)!;
    expect(itf('ns1/veth1').addresses).toContain('10.0.0.1/24');
    expect(itf('ns2/veth2').addresses).toContain('10.0.0.2/24');
    expect(itf('ns1/vethX').addresses).toContain('10.0.1.1/24');
    expect(itf('ns2/vethP').addresses).toContain('10.0.1.2/24');
    expect(itf('./br0')).toMatchObject({ kind: 'bridge', state: 'UP' });
    expect(itf('ns3/lo')).toMatchObject({ state: 'DOWN', up: false });
  });

  it('-n ns3 is ns3 alone; -n ns1 reaches the host and ns2', async () => {
    expect((await collectTopology(state.h, { netns: 'ns3' })).namespaces.map((n) => n.label)).toEqual(['ns3']);
    const t = await collectTopology(state.h.in('ns1'), { netns: 'ns1' });
    expect(t.namespaces.map((n) => n.label)).toEqual(['host', 'ns1', 'ns2']);
  });
});

describe('the SVG, read back', () => {
  it('every interface node lies inside its namespace’s cluster', () => {
    const clusters = new Map(parsed.clusters.map((c) => [c.title, c]));
    expect([...clusters.keys()].sort()).toEqual(['cluster_.', 'cluster_ns1', 'cluster_ns2', 'cluster_ns3']);
    const nodes = parsed.nodes.filter((n) => !n.title.startsWith(ANCHOR));
    expect(nodes.map((n) => n.title).sort()).toEqual(
      ['./br0', './lo', './vethQ', './vethY', 'ns1/lo', 'ns1/veth1', 'ns1/vethX', 'ns2/lo', 'ns2/veth2', 'ns2/vethP', 'ns3/lo'].sort(),
    );
    for (const n of nodes) {
      const ns = n.title.slice(0, n.title.indexOf('/'));
      const c = clusters.get(`cluster_${ns}`)!;
      expect(inside(n.box, c.box), `${n.title} inside cluster_${ns}`).toBe(true);
      for (const [other, oc] of clusters) if (other !== `cluster_${ns}`) expect(inside(n.box, oc.box), `${n.title} not in ${other}`).toBe(false);
    }
    // the namespace boxes do not overlap
    const boxes = [...clusters.values()];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.box;
        const b = boxes[j]!.box;
        const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
        expect(overlap, `${boxes[i]!.title} / ${boxes[j]!.title}`).toBe(false);
      }
    }
  });

  it('the edges join the right nodes: both veth pairs across namespaces, the bridge to its ports', () => {
    const nodes = new Map(parsed.nodes.map((n) => [n.title, n]));
    const got = parsed.edges.map((e) => {
      const [a, b] = e.title.split('--') as [string, string];
      // the curve starts at one node's border and ends at the other's
      const first = e.points[0]!;
      const last = e.points[e.points.length - 1]!;
      const na = nodes.get(a)!.box;
      const nb = nodes.get(b)!.box;
      const touches = Math.max(distance(first, na), distance(last, nb)) < 6 || Math.max(distance(first, nb), distance(last, na)) < 6;
      expect(touches, `edge ${e.title} ends on its nodes`).toBe(true);
      return pair(a, b);
    });
    expect(got.sort()).toEqual(
      [pair('./vethQ', 'ns2/vethP'), pair('./vethY', 'ns1/vethX'), pair('ns1/veth1', 'ns2/veth2'), pair('./br0', './vethQ'), pair('./br0', './vethY')].sort(),
    );
    // veth edges are labelled as such
    for (const e of parsed.edges) expect(e.texts.join(' ')).toMatch(e.title.includes('br0') ? /bridge port/ : /veth/);
  });

  it('node texts: names, states and addresses; the host and namespaces are labelled', () => {
    const text = (id: string) => parsed.nodes.find((n) => n.title === id)!.texts.join(' ');
    expect(text('ns1/veth1')).toBe('veth1 veth UP 10.0.0.1/24');
    expect(text('ns2/veth2')).toBe('veth2 veth UP 10.0.0.2/24');
    expect(text('ns1/vethX')).toBe('vethX veth UP 10.0.1.1/24');
    expect(text('ns2/vethP')).toBe('vethP veth UP 10.0.1.2/24');
    expect(text('./br0')).toBe('br0 bridge UP');
    expect(text('ns3/lo')).toBe('lo loopback DOWN');
    const label = (c: string) => parsed.clusters.find((x) => x.title === c)!.texts[0];
    expect([label('cluster_.'), label('cluster_ns1'), label('cluster_ns2'), label('cluster_ns3')]).toEqual(['host', 'ns1', 'ns2', 'ns3']);
  });
});

/** OCR-tolerant form: lower case, O→0, l/i/|→1, only letters and digits. */
const norm = (s: string) => s.toLowerCase().replace(/o/g, '0').replace(/[l|i!]/g, '1').replace(/[^a-z0-9]/g, '');

describe.skipIf(skipping(!ocrReady && 'tesseract (tesseract-ocr) or the DejaVu fonts (fonts-dejavu-core) are not installed'))('the picture (PNG through resvg-wasm, read by tesseract)', () => {
  const zoom = 2.5;
  const ocr = (file: string) => execFileSync('tesseract', [file, 'stdout', '--psm', '6'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

  it('renders to a PNG in which OCR reads ns1, ns2, ns3 and the host', async () => {
    const png = await svgToPng(svg, zoom);
    expect(Buffer.from(png.subarray(1, 4)).toString('latin1')).toBe('PNG');
    const file = join(tmp, 'blog.png');
    writeFileSync(file, png);
    const text = execFileSync('tesseract', [file, 'stdout', '--psm', '11'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const seen = norm(text);
    for (const w of ['ns1', 'ns2', 'ns3', 'host']) expect(seen, `"${w}" in the OCR text:\n${text}`).toContain(norm(w));
  }, 60_000);

  it('each interface box shows its name and addresses (OCR), and its state colour (pixels)', async () => {
    const img = await svgToPixels(svg, zoom);
    // Graphviz coordinates → pixels: the viewBox scale and the graph's translate()
    const vb = /viewBox="([-\d. ]+)"/.exec(svg)![1]!.trim().split(/\s+/).map(Number);
    const tr = /class="graph" transform="[^"]*translate\(([-\d.]+) ([-\d.]+)\)/.exec(svg)!;
    const sx = img.width / vb[2]!;
    const sy = img.height / vb[3]!;
    const px = (x: number) => (x + Number(tr[1])) * sx;
    const py = (y: number) => (y + Number(tr[2])) * sy;
    const want: Record<string, string[]> = {
      './br0': ['br0'], './vethY': ['vethY'], './vethQ': ['vethQ'],
      'ns1/vethX': ['vethX', '10.0.1.1/24'], 'ns1/veth1': ['veth1', '10.0.0.1/24'],
      'ns2/vethP': ['vethP', '10.0.1.2/24'], 'ns2/veth2': ['veth2', '10.0.0.2/24'],
      'ns1/lo': ['lo', '127.0.0.1/8'], 'ns3/lo': ['lo'],
    };
    const missing: string[] = [];
    const read: string[] = [];
    for (const [id, words] of Object.entries(want)) {
      const b = parsed.nodes.find((n) => n.title === id)!.box;
      // inside the rounded border (which confuses tesseract's line finder)
      const inset = 5;
      const file = join(tmp, `${id.replace(/\W/g, '_')}.ppm`);
      writeFileSync(file, cropPpm(img, px(b.x0 + inset), py(b.y0 + inset), px(b.x1 - inset), py(b.y1 - inset)));
      const text = ocr(file);
      read.push(`${id}: ${text.replace(/\s+/g, ' ').trim()}`);
      for (const w of words) if (!norm(text).includes(norm(w))) missing.push(`${w} (${id})`);
      // the state badge: green pixels for UP, red for DOWN
      const colour = id === 'ns3/lo' ? [0xc6, 0x28, 0x28] : [0x2e, 0x7d, 0x32];
      let hits = 0;
      for (let y = Math.floor(py(b.y0)); y < py(b.y1); y++) {
        for (let x = Math.floor(px(b.x0)); x < px(b.x1); x++) {
          const o = (y * img.width + x) * 4;
          if (Math.abs(img.pixels[o]! - colour[0]!) + Math.abs(img.pixels[o + 1]! - colour[1]!) + Math.abs(img.pixels[o + 2]! - colour[2]!) < 24) hits++;
        }
      }
      expect(hits, `${id}: state colour`).toBeGreaterThan(500);
    }
    // OCR may garble a character: all but one item, and every interface name of a veth pair or the bridge
    expect(missing.length, `not read: ${missing.join(', ')}\n${read.join('\n')}`).toBeLessThanOrEqual(1);
    for (const w of ['br0', 'vethX', 'vethY', 'vethP', 'vethQ', 'veth1', 'veth2']) {
      expect(missing.some((m) => m.startsWith(`${w} `)), `${w} not read:\n${read.join('\n')}`).toBe(false);
    }
  }, 60_000);
});

function io(): CliIO & { out: string; err: string } {
  const o = { out: '', err: '' } as CliIO & { out: string; err: string };
  o.stdout = (s: string) => void (o.out += s);
  o.stderr = (s: string) => void (o.err += s);
  return o;
}

describe('pure-ip diagram / demo --diagram', () => {
  it('diagram --format mermaid|dot|svg in a fresh sandbox', async () => {
    const a = io();
    expect(await main(['-sandbox', 'diagram', '--format', 'mermaid'], a), a.err).toBe(0);
    expect(a.out).toContain('subgraph ns0["host (current)"]');
    expect(a.out).toContain('<b>lo</b>');
    const b = io();
    expect(await main(['-sandbox', 'diagram', '-f', 'dot'], b), b.err).toBe(0);
    expect(b.out).toContain('subgraph "cluster_."');
    const file = join(tmp, 'x.svg');
    const c = io();
    expect(await main(['-sandbox', 'diagram', '-o', file], c), c.err).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/<svg[\s\S]*<title>cluster_\.<\/title>/);
    const d = io();
    expect(await main(['-sandbox', 'diagram', '--format', 'png'], d)).toBe(255);
    expect(d.err).toContain('unknown format');
  }, 60_000);

  it('demo --diagram DIR draws one picture per step that changed the topology', async () => {
    const dir = join(tmp, 'demo');
    const a = io();
    const code = await main(['demo', '--diagram', dir], a);
    expect(code, a.err + a.out).toBe(0);
    const files = readdirSync(dir).filter((f) => f.endsWith('.svg')).sort((x, y) => Number(/\d+/.exec(x)![0]) - Number(/\d+/.exec(y)![0]));
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(a.out).toContain(`-> ${join(dir, 'step-1.svg')}`);
    // the last picture is part 3 (ns3, a process's namespace, attached) after the bridge step: br0 with its two ports, the namespaces with their addresses
    const last = parseGraphvizSvg(readFileSync(join(dir, files[files.length - 1]!), 'utf8'));
    expect(last.clusters.map((c) => c.title).sort()).toEqual(['cluster_.', 'cluster_ns1', 'cluster_ns2', 'cluster_ns3']);
    expect(last.edges.filter((e) => e.title.startsWith('./br0--')).length).toBe(2);
    expect(last.nodes.flatMap((n) => n.texts).join(' ')).toContain('10.0.1.2/24');
    expect(readFileSync(join(dir, files[0]!.replace('.svg', '.mmd')), 'utf8')).toContain('flowchart LR');
  }, 120_000);

  it('Mermaid of the blog state is stable text', () => {
    const m = toMermaid(topo);
    expect(m).toBe(toMermaid(topo));
    expect(m.match(/ ---\|veth\| /g)?.length).toBe(3);
    expect(m.match(/ -\.-\|bridge port\| /g)?.length).toBe(2);
  });
});
