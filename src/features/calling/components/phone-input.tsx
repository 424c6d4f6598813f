import { useId, useMemo } from 'react';
import { ChevronDownIcon } from '@/components/ui/icons';
import { cn } from '@/lib/cn';
import { countryName, listCountries, readPhone, type CountryCode } from '../lib/phone';
import { inputClasses } from './form-field';

export interface PhoneInputProps {
  label: string;
  country: CountryCode | undefined;
  value: string;
  onCountryChange: (country: CountryCode) => void;
  onValueChange: (value: string) => void;
  /** What is wrong with the number (after a submit, or from the vendor). */
  error?: string | undefined;
}

/**
 * A country select and a number field. A number pasted with `+` (or `00`) is read as international
 * whatever the country; the E.164 form and validity are shown live under the field.
 */
export function PhoneInput({
  label,
  country,
  value,
  onCountryChange,
  onValueChange,
  error,
}: PhoneInputProps) {
  const id = useId();
  const countries = useMemo(() => listCountries(), []);
  const reading = readPhone(value, country);
  const statusId = `${id}-status`;
  const errorId = `${id}-error`;
  return (
    <fieldset className="flex min-w-0 flex-col gap-1">
      <legend className="mb-1 text-xs font-medium text-fg-muted">{label}</legend>
      <div className="flex gap-2">
        <div className="relative w-40 shrink-0">
          <label htmlFor={`${id}-country`} className="sr-only">
            Country
          </label>
          <select
            id={`${id}-country`}
            value={country ?? ''}
            onChange={(e) => onCountryChange(e.target.value as CountryCode)}
            className={cn(inputClasses, 'appearance-none pr-8')}
          >
            {countries.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          <ChevronDownIcon className="pointer-events-none absolute right-2.5 top-1/2 -translate-y-1/2 text-fg-muted" />
        </div>
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-number`} className="sr-only">
            Phone number
          </label>
          <input
            id={`${id}-number`}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            placeholder="Number, or paste +E.164"
            value={value}
            onChange={(e) => onValueChange(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={[error ? errorId : null, statusId].filter(Boolean).join(' ')}
            aria-required
            className={cn(inputClasses, 'tabular-nums')}
          />
        </div>
      </div>
      {error && (
        <p id={errorId} className="text-xs font-medium text-threshold-breach">
          {error}
        </p>
      )}
      <p id={statusId} className="text-xs text-fg-muted" aria-live="polite">
        {!value.trim() ? (
          'Choose the country and type the national number, or paste a number starting with +.'
        ) : reading.valid ? (
          <>
            <span className="font-medium text-threshold-ok">Valid</span> ·{' '}
            <span className="tabular-nums text-fg">{reading.formatted}</span>
            {reading.country && <> · {countryName(reading.country)}</>} · sent as{' '}
            <code className="tabular-nums">{reading.e164}</code>
          </>
        ) : (
          <>
            <span className="font-medium text-threshold-warn">Not valid yet</span>
            {reading.formatted && (
              <>
                {' '}
                · <span className="tabular-nums">{reading.formatted}</span>
              </>
            )}
            {reading.problem && <> · {reading.problem}</>}
          </>
        )}
      </p>
    </fieldset>
  );
}
