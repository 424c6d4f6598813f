import { useCallback, useEffect, useRef, useState } from 'react';
import type { Cdr, CdrsPage } from '@contract/cdr';
import type { CdrsRequest } from './reports-search';

export type ExportState =
  | { status: 'idle' }
  | { status: 'running'; fetched: number; total: number | null }
  | { status: 'done'; count: number }
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

export const EXPORT_PAGE_SIZE = 100;

/**
 * Reads every page of the current filter one after another (the gateway pages from its cache),
 * reporting progress; cancel stops before the next page. `onDone` gets all records.
 */
export function useCdrExport(
  fetchPage: (request: CdrsRequest, signal: AbortSignal) => Promise<CdrsPage>,
  onDone: (cdrs: Cdr[]) => void,
) {
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (request: CdrsRequest) => {
      controller.current?.abort();
      const c = new AbortController();
      controller.current = c;
      const all: Cdr[] = [];
      setState({ status: 'running', fetched: 0, total: null });
      try {
        for (let page = 1; ; page++) {
          const answer = await fetchPage(
            { ...request, page, pageSize: EXPORT_PAGE_SIZE },
            c.signal,
          );
          if (c.signal.aborted) return;
          all.push(...answer.items);
          setState({ status: 'running', fetched: all.length, total: answer.total });
          if (!answer.hasNextPage || answer.items.length === 0) break;
        }
        onDone(all);
        setState({ status: 'done', count: all.length });
      } catch (e) {
        if (c.signal.aborted) return;
        setState({
          status: 'error',
          message: e instanceof Error ? e.message : 'The export failed.',
        });
      } finally {
        if (controller.current === c) controller.current = null;
      }
    },
    [fetchPage, onDone],
  );

  const cancel = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setState({ status: 'cancelled' });
  }, []);

  return { state, start, cancel };
}
