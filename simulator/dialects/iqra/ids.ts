/** ObjectId layout for ids the Iqra dialect mints itself (session ids). */
export function objectIdOf(epochMs: number, machine: number, counter: number): string {
  const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return hex8(Math.floor(epochMs / 1000)) + hex8(machine) + hex8(counter);
}
