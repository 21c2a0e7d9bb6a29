import { randomBytes } from 'node:crypto';
import type { AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { addDomain, verifyDomain } from '@/lib/orgs/domains';
import { createOrganization, findOrgBySlug } from '@/lib/orgs/organizations';
import { createScimToken } from '@/lib/scim/tokens';
import { createUser } from '@/lib/users/create-user';

export const DEMO_OWNER_EMAIL = 'owner@acme.test';

export type DemoSeed = { created: false } | { created: true; ownerEmail: string; ownerPassword: string; apiKey: string; scimToken: string; orgSlug: string };

/** First-start demo: org Acme (enterprise, acme.test verified), its owner, a project and an API key. */
export async function seedDemo(db: Executor): Promise<DemoSeed> {
  if (await findOrgBySlug(db, 'acme')) return { created: false };
  const by: AuditContext = { actor: { type: 'system', label: 'demo seed' } };
  const ownerPassword = randomBytes(12).toString('base64url');
  return db.transaction(async (tx) => {
    const owner = await createUser(tx, { email: DEMO_OWNER_EMAIL, name: 'Acme Owner', password: ownerPassword, emailVerified: true });
    const org = await createOrganization(tx, { name: 'Acme', slug: 'acme', plan: 'enterprise', ownerUserId: owner.id }, by);
    await addDomain(tx, org.id, 'acme.test', by);
    await verifyDomain(tx, org.id, 'acme.test', by, { skipDns: true });
    const project = await createProject(tx, { orgId: org.id, name: 'Demo project', createdBy: owner.id }, by);
    const { secret } = await createApiKey(tx, { orgId: org.id, projectId: project.id, userId: owner.id, name: 'Demo key' }, by);
    const scim = await createScimToken(tx, { orgId: org.id, name: 'Demo directory' }, by);
    return { created: true as const, ownerEmail: owner.email, ownerPassword, apiKey: secret, scimToken: scim.token, orgSlug: org.slug };
  });
}

export function describeSeed(seed: DemoSeed, appUrl: string): string {
  if (!seed.created) return '';
  return [
    '',
    '┌──────────────────────────────────────────────────────────────────────',
    '│ Demo organization "Acme" created (shown once; keep it somewhere safe)',
    `│   Sign in at ${appUrl}/login`,
    `│   Email:    ${seed.ownerEmail}`,
    `│   Password: ${seed.ownerPassword}`,
    `│   API key:  ${seed.apiKey}`,
    `│   Try it:   curl -H "Authorization: Bearer ${seed.apiKey}" ${appUrl}/api/v1/me`,
    `│   SCIM:     ${appUrl}/api/scim/v2  token ${seed.scimToken}`,
    `│   Try it:   curl -H "Authorization: Bearer ${seed.scimToken}" ${appUrl}/api/scim/v2/Users`,
    '└──────────────────────────────────────────────────────────────────────',
    '',
  ].join('\n');
}
