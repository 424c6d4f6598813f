import { createColumnHelper, useTable, type SortingState } from '@tanstack/react-table';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { DataTable, dataTableFeatures, sortingFromParam, sortingToParam, type DataTableFeatures } from './data-table';

interface Item {
  id: string;
  name: string;
  n: number;
}

const helper = createColumnHelper<DataTableFeatures, Item>();
const COLUMNS = helper.columns([
  helper.accessor('name', { header: 'Name', sortFn: 'text' }),
  helper.accessor('n', { header: 'Count', sortFn: 'basic', meta: { align: 'end' } }),
]);
const rowId = (i: Item) => i.id;

function Harness({ data }: { data: Item[] }) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useTable({
    features: dataTableFeatures,
    columns: COLUMNS,
    data,
    getRowId: rowId,
    state: { sorting },
    onSortingChange: setSorting,
  });
  return <DataTable table={table} caption="Things" />;
}

const items = (count: number): Item[] =>
  Array.from({ length: count }, (_, i) => ({ id: `i${i}`, name: `Item ${String(i).padStart(4, '0')}`, n: count - i }));

describe('DataTable', () => {
  it('sorts from header buttons and reports the order with aria-sort', async () => {
    render(<Harness data={items(3)} />);
    const table = screen.getByRole('table', { name: 'Things' });
    const name = within(table).getByRole('columnheader', { name: /Name/ });
    const count = within(table).getByRole('columnheader', { name: /Count/ });
    expect(count).not.toHaveAttribute('aria-sort');
    const firstCells = () =>
      within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[0]?.textContent);

    // Numbers sort largest first on the first click, text A to Z.
    await userEvent.click(within(count).getByRole('button'));
    expect(count).toHaveAttribute('aria-sort', 'descending');
    expect(firstCells()).toEqual(['Item 0000', 'Item 0001', 'Item 0002']);
    await userEvent.click(within(name).getByRole('button'));
    expect(name).toHaveAttribute('aria-sort', 'ascending');
    expect(count).not.toHaveAttribute('aria-sort');
    await userEvent.click(within(name).getByRole('button'));
    expect(firstCells()).toEqual(['Item 0002', 'Item 0001', 'Item 0000']);
  });

  it('virtualises a long body and keeps the row count for assistive tech', () => {
    render(<Harness data={items(500)} />);
    const table = screen.getByRole('table', { name: 'Things' });
    expect(table).toHaveAttribute('aria-rowcount', '501');
    // jsdom measures every row as 0 px high, so the window holds more rows than a browser's would.
    const rendered = within(table).getAllByRole('row').length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(501);
  });

  it('turns sorting into a URL parameter and back', () => {
    expect(sortingToParam([{ id: 'talk', desc: true }])).toBe('-talk');
    expect(sortingToParam([])).toBeUndefined();
    expect(sortingFromParam('-talk', ['talk'])).toEqual([{ id: 'talk', desc: true }]);
    expect(sortingFromParam('wait', ['talk'])).toEqual([]);
  });
});
