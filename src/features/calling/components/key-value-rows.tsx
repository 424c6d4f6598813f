import { Button } from '@/components/ui/button';
import { CloseIcon } from '@/components/ui/icons';
import { cn } from '@/lib/cn';
import { emptyRow, KEY_MAX, VALUE_MAX, type KeyValueRow } from '../lib/key-values';
import { inputClasses } from './form-field';

export interface KeyValueRowsProps {
  /** "Dynamic variables", "Metadata". */
  label: string;
  /** The singular for buttons and labels: "variable", "metadata value". */
  noun: string;
  rows: KeyValueRow[];
  onChange: (rows: KeyValueRow[]) => void;
  errors: Record<string, string>;
  /** An error of the whole list (from the gateway). */
  error?: string | undefined;
}

/** Editable name/value pairs with add and remove. */
export function KeyValueRows({
  label,
  noun,
  rows,
  onChange,
  errors,
  error: listError,
}: KeyValueRowsProps) {
  const update = (id: string, patch: Partial<KeyValueRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-xs font-medium text-fg-muted">
        {label} <span className="font-normal text-fg-subtle">(optional)</span>
      </legend>
      {listError && <p className="text-xs font-medium text-threshold-breach">{listError}</p>}
      {rows.map((row, i) => {
        const error = errors[row.id];
        const errorId = `${row.id}-error`;
        return (
          <div key={row.id} className="flex flex-col gap-1">
            <div className="grid grid-cols-[2fr_3fr_auto] items-center gap-2">
              <input
                aria-label={`${label} ${i + 1}: name`}
                placeholder="Name"
                value={row.key}
                maxLength={KEY_MAX}
                onChange={(e) => update(row.id, { key: e.target.value })}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                className={cn(inputClasses, 'min-w-0')}
              />
              <input
                aria-label={`${label} ${i + 1}: value`}
                placeholder="Value"
                value={row.value}
                maxLength={VALUE_MAX}
                onChange={(e) => update(row.id, { value: e.target.value })}
                className={cn(inputClasses, 'min-w-0')}
              />
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Remove ${noun} ${i + 1}`}
                onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
              >
                <CloseIcon />
              </Button>
            </div>
            {error && (
              <p id={errorId} className="text-xs font-medium text-threshold-breach">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <div>
        <Button variant="secondary" size="xs" onClick={() => onChange([...rows, emptyRow()])}>
          Add {noun}
        </Button>
      </div>
    </fieldset>
  );
}
