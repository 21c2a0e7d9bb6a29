/*
 * The console's one date format: "12 Mar 2026" and "12 Mar 2026, 14:03 UTC", always with the time
 * zone. English month names and fixed parts, so the server (UTC) and every browser (its own zone,
 * see LocalTime) write the same shape whatever their locale or ICU version.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (value: number) => String(value).padStart(2, '0');

/** "12 Mar 2026" (UTC) */
export function formatDate(value: string | Date): string {
  const date = new Date(value);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "12 Mar 2026, 14:03 UTC" */
export function formatDateTime(value: string | Date): string {
  const date = new Date(value);
  return `${formatDate(date)}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** The running environment's zone as a short name: "UTC", "GMT+1", "PST". */
function localZoneName(date: Date): string {
  return new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? 'local time';
}

/** "12 Mar 2026" in the local time zone (for the browser). */
export function formatLocalDate(value: string | Date): string {
  const date = new Date(value);
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
}

/** "12 Mar 2026, 15:03 GMT+1" in the local time zone (for the browser). */
export function formatLocalDateTime(value: string | Date): string {
  const date = new Date(value);
  return `${formatLocalDate(date)}, ${pad(date.getHours())}:${pad(date.getMinutes())} ${localZoneName(date)}`;
}
