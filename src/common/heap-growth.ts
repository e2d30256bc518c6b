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
