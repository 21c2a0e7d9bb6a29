import fs from 'node:fs';
import { asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { auditRowsToCsv, auditRowsToJson } from '@/lib/audit/export';
import { verifyAuditChain } from '@/lib/audit/verify';
import type { Database } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { getOrgOrThrow } from '@/lib/orgs/organizations';
import { allowOnly, option } from '../args';
import type { Command } from '../context';
import { emit } from '../output';

/** `--org global` names the chain of events that belong to no org (e.g. sign-in attempts for unknown emails). */
async function chainOrgId(db: Database, slug: string): Promise<string | null> {
  return slug === 'global' ? null : (await getOrgOrThrow(db, slug)).id;
}

const orgSlug = z.string().min(1);

export const auditCommands: Record<string, Command> = {
  'audit verify': {
    usage: 'audit verify --org <slug|global>',
    run: async ({ db, args, io }) => {
      allowOnly(args, ['org']);
      const verdict = await verifyAuditChain(db, await chainOrgId(db, option(args, 'org', orgSlug)));
      if (verdict.ok) {
        emit(io, args.json, verdict, `OK: ${verdict.checked} events verified`);
        return 0;
      }
      const { id, seq, reason } = verdict.brokenRow;
      emit(io, args.json, verdict, `BROKEN: first bad row id ${id} (seq ${seq}): ${reason}. ${verdict.checked} events before it verified.`);
      return 1;
    },
  },
  'audit export': {
    usage: 'audit export --org <slug|global> --format csv|json [--out <file>]',
    run: async ({ db, args, io }) => {
      allowOnly(args, ['org', 'format', 'out']);
      const format = option(args, 'format', z.enum(['csv', 'json'], { message: 'format must be csv or json' }));
      const out = option(args, 'out', z.string().min(1).optional());
      const orgId = await chainOrgId(db, option(args, 'org', orgSlug));
      const rows = await db.select().from(auditEvents).where(orgId ? eq(auditEvents.orgId, orgId) : isNull(auditEvents.orgId)).orderBy(asc(auditEvents.seq));
      const body = format === 'csv' ? auditRowsToCsv(rows) : auditRowsToJson(rows);
      if (!out) return void io.stdout(body);
      fs.writeFileSync(out, body);
      emit(io, args.json, { file: out, events: rows.length }, `Wrote ${rows.length} events to ${out}`);
    },
  },
};
