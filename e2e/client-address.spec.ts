import { expect, test } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { createMemberWithPassword } from './support/db';
import { pageAlert, signInWithPassword } from './support/pages';

test('with the default config, a client-written X-Forwarded-For changes neither the audited address nor the per-address limit', async ({ page }) => {
  const { email, password } = await createMemberWithPassword('member');
  for (let i = 1; i <= 5; i++) {
    await page.context().setExtraHTTPHeaders({ 'X-Forwarded-For': `6.6.6.${i}`, 'X-Real-IP': `7.7.7.${i}` });
    await signInWithPassword(page, email, `wrong password ${i}`);
    await expect(pageAlert(page)).toHaveText('Incorrect email or password.');
  }
  const failures = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.sign_in_failed'), eq(auditEvents.targetLabel, email)));
  expect(failures).toHaveLength(5);
  const addresses = new Set(failures.map((f) => f.ip));
  expect(addresses.size).toBe(1);
  expect([...addresses][0]).toMatch(/^(127\.0\.0\.1|::1)$/);

  // Five failures on this account from this browser's real address: another forged address does not reset that count.
  await page.context().setExtraHTTPHeaders({ 'X-Forwarded-For': '6.6.6.99', 'X-Real-IP': '7.7.7.99' });
  await signInWithPassword(page, email, password);
  await expect(pageAlert(page)).toHaveText(/^Too many failed sign-in attempts\. Try again in 1[45] minutes\.$/);
});
