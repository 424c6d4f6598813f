import { splitId } from '@contract/common';
import type { EntryDirection } from '@contract/entry';
import type { Source } from '@contract/source';

/** The Entries page's search for one placed call: its source and number, with its entry open. */
export interface EntryLinkSearch {
  source: string;
  direction?: EntryDirection;
  phone?: string;
  entry?: string;
}

/** Where an entry id from a placement opens on the Entries page (which reads its filters from the URL). */
export function entryLinkSearch(
  entryId: string,
  source: Source | undefined,
  phone: string | undefined,
): EntryLinkSearch {
  const parts = splitId(entryId);
  const sourceId = parts?.sourceId ?? source?.id ?? '';
  const directions = source?.capabilities.entries?.directions ?? [];
  const wanted: EntryDirection = source?.capabilities.initiateCall ? 'outbound' : 'callback';
  const filters = source?.capabilities.entries?.filters ?? [];
  return {
    source: sourceId,
    ...(directions.includes(wanted) ? { direction: wanted } : {}),
    ...(phone && filters.includes('phone') ? { phone } : {}),
    ...(parts ? { entry: parts.vendorId } : {}),
  };
}

/** The sources the dialog can place with: calls (Iqra) or callbacks (While1). */
export function placingSources(sources: readonly Source[] | undefined): Source[] {
  return (sources ?? []).filter(
    (s) => s.capabilities.initiateCall || s.capabilities.scheduleCallback,
  );
}

/** What a source places. */
export function kindOf(source: Source | undefined): 'call' | 'callback' {
  return source && !source.capabilities.initiateCall && source.capabilities.scheduleCallback
    ? 'callback'
    : 'call';
}
