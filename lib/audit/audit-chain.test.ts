import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { makeOrg, systemActor } from '@/lib/testing/fixtures';
import { auditRowsToCsv } from './export';
import { auditBy, recordAudit } from './record';
import { verifyAuditChain } from './verify';

describe('audit hash chain', () => {
  it('links each event to the previous one and verifies', async () => {
    const org = await makeOrg();
    for (let i = 0; i < 3; i++) await recordAudit(getDb(), auditBy(systemActor, { orgId: org.id, action: `test.event_${i}`, after: { i, nested: { b: 1, a: 2 } } }));
    const rows = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(auditEvents.seq);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(rows[2].prevHash).toBe(rows[1].hash);
    expect(await verifyAuditChain(getDb(), org.id)).toEqual({ ok: true, checked: 4 });
  });

  it('refuses UPDATE and DELETE in the database itself', async () => {
    const org = await makeOrg();
    await expect(getDb().update(auditEvents).set({ action: 'forged' }).where(eq(auditEvents.orgId, org.id))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    await expect(getDb().delete(auditEvents).where(eq(auditEvents.orgId, org.id))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
  });

  it('names the first tampered row when someone bypasses the trigger', async () => {
    const org = await makeOrg();
    for (let i = 0; i < 4; i++) await recordAudit(getDb(), auditBy(systemActor, { orgId: org.id, action: `test.event_${i}` }));
    const rows = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(auditEvents.seq);
    const victim = rows[2];
    // A superuser can disable triggers; the chain must still expose the edit.
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.update(auditEvents).set({ action: 'test.forged' }).where(eq(auditEvents.id, victim.id));
    });
    const verdict = await verifyAuditChain(getDb(), org.id);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.brokenRow.id).toBe(victim.id);
      expect(verdict.brokenRow.reason).toMatch(/altered/);
      expect(verdict.checked).toBe(2);
    }
  });

  it('detects a deleted row through the broken link', async () => {
    const org = await makeOrg();
    for (let i = 0; i < 3; i++) await recordAudit(getDb(), auditBy(systemActor, { orgId: org.id, action: `test.event_${i}` }));
    const rows = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(auditEvents.seq);
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.delete(auditEvents).where(eq(auditEvents.id, rows[1].id));
    });
    const verdict = await verifyAuditChain(getDb(), org.id);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.brokenRow.id).toBe(rows[2].id);
  });

  it('keeps concurrent writers on one unbroken chain', async () => {
    const org = await makeOrg();
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(getDb(), auditBy(systemActor, { orgId: org.id, action: `test.parallel_${i}` }))));
    expect(await verifyAuditChain(getDb(), org.id)).toEqual({ ok: true, checked: 21 });
  });

  it('exports CSV with formulas neutralised', async () => {
    const org = await makeOrg();
    await recordAudit(getDb(), auditBy(systemActor, { orgId: org.id, action: 'test.csv', target: { type: 'user', label: '=HYPERLINK("x")' } }));
    const rows = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(auditEvents.seq);
    const csv = auditRowsToCsv(rows);
    expect(csv.split('\n')[0]).toContain('action');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
