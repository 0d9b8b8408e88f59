// The console's first load (index.html's scripts and the modules it preloads) is at most 300 KiB of
// gzipped JavaScript (issue 22). The other pages' chunks (charts, the graph) load when opened.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const WEB = path.resolve(__dirname, '../../dist/services/console/web');
const LIMIT_BYTES = 300 * 1024;

describe("the console's first load", () => {
  it('is at most 300 KiB of gzipped JavaScript', () => {
    const html = readFileSync(path.join(WEB, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = scripts.map((file) => ({ file, gzipped: gzipSync(readFileSync(path.join(WEB, file)), { level: 9 }).length }));
    const total = sizes.reduce((sum, s) => sum + s.gzipped, 0);
    process.stdout.write(`console first load: ${sizes.map((s) => `${s.file} ${(s.gzipped / 1024).toFixed(1)} KiB`).join(', ')}; total ${(total / 1024).toFixed(1)} KiB gzipped (limit 300 KiB)\n`);
    expect(total).toBeLessThanOrEqual(LIMIT_BYTES);
  });
});
