import { useNow } from '@/lib/time';
import { browserTimeZone, dateToLocal, formatUtc, localToDate } from '../lib/schedule';
import { FormField, inputClasses } from './form-field';

export interface ScheduleFieldProps {
  value: string;
  onChange: (value: string) => void;
  required: boolean;
  /** The source's own zone, shown when it differs from the browser's. */
  sourceTimeZone?: string | undefined;
  error?: string | undefined;
}

const zoneTimeFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });

/**
 * A date and time in the browser's zone, with the zone named and the UTC equivalent shown, so
 * nobody has to guess which 14:30 is meant.
 */
export function ScheduleField({
  value,
  onChange,
  required,
  sourceTimeZone,
  error,
}: ScheduleFieldProps) {
  const zone = browserTimeZone();
  const now = useNow(30_000);
  const at = value ? localToDate(value) : null;
  let sourceLine: string | null = null;
  if (at && sourceTimeZone && sourceTimeZone !== zone) {
    try {
      sourceLine = `${zoneTimeFormat(sourceTimeZone).format(at)} in the source’s zone (${sourceTimeZone})`;
    } catch {
      sourceLine = null;
    }
  }
  return (
    <FormField
      label="Schedule time"
      tag={required ? undefined : 'optional, empty means now'}
      required={required}
      error={error}
      hint={
        <>
          Your time zone: <span className="font-medium text-fg">{zone}</span>
          {at ? (
            <>
              {' '}
              · <span className="tabular-nums">{formatUtc(at)}</span>
              {sourceLine && <> · {sourceLine}</>}
            </>
          ) : null}
        </>
      }
    >
      {(p) => (
        <input
          {...p}
          type="datetime-local"
          value={value}
          min={dateToLocal(new Date(now))}
          onChange={(e) => onChange(e.target.value)}
          className={`${inputClasses} max-w-xs tabular-nums`}
        />
      )}
    </FormField>
  );
}
