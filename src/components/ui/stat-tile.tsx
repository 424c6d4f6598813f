import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';

export type StatTone = 'neutral' | 'ok' | 'warn' | 'breach' | 'muted';
export type StatSize = 'md' | 'lg';

const TONE_CLASSES: Record<StatTone, string> = {
  neutral: 'text-fg',
  muted: 'text-fg-subtle',
  ok: 'text-threshold-ok',
  warn: 'text-threshold-warn',
  breach: 'text-threshold-breach',
};

const SIZE_CLASSES: Record<StatSize, string> = {
  md: 'text-2xl',
  lg: 'text-4xl',
};

export interface StatTileProps {
  /** The `<dt>`; tests and screen readers find the value by this exact label. */
  label: string;
  /** The `<dd>`: only the formatted value, so its text equals what the API says. */
  value: ReactNode;
  size?: StatSize;
  tone?: StatTone;
  /** Extra words for the value (shown as a tooltip); kept out of the `<dd>` text. */
  title?: string | undefined;
  className?: string;
}

/** One term/value pair; render inside a `<dl>`. */
export function StatTile({
  label,
  value,
  size = 'md',
  tone = 'neutral',
  title,
  className,
}: StatTileProps) {
  return (
    <div className={cn('flex min-w-0 flex-col gap-1', className)}>
      <dt className="truncate text-xs font-medium text-fg-muted">{label}</dt>
      <dd
        title={title}
        className={cn(
          'font-semibold leading-none tabular-nums tracking-tight',
          SIZE_CLASSES[size],
          TONE_CLASSES[tone],
        )}
      >
        {value}
      </dd>
    </div>
  );
}
