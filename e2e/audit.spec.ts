import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { createMemberWithPassword } from './support/db';
import { expectSignedIn, signInWithPassword } from './support/pages';

test('the audit log lists, filters, verifies, catches tampering and exports', async ({ page }) => {
  const { email, password, org } = await createMemberWithPassword('owner');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  await page.getByRole('link', { name: 'Audit log' }).click();
  const events = page.getByRole('table');
  await expect(events).toContainText('auth.signed_in');
  await expect(events).toContainText('org.created');

  await page.getByLabel('Action starts with').fill('auth.');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(events).toContainText('auth.signed_in');
  await expect(events).not.toContainText('org.created');

  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(/^Chain intact: \d+ events verified$/);

  const [victim] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.action, 'member.added')));
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.update(auditEvents).set({ after: { role: 'viewer' } }).where(eq(auditEvents.id, victim.id));
  });
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`Chain broken at event #${victim.seq}: row content does not match its hash (the row was altered)`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-.*\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\n')[0]).toBe('id,seq,createdAt,action,actorType,actorId,actorLabel,targetType,targetId,targetLabel,before,after,metadata,ip,userAgent,prevHash,hash');
  expect(csv).toContain('"auth.signed_in"');
});
