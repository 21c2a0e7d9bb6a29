import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BENCH_DIST_DIR } from '../subjects/product';

/**
 * First-load JavaScript of /login: every script the page's HTML loads, read from the build
 * output (.next-bench/static) and gzipped as a server would send it.
 */
export async function loginFirstLoadJs(origin: string): Promise<{ kbGzip: number; files: number }> {
  const html = await (await fetch(`${origin}/login`)).text();
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]).filter((src) => src.startsWith('/_next/static/'));
  let bytes = 0;
  for (const src of new Set(sources)) {
    const file = path.join(process.cwd(), BENCH_DIST_DIR, 'static', decodeURIComponent(src.slice('/_next/static/'.length).split('?')[0]));
    bytes += gzipSync(fs.readFileSync(file), { level: 9 }).length;
  }
  return { kbGzip: Math.round(bytes / 102.4) / 10, files: new Set(sources).size };
}
