import { useId, type ReactNode } from 'react';
import { SelectField, TextField, type SelectFieldProps, type TextFieldProps } from '@/components/ui/field';
import { AlertIcon } from '@/components/ui/icons';

/** A field's error from the gateway, shown beside the field and read with it. */
export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="flex items-start gap-1 text-xs font-medium text-threshold-breach">
      <AlertIcon className="mt-px shrink-0" />
      <span>{children}</span>
    </p>
  );
}

/** "must be at least 12 characters" → "Must be at least 12 characters." */
export function sentence(message: string): string {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** A TextField with its error (if any) beneath it, tied to the input by aria-describedby. */
export function TextInput({ error, className, ...props }: TextFieldProps & { error?: string | undefined }) {
  const errorId = useId();
  return (
    <div className={className ?? 'flex flex-col gap-1'}>
      <TextField
        {...props}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error && <FieldError id={errorId}>{sentence(error)}</FieldError>}
    </div>
  );
}

/** A SelectField with its error (if any) beneath it. */
export function SelectInput({ error, className, ...props }: SelectFieldProps & { error?: string | undefined }) {
  const errorId = useId();
  return (
    <div className={className ?? 'flex flex-col gap-1'}>
      <SelectField
        {...props}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error && <FieldError id={errorId}>{sentence(error)}</FieldError>}
    </div>
  );
}
