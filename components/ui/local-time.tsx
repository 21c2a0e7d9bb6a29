'use client';

import { useSyncExternalStore } from 'react';
import { formatDate, formatDateTime, formatLocalDate, formatLocalDateTime } from './date-time';

const subscribeNever = () => () => {};

const FORMATS = {
  dateTime: { server: formatDateTime, browser: formatLocalDateTime },
  date: { server: formatDate, browser: formatLocalDate },
};

/**
 * A moment in the reader's own time zone, in the console's one format (./date-time.ts). The
 * server does not know that zone, so the HTML says UTC and the browser switches to local time
 * once hydrated (no hydration mismatch either way).
 */
export function LocalTime({ iso, style = 'dateTime' }: { iso: string; style?: keyof typeof FORMATS }) {
  const inBrowser = useSyncExternalStore(subscribeNever, () => true, () => false);
  const format = FORMATS[style];
  return (
    <time dateTime={iso} title={new Date(iso).toISOString()}>
      {inBrowser ? format.browser(iso) : format.server(iso)}
    </time>
  );
}
