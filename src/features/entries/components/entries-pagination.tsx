import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { formatCount } from '@/lib/format';
import { ENTRY_PAGE_SIZES, type EntryPageSize } from '../lib/entries-search';

export interface EntriesPaginationProps {
  page: number;
  pageSize: EntryPageSize;
  /** Null where the vendor gives no total: then only "next" is known. */
  total: number | null;
  hasNextPage: boolean;
  shown: number;
  onPageChange: (page: number) => void;
  onPageSizeChange: (pageSize: EntryPageSize) => void;
}

/** Server-side paging: rows per page, where we are, previous and next. */
export function EntriesPagination({
  page,
  pageSize,
  total,
  hasNextPage,
  shown,
  onPageChange,
  onPageSizeChange,
}: EntriesPaginationProps) {
  const pages = total === null ? null : Math.max(1, Math.ceil(total / pageSize));
  const first = shown === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = (page - 1) * pageSize + shown;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-end justify-between gap-3">
      <SelectField
        label="Rows per page"
        className="w-32"
        value={String(pageSize)}
        options={ENTRY_PAGE_SIZES.map((n) => ({ value: String(n), label: String(n) }))}
        onValueChange={(v) => onPageSizeChange(Number(v) as EntryPageSize)}
      />
      <div className="flex items-center gap-3">
        <p className="text-sm tabular-nums text-fg-muted" aria-live="polite">
          {shown > 0
            ? `${formatCount(first)}–${formatCount(last)}${total === null ? '' : ` of ${formatCount(total)}`} · page ${formatCount(page)}${pages === null ? '' : ` of ${formatCount(pages)}`}`
            : `Page ${formatCount(page)}`}
        </p>
        <div className="flex gap-1.5">
          {page > 2 && (
            <Button variant="secondary" size="sm" onClick={() => onPageChange(1)}>
              First
            </Button>
          )}
          <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPageChange(page - 1)}>
            Previous
          </Button>
          <Button variant="secondary" size="sm" disabled={!hasNextPage} onClick={() => onPageChange(page + 1)}>
            Next
          </Button>
        </div>
      </div>
    </nav>
  );
}
