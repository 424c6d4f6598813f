import type { Config } from 'tailwindcss';

/**
 * Every colour is a CSS variable defined per theme in src/styles.css, so one class name
 * (`bg-surface`, `text-threshold-breach`, `bg-state-ready`) is right in light, dark and wallboard
 * themes without `dark:` variants scattered through components.
 */
const token = (name: string) => `var(--qd-${name})`;

/** Agent states of contract/agent.ts, as theme tokens; the agents issue maps state → full class strings. */
const agentStates = [
  'ready',
  'ringing',
  'on-queue-call',
  'on-other-call',
  'wrap-up',
  'not-ready',
  'break',
  'lunch',
  'offline',
  'logged-out',
  'unknown',
] as const;

export default {
  // The theme store sets data-theme on <html>; wallboard is a dark theme too.
  darkMode: [
    'variant',
    '&:where([data-theme=dark], [data-theme=dark] *, [data-theme=wallboard], [data-theme=wallboard] *)',
  ],
  theme: {
    extend: {
      colors: {
        canvas: token('canvas'),
        surface: {
          DEFAULT: token('surface'),
          muted: token('surface-muted'),
          raised: token('surface-raised'),
        },
        line: {
          DEFAULT: token('line'),
          strong: token('line-strong'),
        },
        fg: {
          DEFAULT: token('fg'),
          muted: token('fg-muted'),
          subtle: token('fg-subtle'),
        },
        accent: {
          DEFAULT: token('accent'),
          fg: token('accent-fg'),
          soft: token('accent-soft'),
          text: token('accent-text'),
        },
        focus: token('focus'),
        threshold: {
          ok: token('threshold-ok'),
          'ok-soft': token('threshold-ok-soft'),
          warn: token('threshold-warn'),
          'warn-soft': token('threshold-warn-soft'),
          breach: token('threshold-breach'),
          'breach-soft': token('threshold-breach-soft'),
        },
        state: Object.fromEntries(agentStates.map((s) => [s, token(`state-${s}`)])),
      },
      fontFamily: {
        sans: [
          'Inter',
          'ui-sans-serif',
          'system-ui',
          '-apple-system',
          'Segoe UI',
          'Roboto',
          'Helvetica Neue',
          'Arial',
          'sans-serif',
        ],
      },
      borderRadius: {
        card: '0.75rem',
      },
      boxShadow: {
        card: token('shadow-card'),
      },
    },
  },
} satisfies Config;
