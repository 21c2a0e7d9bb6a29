import fs from 'node:fs';
import { asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { auditRowsToCsv, auditRowsToJson } from '@/lib/audit/export';
import { verifyAuditChain } from '@/lib/audit/verify';
import type { Executor } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { getOrgOrThrow } from '@/lib/orgs/organizations';
import { option } from '../args';
import type { Command } from '../context';
import { emit } from '../output';
import { orgOption } from './shared';

/** `--org global` names the chain of events that belong to no org (e.g. sign-ins of unknown emails). */
async function chainOrgId(db: Executor, slug: string): Promise<string | null> {
  return slug === 'global' ? null : (await getOrgOrThrow(db, slug)).id;
}

export const auditCommands: Record<string, Command> = {
  'audit verify': {
    usage: 'audit verify --org <slug|global>   (exit 1 and the first broken row when the chain is broken)',
    options: { org: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      return async ({ db, io, json }) => {
        const verdict = await verifyAuditChain(db, await chainOrgId(db, slug));
        if (verdict.ok) {
          emit(io, json, verdict, `OK: ${verdict.checked} events verified`);
          return 0;
        }
        const { id, seq, reason } = verdict.brokenRow;
        emit(io, json, verdict, `BROKEN: first bad row id ${id} (seq ${seq}): ${reason}; ${verdict.checked} events before it verified`);
        return 1;
      };
    },
  },
  'audit export': {
    usage: 'audit export --org <slug|global> --format csv|json [--out <file>]',
    options: { org: 'string', format: 'string', out: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const format = option(values, 'format', z.enum(['csv', 'json'], { message: 'format must be csv or json' }));
      const out = option(values, 'out', z.string().trim().min(1, 'give a file path').optional());
      return async ({ db, io, json }) => {
        const orgId = await chainOrgId(db, slug);
        const rows = await db
          .select()
          .from(auditEvents)
          .where(orgId ? eq(auditEvents.orgId, orgId) : isNull(auditEvents.orgId))
          .orderBy(asc(auditEvents.seq));
        const body = format === 'csv' ? auditRowsToCsv(rows) : auditRowsToJson(rows);
        if (!out) return void io.stdout(body);
        fs.writeFileSync(out, body);
        emit(io, json, { file: out, format, events: rows.length }, `Wrote ${rows.length} events to ${out}`);
      };
    },
  },
};
