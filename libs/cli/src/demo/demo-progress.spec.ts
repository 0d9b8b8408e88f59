import { ProgressWriter, type ProgressStream } from './demo-progress';

class Captured implements ProgressStream {
  text = '';
  constructor(readonly isTTY: boolean | undefined) {}
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

// Every ANSI escape sequence (CSI and the rest) starts with ESC.
const ESC = '\x1b';

describe('ProgressWriter', () => {
  it('on a terminal rewrites one line in place and ends it once', () => {
    const out = new Captured(true);
    const progress = new ProgressWriter(out);
    progress.update('history', 'published 1/10');
    progress.update('history', 'published 2/10');
    progress.update('outage', 'published 5/10');
    progress.finish();
    expect(out.text).toBe('\r\x1b[K[history] published 1/10\r\x1b[K[history] published 2/10\r\x1b[K[outage] published 5/10\n');
  });

  it('off a terminal writes plain lines: on each phase change and every few seconds, never \\r or escapes', () => {
    let now = 0;
    const out = new Captured(undefined);
    const progress = new ProgressWriter(out, 5_000, () => now);
    progress.update('history', 'published 1/10');
    now = 1_000;
    progress.update('history', 'published 2/10');
    now = 2_000;
    progress.update('outage', 'published 5/10');
    now = 3_000;
    progress.update('outage', 'published 6/10');
    now = 7_000;
    progress.update('outage', 'published 8/10');
    progress.finish();
    expect(out.text).toBe('[history] published 1/10\n[outage] published 5/10\n[outage] published 8/10\n');
    expect(out.text).not.toContain('\r');
    expect(out.text).not.toContain(ESC);
  });

  it('treats isTTY false like a pipe', () => {
    const out = new Captured(false);
    const progress = new ProgressWriter(out);
    progress.update('done', 'published 10/10');
    progress.finish();
    expect(out.text).toBe('[done] published 10/10\n');
  });
});
