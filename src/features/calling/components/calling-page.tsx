import type { QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import type { Source } from '@contract/source';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { PhoneIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { Spinner } from '@/components/ui/spinner';
import { placingSources } from '../lib/entry-link';
import { BulkUpload } from './bulk-upload';
import { PlaceCallDialog } from './place-call-dialog';

export interface CallingPageProps {
  sources: readonly Source[] | undefined;
  sourcesError?: Error | null;
  /** Queries to refresh after calls are placed. */
  affectedQueryKeys?: readonly QueryKey[];
}

/** Place one call (or schedule one callback) through the dialog, or many from a CSV. */
export function CallingPage({ sources, sourcesError, affectedQueryKeys }: CallingPageProps) {
  const [open, setOpen] = useState(false);
  const placing = placingSources(sources);
  const header = (
    <PageHeader
      title="Place calls"
      description="Queue outbound calls and schedule callbacks, one at a time or from a CSV file."
      actions={
        placing.length > 0 ? (
          <Button onClick={() => setOpen(true)}>
            <PhoneIcon />
            Place a call
          </Button>
        ) : undefined
      }
    />
  );
  if (!sources) {
    return (
      <>
        {header}
        {sourcesError ? (
          <ErrorPanel title="Sources could not be loaded" message={sourcesError.message} />
        ) : (
          <div className="flex justify-center py-12">
            <Spinner label="Loading sources" />
          </div>
        )}
      </>
    );
  }
  if (placing.length === 0) {
    return (
      <>
        {header}
        <EmptyState title="No source can place calls">
          None of the connected sources can queue outbound calls or schedule callbacks.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      {header}
      <div className="flex flex-col gap-6">
        <Card as="section" aria-label="Sources that place calls" className="p-5">
          <ul className="grid gap-3 sm:grid-cols-2">
            {placing.map((s) => (
              <li key={s.id} className="text-sm">
                <span className="font-medium text-fg">{s.label}</span>{' '}
                <span className="text-fg-muted">
                  — {s.capabilities.initiateCall ? 'queues outbound calls' : 'schedules callbacks'}
                  {s.health.budgetPerMinute
                    ? `, ${s.health.budgetPerMinute} requests a minute`
                    : ''}
                </span>
              </li>
            ))}
          </ul>
        </Card>
        <BulkUpload sources={placing} affectedQueryKeys={affectedQueryKeys} />
      </div>
      {open && (
        <PlaceCallDialog
          open={open}
          onOpenChange={setOpen}
          sources={placing}
          affectedQueryKeys={affectedQueryKeys}
        />
      )}
    </>
  );
}
