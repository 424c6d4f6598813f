import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useId } from 'react';
import { ENTRY_STATUS_LABELS, EntryStatus } from '@contract/entry';
import { CheckIcon, ChevronDownIcon } from '@/components/ui/icons';

const itemClasses =
  'flex cursor-default select-none items-center gap-2 rounded-md px-2 py-1.5 text-sm text-fg outline-none data-[highlighted]:bg-surface-muted';

export interface StatusFilterProps {
  value: readonly EntryStatus[];
  onChange: (value: EntryStatus[]) => void;
  className?: string;
}

/** "Any status", "Failed", "Failed, Completed" or "4 statuses". */
function summary(value: readonly EntryStatus[]): string {
  if (value.length === 0) return 'Any status';
  if (value.length <= 2) return value.map((s) => ENTRY_STATUS_LABELS[s]).join(', ');
  return `${value.length} statuses`;
}

/**
 * A multi-select of entry statuses: a menu of checkboxes that stays open while ticking, so several
 * can be chosen in one go. The trigger's name is the label plus the current choice.
 */
export function StatusFilter({ value, onChange, className }: StatusFilterProps) {
  const labelId = useId();
  const valueId = useId();
  const selected = new Set(value);
  const toggle = (status: EntryStatus, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(status);
    else next.delete(status);
    onChange(EntryStatus.options.filter((s) => next.has(s)));
  };

  return (
    <div className={className ?? 'flex min-w-0 flex-col gap-1'}>
      <span id={labelId} className="text-xs font-medium text-fg-muted">
        Status
      </span>
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger
          aria-labelledby={`${labelId} ${valueId}`}
          className="flex h-9 w-full items-center justify-between gap-2 rounded-lg border border-line-strong bg-surface pl-3 pr-2.5 text-left text-sm text-fg"
        >
          <span id={valueId} className="truncate">
            {summary(value)}
          </span>
          <ChevronDownIcon className="shrink-0 text-fg-muted" />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="start"
            sideOffset={4}
            collisionPadding={8}
            className="z-50 min-w-52 rounded-lg border border-line bg-surface-raised p-1 shadow-lg"
          >
            {EntryStatus.options.map((status) => (
              <DropdownMenu.CheckboxItem
                key={status}
                checked={selected.has(status)}
                onCheckedChange={(on) => toggle(status, on)}
                // Keep the menu open: choosing several statuses is the common case.
                onSelect={(e) => e.preventDefault()}
                className={itemClasses}
              >
                <span className="flex size-4 items-center justify-center rounded border border-line-strong">
                  <DropdownMenu.ItemIndicator>
                    <CheckIcon className="text-xs text-accent-text" />
                  </DropdownMenu.ItemIndicator>
                </span>
                {ENTRY_STATUS_LABELS[status]}
              </DropdownMenu.CheckboxItem>
            ))}
            {value.length > 0 && (
              <>
                <DropdownMenu.Separator className="my-1 h-px bg-line" />
                <DropdownMenu.Item className={itemClasses} onSelect={() => onChange([])}>
                  Any status
                </DropdownMenu.Item>
              </>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </div>
  );
}
