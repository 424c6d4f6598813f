import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ENTRY_STATUS_LABELS, type QueueEntry } from '@contract/entry';
import { DateTime } from '@/components/ui/date-time';
import { Drawer } from '@/components/ui/drawer';
import { EntryStatusBadge } from '@/components/ui/entry-status-badge';
import { Spinner } from '@/components/ui/spinner';
import { EMPTY_VALUE } from '@/lib/format';
import { entryDetailQueryOptions } from '../api/entries-queries';

const DIRECTION_LABELS: Record<QueueEntry['direction'], string> = {
  outbound: 'Outbound',
  inbound: 'Inbound',
  callback: 'Callback',
};

/** A raw vendor value as plain text: strings as they came, everything else as JSON. */
export function rawText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8.5rem_minmax(0,1fr)] gap-3 py-1.5">
      <dt className="text-sm text-fg-muted">{label}</dt>
      <dd className="break-words text-sm text-fg">{children}</dd>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold text-fg">{title}</h3>
      {children}
    </section>
  );
}

export interface EntryDrawerProps {
  sourceId: string;
  sourceLabel: string;
  vendorId: string;
  /** The row as listed, shown at once while the full entry loads. */
  summary: QueueEntry | undefined;
  onClose: () => void;
}

/**
 * Everything about one entry in a side sheet: canonical fields, attempts with their errors and
 * every raw vendor field. All vendor values are text nodes, never markup.
 */
export function EntryDrawer({ sourceId, sourceLabel, vendorId, summary, onClose }: EntryDrawerProps) {
  const detail = useQuery(entryDetailQueryOptions(sourceId, vendorId));
  const entry = detail.data ?? summary;
  const title = entry?.phoneNumber ?? `Entry ${vendorId}`;

  return (
    <Drawer
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={title}
      description={`${sourceLabel}${entry ? ` · ${DIRECTION_LABELS[entry.direction]}` : ''} · entry ${vendorId}`}
    >
      {!entry ? (
        detail.isError ? (
          <p role="alert" className="text-sm text-fg">
            This entry could not be loaded: {detail.error.message}
          </p>
        ) : (
          <Spinner label="Loading entry" />
        )
      ) : (
        <div className="flex flex-col gap-6">
          <Section title="Details">
            <dl className="divide-y divide-line">
              <Field label="Status">
                <span className="inline-flex flex-wrap items-center gap-2">
                  <EntryStatusBadge status={entry.status} />
                  {entry.rawStatus && entry.rawStatus.toLowerCase() !== ENTRY_STATUS_LABELS[entry.status].toLowerCase() && (
                    <span className="text-fg-muted">vendor: {entry.rawStatus}</span>
                  )}
                </span>
              </Field>
              <Field label="Direction">{DIRECTION_LABELS[entry.direction]}</Field>
              <Field label="Phone">{entry.phoneNumber ?? EMPTY_VALUE}</Field>
              <Field label="Campaign">
                {entry.campaignName ?? entry.campaignId ?? EMPTY_VALUE}
                {entry.campaignName && entry.campaignId && entry.campaignId !== entry.campaignName && (
                  <span className="block text-xs text-fg-muted">{entry.campaignId}</span>
                )}
              </Field>
              <Field label="Agent">{entry.agentId ?? EMPTY_VALUE}</Field>
              <Field label="Created">
                <DateTime iso={entry.createdAt} withSeconds />
              </Field>
              <Field label="Scheduled">
                <DateTime iso={entry.scheduledAt} withSeconds />
              </Field>
              <Field label="Started">
                <DateTime iso={entry.startedAt} withSeconds />
              </Field>
              <Field label="Completed">
                <DateTime iso={entry.completedAt} withSeconds />
              </Field>
              <Field label="Retries">{entry.retryCount ?? EMPTY_VALUE}</Field>
              <Field label="Last error">
                {entry.lastError ? (
                  <span className="text-threshold-breach">{entry.lastError}</span>
                ) : (
                  EMPTY_VALUE
                )}
              </Field>
              <Field label="Entry id">{entry.id}</Field>
            </dl>
          </Section>

          <Section title="Attempts">
            {!detail.data ? (
              detail.isError ? (
                <p className="text-sm text-fg-muted">Attempts could not be loaded ({detail.error.message}).</p>
              ) : (
                <Spinner size="sm" label="Loading attempts" />
              )
            ) : detail.data.attempts.length === 0 ? (
              <p className="text-sm text-fg-muted">No attempts recorded.</p>
            ) : (
              <ol className="flex flex-col gap-2">
                {detail.data.attempts.map((a, i) => (
                  <li key={i} className="rounded-lg border border-line px-3 py-2 text-sm">
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <span className="font-medium text-fg">
                        {i + 1}. {a.outcome}
                      </span>
                      <DateTime iso={a.at} withSeconds className="text-xs tabular-nums text-fg-muted" />
                    </div>
                    {a.error && <p className="mt-1 break-words text-threshold-breach">{a.error}</p>}
                  </li>
                ))}
              </ol>
            )}
          </Section>

          <Section title="Vendor fields">
            {!detail.data ? (
              detail.isError ? null : <Spinner size="sm" label="Loading vendor fields" />
            ) : Object.keys(detail.data.raw).length === 0 ? (
              <p className="text-sm text-fg-muted">The vendor sent no fields.</p>
            ) : (
              <dl className="divide-y divide-line rounded-lg border border-line bg-surface-muted/40">
                {Object.entries(detail.data.raw).map(([key, value]) => (
                  <div key={key} className="grid grid-cols-[minmax(0,9rem)_minmax(0,1fr)] gap-3 px-3 py-1.5">
                    <dt className="break-all font-mono text-xs font-semibold leading-5 text-fg-muted">{key}</dt>
                    <dd className="min-w-0">
                      <pre className="whitespace-pre-wrap break-words font-mono text-xs leading-5 text-fg">
                        {rawText(value)}
                      </pre>
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </Section>
        </div>
      )}
    </Drawer>
  );
}
