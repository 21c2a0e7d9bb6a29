/*
 * Dates in the SSO portal, in UTC with English month names: the same text on the server and in
 * every browser (Intl's output differs between ICU versions and time zones, and a server-rendered
 * client component must render the same text twice).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (value: number) => String(value).padStart(2, '0');

/** "12 Mar 2026" */
export function formatDate(value: string | Date): string {
  const date = new Date(value);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "12 Mar 2026, 14:03 UTC" */
export function formatDateTime(value: string | Date): string {
  const date = new Date(value);
  return `${formatDate(date)}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}
