import { expect, test } from '@playwright/test';
import { createMemberWithPassword, latestEmail, linkIn } from './support/db';

test('the production build never serves the dev outbox, even with a captured email in the table', async ({ page, request }) => {
  const { email } = await createMemberWithPassword('member');
  await page.goto('/forgot-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('we sent a link');
  // Captured without SMTP (the tests read the table directly)...
  const link = linkIn((await latestEmail(email, 'Reset your password')).text);

  // ...but an anonymous visitor cannot read it.
  for (const path of ['/dev/outbox', '/dev/outbox/', '/dev/outbox?x=1']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text()).not.toContain(new URL(link).searchParams.get('token')!);
  }
});
