import { expect, test } from '@playwright/test';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { signInThrottles } from '@/lib/db/schema';
import { createMemberWithPassword } from './support/db';
import { expectSignedIn, pageAlert, signInWithPassword } from './support/pages';

test("the owner's usual browser still signs in while guessers hold the account-wide delay; a new browser waits", async ({ page, browser }) => {
  const { email, password } = await createMemberWithPassword('member');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  const cookie = (await page.context().cookies()).find((c) => c.name === 'known_device');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  // Guessers from many addresses used up the account's free failures (every test request comes
  // from this machine, so the state is written directly): the next attempt must wait 10 minutes.
  await getDb()
    .insert(signInThrottles)
    .values({ key: `account:${email}`, failures: 12, windowStartedAt: sql`now()`, lockedUntil: sql`now() + interval '10 minutes'` })
    .onConflictDoUpdate({ target: signInThrottles.key, set: { failures: 12, lockedUntil: sql`now() + interval '10 minutes'` } });

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await signInWithPassword(strangerPage, email, password);
  await expect(pageAlert(strangerPage)).toHaveText(/^Too many failed sign-in attempts\. Try again in (9|10) minutes\.$/);
  await stranger.close();

  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
});
