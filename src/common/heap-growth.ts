import { setFlagsFromString } from 'node:v8';

/**
 * The V8 option that bounds how far the heap grows past what was alive after the last full
 * garbage collection, or null where V8 is left to choose. By itself V8 grows the heap of a
 * process that allocates fast by up to four times its live size, so a server answering many
 * requests at once holds hundreds of megabytes of garbage it has not collected yet. A smaller
 * factor collects sooner, for a little more collection work.
 */
export function heapGrowthFlag(percent: number): string | null {
  return percent > 0 ? `--heap-growing-percent=${Math.round(percent)}` : null;
}

/**
 * Applies heapGrowthFlag to this process. V8 reads the factor each time it sets the next
 * collection's limit, so it takes effect when set at start-up, before the server takes load.
 */
export function limitHeapGrowth(percent: number): void {
  const flag = heapGrowthFlag(percent);
  if (flag) setFlagsFromString(flag);
}

/**
 * The young generation's bound, given on the command line that starts the server (`npm start`,
 * the Dockerfile, the HTTP benchmark): V8 reads it only when the process starts, so it cannot be
 * set from the configuration as the growth factor is. Without it V8 sizes the young generation
 * after the heap limit it derives from the machine's memory: two semi-spaces of 64 MB on the
 * 24 GB machine of the benchmarks, which a server under load keeps full, about 100 MB of memory
 * holding garbage. 16 MB keeps a quarter of that. It costs a few per cent more collection work
 * on the answers that allocate most (an uncached OParl list of 277 KB), and about 1 % on a
 * member's meeting page since its templates make a third less garbage
 * (bench/results/young-generation-2026-12-05.md, bench/results/member-page-garbage-2026-12-06.md).
 */
export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=16';
