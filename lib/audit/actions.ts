'use server';

import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { guardedAction } from '@/lib/auth/server-action';
import { auditEvents } from '@/lib/db/schema';
import { auditRowsToCsv, auditRowsToJson } from './export';
import { verifyAuditChain } from './verify';

export const exportAuditAction = guardedAction({
  permission: 'audit:read',
  input: z.object({ format: z.enum(['csv', 'json'], { message: 'Format must be csv or json' }) }),
  handler: async (ctx, { format }) => {
    const rows = await ctx.db.select().from(auditEvents).where(eq(auditEvents.orgId, ctx.org.id)).orderBy(asc(auditEvents.seq));
    const body = format === 'csv' ? auditRowsToCsv(rows) : auditRowsToJson(rows);
    return { filename: `audit-${ctx.org.slug}-${new Date().toISOString().slice(0, 10)}.${format}`, body, mimeType: format === 'csv' ? 'text/csv' : 'application/json' };
  },
});

export const verifyAuditAction = guardedAction({
  permission: 'audit:read',
  input: z.undefined(),
  handler: async (ctx) => verifyAuditChain(ctx.db, ctx.org.id),
});
