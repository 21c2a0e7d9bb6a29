import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { refreshDueMetadata } from './metadata-refresh';

const CHECK_EVERY_MS = 5 * 60_000;

/** Looks for due connections every five minutes (the interval itself is METADATA_REFRESH_MINUTES). */
export function startMetadataRefreshSchedule(): void {
  const { METADATA_REFRESH_MINUTES: intervalMinutes, ALLOW_PRIVATE_METADATA_URLS: allowPrivate } = getEnv();
  if (intervalMinutes === 0) return;
  const run = () =>
    refreshDueMetadata(getDb(), { intervalMinutes, allowPrivate })
      .then(({ refreshed, failed }) => {
        if (refreshed || failed) console.log(`[metadata-refresh] ${refreshed} refreshed, ${failed} failed`);
      })
      .catch((error: Error) => console.error(`[metadata-refresh] ${error.message}`));
  setInterval(run, CHECK_EVERY_MS).unref();
}
