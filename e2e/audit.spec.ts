import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { createMemberWithPassword } from './support/db';
import { expectSignedIn, pageAlert, signInWithPassword } from './support/pages';

const CSV_HEADER = 'id,seq,createdAt,action,actorType,actorId,actorLabel,targetType,targetId,targetLabel,before,after,metadata,ip,userAgent,prevHash,hash';

async function eventCount(orgId: string) {
  return (await getDb().select({ n: count() }).from(auditEvents).where(eq(auditEvents.orgId, orgId)))[0].n;
}

async function downloadText(page: Page, button: string) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { filename: download.suggestedFilename(), text: fs.readFileSync((await download.path())!, 'utf8') };
}

test('the audit log lists, filters, verifies, catches tampering and exports', async ({ page }) => {
  const { email, password, org } = await createMemberWithPassword('owner');
  // Another org's events must never show up here.
  const stranger = await createMemberWithPassword('owner');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  await page.getByRole('link', { name: 'Audit log' }).click();
  const events = page.getByRole('table');
  await expect(events).toContainText('auth.signed_in');
  await expect(events).toContainText('org.created');
  await expect(events).toContainText('member.added');
  await expect(events).not.toContainText(stranger.email);
  await expect(events.locator('tbody tr')).toHaveCount(await eventCount(org.id));

  await page.getByLabel('Action', { exact: true }).fill('auth.');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=auth\./);
  await expect(events).toContainText('auth.signed_in');
  await expect(events).not.toContainText('org.created');
  await expect(events).not.toContainText('member.added');
  const authEvents = await getDb().select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), sql`${auditEvents.action} like 'auth.%'`));
  await expect(events.locator('tbody tr')).toHaveCount(authEvents.length);

  await page.getByLabel('Action', { exact: true }).fill('no.such.action');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No events match.')).toBeVisible();

  // The chain is checked when the page opens; "Check again" re-runs it.
  const status = page.getByTestId('audit-chain-status');
  await expect(status).toHaveText(`Chain verified: all ${await eventCount(org.id)} events intact`);

  // Tamper with one row behind the app's back (the append-only trigger is bypassed).
  const rows = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(asc(auditEvents.seq));
  const victim = rows.find((r) => r.action === 'member.added')!;
  expect(victim.seq).toBeLessThan(rows[rows.length - 1].seq);
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.update(auditEvents).set({ after: { role: 'viewer' } }).where(eq(auditEvents.id, victim.id));
  });
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(status).toHaveText(`Chain broken at event #${victim.seq}: row content does not match its hash (the row was altered)`);
  await expect(pageAlert(page)).toHaveCount(0);

  const csv = await downloadText(page, 'Export CSV');
  expect(csv.filename).toBe(`audit-${org.slug}-${new Date().toISOString().slice(0, 10)}.csv`);
  const lines = csv.text.trimEnd().split('\n');
  expect(lines[0]).toBe(CSV_HEADER);
  const all = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(asc(auditEvents.seq));
  expect(lines).toHaveLength(all.length + 1);
  // One line per event of this org, in order, starting with its id and seq.
  expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(all.map((e) => `"${e.id}","${e.seq}"`));
  expect(csv.text).toContain('"auth.signed_in"');
  expect(csv.text).not.toContain(stranger.email);

  const json = await downloadText(page, 'Export JSON');
  expect(json.filename).toBe(`audit-${org.slug}-${new Date().toISOString().slice(0, 10)}.json`);
  const exported = JSON.parse(json.text) as { seq: number; orgId: string; action: string; hash: string }[];
  expect(exported.map((e) => e.seq)).toEqual(all.map((e) => e.seq));
  expect(new Set(exported.map((e) => e.orgId))).toEqual(new Set([org.id]));
  expect(exported.map((e) => e.hash)).toEqual(all.map((e) => e.hash));
});

test('a deleted audit row is named by the chain check', async ({ page }) => {
  const { email, password, org } = await createMemberWithPassword('admin');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  const rows = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(asc(auditEvents.seq));
  expect(rows.length).toBeGreaterThanOrEqual(3);
  const removed = rows[1];
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.delete(auditEvents).where(eq(auditEvents.id, removed.id));
  });
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByTestId('audit-chain-status')).toHaveText(new RegExp(`^Chain broken at event #${rows[2].seq}: `));
});
