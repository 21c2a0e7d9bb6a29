import { randomBytes } from 'node:crypto';
import { getDb } from '@/lib/db/client';
import { organizations, roleRules, type Plan, type Role } from '@/lib/db/schema';
import { createIdpCredentials } from '@/lib/demo-idp/credentials';
import { createDemoDirectory } from '@/lib/demo-idp/directory';
import { startDemoIdp } from '@/lib/demo-idp/server';
import { addDomain, verifyDomain } from '@/lib/orgs/domains';
import { createOrganization } from '@/lib/orgs/organizations';
import { createOidcConnection, createSamlConnection } from '@/lib/sso/connections';
import { eq } from 'drizzle-orm';

const by = { actor: { type: 'system' as const, label: 'e2e' } };

export const DEMO_RULES: [string, Role][] = [
  ['ai-admins', 'admin'],
  ['engineering', 'member'],
  ['finance', 'viewer'],
];

type SsoOrgOptions = { rules?: [string, Role][]; plan?: Plan; requireMappedGroup?: boolean };

/** An org with a verified domain of its own, its role rules and the demo IdP (alice/bob/carol at that domain), not yet connected to it. */
export async function setupSsoOrg(baseURL: string, options: SsoOrgOptions = {}) {
  const db = getDb();
  const domain = `${randomBytes(4).toString('hex')}.e2e.test`;
  const org = await createOrganization(db, { name: `SSO Org ${domain.slice(0, 4)}`, plan: options.plan ?? 'enterprise' }, by);
  await addDomain(db, org.id, domain, by);
  await verifyDomain(db, org.id, domain, by, { skipDns: true });
  if (options.requireMappedGroup) await db.update(organizations).set({ requireMappedGroup: true }).where(eq(organizations.id, org.id));
  const directory = createDemoDirectory(domain);
  const credentials = await createIdpCredentials();
  const idp = await startDemoIdp({ credentials, directory, appUrl: baseURL });
  for (const [index, [group, role]] of (options.rules ?? DEMO_RULES).entries()) await db.insert(roleRules).values({ orgId: org.id, idpGroup: group, role, position: index + 1 });
  const email = (name: 'alice' | 'bob' | 'carol') => `${name}@${domain}`;
  return { org, domain, directory, idp, email, credentials };
}

/** setupSsoOrg with a SAML connection to the demo IdP (and, `withOidc`, an OIDC one). */
export async function setupSamlOrg(baseURL: string, options: SsoOrgOptions & { withOidc?: boolean } = {}) {
  const db = getDb();
  const sso = await setupSsoOrg(baseURL, options);
  const connection = await createSamlConnection(db, { orgId: sso.org.id, name: 'Demo IdP (SAML)', metadataXml: sso.idp.samlMetadata }, by);
  if (options.withOidc) {
    await createOidcConnection(db, { orgId: sso.org.id, name: 'Demo IdP (OIDC)', discoveryUrl: sso.idp.oidcDiscoveryUrl, ...sso.idp.oidcClient }, by);
  }
  return { ...sso, connection };
}
