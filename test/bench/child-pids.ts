// The bench's own child processes (services and B0 hops), found by parent pid in /proc: the last
// resort on exit, so an interrupted run leaves nothing running.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of this process's children whose command line contains `marker`. */
export function childPids(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
