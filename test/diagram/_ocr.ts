import { writeFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { svgToPng } from './png.js';
const svg = readFileSync('/tmp/diag/blog.svg', 'utf8');
for (const z of [2, 2.5, 3]) {
  writeFileSync(`/tmp/diag/o${z}.png`, await svgToPng(svg, z));
  for (const psm of ['3', '11', '12']) {
    const t = execFileSync('tesseract', [`/tmp/diag/o${z}.png`, 'stdout', '--psm', psm], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const words = ['br0', 'vethY', 'vethQ', 'vethX', 'vethP', 'veth1', 'veth2', 'ns1', 'host', '10.0.0.1/24', '10.0.1.2/24'];
    console.log(z, psm, words.filter((w) => !t.includes(w)).join(' '));
  }
}
