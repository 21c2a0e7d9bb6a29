/**
 * Runs once when a Next.js server starts. Starts the scheduled SAML metadata refresh
 * (lib/sso/metadata-refresh.ts): every replica runs it; Postgres hands each due connection to one.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startMetadataRefreshSchedule } = await import('@/lib/sso/metadata-refresh-schedule');
  startMetadataRefreshSchedule();
}
