// Helpers that keep a large month compact in memory: typed-array growth and own copies of strings.

/** Above this size a growing array jumps straight to LARGE_BYTES. */
const MEDIUM_BYTES = 1 << 20;
/** glibc's largest mmap threshold: a block this big is always its own mmap. */
const LARGE_BYTES = 32 << 20;

/**
 * Doubles a typed array until it holds `need` elements; from 1 MiB, to at least 32 MiB at once.
 *
 * Why the jump: glibc serves blocks of 32 MiB and more with a fresh mmap, whose pages cost nothing
 * until written and go back to the system when the array is collected. Doubling through 2, 4, 8 and
 * 16 MiB instead raised malloc's mmap threshold with each block freed, so later blocks came from
 * its heap and stayed there once freed (RSS that never went back; README, Performance), plus the copies.
 * So arrays of different element sizes grow to different lengths: parallel arrays are indexed up to
 * the shortest one's length (each owner keeps that as its capacity).
 */
export function grow<T extends Int32Array | Uint8Array | Float64Array | Uint16Array>(
  array: T,
  need: number,
): T {
  if (array.length >= need) return array;
  let size = Math.max(array.length, 16);
  while (size < need) size *= 2;
  const bytes = size * array.BYTES_PER_ELEMENT;
  if (bytes >= MEDIUM_BYTES && bytes < LARGE_BYTES) size = LARGE_BYTES / array.BYTES_PER_ELEMENT;
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}

/**
 * A copy of `s` that does not keep the 1 MB chunk it was cut from alive: V8 makes substrings of 13
 * characters or more "sliced strings" that point into their parent. Shorter ones are copies already.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
