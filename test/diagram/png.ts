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

/** An RGBA bitmap of an SVG (`zoom` times its size, on white). */
export async function svgToPixels(svg: string, zoom = 2): Promise<{ width: number; height: number; pixels: Uint8Array }> {
  const { Resvg } = await resvg();
  const fontBuffers = FONTS.filter((f) => existsSync(f)).map((f) => new Uint8Array(readFileSync(f)));
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    background: 'white',
    font: { fontBuffers, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', monospaceFamily: 'DejaVu Sans Mono' },
  });
  const img = r.render();
  const out = { width: img.width, height: img.height, pixels: img.pixels.slice() };
  img.free();
  r.free();
  return out;
}

/** A rectangle of an RGBA bitmap as a binary PPM (P6, which tesseract reads), with a white margin of `pad` pixels. */
export function cropPpm(img: { width: number; height: number; pixels: Uint8Array }, x0: number, y0: number, x1: number, y1: number, pad = 20): Buffer {
  const left = Math.max(0, Math.floor(x0));
  const top = Math.max(0, Math.floor(y0));
  const right = Math.min(img.width, Math.ceil(x1));
  const bottom = Math.min(img.height, Math.ceil(y1));
  const w = right - left + 2 * pad;
  const h = bottom - top + 2 * pad;
  const head = Buffer.from(`P6\n${w} ${h}\n255\n`, 'latin1');
  const body = Buffer.alloc(w * h * 3, 255);
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) {
      const s = (y * img.width + x) * 4;
      const d = ((y - top + pad) * w + (x - left + pad)) * 3;
      const a = img.pixels[s + 3]! / 255;
      for (let c = 0; c < 3; c++) body[d + c] = Math.round(img.pixels[s + c]! * a + 255 * (1 - a));
    }
  }
  return Buffer.concat([head, body]);
}
