/**
 * Regenerates docs/blog-topology.svg and .png (the README's diagram of the blog's final state):
 *   npx tsx test/diagram/render-docs.ts
 */
import { writeFileSync } from 'node:fs';
import { collectTopology, dotToSvg, toDot } from '../../src/diagram/index.js';
import { blogFinalState } from './blog-state.js';
import { svgToPng } from './png.js';

const state = await blogFinalState();
try {
  const topo = await collectTopology(state.h);
  const svg = await dotToSvg(toDot(topo));
  const out = process.argv[2] ?? 'docs/blog-topology';
  writeFileSync(`${out}.svg`, svg);
  writeFileSync(`${out}.png`, await svgToPng(svg, 1.5));
  console.log(`wrote ${out}.svg, ${out}.png`);
} finally {
  await state.close();
}
