import { eq } from 'drizzle-orm';
import type { AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { roleRules, type Role } from '@/lib/db/schema';
import { findOrgBySlug } from '@/lib/orgs/organizations';
import { createOidcConnection, createSamlConnection, deleteConnection, listConnections } from '@/lib/sso/connections';

export const DEMO_SAML_CONNECTION = 'Demo IdP (SAML)';
export const DEMO_OIDC_CONNECTION = 'Demo IdP (OIDC)';
export const DEMO_ROLE_RULES: [string, Role][] = [
  ['ai-admins', 'admin'],
  ['engineering', 'member'],
  ['finance', 'viewer'],
];

/**
 * Connects the demo org "acme" to the running demo IdP (once, or again when the IdP's entity id
 * changed because it moved port) and gives it the demo group rules if it has none.
 */
export async function seedDemoSso(
  db: Executor,
  idp: { samlEntityId: string; samlMetadata: string; oidcDiscoveryUrl: string; oidcClient: { clientId: string; clientSecret: string } },
): Promise<string[]> {
  const org = await findOrgBySlug(db, 'acme');
  if (!org) return [];
  const by: AuditContext = { actor: { type: 'system', label: 'demo seed' } };
  const notes: string[] = [];
  const existing = (await listConnections(db, org.id)).find((c) => c.name === DEMO_SAML_CONNECTION);
  if (existing && existing.idpEntityId !== idp.samlEntityId) await deleteConnection(db, { orgId: org.id, connectionId: existing.id }, by);
  if (!existing || existing.idpEntityId !== idp.samlEntityId) {
    await createSamlConnection(db, { orgId: org.id, name: DEMO_SAML_CONNECTION, metadataXml: idp.samlMetadata }, by);
    notes.push(`Connected Acme to the demo IdP (${idp.samlEntityId})`);
  }
  const oidc = (await listConnections(db, org.id)).find((c) => c.name === DEMO_OIDC_CONNECTION);
  const oidcIssuer = idp.oidcDiscoveryUrl.replace('/.well-known/openid-configuration', '');
  if (oidc && oidc.idpEntityId !== oidcIssuer) await deleteConnection(db, { orgId: org.id, connectionId: oidc.id }, by);
  if (!oidc || oidc.idpEntityId !== oidcIssuer) {
    await createOidcConnection(db, { orgId: org.id, name: DEMO_OIDC_CONNECTION, discoveryUrl: idp.oidcDiscoveryUrl, ...idp.oidcClient }, by);
    notes.push(`Connected Acme to the demo IdP over OIDC (${oidcIssuer})`);
  }
  if ((await db.select().from(roleRules).where(eq(roleRules.orgId, org.id))).length === 0) {
    await db.insert(roleRules).values(DEMO_ROLE_RULES.map(([idpGroup, role], index) => ({ orgId: org.id, idpGroup, role, position: index + 1 })));
    notes.push('Role rules: ai-admins → Admin, engineering → Member, finance → Viewer');
  }
  return notes;
}
