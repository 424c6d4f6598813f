import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Display } from '@contract/wallboard';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatAge } from '@/lib/format';
import { msSince, useNow } from '@/lib/time';
import { useDocumentTitle } from '@/lib/use-document-title';
import {
  displaysQueryOptions,
  thresholdQueuesQueryOptions,
  useDeleteDisplay,
  useRevokeDisplay,
  type ThresholdQueue,
} from '../api/displays-queries';
import { CreateDisplay } from './create-display';
import { ThresholdsEditor } from './thresholds-editor';

function LastSeen({ at }: { at: string | null }) {
  const now = useNow(10_000);
  const ms = msSince(at, now);
  return <>{ms === null ? 'never' : `${formatAge(ms)} ago`}</>;
}

function DisplayRow({ display, queueName }: { display: Display; queueName: (id: string) => string }) {
  const revoke = useRevokeDisplay();
  const remove = useDeleteDisplay();
  const [confirm, setConfirm] = useState<'revoke' | 'delete' | null>(null);
  const revoked = display.revokedAt !== null;
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 border-t border-line py-3 first:border-t-0">
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-semibold text-fg">{display.name}</span>
          {revoked ? (
            <StatusBadge tone="breach">Revoked</StatusBadge>
          ) : (
            <StatusBadge tone="ok">Active</StatusBadge>
          )}
          <span className="text-xs text-fg-muted">{display.layout === 'table' ? 'Table' : 'Tiles'}</span>
        </div>
        <p className="mt-1 text-xs text-fg-muted">
          {display.queueIds.map(queueName).join(', ')} · last seen <LastSeen at={display.lastSeenAt} />
        </p>
      </div>
      <div className="flex gap-2">
        {!revoked && (
          <Button variant="danger" size="sm" pending={revoke.isPending} onClick={() => setConfirm('revoke')}>
            Revoke
          </Button>
        )}
        <Button variant="ghost" size="sm" pending={remove.isPending} onClick={() => setConfirm('delete')}>
          Delete
        </Button>
      </div>
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={confirm === 'delete' ? `Delete “${display.name}”?` : `Revoke “${display.name}”?`}
        description={
          confirm === 'delete'
            ? 'The display leaves this list and its link stops working for good.'
            : 'Its screen shows “This display was revoked” within a couple of seconds. The link cannot be restored; create a new display instead.'
        }
        confirmLabel={confirm === 'delete' ? 'Delete display' : 'Revoke link'}
        onConfirm={() => (confirm === 'delete' ? remove.mutate(display.id) : revoke.mutate(display.id))}
      />
    </li>
  );
}

/**
 * Wallboard displays and thresholds (admins): create a named display for some queues and a layout,
 * copy its link once, revoke it; set each queue's warn and critical levels.
 */
export function DisplaysPage() {
  useDocumentTitle('Displays');
  const displays = useQuery(displaysQueryOptions());
  const queues = useQuery(thresholdQueuesQueryOptions());
  const names = new Map((queues.data ?? []).map((q: ThresholdQueue) => [q.id, q.name]));
  const queueName = (id: string) => names.get(id) ?? id;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Displays"
        description="Wallboard screens that need no sign-in: each has a read-only link you can revoke."
      />
      <CreateDisplay queues={queues.data} />
      <Card as="section" aria-labelledby="displays-heading" className="p-5">
        <h2 id="displays-heading" className="mb-2 text-base font-semibold text-fg">
          Displays
        </h2>
        {displays.data ? (
          displays.data.items.length === 0 ? (
            <EmptyState title="No displays yet">Create one above and open its link on a TV.</EmptyState>
          ) : (
            <ul>
              {displays.data.items.map((d) => (
                <DisplayRow key={d.id} display={d} queueName={queueName} />
              ))}
            </ul>
          )
        ) : displays.isError ? (
          <ErrorPanel title="Displays could not be loaded" message={displays.error.message} />
        ) : (
          <p className="text-sm text-fg-muted">Loading displays…</p>
        )}
      </Card>
      <Card as="section" aria-labelledby="thresholds-heading" className="p-5">
        <h2 id="thresholds-heading" className="text-base font-semibold text-fg">
          Wallboard thresholds
        </h2>
        <p className="mb-2 mt-1 text-sm text-fg-muted">
          A tile turns amber at a warning level and red, pulsing, at a critical one.
        </p>
        <ThresholdsEditor queues={queues.data} />
      </Card>
    </div>
  );
}
