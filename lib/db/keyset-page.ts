/*
 * Keyset paging over a newest-first list: a page is asked for as "older than row X" or "newer
 * than row X", never by offset, so page 4,000 costs what page 1 costs.
 */

/** Where a page starts: nothing (the newest page), older than a key, or newer than a key. */
export type PageCursor = { older?: number; newer?: number };

export type KeysetPage<Row> = {
  rows: Row[];
  /** Pass as `{ newer }` for the page before this one (null: this is the newest page). */
  newerThan: number | null;
  /** Pass as `{ older }` for the page after this one (null: nothing older). */
  olderThan: number | null;
};

/** A positive integer from a query string, else undefined (a hand-edited URL must not break the page). */
export function positiveIntegerParam(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return undefined;
  const number = Number(value);
  return number > 0 ? number : undefined;
}

/** The cursor in a page's query string: `older` wins when both are given. */
export function cursorFrom(params: { older?: string | string[]; newer?: string | string[] }): PageCursor {
  const older = positiveIntegerParam(params.older);
  if (older !== undefined) return { older };
  const newer = positiveIntegerParam(params.newer);
  return newer !== undefined ? { newer } : {};
}

/**
 * Turns the rows a query fetched (pageSize + 1 of them, newest first for an `older`/first page,
 * oldest first for a `newer` page) into the page and the cursors either side.
 */
export function toKeysetPage<Row>(fetched: Row[], pageSize: number, cursor: PageCursor, keyOf: (row: Row) => number): KeysetPage<Row> {
  const more = fetched.length > pageSize;
  const kept = fetched.slice(0, pageSize);
  if (cursor.newer !== undefined) {
    const rows = kept.reverse();
    return {
      rows,
      newerThan: more && rows.length ? keyOf(rows[0]) : null,
      // The cursor row itself is older than this page, so there is always an older page.
      olderThan: rows.length ? keyOf(rows[rows.length - 1]) : null,
    };
  }
  return {
    rows: kept,
    newerThan: cursor.older !== undefined && kept.length ? keyOf(kept[0]) : null,
    olderThan: more ? keyOf(kept[kept.length - 1]) : null,
  };
}
