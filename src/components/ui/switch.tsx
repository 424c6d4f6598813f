import { cn } from '@/lib/cn';
import { Spinner } from './spinner';

export interface SwitchProps {
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  /** The accessible name; the switch has no visible text of its own. */
  label: string;
  /** Shows a spinner in the thumb, disables the switch and marks it busy. */
  pending?: boolean;
  disabled?: boolean;
  className?: string;
}

/** An on/off switch (`role="switch"`): Space or Enter toggles it. */
export function Switch({
  checked,
  onCheckedChange,
  label,
  pending = false,
  disabled = false,
  className,
}: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      aria-busy={pending || undefined}
      disabled={disabled || pending}
      onClick={() => onCheckedChange(!checked)}
      className={cn(
        'relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors duration-150 disabled:cursor-not-allowed disabled:opacity-60',
        // Off uses fg-subtle, not a line colour: the track itself must reach 3:1 against the card.
        checked ? 'bg-accent' : 'bg-fg-subtle',
        className,
      )}
    >
      <span
        aria-hidden="true"
        className={cn(
          'inline-flex size-5 items-center justify-center rounded-full bg-surface text-fg-muted shadow transition-transform duration-150 motion-reduce:transition-none',
          checked ? 'translate-x-[1.375rem]' : 'translate-x-0.5',
        )}
      >
        {pending && <Spinner size="sm" decorative className="size-3.5" />}
      </span>
    </button>
  );
}
