'use client';

import { useSyncExternalStore } from 'react';

const subscribeNever = () => () => {};

const STYLES = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * A moment in the reader's own time zone. The server does not know that zone, so the HTML says
 * UTC and the browser switches to local time once hydrated (no hydration mismatch either way).
 */
export function LocalTime({ iso, style = 'dateTime' }: { iso: string; style?: keyof typeof STYLES }) {
  const inBrowser = useSyncExternalStore(subscribeNever, () => true, () => false);
  const date = new Date(iso);
  const text = inBrowser ? date.toLocaleString(undefined, STYLES[style]) : `${date.toLocaleString('en', { ...STYLES[style], timeZone: 'UTC' })} UTC`;
  return (
    <time dateTime={iso} title={date.toISOString()}>
      {text}
    </time>
  );
}
