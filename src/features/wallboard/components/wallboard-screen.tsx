import { useQuery } from '@tanstack/react-query';
import { useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { WallboardQueue, WallboardResponse } from '@contract/wallboard';
import { cn } from '@/lib/cn';
import { formatUpdatedAgo } from '@/lib/format';
import { useDocumentTitle } from '@/lib/use-document-title';
import {
  DisplayAccessError,
  WALLBOARD_POLL_MS,
  wallboardQueryOptions,
} from '../api/wallboard-queries';
import { usePrefersReducedMotion } from '../lib/motion';
import { PAGE_MS, paginate, ROWS_PER_PAGE, TILES_PER_PAGE, tileGrid } from '../lib/pages';
import { ClockOffsetContext, useServerNow } from '../lib/server-clock';
import { DisplayMessage } from './display-message';
import { QueueTable } from './queue-table';
import { QueueTile, StaleBadge } from './queue-tile';
import { sourceStatus } from './stale';
import { WallboardHeader } from './wallboard-header';
import '../wallboard.css';

const DENIAL_TEXT = {
  revoked: {
    title: 'This display was revoked',
    body: 'An administrator revoked this screen’s link. Ask for a new display link to show the wallboard here again.',
  },
  invalid: {
    title: 'This display link is not valid',
    body: 'Check the address, or ask an administrator for a new display link.',
  },
  forbidden: {
    title: 'This display cannot show the wallboard',
    body: 'Ask an administrator for a new display link.',
  },
} as const;

/** Rotates through `pageCount` pages every PAGE_MS; resets when the number of pages changes. */
function usePage(pageCount: number): number {
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (pageCount <= 1) return;
    const id = setInterval(() => setPage((p) => (p + 1) % pageCount), PAGE_MS);
    return () => clearInterval(id);
  }, [pageCount]);
  return pageCount <= 1 ? 0 : page % pageCount;
}

/** A clock offset that only moves when it moved by more than half a second, to spare re-renders. */
function useStableOffset(offset: number | undefined): number {
  const [stable, setStable] = useState(offset ?? 0);
  if (offset !== undefined && Math.abs(offset - stable) > 500) setStable(offset);
  return stable;
}

export interface WallboardScreenProps {
  /** A display's token, or null for the signed-in user's own wallboard. */
  token: string | null;
  /** Rendered in a corner for signed-in users (e.g. a link back to the app). */
  corner?: ReactNode;
}

/**
 * The full-screen wallboard for TVs: dark high-contrast theme, type sized by the viewport, a tile
 * (or a row) per queue with its thresholds, totals, the source's clock and the data's age. Once it
 * has numbers it never replaces them: failures show as stale badges until the next good poll.
 */
export function WallboardScreen({ token, corner }: WallboardScreenProps) {
  const query = useQuery(wallboardQueryOptions(token));
  const { data, error, isError } = query;
  const offset = useStableOffset(data?.clockOffsetMs);
  useDocumentTitle(data?.board.display?.name ?? 'Wallboard');

  if (error instanceof DisplayAccessError) {
    const text = DENIAL_TEXT[error.reason];
    return (
      <DisplayMessage title={text.title} alert>
        {text.body}
      </DisplayMessage>
    );
  }
  if (!data) {
    return (
      <DisplayMessage title={isError ? 'Waiting for the Queuedeck gateway…' : 'Connecting…'}>
        {isError ? 'The wallboard keeps trying and appears as soon as the gateway answers.' : null}
      </DisplayMessage>
    );
  }
  return (
    <ClockOffsetContext.Provider value={offset}>
      <Board board={data.board} failing={isError} lastOkAt={query.dataUpdatedAt} corner={corner} />
    </ClockOffsetContext.Provider>
  );
}

function Board({
  board,
  failing,
  lastOkAt,
  corner,
}: {
  board: WallboardResponse;
  failing: boolean;
  lastOkAt: number;
  corner?: ReactNode;
}) {
  const serverNow = useServerNow(1000);
  const offset = useContext(ClockOffsetContext);
  const reducedMotion = usePrefersReducedMotion();
  // Our own polling counts too: no good answer for two polls is stale, whatever the gateway said.
  const clientFailing = failing || serverNow - offset - lastOkAt > 2 * WALLBOARD_POLL_MS + 500;

  const statuses = useMemo(() => {
    const m = new Map<string, ReturnType<typeof sourceStatus>>();
    for (const f of board.freshness) {
      const source = board.sources.find((s) => s.id === f.sourceId);
      m.set(f.sourceId, sourceStatus(f, source, serverNow, WALLBOARD_POLL_MS, clientFailing));
    }
    return m;
  }, [board.freshness, board.sources, serverNow, clientFailing]);

  // Stale markers are keyed by a string so tiles re-render only when their staleness changes.
  const staleKey = [...statuses].map(([id, s]) => `${id}:${s.state}:${s.reason ?? ''}`).join('|');
  const staleBySource = useMemo(() => {
    const m = new Map<string, { reason: string | null }>();
    for (const part of staleKey.split('|')) {
      const [id, state, ...reason] = part.split(':');
      if (id && state === 'stale') m.set(id, { reason: reason.join(':') || null });
    }
    return m;
  }, [staleKey]);
  const staleOf = (q: WallboardQueue) => staleBySource.get(q.sourceId) ?? null;

  const size = board.layout === 'table' ? ROWS_PER_PAGE : TILES_PER_PAGE;
  const pages = useMemo(() => paginate(board.queues, size), [board.queues, size]);
  const page = usePage(pages.length);
  const shown = pages[page] ?? [];
  const grid = tileGrid(shown.length);

  return (
    <div
      data-theme="wallboard"
      className="wb-root fixed inset-0 flex flex-col wb-gap wb-pad overflow-hidden bg-canvas font-sans text-fg"
    >
      <WallboardHeader
        title={board.display?.name ?? 'Wallboard'}
        totals={board.totals}
        timeZone={board.timeZone}
      />
      <main className="flex min-h-0 flex-1 flex-col">
        {board.queues.length === 0 ? (
          <p className="wb-title m-auto text-fg-muted">No queues to show yet.</p>
        ) : board.layout === 'table' ? (
          <QueueTable queues={shown} staleOf={staleOf} reducedMotion={reducedMotion} />
        ) : (
          <div
            className="grid min-h-0 flex-1 wb-gap"
            style={{
              gridTemplateColumns: `repeat(${grid.cols}, minmax(0, 1fr))`,
              gridTemplateRows: `repeat(${grid.rows}, minmax(0, 1fr))`,
            }}
          >
            {shown.map((q) => (
              <QueueTile
                key={q.id}
                queue={q}
                sourceLabel={board.sources.length > 1 ? board.sources.find((s) => s.id === q.sourceId)?.label : undefined}
                stale={staleOf(q)}
                reducedMotion={reducedMotion}
              />
            ))}
          </div>
        )}
      </main>
      <footer className="wb-small flex items-center justify-between wb-gap text-fg-muted">
        <ul aria-label="Data freshness" className="flex min-w-0 flex-wrap items-center gap-x-[2vw] gap-y-[0.5vh]">
          {board.freshness.map((f) => {
            const s = statuses.get(f.sourceId);
            const label = board.sources.find((x) => x.id === f.sourceId)?.label ?? f.sourceId;
            return (
              <li key={f.sourceId} className="flex items-center gap-[0.5em]">
                <span className="font-semibold text-fg">{label}</span>
                <span className="tabular-nums">
                  {s?.state === 'pending' && s.ageMs === null ? 'waiting for first update' : formatUpdatedAgo(s?.ageMs ?? null)}
                </span>
                {s?.state === 'stale' && <StaleBadge reason={s.reason} />}
              </li>
            );
          })}
        </ul>
        <div className="flex shrink-0 items-center gap-[1vw]">
          {pages.length > 1 && (
            <span className="flex items-center gap-[0.4em]" aria-label={`Page ${page + 1} of ${pages.length}`} role="status">
              {pages.map((_, i) => (
                <span
                  key={i}
                  aria-hidden="true"
                  className={cn('inline-block size-[0.7em] rounded-full', i === page ? 'bg-fg' : 'bg-line-strong')}
                />
              ))}
              <span aria-hidden="true" className="tabular-nums">
                {page + 1}/{pages.length}
              </span>
            </span>
          )}
          {corner}
        </div>
      </footer>
    </div>
  );
}
