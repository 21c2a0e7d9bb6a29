import type { ReactNode } from 'react';
import { EmptyState } from './empty-state';

export type DataTableColumn<Row> = {
  /** Column header; also labels the cell when rows stack as cards on narrow screens. */
  header: string;
  cell: (row: Row) => ReactNode;
  /** Header read by screen readers only (e.g. a column of row actions). */
  headerHidden?: boolean;
  /** Classes for this column's cells (e.g. "font-mono", "sm:whitespace-nowrap"). */
  className?: string;
  /** Classes for its header (e.g. "text-right" to match right-aligned cells). */
  headerClassName?: string;
};

type DataTableProps<Row> = {
  /** Names the table for screen readers (visually hidden). */
  caption: string;
  columns: DataTableColumn<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string | number;
  /** Accessible name of a row, e.g. `API key ${row.name}`. */
  rowLabel?: (row: Row) => string;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  /** Text size of the cells. */
  density?: 'sm' | 'xs';
  /** Vertical alignment of the cells: `top` suits rows of long, wrapping text. */
  align?: 'middle' | 'top';
};

/**
 * A typed table. The `data-table` styles (app/globals.css) turn each row into a card below the
 * `sm` breakpoint, so a wide table never scrolls the page sideways on a phone.
 */
export function DataTable<Row>({ caption, columns, rows, rowKey, rowLabel, empty, density = 'sm', align = 'middle' }: DataTableProps<Row>) {
  if (rows.length === 0) return <>{empty ?? <EmptyState title="Nothing here yet." />}</>;
  return (
    <table className={`data-table ${density === 'xs' ? 'text-xs' : 'text-sm'}`}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.header} scope="col" className={`${column.headerHidden ? 'sr-only' : ''} ${column.headerClassName ?? ''}`}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className={align === 'top' ? 'align-top' : 'align-middle'}>
        {rows.map((row) => (
          <tr key={rowKey(row)} aria-label={rowLabel?.(row)}>
            {columns.map((column) => (
              <td key={column.header} data-label={column.headerHidden ? undefined : column.header} className={column.className}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
