/** Tiles per page at most: 3 × 2 stays readable from five metres at 1080p and 4K alike. */
export const TILES_PER_PAGE = 6;
/** Table rows per page at most. */
export const ROWS_PER_PAGE = 10;
/** How long each page stays before the next one rotates in. */
export const PAGE_MS = 15_000;

/** Columns × rows of the tile grid for `n` tiles on a landscape screen. */
export function tileGrid(n: number): { cols: number; rows: number } {
  if (n <= 1) return { cols: 1, rows: 1 };
  if (n <= 3) return { cols: n, rows: 1 };
  if (n === 4) return { cols: 2, rows: 2 };
  return { cols: 3, rows: 2 };
}

/** Splits `items` into pages of at most `size`, balanced so the last page is not a lone tile. */
export function paginate<T>(items: readonly T[], size: number): T[][] {
  if (items.length <= size) return [items.slice()];
  const pages = Math.ceil(items.length / size);
  const per = Math.ceil(items.length / pages);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += per) out.push(items.slice(i, i + per));
  return out;
}
