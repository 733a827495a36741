// The README's bench table, from the rows bench/run.mjs measured (bench/results.json's `results`).
// Usage from the shell (re-render the last run): node bench/readme-table.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fmtS = (s) => (s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s.toFixed(3)) + ' s';

/** Markdown for the rows: one table per job (seconds, ratio to ip, peak RSS), then the decode speed. */
export function readmeTable(results, { routes, million, runs }) {
  const out = [`Whole processes, interleaved runs, medians of ${runs} (${million} routes: one run); Node ${process.version}; ratios per round against \`ip\`:`, ''];
  out.push('| job | tool | time | × ip | peak RSS |', '| --- | --- | ---: | ---: | ---: |');
  for (const r of results) {
    if (r.job === 'decode' || r.seconds === undefined) continue;
    const ratio = r.ratioToIp !== undefined ? `${r.ratioToIp.toFixed(2)}×` : '';
    const rss = r.rssMiB !== undefined ? `${r.rssMiB.toFixed(0)} MiB` : '';
    out.push(`| ${r.job} | ${r.tool} | ${fmtS(r.seconds)} | ${ratio} | ${rss} |`);
  }
  out.push('');
  const start = results.find((r) => r.tool === 'pure-ip -d link show / node -e 0');
  if (start) out.push(`- \`pure-ip -d link show\` on 1000 bridges: ${start.ratio.toFixed(2)}× \`node -e 0\` (Node's own start).`);
  const d = results.find((r) => r.job === 'decode');
  if (d) out.push(`- In-process decode of the ${routes}-route dump (${(d.bytes / 1e6).toFixed(1)} MB): ${d.mbPerSec.toFixed(0)} MB/s per CPU second.`);
  out.push('');
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const r = JSON.parse(readFileSync(join(here, 'results.json'), 'utf8'));
  process.stdout.write(readmeTable(r.results, { routes: r.routes, million: r.million ?? 0, runs: r.runs }));
}
