import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithSsoTicket } from '@/lib/auth/sign-in-sso';
import { getDb } from '@/lib/db/client';
import { organizations, ssoConnections } from '@/lib/db/schema';
import { completeSsoLogin } from '@/lib/sso/complete-login';
import { handleSamlResponse } from '@/lib/sso/saml/handle-acs';
import { startOidcTestIdp } from '@/lib/testing/oidc-test-idp';
import { makeSamlOrg } from '@/lib/testing/saml-fixtures';
import { runAdminCli } from './run';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runAdminCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

let oidcIdp: Awaited<ReturnType<typeof startOidcTestIdp>>;
beforeAll(async () => {
  oidcIdp = await startOidcTestIdp({ clientId: 'cli-client', clientSecret: 'cli-secret' });
});
afterAll(async () => oidcIdp?.close());

describe('admin CLI: OIDC connections, SSO-only and break-glass', () => {
  it('adds an OIDC connection after checking discovery, and refuses a bad one with one line', async () => {
    const idp = await makeSamlOrg();
    const added = await cli('sso', 'add-oidc', '--org', idp.org.slug, '--name', 'Entra (OIDC)', '--discovery-url', oidcIdp.discoveryUrl, '--client-id', 'cli-client', '--client-secret', 'cli-secret', '--json');
    expect(added.code).toBe(0);
    expect(added.json()).toMatchObject({ protocol: 'oidc', issuer: oidcIdp.issuer, redirectUri: expect.stringMatching(/\/api\/sso\/oidc\/callback$/) });
    expect(added.stdout).not.toContain('cli-secret');
    const before = (await getDb().select().from(ssoConnections).where(eq(ssoConnections.orgId, idp.org.id))).length;
    const bad = await cli('sso', 'add-oidc', '--org', idp.org.slug, '--name', 'Broken', '--discovery-url', 'http://localhost:9/.well-known/openid-configuration', '--client-id', 'x', '--client-secret', 'y');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: The OIDC discovery document could not be used/);
    expect((await cli('sso', 'add-oidc', '--org', idp.org.slug, '--name', 'X', '--discovery-url', 'not a url', '--client-id', 'x', '--client-secret', 'y')).code).toBe(2);
    expect((await getDb().select().from(ssoConnections).where(eq(ssoConnections.orgId, idp.org.id))).length).toBe(before);
  });

  it('turns SSO-only on only after an admin SSO login; manages break-glass accounts', async () => {
    const idp = await makeSamlOrg({ rules: [['ai-admins', 'admin']] });
    const refused = await cli('sso-only', 'on', '--org', idp.org.slug);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/an owner or admin must sign in once with SSO/);

    const alice = idp.email('alice');
    const identity = await handleSamlResponse(getDb(), { samlResponse: idp.respond(alice, { attributes: { email: [alice], groups: ['ai-admins'] } }).base64, relayState: null });
    await signInWithSsoTicket(getDb(), (await completeSsoLogin(getDb(), identity, { ip: null, userAgent: null })).ticket, { ip: null, userAgent: null }, null);

    expect((await cli('sso-only', 'on', '--org', idp.org.slug, '--json')).json()).toEqual({ slug: idp.org.slug, ssoOnly: true });
    const [org] = await getDb().select().from(organizations).where(eq(organizations.id, idp.org.id));
    expect(org.ssoOnly).toBe(true);

    expect((await cli('break-glass', 'add', '--org', idp.org.slug, '--email', alice)).code).toBe(0);
    expect((await cli('break-glass', 'list', '--org', idp.org.slug, '--json')).json()).toEqual([{ email: alice, role: 'admin' }]);
    expect((await cli('break-glass', 'add', '--org', idp.org.slug, '--email', 'stranger@nowhere.test')).stderr).toMatch(/^error: stranger@nowhere.test is not an active member/);
    expect((await cli('break-glass', 'remove', '--org', idp.org.slug, '--email', alice)).code).toBe(0);
    expect((await cli('break-glass', 'list', '--org', idp.org.slug, '--json')).json()).toEqual([]);
    expect((await cli('sso-only', 'off', '--org', idp.org.slug)).stdout).toContain('SSO-only is off');
    expect((await getDb().select().from(organizations).where(and(eq(organizations.id, idp.org.id), eq(organizations.ssoOnly, false)))).length).toBe(1);
  });
});
