/**
 * Iqra ids are MongoDB ObjectIds (24 hex: 4-byte seconds, then process-unique bytes, then a
 * counter). We keep that layout and put the row id in the counter bytes, so a queue id resolves to
 * its row without a second index over a million strings.
 */

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

export function objectId(epochMs: number, machine: number, counter: number): string {
  return hex8(Math.floor(epochMs / 1000)) + hex8(machine) + hex8(counter);
}

export function parseObjectId(
  id: string,
): { seconds: number; machine: number; counter: number } | null {
  if (!/^[0-9a-f]{24}$/.test(id)) return null;
  return {
    seconds: parseInt(id.slice(0, 8), 16),
    machine: parseInt(id.slice(8, 16), 16),
    counter: parseInt(id.slice(16, 24), 16),
  };
}
