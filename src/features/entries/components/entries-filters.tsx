import { useId } from 'react';
import type { EntryFilter, EntrySort } from '@contract/source';
import { Button } from '@/components/ui/button';
import { SelectField, type SelectOption } from '@/components/ui/field';
import {
  formatStatuses,
  hasActiveFilters,
  parseStatuses,
  type EntriesSearch,
  type EntriesView,
} from '../lib/entries-search';
import { DateRangeField } from './date-range-field';
import { DebouncedTextField } from './debounced-text-field';
import { StatusFilter } from './status-filter';

export const SORT_LABELS: Record<EntrySort, string> = {
  createdAt: 'Created',
  updatedAt: 'Updated',
  scheduledAt: 'Scheduled',
};

const FIELD_FILTERS: readonly EntryFilter[] = ['status', 'campaign', 'agent', 'phone'];
const DATE_FILTERS: readonly EntryFilter[] = ['createdAt', 'scheduledAt', 'completedAt'];

export interface CampaignOption {
  id: string;
  name: string;
}

export interface EntriesFiltersProps {
  search: EntriesSearch;
  view: EntriesView;
  /** Campaigns of the current source, for a named choice; without them the field takes an id. */
  campaigns: readonly CampaignOption[] | undefined;
  onChange: (patch: Partial<EntriesSearch>, options?: { replace?: boolean }) => void;
  onClear: () => void;
}

/**
 * The filters this source supports, and only those: a control the source cannot serve is not
 * rendered. Every change resets to page 1.
 */
export function EntriesFilters({ search, view, campaigns, onChange, onClear }: EntriesFiltersProps) {
  const can = (f: EntryFilter) => view.filters.has(f);
  const set = (patch: Partial<EntriesSearch>, replace = false) =>
    onChange({ ...patch, page: undefined }, { replace });
  const headingId = useId();
  const active = hasActiveFilters(search, view);

  const campaignOptions: SelectOption[] | null = campaigns && campaigns.length > 0
    ? [
        { value: '', label: 'All campaigns' },
        ...campaigns.map((c) => ({ value: c.id, label: c.name })),
        // A campaign id from a shared link that this list does not know still shows as chosen.
        ...(search.campaign && !campaigns.some((c) => c.id === search.campaign)
          ? [{ value: search.campaign, label: search.campaign }]
          : []),
      ]
    : null;

  const hasFieldFilters = FIELD_FILTERS.some((f) => view.filters.has(f));
  const hasDateFilters = DATE_FILTERS.some((f) => view.filters.has(f));
  if (view.filters.size === 0) {
    return <p className="text-sm text-fg-muted">{view.source.label} cannot filter its entries.</p>;
  }

  return (
    <div
      role="group"
      aria-labelledby={headingId}
      className="flex flex-col gap-3 rounded-card border border-line bg-surface p-4"
    >
      <div className="flex min-h-7 items-center justify-between gap-3">
        <h2 id={headingId} className="text-sm font-semibold text-fg">
          Filters
        </h2>
        {active && (
          <Button variant="ghost" size="xs" onClick={onClear}>
            Clear filters
          </Button>
        )}
      </div>
      {hasFieldFilters && (
        <div className="grid grid-cols-[repeat(auto-fill,minmax(12rem,1fr))] gap-3">
          {can('status') && (
            <StatusFilter
              value={parseStatuses(search.status)}
              onChange={(statuses) => set({ status: formatStatuses(statuses) })}
            />
          )}
          {can('campaign') &&
            (campaignOptions ? (
              <SelectField
                label="Campaign"
                value={search.campaign ?? ''}
                options={campaignOptions}
                onValueChange={(v) => set({ campaign: v || undefined })}
              />
            ) : (
              <DebouncedTextField
                label="Campaign"
                placeholder="Campaign id"
                value={search.campaign}
                onCommit={(v) => set({ campaign: v }, true)}
              />
            ))}
          {can('agent') && (
            <DebouncedTextField
              label="Agent"
              placeholder="Agent id"
              value={search.agent}
              onCommit={(v) => set({ agent: v }, true)}
            />
          )}
          {can('phone') && (
            <DebouncedTextField
              label="Phone"
              search
              inputMode="tel"
              placeholder="Number or part of it"
              value={search.phone}
              onCommit={(v) => set({ phone: v }, true)}
            />
          )}
        </div>
      )}
      {hasDateFilters && (
        <div className="grid grid-cols-[repeat(auto-fill,minmax(19rem,1fr))] gap-3">
          {can('createdAt') && (
            <DateRangeField
              label="Created"
              from={search.createdFrom}
              to={search.createdTo}
              onChange={({ from, to }) => set({ createdFrom: from, createdTo: to })}
            />
          )}
          {can('scheduledAt') && (
            <DateRangeField
              label="Scheduled"
              from={search.scheduledFrom}
              to={search.scheduledTo}
              onChange={({ from, to }) => set({ scheduledFrom: from, scheduledTo: to })}
            />
          )}
          {can('completedAt') && (
            <DateRangeField
              label="Completed"
              from={search.completedFrom}
              to={search.completedTo}
              onChange={({ from, to }) => set({ completedFrom: from, completedTo: to })}
            />
          )}
        </div>
      )}
    </div>
  );
}

const DEFAULT_SORT = '';

export interface EntriesSortProps {
  search: EntriesSearch;
  view: EntriesView;
  onChange: (patch: Partial<EntriesSearch>) => void;
}

/** Sort field and order among the sorts the source offers; nothing when it offers none. */
export function EntriesSort({ search, view, onChange }: EntriesSortProps) {
  const sorts = [...view.sorts];
  if (sorts.length === 0) return null;
  const sort = search.sort && view.sorts.has(search.sort) ? search.sort : undefined;
  return (
    <div className="flex flex-wrap items-end gap-3">
      <SelectField
        label="Sort by"
        className="w-40"
        value={sort ?? DEFAULT_SORT}
        options={[
          { value: DEFAULT_SORT, label: 'Source default' },
          ...sorts.map((s) => ({ value: s, label: SORT_LABELS[s] })),
        ]}
        onValueChange={(v) =>
          onChange({
            sort: (v || undefined) as EntrySort | undefined,
            order: v ? search.order : undefined,
            page: undefined,
          })
        }
      />
      {sort && (
        <SelectField
          label="Order"
          className="w-40"
          value={search.order ?? 'desc'}
          options={[
            { value: 'desc', label: 'Newest first' },
            { value: 'asc', label: 'Oldest first' },
          ]}
          onValueChange={(v) => onChange({ order: v === 'asc' ? 'asc' : 'desc', page: undefined })}
        />
      )}
    </div>
  );
}
