import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState, useSyncExternalStore, type ChangeEvent } from 'react';
import type { Source } from '@contract/source';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ProgressBar, shareOf } from '@/components/ui/progress-bar';
import { downloadText } from '@/lib/download';
import { formatCount } from '@/lib/format';
import { useCallingActions, useLastUsed } from '../calling-store';
import { placeCall } from '../api/place-call';
import { COLUMNS, parseBulkCsv, rowKey, templateCsv, type BulkFile } from '../lib/bulk-csv';
import { BulkRunner, paceMs, type ReportRow, type RunState } from '../lib/bulk-runner';
import { kindOf } from '../lib/entry-link';
import { guessCountry, isCountry, listCountries, type CountryCode } from '../lib/phone';
import { reportCsv } from '../lib/report-csv';
import { inputClasses } from './form-field';
import { BulkPreview, BulkReport } from './bulk-tables';

export interface BulkUploadProps {
  sources: readonly Source[];
  affectedQueryKeys?: readonly QueryKey[];
}

const IDLE: RunState = {
  status: 'ready',
  total: 0,
  done: 0,
  results: [],
  waitUntil: null,
  note: null,
};
const noop = () => () => {};

/** Reads a runner's state into React; the idle state while there is none. */
function useRunState(runner: BulkRunner | null): RunState {
  return useSyncExternalStore(runner?.subscribe ?? noop, runner?.getState ?? (() => IDLE));
}

/** "2 min", "45 s": roughly how long the run takes at the source's pace. */
function roughDuration(ms: number): string {
  if (ms < 90_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/**
 * Bulk placement from a CSV: the file is checked row by row in the browser, the valid rows are sent
 * one after another within the source's budget, and the run can pause and resume. Each row's
 * Idempotency-Key is derived from the file, so uploading the same file again calls nobody twice.
 */
export function BulkUpload({ sources, affectedQueryKeys = [] }: BulkUploadProps) {
  const id = useId();
  const last = useLastUsed();
  const { remember } = useCallingActions();
  const queryClient = useQueryClient();
  const [sourceId, setSourceId] = useState(
    () => (sources.find((s) => s.id === last.sourceId) ?? sources[0])?.id ?? '',
  );
  const [country, setCountry] = useState<CountryCode>(() =>
    isCountry(last.country) ? last.country : guessCountry(),
  );
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [runner, setRunner] = useState<BulkRunner | null>(null);
  const run = useRunState(runner);
  const source = sources.find((s) => s.id === sourceId);
  const kind = kindOf(source);
  const busy = run.status === 'running' || run.status === 'waiting';

  const parsed: BulkFile | null = useMemo(
    () => (file && source ? parseBulkCsv(file.text, { kind, sourceId: source.id, country }) : null),
    [file, source, kind, country],
  );

  // Leaving the page stops the run; the row keys make a later re-upload safe.
  useEffect(() => () => runner?.pause(), [runner]);

  useEffect(() => {
    if (run.status !== 'done') return;
    for (const queryKey of affectedQueryKeys) void queryClient.invalidateQueries({ queryKey });
  }, [run.status, affectedQueryKeys, queryClient]);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    setRunner(null);
    setReadError(null);
    if (!chosen) return setFile(null);
    try {
      setFile({ name: chosen.name, text: await chosen.text() });
    } catch {
      setFile(null);
      setReadError('The file could not be read.');
    }
  };

  const start = () => {
    if (!parsed || !source || !file) return;
    if (!runner) {
      const text = file.text;
      const next = new BulkRunner(
        parsed.valid.map((r) => ({ row: r.row, number: r.number, request: r.request! })),
        parsed.invalid.map<ReportRow>((r) => ({
          row: r.row,
          number: r.number,
          outcome: 'invalid',
          entryIds: [],
          message: r.errors.join('; '),
        })),
        {
          send: (request, key, signal) => placeCall(request, key, signal),
          keyOf: (row) => rowKey(source.id, text, row),
          budgetPerMinute: source.health.budgetPerMinute,
        },
      );
      remember({ sourceId: source.id, country });
      setRunner(next);
      next.start();
    } else {
      runner.start();
    }
  };

  const budget = source?.health.budgetPerMinute ?? null;
  const pace = paceMs(budget);
  const percent = shareOf(run.done, run.total);
  const noun = kind === 'call' ? 'call' : 'callback';
  const validCount = parsed?.valid.length ?? 0;

  return (
    <Card as="section" aria-labelledby={`${id}-title`} className="flex flex-col gap-5 p-5">
      <div>
        <h2 id={`${id}-title`} className="text-base font-semibold text-fg">
          Bulk upload
        </h2>
        <p className="mt-1 text-sm text-fg-muted">
          Upload a CSV with a header row. Every row is checked before anything is sent; only valid
          rows are placed, one after another, within the source’s request budget.
        </p>
      </div>

      <div className="grid gap-4 sm:grid-cols-3">
        <Select
          label="Source"
          value={sourceId}
          disabled={busy}
          onChange={(v) => {
            setSourceId(v);
            setRunner(null);
          }}
          options={sources.map((s) => ({
            value: s.id,
            label: `${s.label} — ${s.capabilities.initiateCall ? 'outbound calls' : 'callbacks'}`,
          }))}
        />
        <Select
          label="Country of national numbers"
          value={country}
          disabled={busy}
          onChange={(v) => {
            setCountry(v as CountryCode);
            setRunner(null);
          }}
          options={listCountries()}
        />
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor={`${id}-file`} className="text-xs font-medium text-fg-muted">
            CSV file
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            disabled={busy}
            onChange={(e) => void onFile(e)}
            className="text-sm text-fg file:mr-3 file:h-9 file:rounded-lg file:border file:border-line-strong file:bg-surface file:px-3 file:text-sm file:font-medium file:text-fg hover:file:bg-surface-muted"
          />
        </div>
      </div>

      <details className="rounded-lg border border-line bg-surface-muted/40 px-4 py-3 text-sm">
        <summary className="cursor-pointer font-medium text-fg">
          Columns for {source?.label ?? 'this source'}
        </summary>
        <table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">CSV columns</caption>
          <thead>
            <tr className="text-xs text-fg-muted">
              <th scope="col" className="py-1 pr-4 font-semibold">
                Column
              </th>
              <th scope="col" className="py-1 pr-4 font-semibold">
                Required
              </th>
              <th scope="col" className="py-1 font-semibold">
                What it holds
              </th>
            </tr>
          </thead>
          <tbody>
            {COLUMNS[kind].map((c) => (
              <tr key={c.name} className="border-t border-line align-top">
                <td className="py-1.5 pr-4">
                  <code>{c.name}</code>
                </td>
                <td className="py-1.5 pr-4">{c.required ? 'yes' : 'no'}</td>
                <td className="py-1.5 text-fg-muted">{c.help}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Button
          variant="secondary"
          size="sm"
          className="mt-3"
          onClick={() => downloadText(`queuedeck-${kind}s-template.csv`, templateCsv(kind))}
        >
          Download template
        </Button>
      </details>

      {readError && (
        <p role="alert" className="text-sm text-threshold-breach">
          {readError}
        </p>
      )}

      {parsed && file && (
        <div className="flex flex-col gap-4">
          <p className="text-sm text-fg" role="status">
            <span className="font-medium">{file.name}</span>: {formatCount(parsed.rows.length)} rows
            — <span className="font-medium text-threshold-ok">{formatCount(validCount)} ready</span>
            ,{' '}
            <span className={parsed.invalid.length > 0 ? 'font-medium text-threshold-breach' : ''}>
              {formatCount(parsed.invalid.length)} with problems
            </span>
          </p>
          {parsed.fileErrors.length > 0 && (
            <ul className="list-inside list-disc text-sm text-threshold-warn">
              {parsed.fileErrors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
          {run.status === 'ready' && <BulkPreview file={parsed} />}

          <div className="flex flex-col gap-3 rounded-lg border border-line p-4">
            <div className="flex flex-wrap items-center gap-3">
              {run.status === 'ready' || run.status === 'paused' ? (
                <Button onClick={start} disabled={validCount === 0}>
                  {run.status === 'paused'
                    ? 'Resume'
                    : `Place ${formatCount(validCount)} ${noun}${validCount === 1 ? '' : 's'}`}
                </Button>
              ) : busy ? (
                <Button variant="secondary" onClick={() => runner?.pause()}>
                  Pause
                </Button>
              ) : null}
              {run.status !== 'ready' && (
                <Button
                  variant="secondary"
                  disabled={busy}
                  onClick={() =>
                    runner &&
                    downloadText(
                      `${file.name.replace(/\.csv$/i, '')}-report.csv`,
                      reportCsv(runner.report()),
                    )
                  }
                >
                  Download report
                </Button>
              )}
              <span className="text-sm text-fg-muted">
                {budget
                  ? `${source?.label} allows ${budget} requests a minute: calls go out every ${(pace / 1000).toFixed(1)} s (about ${roughDuration(pace * validCount)} for all).`
                  : 'This source has no request budget: rows go out one after another.'}
              </span>
            </div>
            {run.status !== 'ready' && (
              <>
                <ProgressBar
                  label="Bulk progress"
                  percent={percent}
                  valueText={`${run.done} of ${run.total} sent`}
                  tone={run.status === 'done' ? 'ok' : 'accent'}
                />
                <p className="text-sm tabular-nums text-fg" aria-live="polite">
                  {formatCount(run.done)} of {formatCount(run.total)} sent
                  {run.status === 'paused' && ' — paused'}
                  {run.status === 'done' && ' — finished'}
                  {run.note && <span className="text-fg-muted"> · {run.note}</span>}
                </p>
              </>
            )}
          </div>
          {run.status !== 'ready' && <BulkReport rows={run.results} />}
        </div>
      )}
    </Card>
  );
}

function Select({
  label,
  value,
  onChange,
  options,
  disabled,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly { value: string; label: string }[];
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-fg-muted">
        {label}
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        className={inputClasses}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
