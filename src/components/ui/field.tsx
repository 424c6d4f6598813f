import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { cn } from '@/lib/cn';
import { ChevronDownIcon, SearchIcon } from './icons';

const controlClasses =
  'h-9 w-full rounded-lg border border-line-strong bg-surface text-sm text-fg placeholder:text-fg-subtle disabled:opacity-60';

interface FieldShellProps {
  label: string;
  /** Keep the label for screen readers only, where the context already names the control. */
  hideLabel?: boolean;
  className?: string;
  children: (id: string) => ReactNode;
}

function FieldShell({ label, hideLabel = false, className, children }: FieldShellProps) {
  const id = useId();
  return (
    <div className={cn('flex min-w-0 flex-col gap-1', className)}>
      <label
        htmlFor={id}
        className={hideLabel ? 'sr-only' : 'text-xs font-medium text-fg-muted'}
      >
        {label}
      </label>
      {children(id)}
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps
  extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value' | 'id'> {
  label: string;
  hideLabel?: boolean;
  value: string;
  onValueChange: (value: string) => void;
  options: readonly SelectOption[];
  className?: string;
}

/** A labelled native select: keyboard, screen reader and touch behaviour for free. */
export function SelectField({
  label,
  hideLabel,
  value,
  onValueChange,
  options,
  className,
  ...props
}: SelectFieldProps) {
  return (
    <FieldShell label={label} hideLabel={hideLabel} className={className}>
      {(id) => (
        <div className="relative">
          <select
            id={id}
            value={value}
            onChange={(e) => onValueChange(e.target.value)}
            className={cn(controlClasses, 'appearance-none pl-3 pr-8')}
            {...props}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <ChevronDownIcon className="pointer-events-none absolute right-2.5 top-1/2 -translate-y-1/2 text-fg-muted" />
        </div>
      )}
    </FieldShell>
  );
}

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hideLabel?: boolean;
  /** A magnifier inside the field, for search boxes. */
  search?: boolean;
  className?: string;
}

/** A labelled text input. */
export function TextField({ label, hideLabel, search = false, className, ...props }: TextFieldProps) {
  return (
    <FieldShell label={label} hideLabel={hideLabel} className={className}>
      {(id) => (
        <div className="relative">
          {search && (
            <SearchIcon className="pointer-events-none absolute left-2.5 top-1/2 -translate-y-1/2 text-fg-muted" />
          )}
          <input
            id={id}
            type={search ? 'search' : 'text'}
            className={cn(controlClasses, search ? 'pl-8 pr-3' : 'px-3')}
            {...props}
          />
        </div>
      )}
    </FieldShell>
  );
}
