import { useId } from 'react';

const inputClasses =
  'h-9 min-w-0 flex-1 rounded-lg border border-line-strong bg-surface px-2 text-sm text-fg [color-scheme:inherit]';

export interface DateRangeFieldProps {
  /** "Created", "Scheduled"…; each input is named "<label> from" / "<label> to". */
  label: string;
  from: string | undefined;
  to: string | undefined;
  onChange: (range: { from: string | undefined; to: string | undefined }) => void;
  className?: string;
}

/** Two native date inputs, whole days in the browser's zone; "to" includes its whole day. */
export function DateRangeField({ label, from, to, onChange, className }: DateRangeFieldProps) {
  const id = useId();
  return (
    <fieldset className={className ?? 'flex min-w-0 flex-col gap-1'}>
      <legend className="mb-1 text-xs font-medium text-fg-muted">{label}</legend>
      <div className="flex items-center gap-1.5">
        <label htmlFor={`${id}-from`} className="sr-only">
          {label} from
        </label>
        <input
          id={`${id}-from`}
          type="date"
          value={from ?? ''}
          max={to}
          onChange={(e) => onChange({ from: e.target.value || undefined, to })}
          className={inputClasses}
        />
        <span aria-hidden="true" className="text-fg-muted">
          –
        </span>
        <label htmlFor={`${id}-to`} className="sr-only">
          {label} to
        </label>
        <input
          id={`${id}-to`}
          type="date"
          value={to ?? ''}
          min={from}
          onChange={(e) => onChange({ from, to: e.target.value || undefined })}
          className={inputClasses}
        />
      </div>
    </fieldset>
  );
}
