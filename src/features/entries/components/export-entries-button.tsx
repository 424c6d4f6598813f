import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ProgressBar, shareOf } from '@/components/ui/progress-bar';
import { formatCount } from '@/lib/format';
import type { EntriesRequest } from '../lib/entries-search';
import {
  exportEntries,
  exportFileName,
  exportPaceMs,
  type ExportDeps,
  type ExportProgress,
} from '../lib/export-entries';

type ExportState =
  | { status: 'idle' }
  | { status: 'running'; progress: ExportProgress }
  | { status: 'done'; rows: number; fileName: string }
  | { status: 'cancelled'; rows: number }
  | { status: 'error'; message: string };

const START: ExportProgress = {
  pages: 0,
  rows: 0,
  totalPages: null,
  totalRows: null,
  waitingUntil: null,
};

/** Offers the chunks as one file through the browser's download; the chunks are never joined. */
function downloadChunks(fileName: string, chunks: readonly string[]): void {
  const url = URL.createObjectURL(new Blob([...chunks], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function minutes(ms: number): string {
  const m = Math.ceil(ms / 60_000);
  return m <= 1 ? 'about a minute' : `about ${formatCount(m)} minutes`;
}

export interface ExportEntriesButtonProps {
  /** The view's request: its filters and sort are exported; page and page size are not. */
  request: EntriesRequest;
  sourceId: string;
  sourceLabel: string;
  /** `health.budgetPerMinute` of the source from /api/v1/sources; null when it has none. */
  budgetPerMinute: number | null;
  /** For tests: the page fetch, sleep and clock of the walk. */
  deps?: Omit<ExportDeps, 'budgetPerMinute' | 'onProgress'>;
}

/**
 * "Export CSV": every page of the current filter into one file, with progress and a Cancel
 * button. Paced to half the source's budget, so the live views keep working meanwhile.
 */
export function ExportEntriesButton({
  request,
  sourceId,
  sourceLabel,
  budgetPerMinute,
  deps,
}: ExportEntriesButtonProps) {
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const [now, setNow] = useState(() => Date.now());

  // Leaving the page stops the export: no request goes out for a view nobody looks at.
  useEffect(() => () => controller.current?.abort(), []);

  const waitingUntil = state.status === 'running' ? state.progress.waitingUntil : null;
  useEffect(() => {
    if (waitingUntil === null) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [waitingUntil]);

  const start = async () => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    let rows = 0;
    setState({ status: 'running', progress: START });
    setNow(Date.now());
    try {
      const result = await exportEntries(request, c.signal, {
        ...deps,
        budgetPerMinute,
        onProgress: (progress) => {
          rows = progress.rows;
          if (!c.signal.aborted) setState({ status: 'running', progress });
        },
      });
      if (c.signal.aborted) return;
      const fileName = exportFileName(sourceId);
      downloadChunks(fileName, result.chunks);
      setState({ status: 'done', rows: result.rows, fileName });
    } catch (e) {
      if (c.signal.aborted) {
        setState({ status: 'cancelled', rows });
        return;
      }
      setState({ status: 'error', message: e instanceof Error ? e.message : 'The export failed.' });
    } finally {
      if (controller.current === c) controller.current = null;
    }
  };

  const cancel = () => controller.current?.abort();

  if (state.status !== 'running') {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" onClick={() => void start()}>
          Export CSV
        </Button>
        <p role="status" className="text-sm text-fg-muted">
          {state.status === 'done' &&
            `Exported ${formatCount(state.rows)} ${state.rows === 1 ? 'entry' : 'entries'} to ${state.fileName}.`}
          {state.status === 'cancelled' &&
            `Export cancelled after ${formatCount(state.rows)} rows; no file was saved.`}
        </p>
        {state.status === 'error' && (
          <p role="alert" className="text-sm text-threshold-breach">
            The export stopped: {state.message}
          </p>
        )}
      </div>
    );
  }

  const { pages, rows, totalPages } = state.progress;
  const percent = totalPages === null ? null : shareOf(pages, totalPages);
  const pace = exportPaceMs(budgetPerMinute);
  const done =
    totalPages === null
      ? `${formatCount(rows)} rows so far`
      : `Page ${formatCount(pages)} of ${formatCount(totalPages)} · ${formatCount(rows)} rows`;
  const eta =
    totalPages !== null && pace > 0 && totalPages > pages
      ? `, ${minutes((totalPages - pages) * pace)} left at ${sourceLabel}'s request budget`
      : '';
  const wait =
    waitingUntil !== null
      ? ` The source's budget is used up: asking again in ${Math.max(1, Math.ceil((waitingUntil - now) / 1000))} s.`
      : '';

  return (
    <div className="flex min-w-72 flex-col gap-1.5">
      <div className="flex items-center gap-3">
        <ProgressBar label="Export progress" valueText={done} percent={percent} className="w-56" />
        <Button variant="secondary" size="sm" onClick={cancel}>
          Cancel
        </Button>
      </div>
      <p role="status" className="text-sm tabular-nums text-fg-muted">
        Exporting: {done}
        {eta}.{wait}
      </p>
    </div>
  );
}
