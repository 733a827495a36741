/** SVG → PNG without native code: resvg compiled to WebAssembly, with DejaVu fonts from the system. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const FONTS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
];

let ready: Promise<typeof import('@resvg/resvg-wasm')> | undefined;

function resvg(): Promise<typeof import('@resvg/resvg-wasm')> {
  ready ??= (async () => {
    const mod = await import('@resvg/resvg-wasm');
    const wasm = readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm'));
    await mod.initWasm(wasm);
    return mod;
  })();
  return ready;
}

export const fontsAvailable = (): boolean => existsSync(FONTS[0]!);

/** Renders an SVG to PNG bytes, `zoom` times its size, on white. */
export async function svgToPng(svg: string, zoom = 2): Promise<Uint8Array> {
  const { Resvg } = await resvg();
  const fontBuffers = FONTS.filter((f) => existsSync(f)).map((f) => new Uint8Array(readFileSync(f)));
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    background: 'white',
    font: { fontBuffers, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', monospaceFamily: 'DejaVu Sans Mono' },
  });
  const png = r.render().asPng();
  r.free();
  return png;
}
