import type { auditEvents } from '@/lib/db/schema';

type AuditRow = typeof auditEvents.$inferSelect;

const COLUMNS = [
  'id', 'seq', 'createdAt', 'action', 'actorType', 'actorId', 'actorLabel', 'targetType', 'targetId',
  'targetLabel', 'before', 'after', 'metadata', 'ip', 'userAgent', 'prevHash', 'hash',
] as const satisfies readonly (keyof AuditRow)[];

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Quote always and neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function auditRowsToCsv(rows: AuditRow[]): string {
  const header = COLUMNS.join(',');
  const lines = rows.map((row) => COLUMNS.map((column) => csvCell(row[column])).join(','));
  return [header, ...lines].join('\n') + '\n';
}

export function auditRowsToJson(rows: AuditRow[]): string {
  return JSON.stringify(rows, null, 2) + '\n';
}
