import { memo, useId, useState, type FormEvent } from 'react';
import type { QueueThresholds } from '@contract/wallboard';
import { Button } from '@/components/ui/button';
import { isApiError } from '@/lib/api-client';
import { useSaveThresholds, type ThresholdQueue } from '../api/displays-queries';

type Key = `${'waiting' | 'longestWaitSeconds' | 'serviceLevel'}.${'warn' | 'critical'}`;

const FIELDS: Array<{ key: Key; label: string; unit: string }> = [
  { key: 'waiting.warn', label: 'Waiting: warn at', unit: 'calls' },
  { key: 'waiting.critical', label: 'Waiting: critical at', unit: 'calls' },
  { key: 'longestWaitSeconds.warn', label: 'Longest wait: warn at', unit: 's' },
  { key: 'longestWaitSeconds.critical', label: 'Longest wait: critical at', unit: 's' },
  { key: 'serviceLevel.warn', label: 'Service level: warn below', unit: '%' },
  { key: 'serviceLevel.critical', label: 'Service level: critical below', unit: '%' },
];

const read = (t: QueueThresholds, key: Key): number => {
  const [group, level] = key.split('.') as [keyof QueueThresholds, 'warn' | 'critical'];
  return t[group][level];
};

function toThresholds(values: Record<Key, string>): QueueThresholds {
  const n = (k: Key) => (values[k].trim() === '' ? Number.NaN : Number(values[k]));
  return {
    waiting: { warn: n('waiting.warn'), critical: n('waiting.critical') },
    longestWaitSeconds: { warn: n('longestWaitSeconds.warn'), critical: n('longestWaitSeconds.critical') },
    serviceLevel: { warn: n('serviceLevel.warn'), critical: n('serviceLevel.critical') },
  };
}

/** One queue's six levels with a Save button; the gateway's field errors show under each input. */
const ThresholdRow = memo(function ThresholdRow({ queue }: { queue: ThresholdQueue }) {
  const save = useSaveThresholds();
  const [values, setValues] = useState<Record<Key, string>>(
    () => Object.fromEntries(FIELDS.map((f) => [f.key, String(read(queue.thresholds, f.key))])) as Record<Key, string>,
  );
  const baseId = useId();
  const fields = isApiError(save.error) ? save.error.fields : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ queueId: queue.id, thresholds: toThresholds(values) });
  };
  return (
    <form
      onSubmit={submit}
      aria-label={`Thresholds of ${queue.name}`}
      className="flex flex-col gap-2 border-t border-line py-4 first:border-t-0"
      noValidate
    >
      <div className="flex flex-wrap items-baseline gap-2">
        <h3 className="text-sm font-semibold text-fg">{queue.name}</h3>
        <span className="text-xs text-fg-muted">{queue.sourceLabel}</span>
      </div>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
        {FIELDS.map((f) => {
          const id = `${baseId}-${f.key}`;
          const err = fields?.[f.key] ?? fields?.[f.key.split('.')[0]!];
          return (
            <div key={f.key} className="flex min-w-0 flex-col justify-end gap-1">
              <label htmlFor={id} className="text-xs font-medium text-fg-muted">
                {f.label} ({f.unit})
              </label>
              <input
                id={id}
                type="number"
                inputMode="decimal"
                min={0}
                value={values[f.key]}
                onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
                aria-invalid={err ? true : undefined}
                aria-describedby={err ? `${id}-err` : undefined}
                className="h-9 w-full rounded-lg border border-line-strong bg-surface px-3 text-sm tabular-nums text-fg"
              />
              {err && (
                <p id={`${id}-err`} className="text-xs font-medium text-threshold-breach">
                  {err.charAt(0).toUpperCase() + err.slice(1)}
                </p>
              )}
            </div>
          );
        })}
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" variant="secondary" pending={save.isPending}>
          Save thresholds
        </Button>
        {save.isError && !fields && (
          <p role="alert" className="text-xs text-threshold-breach">
            {save.error.message}
          </p>
        )}
      </div>
    </form>
  );
});

/** Per-queue alert levels of the wallboard, editable by admins. */
export function ThresholdsEditor({ queues }: { queues: readonly ThresholdQueue[] | undefined }) {
  if (!queues) return <p className="text-sm text-fg-muted">Loading queues…</p>;
  if (queues.length === 0) return <p className="text-sm text-fg-muted">No queues reported yet.</p>;
  return (
    <div className="flex flex-col">
      {queues.map((q) => (
        <ThresholdRow key={q.id} queue={q} />
      ))}
    </div>
  );
}
