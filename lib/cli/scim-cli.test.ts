import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { auditEvents, scimTokens } from '@/lib/db/schema';
import { hashSecret } from '@/lib/crypto/tokens';
import { makeOrg } from '@/lib/testing/fixtures';
import { scimClient } from '@/lib/testing/scim-client';
import { runAdminCli } from './run';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runAdminCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

describe('admin CLI: SCIM tokens and request log', () => {
  it('creates a token shown once and stored hashed, rotates it (old one dies at once) and revokes it', async () => {
    const org = await makeOrg();
    const created = await cli('scim-token', 'create', '--org', org.slug, '--name', 'Okta', '--json');
    expect(created.code).toBe(0);
    const { token, id, baseUrl } = created.json();
    expect(token).toMatch(/^scim_/);
    expect(baseUrl).toMatch(/\/api\/scim\/v2$/);
    const [row] = await getDb().select().from(scimTokens).where(eq(scimTokens.id, id));
    expect(row.tokenHash).toBe(hashSecret(token));
    expect(JSON.stringify(row)).not.toContain(token);

    expect((await scimClient(token)('GET', '/Users')).status).toBe(200);
    const listed = await cli('scim-token', 'list', '--org', org.slug);
    expect(listed.stdout).toContain('Okta');
    expect(listed.stdout).not.toContain(token);
    expect(listed.stdout).toMatch(/live\s+\S+\s+\S+/);

    const rotated = await cli('scim-token', 'rotate', '--org', org.slug, '--token', 'Okta', '--json');
    const fresh = rotated.json().token;
    expect(fresh).not.toBe(token);
    expect((await scimClient(token)('GET', '/Users')).status).toBe(401);
    expect((await scimClient(fresh)('GET', '/Users')).status).toBe(200);

    expect((await cli('scim-token', 'revoke', '--org', org.slug, '--token', id)).code).toBe(0);
    expect((await scimClient(fresh)('GET', '/Users')).status).toBe(401);
    expect((await cli('scim-token', 'revoke', '--org', org.slug, '--token', id)).stderr).toMatch(/^error: No live SCIM token/);

    const actions = (await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['scim_token.created', 'scim_token.rotated', 'scim_token.revoked']));
  });

  it('refuses bad input with one line and creates nothing', async () => {
    const org = await makeOrg();
    const empty = await cli('scim-token', 'create', '--org', org.slug, '--name', '  ');
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    expect((await cli('scim-token', 'create', '--org', 'no-such-org', '--name', 'x')).code).toBe(1);
    expect((await cli('scim', 'log', '--org', org.slug, '--limit', 'lots')).code).toBe(2);
    expect(await getDb().select().from(scimTokens).where(eq(scimTokens.orgId, org.id))).toHaveLength(0);
  });

  it('shows the request log newest first with errors and without secrets', async () => {
    const org = await makeOrg();
    const { token } = (await cli('scim-token', 'create', '--org', org.slug, '--name', 'Entra', '--json')).json();
    const scim = scimClient(token);
    await scim('POST', '/Users', { userName: 'log-user@log.test', password: 'hunter2-secret' });
    await scim('GET', `/Users?filter=${encodeURIComponent('userName xx "a"')}`);
    const log = await cli('scim', 'log', '--org', org.slug, '--json');
    const rows = log.json();
    expect(rows.map((r: { method: string; status: number }) => [r.method, r.status])).toEqual([['GET', 400], ['POST', 201]]);
    expect(rows[0].error).toMatch(/not valid SCIM filter syntax/);
    expect(JSON.stringify(rows)).not.toContain('hunter2-secret');
    const errors = await cli('scim', 'log', '--org', org.slug, '--errors', '--json');
    expect(errors.json()).toHaveLength(1);
  });
});
