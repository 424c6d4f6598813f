import { useId, type ReactNode } from 'react';
import { cn } from '@/lib/cn';

export const inputClasses =
  'h-9 w-full rounded-lg border border-line-strong bg-surface px-3 text-sm text-fg placeholder:text-fg-subtle disabled:opacity-60 aria-[invalid=true]:border-threshold-breach';

export interface ControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
  'aria-required': boolean | undefined;
}

export interface FormFieldProps {
  label: string;
  /** Shown after the label, e.g. "optional". */
  tag?: string;
  required?: boolean;
  /** A hint under the control, read with it. */
  hint?: ReactNode;
  /** What is wrong, shown beside the control and read with it. */
  error?: string | undefined;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/** A label, a control, a hint and the control's error, wired for assistive technology. */
export function FormField({
  label,
  tag,
  required,
  hint,
  error,
  className,
  children,
}: FormFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('flex min-w-0 flex-col gap-1', className)}>
      <label htmlFor={id} className="text-xs font-medium text-fg-muted">
        {label}
        {tag && <span className="ml-1 font-normal text-fg-subtle">({tag})</span>}
      </label>
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
        'aria-required': required || undefined,
      })}
      {error && (
        <p id={errorId} className="text-xs font-medium text-threshold-breach">
          {error}
        </p>
      )}
      {hint && (
        <div id={hintId} className="text-xs text-fg-muted">
          {hint}
        </div>
      )}
    </div>
  );
}
