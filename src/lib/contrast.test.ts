import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Keeps the theme tokens in styles.css at WCAG AA: every pair below carries text somewhere
 * (badge text on its soft background, muted text on cards, the primary button…).
 */
const css = readFileSync(join(import.meta.dirname, '..', 'styles.css'), 'utf8');

function tokens(theme: string): Record<string, string> {
  const block = new RegExp(`\\[data-theme='${theme}'\\]\\s*\\{([^}]*)\\}`).exec(css)?.[1];
  if (!block) throw new Error(`No ${theme} block in styles.css`);
  return Object.fromEntries(
    [...block.matchAll(/--qd-([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]),
  );
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const TEXT_PAIRS: Array<[fg: string, bg: string]> = [
  ['fg', 'canvas'],
  ['fg', 'surface'],
  ['fg', 'surface-muted'],
  ['fg-muted', 'canvas'],
  ['fg-muted', 'surface'],
  ['fg-muted', 'surface-muted'],
  ['fg-subtle', 'surface'],
  ['fg-subtle', 'canvas'],
  ['accent-fg', 'accent'],
  ['accent-text', 'accent-soft'],
  ['accent-text', 'surface'],
  ['threshold-ok', 'surface'],
  ['threshold-ok', 'threshold-ok-soft'],
  ['threshold-warn', 'surface'],
  ['threshold-warn', 'threshold-warn-soft'],
  ['threshold-breach', 'surface'],
  ['threshold-breach', 'threshold-breach-soft'],
  ['fg', 'threshold-warn-soft'],
];

describe.each(['light', 'dark', 'wallboard'])('%s theme', (theme) => {
  const t = tokens(theme);
  it.each(TEXT_PAIRS)('%s on %s meets AA (4.5:1)', (fg, bg) => {
    expect(t[fg], fg).toBeDefined();
    expect(t[bg], bg).toBeDefined();
    expect(contrast(t[fg]!, t[bg]!)).toBeGreaterThanOrEqual(4.5);
  });
});
