import { expect, test, type Browser, type Page } from '@playwright/test';
import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { memberships, organizations, roleRules, users } from '@/lib/db/schema';
import { addPasswordMember, createMemberWithPassword } from './support/db';
import { setupSamlOrg } from './support/idp';
import { expectSignedIn, signInWithPassword, signInWithSamlAt } from './support/pages';
import { checkAtBothWidths } from './support/page-checks';

const db = getDb();

const personIn = addPasswordMember;

async function signIn(page: Page, person: { email: string; password: string }) {
  await signInWithPassword(page, person.email, person.password);
  await expect(page).toHaveURL(/\/dashboard/);
}

/** Someone signing in by SSO in a browser of their own; they stay on their dashboard. */
async function ssoPerson(browser: Browser, idpUrl: string, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInWithSamlAt(page, idpUrl, email);
  // Finishing an SSO login can take a while on a busy machine.
  await expect(page).toHaveURL(/\/dashboard/, { timeout: 30_000 });
  await expectSignedIn(page);
  return { context, page };
}

const rulesOf = async (orgId: string) => (await db.select().from(roleRules).where(eq(roleRules.orgId, orgId)).orderBy(asc(roleRules.position))).map((r) => [r.idpGroup, r.role]);
async function membershipOf(orgId: string, email: string) {
  const [row] = await db
    .select({ role: memberships.role, status: memberships.status })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(users.email, email)));
  return row;
}

const ruleRow = (page: Page, group: string) => page.getByRole('row', { name: `Rule for ${group}`, exact: true });

async function addRule(page: Page, group: string, role: string) {
  await page.getByLabel('IdP group', { exact: true }).fill(group);
  await page.getByLabel('Role', { exact: true }).selectOption({ label: role });
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(ruleRow(page, group)).toBeVisible();
}

async function groupsInOrder(page: Page) {
  return page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => (row.querySelector('input') as HTMLInputElement | null)?.value));
}

test('an owner maps groups to roles, simulates, previews bob’s change, applies it, and bob’s next page shows Admin', async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const sso = await setupSamlOrg(baseURL!, { rules: [['ai-admins', 'admin']] });
  try {
    const owner = await personIn(sso.org.id, 'owner');
    const bob = await ssoPerson(browser, sso.idp.url, sso.email('bob'));
    await expect(bob.page.getByTestId('current-role')).toHaveText('Member');

    await signIn(page, owner);
    await page.goto('/settings/rules');
    await expect(page.getByRole('heading', { level: 1, name: 'Role rules' })).toBeVisible();
    await expect(ruleRow(page, 'ai-admins')).toBeVisible();
    await checkAtBothWidths(page, testInfo, 'rules-page');

    // Bad input: a clear message next to the field, nothing added to the draft or saved.
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.getByText('Enter the IdP group name or id')).toBeVisible();
    await expect(page.getByLabel('IdP group', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('IdP group', { exact: true }).fill('AI-Admins');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.getByText('A rule for group AI-Admins already exists (groups compare without case)')).toBeVisible();
    await expect(page.locator('tbody tr')).toHaveCount(1);

    // Groups seen at bob's login are suggested.
    await expect(page.locator('datalist#known-idp-groups option[value="engineering"]')).toHaveCount(1);
    await addRule(page, 'engineering', 'Admin');
    await addRule(page, 'finance', 'Viewer');
    expect(await groupsInOrder(page)).toEqual(['ai-admins', 'engineering', 'finance']);

    // Reorder by keyboard (focus stays on the moved rule's button), then by drag and drop.
    await ruleRow(page, 'finance').getByRole('button', { name: 'Move finance up' }).focus();
    await page.keyboard.press('Enter');
    expect(await groupsInOrder(page)).toEqual(['ai-admins', 'finance', 'engineering']);
    await expect(page.getByRole('button', { name: 'Move finance up' })).toBeFocused();
    await page.keyboard.press('Enter');
    expect(await groupsInOrder(page)).toEqual(['finance', 'ai-admins', 'engineering']);
    await expect(page.getByText('Rule for finance moved to position 1 of 3.')).toBeAttached();
    await ruleRow(page, 'finance').locator('[draggable="true"]').dragTo(ruleRow(page, 'engineering'));
    expect(await groupsInOrder(page)).toEqual(['ai-admins', 'engineering', 'finance']);

    // The simulator: highest role wins and the deciding rule is named.
    await page.getByLabel('Groups to try').fill('engineering, finance');
    const result = page.getByRole('status', { name: 'Simulator result' });
    await expect(result.getByTestId('simulated-role')).toHaveText('Admin');
    await expect(result).toContainText('Decided by rule 2: engineering → Admin.');
    await page.getByLabel('Groups to try').fill('marketing');
    await expect(result).toContainText('Default role: none of these groups has a rule.');
    await page.getByLabel('Groups to try').fill('engineering, finance');
    await checkAtBothWidths(page, testInfo, 'rules-simulator');

    // The impact preview names bob's change; nothing is saved yet.
    await page.getByRole('button', { name: 'Review changes' }).click();
    const preview = page.getByRole('region', { name: 'Review changes' });
    await expect(preview.getByRole('heading', { name: 'Review changes' })).toBeFocused();
    const bobChange = preview.getByRole('row', { name: `Change for ${sso.email('bob')}` });
    await expect(bobChange).toContainText('Member');
    await expect(bobChange.getByRole('cell').nth(2)).toHaveText('Admin');
    await expect(bobChange).toContainText('rule engineering → Admin');
    await expect(preview.getByTestId('impact-counts')).toContainText('1 member affected: 1 role change, 0 losing access');
    await expect(preview).toContainText('Saving: 2 rules added.');
    expect(await rulesOf(sso.org.id)).toEqual([['ai-admins', 'admin']]);
    expect(await membershipOf(sso.org.id, sso.email('bob'))).toMatchObject({ role: 'member' });
    await checkAtBothWidths(page, testInfo, 'rules-preview');

    await preview.getByRole('button', { name: 'Apply changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Role rules saved. 1 member updated.' })).toBeVisible();
    expect(await rulesOf(sso.org.id)).toEqual([['ai-admins', 'admin'], ['engineering', 'admin'], ['finance', 'viewer']]);
    expect(await membershipOf(sso.org.id, sso.email('bob'))).toMatchObject({ role: 'admin' });
    await expect(page.getByText('No unsaved changes.')).toBeVisible();

    await bob.page.reload();
    await expect(bob.page.getByTestId('current-role')).toHaveText('Admin');
    await bob.context.close();
  } finally {
    await sso.idp.close();
  }
});

test('requiring a mapped group previews who loses access, and applying signs them out at once', async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const sso = await setupSamlOrg(baseURL!, { rules: [['ai-admins', 'admin'], ['engineering', 'member']] });
  try {
    const owner = await personIn(sso.org.id, 'owner');
    const bob = await ssoPerson(browser, sso.idp.url, sso.email('bob'));
    const carol = await ssoPerson(browser, sso.idp.url, sso.email('carol'));
    await expect(carol.page.getByTestId('current-role')).toHaveText('Member');

    await signIn(page, owner);
    await page.goto('/settings/rules');
    await page.getByRole('switch', { name: 'Require a mapped group' }).click();
    await expect(page.getByRole('switch', { name: 'Require a mapped group' })).toHaveAttribute('aria-checked', 'true');
    await page.getByLabel('Groups to try').fill('finance');
    await expect(page.getByRole('status', { name: 'Simulator result' })).toContainText('Access denied: no mapped group');

    await page.getByRole('button', { name: 'Review changes' }).click();
    const preview = page.getByRole('region', { name: 'Review changes' });
    const carolChange = preview.getByRole('row', { name: `Change for ${sso.email('carol')}` });
    await expect(carolChange).toContainText('Member (no access)');
    await expect(carolChange).toContainText('access denied: no mapped group');
    await expect(preview.getByRole('row', { name: `Change for ${sso.email('bob')}` })).toHaveCount(0);
    await expect(preview.getByTestId('impact-counts')).toContainText('1 member affected: 0 role changes, 1 losing access');
    expect(await membershipOf(sso.org.id, sso.email('carol'))).toMatchObject({ status: 'active' });
    await checkAtBothWidths(page, testInfo, 'rules-preview-access');

    await preview.getByRole('button', { name: 'Apply changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Role rules saved. 1 member updated.' })).toBeVisible();
    expect(await membershipOf(sso.org.id, sso.email('carol'))).toMatchObject({ status: 'suspended' });
    expect((await db.select().from(organizations).where(eq(organizations.id, sso.org.id)))[0].requireMappedGroup).toBe(true);

    await carol.page.reload();
    await expect(carol.page).toHaveURL(/\/login/);
    await bob.page.reload();
    await expect(bob.page.getByTestId('current-role')).toHaveText('Member');
    await bob.context.close();
    await carol.context.close();
  } finally {
    await sso.idp.close();
  }
});

test('an admin is refused a rule that grants Owner, and bad edits are refused; nothing changes', async ({ page }) => {
  const admin = await createMemberWithPassword('admin');
  await db.insert(roleRules).values({ orgId: admin.org.id, idpGroup: 'ai-admins', role: 'admin', position: 1 });
  await signIn(page, admin);
  await page.goto('/settings/rules');
  await addRule(page, 'execs', 'Owner');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Only an owner can add, change or remove a rule that grants Owner (the rule for execs). Nothing was saved.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Review changes' })).toHaveCount(0);
  expect(await rulesOf(admin.org.id)).toEqual([['ai-admins', 'admin']]);

  // An edit that empties a group or repeats one: the message is next to that rule's field.
  await ruleRow(page, 'execs').getByRole('button', { name: 'Remove rule for execs' }).click();
  await ruleRow(page, 'ai-admins').getByLabel('IdP group of rule 1').fill('');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await expect(page.getByText('Enter the IdP group name or id')).toBeVisible();
  await expect(page.getByLabel('IdP group of rule 1')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('IdP group of rule 1').fill('finance');
  await addRule(page, 'eng', 'Member');
  await page.getByLabel('IdP group of rule 2').fill('FINANCE');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await expect(page.getByText('A rule for group FINANCE already exists (groups compare without case)')).toBeVisible();
  expect(await rulesOf(admin.org.id)).toEqual([['ai-admins', 'admin']]);
});

for (const role of ['member', 'viewer'] as const) {
  test(`a ${role} gets the Admin-required page on /settings/rules`, async ({ page }) => {
    const person = await createMemberWithPassword(role);
    await signIn(page, person);
    await page.goto('/settings/rules');
    await expect(page.getByRole('heading', { name: 'You need the Admin role' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Review changes' })).toHaveCount(0);
  });
}
