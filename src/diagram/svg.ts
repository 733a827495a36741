/**
 * DOT → SVG with Graphviz compiled to WebAssembly (`@hpcc-js/wasm-graphviz`: the WASM is inlined
 * in the package, so nothing is compiled at install and nothing is fetched at run time). Loaded
 * lazily: only `diagram --format svg` pays for it.
 */
import { FONT, MONO } from './dot.js';

interface GraphvizLike {
  dot(src: string, format?: 'svg'): string;
  version(): string;
}

let loading: Promise<GraphvizLike> | undefined;

/** The Graphviz WASM instance (loaded once). */
export function graphviz(): Promise<GraphvizLike> {
  loading ??= (async () => {
    let mod: { Graphviz: { load(): Promise<GraphvizLike> } };
    try {
      mod = (await import('@hpcc-js/wasm-graphviz')) as unknown as typeof mod;
    } catch (e) {
      loading = undefined;
      throw new Error(`SVG output needs the package @hpcc-js/wasm-graphviz (npm install @hpcc-js/wasm-graphviz): ${(e as Error).message}`);
    }
    return mod.Graphviz.load();
  })();
  return loading;
}

/**
 * Lays out DOT and renders it to SVG. Font families get generic fallbacks, so that viewers
 * without DejaVu pick a font of similar width rather than a serif one.
 */
export async function dotToSvg(dot: string): Promise<string> {
  const gv = await graphviz();
  const svg = gv.dot(dot, 'svg');
  return svg
    .replaceAll(`font-family="${MONO}"`, `font-family="DejaVu Sans Mono,Menlo,Consolas,${MONO},monospace"`)
    .replaceAll(`font-family="${FONT}"`, `font-family="${FONT},Verdana,Arial,sans-serif"`);
}
