import type { HTMLAttributes } from 'react';
import { cn } from '@/lib/cn';

export type BadgeTone = 'neutral' | 'ok' | 'warn' | 'breach' | 'accent';

/** Full class strings per tone, so Tailwind sees every class and themes swap them via tokens. */
const TONE_CLASSES: Record<BadgeTone, string> = {
  neutral: 'bg-surface-muted text-fg-muted ring-line-strong',
  ok: 'bg-threshold-ok-soft text-threshold-ok ring-threshold-ok/40',
  warn: 'bg-threshold-warn-soft text-threshold-warn ring-threshold-warn/40',
  breach: 'bg-threshold-breach-soft text-threshold-breach ring-threshold-breach/40',
  accent: 'bg-accent-soft text-accent-text ring-accent/40',
};

const DOT_CLASSES: Record<BadgeTone, string> = {
  neutral: 'bg-fg-subtle',
  ok: 'bg-threshold-ok',
  warn: 'bg-threshold-warn',
  breach: 'bg-threshold-breach',
  accent: 'bg-accent',
};

export interface StatusBadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: BadgeTone;
  /** A leading dot; the text still carries the meaning, the colour only repeats it. */
  dot?: boolean;
}

/** A small pill naming a status ("Stale", "Over target"). */
export function StatusBadge({
  tone = 'neutral',
  dot = true,
  className,
  children,
  ...props
}: StatusBadgeProps) {
  return (
    <span
      className={cn(
        'inline-flex shrink-0 items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset',
        TONE_CLASSES[tone],
        className,
      )}
      {...props}
    >
      {dot && (
        <span aria-hidden="true" className={cn('size-1.5 rounded-full', DOT_CLASSES[tone])} />
      )}
      {children}
    </span>
  );
}
