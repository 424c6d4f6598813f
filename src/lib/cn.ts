/** Joins class names, skipping falsy ones; class maps hold full strings so no merging is needed. */
export function cn(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(' ');
}
