import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('conventions', () => {
  it('links go through components/ui/link.tsx, which prefetches on intent, not next/link directly', () => {
    const offenders = ['app', 'components']
      .flatMap((dir) => sourceFiles(path.join(process.cwd(), dir)))
      .filter((file) => !file.endsWith(path.join('components', 'ui', 'link.tsx')))
      .filter((file) => /from ['"]next\/link['"]/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(process.cwd(), file));
    expect(offenders).toEqual([]);
  });
});
