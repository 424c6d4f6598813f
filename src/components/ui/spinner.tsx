import { cn } from '@/lib/cn';

const SIZE_CLASSES = { sm: 'size-4', md: 'size-6', lg: 'size-8' } as const;

export interface SpinnerProps {
  size?: keyof typeof SIZE_CLASSES;
  /** Announced to screen readers; ignored when `decorative`. */
  label?: string;
  /** Inside a control that already says it is busy, the spinner must not be announced twice. */
  decorative?: boolean;
  className?: string;
}

/** A quiet loading indicator; it stops spinning for users who prefer reduced motion. */
export function Spinner({
  size = 'md',
  label = 'Loading',
  decorative = false,
  className,
}: SpinnerProps) {
  const svg = (
    <svg
      viewBox="0 0 24 24"
      className={cn('animate-spin motion-reduce:animate-none', SIZE_CLASSES[size], className)}
      aria-hidden="true"
      focusable="false"
    >
      <circle
        cx="12"
        cy="12"
        r="9"
        fill="none"
        stroke="currentColor"
        strokeOpacity="0.2"
        strokeWidth="3"
      />
      <path
        d="M21 12a9 9 0 0 0-9-9"
        fill="none"
        stroke="currentColor"
        strokeWidth="3"
        strokeLinecap="round"
      />
    </svg>
  );
  if (decorative) return svg;
  return (
    <span role="status" className="inline-flex items-center gap-2 text-fg-muted">
      {svg}
      <span className="sr-only">{label}</span>
    </span>
  );
}
