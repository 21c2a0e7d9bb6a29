import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { memberships, teamMembers, teams, users } from '@/lib/db/schema';
import { completeSsoLogin } from '@/lib/sso/complete-login';
import { handleSamlResponse } from '@/lib/sso/saml/handle-acs';
import { systemActor } from '@/lib/testing/fixtures';
import { makeSamlOrg } from '@/lib/testing/saml-fixtures';
import { scimClient } from '@/lib/testing/scim-client';
import { createScimToken } from './tokens';

const db = getDb();
const meta = { ip: '127.0.0.1', userAgent: 'vitest' };
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function ssoIdentity(idp: Awaited<ReturnType<typeof makeSamlOrg>>, email: string, groups: string[] = []) {
  return handleSamlResponse(db, { samlResponse: idp.respond(email, { attributes: { email: [email], groups } }).base64, relayState: null });
}

async function scimFor(idp: Awaited<ReturnType<typeof makeSamlOrg>>) {
  return scimClient((await createScimToken(db, { orgId: idp.org.id, name: 'Okta' }, systemActor)).token);
}

describe('SCIM and SSO together', () => {
  it('a provisioned user signs in by SSO without JIT, with the role their SCIM groups decide', async () => {
    const idp = await makeSamlOrg({ rules: [['ai-admins', 'admin']] });
    const scim = await scimFor(idp);
    const email = idp.email('grace');
    const { body: user } = await scim('POST', '/Users', { userName: email, active: true });
    await scim('POST', '/Groups', { displayName: 'ai-admins', members: [{ value: user.id }] });
    // The assertion carries no groups (an Okta app without a groups attribute): SCIM's still count.
    const { userId } = await completeSsoLogin(db, await ssoIdentity(idp, email), meta);
    expect(userId).toBe(user.id);
    const [membership] = await db.select().from(memberships).where(and(eq(memberships.orgId, idp.org.id), eq(memberships.userId, userId)));
    expect(membership).toMatchObject({ role: 'admin', source: 'scim' });
    // ...and the login did not take the user out of the directory's team.
    const inTeams = await db.select({ name: teams.name }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).where(eq(teamMembers.userId, userId));
    expect(inTeams.map((t) => t.name)).toContain('ai-admins');
  });

  it('after deactivation or DELETE, the SSO login is refused', async () => {
    const idp = await makeSamlOrg();
    const scim = await scimFor(idp);
    for (const [local, off] of [
      ['henry', (id: string) => scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] })],
      ['iris', (id: string) => scim('DELETE', `/Users/${id}`)],
    ] as const) {
      const email = idp.email(local);
      const { body: user } = await scim('POST', '/Users', { userName: email });
      await completeSsoLogin(db, await ssoIdentity(idp, email), meta);
      await off(user.id);
      await expect(completeSsoLogin(db, await ssoIdentity(idp, email), meta)).rejects.toMatchObject({ code: 'access_removed' });
      expect(await db.select().from(users).where(eq(users.id, user.id))).toHaveLength(1);
    }
  });
});
