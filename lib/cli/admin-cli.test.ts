import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/auth/password';
import { getDb, type Database } from '@/lib/db/client';
import { auditEvents, memberships, organizations, passwordCredentials, roleRules, ssoConnections, users } from '@/lib/db/schema';
import { createIdpCredentials } from '@/lib/demo-idp/credentials';
import { buildIdpMetadata } from '@/lib/demo-idp/metadata';
import { authenticateApiKey } from '@/lib/gateway/api-keys';
import { COMMANDS, runAdminCli } from './run';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runAdminCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** A database that fails the test if a command touches it. */
const noDb = new Proxy({}, { get: () => { throw new Error('the database was touched'); } }) as Database;

async function usageError(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runAdminCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, noDb);
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^error: /);
  return stderr;
}

const suffix = () => randomBytes(4).toString('hex');
const countRows = async (table: typeof organizations | typeof users) => (await getDb().select({ n: count() }).from(table))[0].n;

async function orgWithOwner() {
  const slug = `cli-${suffix()}`;
  const email = `owner-${suffix()}@cli.test`;
  expect((await cli('user', 'create', '--email', email, '--name', 'Owner', '--password', 'a long enough password')).code).toBe(0);
  expect((await cli('org', 'create', '--name', 'CLI Org', '--slug', slug, '--plan', 'enterprise', '--owner', email)).code).toBe(0);
  return { slug, email };
}

describe('admin CLI: parsing and usage', () => {
  it('prints usage listing every command for help and for no arguments', async () => {
    for (const argv of [['help'], [], ['--help']]) {
      const result = await runAdminCli(argv, { stdout: () => {}, stderr: () => {} }, noDb);
      expect(result).toBe(0);
    }
    const help = await cli('help');
    for (const name of Object.keys(COMMANDS)) expect(help.stdout).toContain(`  ${name}`);
    for (const name of ['org create', 'org set-plan', 'org list', 'domain add', 'domain verify', 'domain list', 'user create', 'member add', 'member list', 'member set-role', 'project create', 'key create', 'audit verify', 'audit export']) {
      expect(help.stdout).toContain(name);
    }
    expect((await cli('org', 'create', '--help')).stdout).toMatch(/^usage: .*org create --name <name>/);
    expect((await cli('help', 'audit')).stdout).toContain('audit export');
  });

  it('refuses bad command lines with one line and exit 2, before touching the database', async () => {
    expect(await usageError('frobnicate')).toMatch(/^error: unknown command "frobnicate"/);
    expect(await usageError('org')).toMatch(/^error: "org" needs a subcommand: create, set-plan, list/);
    expect(await usageError('org', 'delete')).toMatch(/^error: unknown command "org delete"/);
    expect(await usageError('org', 'create')).toMatch(/^error: --name is required/);
    expect(await usageError('org', 'create', '--name')).toMatch(/^error: --name needs a value/);
    expect(await usageError('org', 'create', '--name', 'A B', '--colour', 'red')).toMatch(/^error: unknown option --colour/);
    expect(await usageError('org', 'create', '--name', 'A B', '--name', 'C D')).toMatch(/^error: --name given twice/);
    expect(await usageError('org', 'create', '--name', 'A B', 'extra')).toMatch(/^error: unexpected argument "extra"/);
    expect(await usageError('org', 'create', '--name', 'A B', '--json=yes')).toMatch(/^error: --json takes no value/);
    expect(await usageError('org', 'create', '--name', 'A B', '--plan', 'gold')).toMatch(/^error: --plan: Plan must be free, team or enterprise/);
    expect(await usageError('org', 'create', '--name', 'A B', '--slug', 'Not A Slug!')).toMatch(/^error: --slug: Slug may contain/);
    expect(await usageError('domain', 'add', '--org', 'x', '--domain', 'not a domain')).toMatch(/^error: --domain: Enter a domain name/);
    expect(await usageError('user', 'create', '--email', 'not-an-email', '--name', 'X')).toMatch(/^error: --email: Enter a valid email/);
    expect(await usageError('user', 'create', '--email', 'a@b.test', '--name', 'X', '--password', 'short1')).toMatch(/^error: --password: Password must be at least 10/);
    expect(await usageError('member', 'add', '--org', 'x', '--email', 'a@b.test', '--role', 'boss')).toMatch(/^error: --role: role must be one of owner, admin, member, viewer/);
    expect(await usageError('key', 'create', '--org', 'x', '--project', 'p', '--user', 'a@b.test', '--name', ' ')).toMatch(/^error: --name: Enter a key name/);
    expect(await usageError('audit', 'export', '--org', 'x', '--format', 'xml')).toMatch(/^error: --format: format must be csv or json/);
    expect(await usageError('domain', 'verify', '--org', 'x', '--domain', 'a.test', '--skip-dns=yes')).toMatch(/^error: --skip-dns takes no value/);
  });

  it('refuses bad SSO, rule and role-setting command lines with exit 2, before touching the database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-usage-'));
    const file = path.join(dir, 'idp.xml');
    fs.writeFileSync(file, '<md:EntityDescriptor/>');
    const id = '3f1c2a4e-8b7d-4c6e-9a5f-1b2c3d4e5f60';
    expect(await usageError('sso')).toMatch(/^error: "sso" needs a subcommand: add-saml, list, remove, add-oidc/);
    expect(await usageError('sso', 'add-saml', '--org', 'x', '--name', 'Okta')).toMatch(/^error: give either --metadata-url or --metadata-file/);
    expect(await usageError('sso', 'add-saml', '--org', 'x', '--name', 'Okta', '--metadata-url', 'https://idp.test/md', '--metadata-file', file)).toMatch(/^error: give either --metadata-url or --metadata-file/);
    expect(await usageError('sso', 'add-saml', '--org', 'x', '--metadata-file', file)).toMatch(/^error: --name is required/);
    expect(await usageError('sso', 'add-saml', '--org', 'x', '--name', ' ', '--metadata-file', file)).toMatch(/^error: --name: Give the connection a name/);
    expect(await usageError('sso', 'add-saml', '--org', 'x', '--name', 'Okta', '--metadata-url', 'not a url')).toMatch(/^error: --metadata-url: give the http\(s\) URL/);
    expect(await usageError('sso', 'add-saml', '--org', 'x', '--name', 'Okta', '--metadata-url', 'file:///etc/passwd')).toMatch(/^error: --metadata-url: give the http\(s\) URL/);
    expect(await usageError('sso', 'add-saml', '--org', 'x', '--name', 'Okta', '--metadata-file', path.join(dir, 'missing.xml'))).toMatch(/^error: --metadata-file: cannot read .*missing\.xml \(no such file\)/);
    expect(await usageError('sso', 'add-saml', '--org', 'x', '--name', 'Okta', '--metadata-file', dir)).toMatch(/^error: --metadata-file: .* is not a file/);
    fs.writeFileSync(path.join(dir, 'empty.xml'), '  \n');
    expect(await usageError('sso', 'add-saml', '--org', 'x', '--name', 'Okta', '--metadata-file', path.join(dir, 'empty.xml'))).toMatch(/^error: --metadata-file: .* is empty/);
    expect(await usageError('sso', 'add-saml', '--org', 'x', '--name', 'Okta', '--metadata-file', file, '--email-attr', ' , ')).toMatch(/^error: --email-attr: give one or more attribute names/);
    expect(await usageError('sso', 'remove', '--org', 'x')).toMatch(/^error: --id is required/);
    expect(await usageError('rules', 'add', '--org', 'x', '--group', 'eng', '--role', 'boss')).toMatch(/^error: --role: role must be one of/);
    expect(await usageError('rules', 'add', '--org', 'x', '--group', '  ', '--role', 'admin')).toMatch(/^error: --group: Enter the IdP group/);
    expect(await usageError('rules', 'add', '--org', 'x', '--group', 'g'.repeat(257), '--role', 'admin')).toMatch(/^error: --group: IdP group must be at most 256/);
    expect(await usageError('rules', 'remove', '--org', 'x', '--id', 'r1')).toMatch(/^error: --id: give a rule id/);
    expect(await usageError('rules', 'reorder', '--org', 'x', '--ids', ',')).toMatch(/^error: --ids: give the rule ids in their new order/);
    expect(await usageError('rules', 'reorder', '--org', 'x', '--ids', `${id},nope`)).toMatch(/^error: --ids: "nope" is not a rule id/);
    expect(await usageError('org', 'set-default-role', '--org', 'x', '--role', 'boss')).toMatch(/^error: --role: role must be one of/);
    expect(await usageError('org', 'require-mapped-group', '--org', 'x')).toMatch(/^error: give either --on or --off/);
    expect(await usageError('org', 'require-mapped-group', '--org', 'x', '--on', '--off')).toMatch(/^error: give either --on or --off/);
  });
});

describe('admin CLI: commands', () => {
  it('creates an org, changes its plan and lists it as JSON', async () => {
    const slug = `acme-${suffix()}`;
    const created = await cli('org', 'create', '--name', 'Acme Test', '--slug', slug, '--json');
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('');
    expect(created.json()).toMatchObject({ slug, plan: 'free', name: 'Acme Test' });
    const human = await cli('org', 'set-plan', '--org', slug, '--plan', 'team');
    expect(human.stdout).toMatch(/now on the team plan/);
    expect((await cli('org', 'set-plan', '--org', slug, '--plan', 'enterprise', '--json')).json()).toMatchObject({ slug, plan: 'enterprise' });
    const listed = (await cli('org', 'list', '--json')).json() as { slug: string; plan: string; ssoOnly: boolean; members: number }[];
    expect(listed.find((o) => o.slug === slug)).toMatchObject({ plan: 'enterprise', ssoOnly: false, members: 0 });
    const owned = await orgWithOwner();
    expect(((await cli('org', 'list', '--json')).json() as { slug: string; members: number }[]).find((o) => o.slug === owned.slug)?.members).toBe(1);
    expect((await cli('org', 'list')).stdout).toMatch(/^slug\s+name\s+plan\s+ssoOnly\s+members/);
    const [audit] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, 'org.plan_changed')).orderBy(sql`${auditEvents.createdAt} desc`).limit(1);
    expect(audit.actorType).toBe('cli');
    expect(audit.actorLabel).toMatch(/^admin-cli/);
  });

  it('refuses bad or conflicting input and creates no org', async () => {
    const before = await countRows(organizations);
    const bad = await cli('org', 'create', '--name', 'Nope', '--plan', 'gold');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const taken = `taken-${suffix()}`;
    expect((await cli('org', 'create', '--name', 'Taken', '--slug', taken)).code).toBe(0);
    const dup = await cli('org', 'create', '--name', 'Taken Again', '--slug', taken);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^error: The slug ".*" is already taken\n$/);
    const ghostOwner = await cli('org', 'create', '--name', 'Ghost', '--owner', `ghost-${suffix()}@cli.test`);
    expect(ghostOwner.code).toBe(1);
    expect(ghostOwner.stderr).toMatch(/^error: No user with email ghost-/);
    expect((await cli('org', 'set-plan', '--org', `missing-${suffix()}`, '--plan', 'team')).stderr).toMatch(/^error: No organization with slug/);
    expect(await countRows(organizations)).toBe(before + 1);
  });

  it('adds a domain, prints its TXT record, refuses DNS verification without it, verifies as operator', async () => {
    const { slug } = await orgWithOwner();
    const domain = `d${suffix()}.invalid`;
    const added = await cli('domain', 'add', '--org', slug, '--domain', domain, '--json');
    expect(added.code).toBe(0);
    expect(added.json().txtRecord).toBe(`llm-gateway-verification=${added.json().verificationToken}`);
    expect(added.json().txtRecord).toMatch(/^llm-gateway-verification=[0-9a-f]{32}$/);
    const domain2 = `e${suffix()}.invalid`;
    expect((await cli('domain', 'add', '--org', slug, '--domain', domain2.toUpperCase())).stdout).toMatch(new RegExp(`Added ${domain2}[^]*llm-gateway-verification=`));
    expect((await cli('domain', 'add', '--org', slug, '--domain', domain)).stderr).toMatch(/^error: .* has already been added/);
    const dns = await cli('domain', 'verify', '--org', slug, '--domain', domain);
    expect(dns.code).toBe(1);
    expect(dns.stderr).toMatch(/^error: No TXT record/);
    const verified = await cli('domain', 'verify', '--org', slug, '--domain', domain, '--skip-dns', '--json');
    expect(verified.code).toBe(0);
    expect(verified.json().verifiedAt).toBeTruthy();
    const listed = (await cli('domain', 'list', '--org', slug, '--json')).json() as { domain: string; verifiedAt: string | null }[];
    expect(listed.find((d) => d.domain === domain)?.verifiedAt).toBeTruthy();
    expect(listed.find((d) => d.domain === domain2)?.verifiedAt).toBeNull();
    // A domain verified by one org cannot be verified by another.
    const other = await orgWithOwner();
    expect((await cli('domain', 'add', '--org', other.slug, '--domain', domain)).stderr).toMatch(/already verified by another organization/);
  });

  it('creates a user with a generated password shown once and stored only hashed', async () => {
    const email = `gen-${suffix()}@cli.test`;
    const result = await cli('user', 'create', '--email', email.toUpperCase(), '--name', 'Gen', '--json');
    expect(result.code).toBe(0);
    const { password, id, email: stored } = result.json();
    expect(stored).toBe(email);
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const [user] = await getDb().select().from(users).where(eq(users.id, id));
    expect(user.emailVerifiedAt).toBeTruthy();
    const [credential] = await getDb().select().from(passwordCredentials).where(eq(passwordCredentials.userId, id));
    expect(credential.hash).toMatch(/^\$argon2id\$/);
    expect(credential.hash).not.toContain(password);
    expect(await verifyPassword(credential.hash, password)).toBe(true);

    const human = await cli('user', 'create', '--email', `gen2-${suffix()}@cli.test`, '--name', 'Gen Two');
    const shown = /Password \(shown once[^:]*\): (\S+)/.exec(human.stdout)?.[1];
    expect(shown).toHaveLength(20);
    expect(human.stdout.split(shown!).length).toBe(2);

    const given = await cli('user', 'create', '--email', `given-${suffix()}@cli.test`, '--name', 'Given', '--password', 'my chosen secret 123', '--json');
    expect(given.stdout).not.toContain('my chosen secret 123');
    expect(given.json().password).toBeUndefined();
  });

  it('refuses a bad or duplicate email and creates nothing', async () => {
    const email = `dup-${suffix()}@cli.test`;
    expect((await cli('user', 'create', '--email', email, '--name', 'First')).code).toBe(0);
    const before = await countRows(users);
    const bad = await cli('user', 'create', '--email', 'not-an-email', '--name', 'X');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --email: /);
    const dup = await cli('user', 'create', '--email', email, '--name', 'Again');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^error: An account with .* already exists\n$/);
    expect(await countRows(users)).toBe(before);
  });

  it('manages members and protects the last owner', async () => {
    const { slug, email } = await orgWithOwner();
    const memberEmail = `m-${suffix()}@cli.test`;
    await cli('user', 'create', '--email', memberEmail, '--name', 'Member');
    const added = await cli('member', 'add', '--org', slug, '--email', memberEmail, '--role', 'viewer', '--json');
    expect(added.code).toBe(0);
    expect(added.json()).toMatchObject({ role: 'viewer', source: 'manual', status: 'active' });
    expect((await cli('member', 'add', '--org', slug, '--email', memberEmail, '--role', 'admin')).stderr).toMatch(/^error: This user is already a member/);
    expect((await cli('member', 'add', '--org', slug, '--email', `nobody-${suffix()}@cli.test`, '--role', 'admin')).stderr).toMatch(/^error: No user with email/);
    expect((await cli('member', 'set-role', '--org', slug, '--email', memberEmail, '--role', 'admin')).code).toBe(0);
    const members = (await cli('member', 'list', '--org', slug, '--json')).json() as { email: string; role: string; source: string }[];
    expect(members.map((m) => [m.email, m.role]).sort()).toEqual([[email, 'owner'], [memberEmail, 'admin']].sort());
    expect((await cli('member', 'list', '--org', slug)).stdout).toContain(memberEmail);

    const demote = await cli('member', 'set-role', '--org', slug, '--email', email, '--role', 'member');
    expect(demote.code).toBe(1);
    expect(demote.stderr).toMatch(/^error: An organization needs at least one owner/);
    expect(demote.stderr.trim().split('\n')).toHaveLength(1);
    const [ownerRow] = await getDb().select({ role: memberships.role }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).innerJoin(organizations, eq(organizations.id, memberships.orgId)).where(sql`${users.email} = ${email} and ${organizations.slug} = ${slug}`);
    expect(ownerRow.role).toBe('owner');
    // With a second owner, the first may step down.
    expect((await cli('member', 'set-role', '--org', slug, '--email', memberEmail, '--role', 'owner')).code).toBe(0);
    expect((await cli('member', 'set-role', '--org', slug, '--email', email, '--role', 'member')).code).toBe(0);
  });

  it('creates a project and an API key that the gateway accepts', async () => {
    const { slug, email } = await orgWithOwner();
    const project = await cli('project', 'create', '--org', slug, '--name', 'Bot', '--owner', email, '--json');
    expect(project.code).toBe(0);
    const projectId = project.json().id;
    const key = await cli('key', 'create', '--org', slug, '--project', 'Bot', '--user', email, '--name', 'ci', '--json');
    expect(key.code).toBe(0);
    const { secret } = key.json();
    expect(key.json().keyHash).toBeUndefined();
    const accepted = await authenticateApiKey(getDb(), secret);
    expect(accepted?.user.email).toBe(email);
    expect(accepted?.project.id).toBe(projectId);
    const byId = await cli('key', 'create', '--org', slug, '--project', projectId, '--user', email, '--name', 'by id');
    expect(byId.stdout).toMatch(/Key \(shown once[^:]*\): gw_\S+/);
    expect((await cli('key', 'create', '--org', slug, '--project', 'Nope', '--user', email, '--name', 'ci')).stderr).toMatch(/^error: No project "Nope"/);

    const outsider = `o-${suffix()}@cli.test`;
    await cli('user', 'create', '--email', outsider, '--name', 'Out');
    expect((await cli('project', 'create', '--org', slug, '--name', 'X', '--owner', outsider)).stderr).toMatch(/^error: .* is not an active member of/);
    expect((await cli('key', 'create', '--org', slug, '--project', 'Bot', '--user', outsider, '--name', 'ci')).stderr).toMatch(/not an active member/);
    // An org member who is not in the project gets no key for it.
    await cli('member', 'add', '--org', slug, '--email', outsider, '--role', 'member');
    const notInProject = await cli('key', 'create', '--org', slug, '--project', 'Bot', '--user', outsider, '--name', 'ci');
    expect(notInProject.code).toBe(1);
    expect(notInProject.stderr).toMatch(/^error: .* is not a member of project Bot/);
  });

  it('verifies the audit chain, names a tampered row, and exports it', async () => {
    const { slug } = await orgWithOwner();
    const ok = await cli('audit', 'verify', '--org', slug);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK: 2 events verified/);
    expect((await cli('audit', 'verify', '--org', slug, '--json')).json()).toEqual({ ok: true, checked: 2 });

    const csv = await cli('audit', 'export', '--org', slug, '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id,seq,createdAt,action/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"org.created"');
    const exported = JSON.parse((await cli('audit', 'export', '--org', slug, '--format', 'json')).stdout) as { seq: number; action: string }[];
    expect(exported.map((e) => [e.seq, e.action])).toEqual([[1, 'org.created'], [2, 'member.added']]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-audit-')), 'audit.json');
    const written = await cli('audit', 'export', '--org', slug, '--format', 'json', '--out', file, '--json');
    expect(written.json()).toMatchObject({ file, events: 2 });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toHaveLength(2);

    const [org] = await getDb().select().from(organizations).where(eq(organizations.slug, slug));
    const [victim] = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(auditEvents.seq).limit(1);
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.update(auditEvents).set({ targetLabel: 'forged' }).where(eq(auditEvents.id, victim.id));
    });
    const broken = await cli('audit', 'verify', '--org', slug);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`first bad row id ${victim.id} (seq ${victim.seq})`);
    expect(broken.stdout).toMatch(/altered/);
    const brokenJson = await cli('audit', 'verify', '--org', slug, '--json');
    expect(brokenJson.code).toBe(1);
    expect(brokenJson.json()).toMatchObject({ ok: false, brokenRow: { id: victim.id, seq: victim.seq } });

    const global = await cli('audit', 'verify', '--org', 'global', '--json');
    expect(global.json()).toHaveProperty('ok');
    expect((await cli('audit', 'verify', '--org', `missing-${suffix()}`)).stderr).toMatch(/^error: No organization with slug/);
  });

  it('adds a SAML connection from a metadata file, lists it and removes it', async () => {
    const { slug } = await orgWithOwner();
    const [org] = await getDb().select().from(organizations).where(eq(organizations.slug, slug));
    const credentials = await createIdpCredentials();
    const entityId = `https://idp.cli.test/${suffix()}`;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-saml-')), 'okta-metadata.xml');
    fs.writeFileSync(file, buildIdpMetadata({ entityId, ssoUrl: `${entityId}/sso`, certBase64: credentials.certBase64 }));

    const added = await cli('sso', 'add-saml', '--org', slug, '--name', 'Okta', '--metadata-file', file, '--email-attr', 'mail, email', '--groups-attr', 'memberOf', '--json');
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const created = added.json();
    expect(created).toMatchObject({
      name: 'Okta',
      protocol: 'saml',
      idpEntityId: entityId,
      acsUrl: 'http://localhost:3000/api/sso/saml/acs',
      spEntityId: 'http://localhost:3000/api/sso/saml/metadata',
      audience: 'http://localhost:3000/api/sso/saml/metadata',
      attributeMapping: { email: ['mail', 'email'], groups: ['memberOf'], firstName: [] },
    });
    expect(created.id).toEqual(expect.any(String));

    expect(created.updated).toBe(false);

    // A second IdP (e.g. another Okta or Entra tenant) is a second connection.
    const euEntityId = `https://idp-eu.cli.test/${suffix()}`;
    const euFile = path.join(path.dirname(file), 'okta-eu.xml');
    fs.writeFileSync(euFile, buildIdpMetadata({ entityId: euEntityId, ssoUrl: `${euEntityId}/sso`, certBase64: credentials.certBase64 }));
    const human = await cli('sso', 'add-saml', '--org', slug, '--name', 'Okta EU', '--metadata-file', euFile);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Created SAML connection Okta EU \(\S+\) for .*IdP entity id https:\/\/idp-eu\.cli\.test\//);
    expect(human.stdout).toMatch(/ACS URL.*http:\/\/localhost:3000\/api\/sso\/saml\/acs/);
    expect(human.stdout).toMatch(/SP entity id.*http:\/\/localhost:3000\/api\/sso\/saml\/metadata/);

    // The same IdP metadata again updates that connection rather than adding a twin, and says so.
    const again = await cli('sso', 'add-saml', '--org', slug, '--name', 'Okta EU', '--metadata-file', euFile, '--json');
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({ updated: true, idpEntityId: euEntityId });
    expect((await cli('sso', 'add-saml', '--org', slug, '--name', 'Okta EU', '--metadata-file', euFile)).stdout).toMatch(/^Updated the existing SAML connection Okta EU/);

    const listed = (await cli('sso', 'list', '--org', slug, '--json')).json() as { id: string; name: string; protocol: string; idpEntityId: string; createdAt: string }[];
    expect(listed.map((c) => [c.name, c.protocol, c.idpEntityId])).toEqual([
      ['Okta', 'saml', entityId],
      ['Okta EU', 'saml', euEntityId],
    ]);
    expect(listed[0]).toMatchObject({ id: created.id, createdAt: expect.any(String) });
    expect((await cli('sso', 'list', '--org', slug)).stdout).toMatch(/^id\s+name\s+protocol\s+idpEntityId\s+createdAt\n.*Okta/);

    // Another org cannot remove it.
    const other = await orgWithOwner();
    const foreign = await cli('sso', 'remove', '--org', other.slug, '--id', created.id);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toBe('error: SSO connection not found\n');

    const removed = await cli('sso', 'remove', '--org', slug, '--id', created.id, '--json');
    expect(removed.code).toBe(0);
    expect(removed.json()).toEqual({ id: created.id, name: 'Okta', removed: true });
    expect(((await cli('sso', 'list', '--org', slug, '--json')).json() as { id: string }[]).map((c) => c.id)).not.toContain(created.id);
    expect((await cli('sso', 'remove', '--org', slug, '--id', created.id)).stderr).toBe('error: SSO connection not found\n');

    const audit = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(auditEvents.seq);
    const connectionEvents = audit.filter((e) => e.action.startsWith('sso.connection_')).map((e) => [e.action, e.targetLabel, e.actorType]);
    expect(connectionEvents[0]).toEqual(['sso.connection_created', 'Okta', 'cli']);
    expect(connectionEvents[1]).toEqual(['sso.connection_created', 'Okta EU', 'cli']);
    expect(connectionEvents.at(-1)).toEqual(['sso.connection_deleted', 'Okta', 'cli']);
  }, 120_000);

  it('adds a SAML connection from a metadata URL, and refuses one that cannot be fetched', async () => {
    const { slug } = await orgWithOwner();
    const credentials = await createIdpCredentials();
    const entityId = `https://idp-url.cli.test/${suffix()}`;
    const xml = buildIdpMetadata({ entityId, ssoUrl: `${entityId}/sso`, certBase64: credentials.certBase64 });
    const server = http.createServer((req, res) => {
      if (req.url === '/metadata') res.writeHead(200, { 'content-type': 'application/xml' }).end(xml);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://localhost:${(server.address() as AddressInfo).port}`;
    try {
      const added = await cli('sso', 'add-saml', '--org', slug, '--name', 'Entra', '--metadata-url', `${base}/metadata`, '--json');
      expect(added.stderr).toBe('');
      expect(added.json()).toMatchObject({ name: 'Entra', protocol: 'saml', idpEntityId: entityId, updated: false });
      const missing = await cli('sso', 'add-saml', '--org', slug, '--name', 'Gone', '--metadata-url', `${base}/nope`);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^error: The IdP metadata was refused: .*\n$/);
      expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(((await cli('sso', 'list', '--org', slug, '--json')).json() as { name: string }[]).map((c) => c.name)).toEqual(['Entra']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 120_000);

  it('refuses malformed metadata with one line and creates no connection', async () => {
    const { slug } = await orgWithOwner();
    const [org] = await getDb().select().from(organizations).where(eq(organizations.slug, slug));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-saml-bad-'));
    const connectionsOfOrg = async () => (await getDb().select().from(ssoConnections).where(eq(ssoConnections.orgId, org.id))).length;
    const bad = {
      'not-xml.xml': 'this is not XML at all',
      'truncated.xml': '<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.test/x"><md:IDPSSODescriptor',
      'no-cert.xml': '<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.test/x"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>',
      'doctype.xml': '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&e;"/>',
    };
    for (const [name, content] of Object.entries(bad)) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      const result = await cli('sso', 'add-saml', '--org', slug, '--name', 'Broken', '--metadata-file', file);
      expect(result.code, name).toBe(1);
      expect(result.stdout, name).toBe('');
      expect(result.stderr, name).toMatch(/^error: \S/);
      expect(result.stderr.endsWith('\n'), name).toBe(true);
      expect(result.stderr.trimEnd().split('\n'), name).toHaveLength(1);
    }
    expect(await connectionsOfOrg()).toBe(0);
    expect((await cli('sso', 'list', '--org', slug, '--json')).json()).toEqual([]);
    const missingOrg = await cli('sso', 'add-saml', '--org', `missing-${suffix()}`, '--name', 'X', '--metadata-file', path.join(dir, 'no-cert.xml'));
    expect(missingOrg.code).toBe(1);
    expect(missingOrg.stderr).toMatch(/^error: No organization with slug/);
  }, 120_000);

  it('manages group → role rules: add, list, reorder, remove', async () => {
    const { slug } = await orgWithOwner();
    const add = async (group: string, role: string) => {
      const result = await cli('rules', 'add', '--org', slug, '--group', group, '--role', role, '--json');
      expect(result.code, result.stderr).toBe(0);
      return result.json() as { id: string; idpGroup: string; role: string; position: number };
    };
    const engineering = await add('engineering', 'member');
    const admins = await add('  ai-admins ', 'admin');
    const finance = await add('finance', 'viewer');
    expect([engineering.position, admins.position, finance.position]).toEqual([1, 2, 3]);
    expect(admins.idpGroup).toBe('ai-admins');

    const human = await cli('rules', 'add', '--org', slug, '--group', 'owners', '--role', 'owner');
    expect(human.stdout).toMatch(/^Added rule 4 for .*: group owners → owner/);
    const dup = await cli('rules', 'add', '--org', slug, '--group', 'AI-Admins', '--role', 'viewer');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe('error: A rule for group ai-admins already exists\n');

    const listed = (await cli('rules', 'list', '--org', slug, '--json')).json() as { id: string; idpGroup: string; role: string; position: number }[];
    expect(listed.map((r) => [r.position, r.idpGroup, r.role])).toEqual([
      [1, 'engineering', 'member'],
      [2, 'ai-admins', 'admin'],
      [3, 'finance', 'viewer'],
      [4, 'owners', 'owner'],
    ]);
    const table = (await cli('rules', 'list', '--org', slug)).stdout;
    expect(table).toMatch(/^position\s+id\s+idpGroup\s+role\n1\s+\S+\s+engineering\s+member/);
    expect(table).toContain('users in no listed group get the default role member');

    const owners = listed[3].id;
    const order = [finance.id, owners, engineering.id, admins.id];
    const reordered = await cli('rules', 'reorder', '--org', slug, '--ids', order.join(','), '--json');
    expect(reordered.code).toBe(0);
    expect((reordered.json() as { idpGroup: string; position: number }[]).map((r) => [r.position, r.idpGroup])).toEqual([
      [1, 'finance'],
      [2, 'owners'],
      [3, 'engineering'],
      [4, 'ai-admins'],
    ]);
    const partial = await cli('rules', 'reorder', '--org', slug, '--ids', [finance.id, owners].join(','));
    expect(partial.code).toBe(1);
    expect(partial.stderr).toMatch(/^error: The new order must list each of the organization's 4 role rules exactly once\n$/);

    const other = await orgWithOwner();
    const foreign = await cli('rules', 'remove', '--org', other.slug, '--id', admins.id);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toBe('error: Role rule not found\n');

    const removed = await cli('rules', 'remove', '--org', slug, '--id', owners);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/^Removed rule for group owners \(owner\)/);
    const after = (await cli('rules', 'list', '--org', slug, '--json')).json() as { idpGroup: string; position: number }[];
    expect(after.map((r) => [r.position, r.idpGroup])).toEqual([
      [1, 'finance'],
      [2, 'engineering'],
      [3, 'ai-admins'],
    ]);

    const [org] = await getDb().select().from(organizations).where(eq(organizations.slug, slug));
    const actions = (await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(auditEvents.seq)).filter((e) => e.action.startsWith('role_rule.'));
    expect(actions.map((e) => e.action)).toEqual(['role_rule.created', 'role_rule.created', 'role_rule.created', 'role_rule.created', 'role_rule.reordered', 'role_rule.deleted']);
    expect(actions.every((e) => e.actorType === 'cli')).toBe(true);
    expect((await getDb().select().from(roleRules).where(eq(roleRules.orgId, org.id))).length).toBe(3);
  });

  it('sets the default role and turns require-mapped-group on and off', async () => {
    const { slug } = await orgWithOwner();
    const set = await cli('org', 'set-default-role', '--org', slug, '--role', 'viewer', '--json');
    expect(set.code).toBe(0);
    expect(set.json()).toEqual({ slug, defaultRole: 'viewer' });
    const owner = await cli('org', 'set-default-role', '--org', slug, '--role', 'owner');
    expect(owner.code).toBe(1);
    expect(owner.stderr).toBe('error: The default role cannot be Owner\n');
    expect((await cli('org', 'set-default-role', '--org', slug, '--role', 'admin')).stdout).toMatch(/^The default role of .* is admin/);

    const on = await cli('org', 'require-mapped-group', '--org', slug, '--on', '--json');
    expect(on.code).toBe(0);
    expect(on.json()).toEqual({ slug, requireMappedGroup: true });
    expect((await cli('rules', 'list', '--org', slug)).stdout).toContain('are denied access');
    const off = await cli('org', 'require-mapped-group', '--org', slug, '--off');
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/no longer requires a mapped group.*default role admin/);

    const [org] = await getDb().select().from(organizations).where(eq(organizations.slug, slug));
    expect(org).toMatchObject({ defaultRole: 'admin', requireMappedGroup: false });
    const audit = (await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(auditEvents.seq)).filter((e) => e.action.startsWith('org.'));
    expect(audit.map((e) => [e.action, e.after])).toEqual([
      ['org.created', expect.anything()],
      ['org.default_role_changed', { defaultRole: 'viewer' }],
      ['org.default_role_changed', { defaultRole: 'admin' }],
      ['org.require_mapped_group_changed', { requireMappedGroup: true }],
      ['org.require_mapped_group_changed', { requireMappedGroup: false }],
    ]);
    expect((await cli('org', 'set-default-role', '--org', `missing-${suffix()}`, '--role', 'viewer')).stderr).toMatch(/^error: No organization with slug/);
  });

  it('runs as a real process with exit codes', () => {
    // The tsx binary `npx tsx` would run, called directly so npm's own warnings stay out of stderr.
    const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const run = (...args: string[]) => spawnSync(tsx, ['lib/cli/admin.ts', ...args], { encoding: 'utf8', env: process.env, cwd: process.cwd() });
    const listed = run('org', 'list', '--json');
    expect(listed.stderr).toBe('');
    expect(listed.status).toBe(0);
    expect(Array.isArray(JSON.parse(listed.stdout))).toBe(true);
    const bad = run('org', 'create');
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: --name is required/);
    const help = run('help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('audit verify');
  }, 60_000);
});
