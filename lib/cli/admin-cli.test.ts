import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/auth/password';
import { getDb } from '@/lib/db/client';
import { auditEvents, organizations, passwordCredentials, users } from '@/lib/db/schema';
import { authenticateApiKey } from '@/lib/gateway/api-keys';
import { runAdminCli } from './run';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runAdminCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, getDb());
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

const suffix = () => randomBytes(3).toString('hex');
const orgCount = async () => (await getDb().select({ n: count() }).from(organizations))[0].n;

async function orgWithOwner() {
  const slug = `cli-${suffix()}`;
  const email = `owner-${suffix()}@cli.test`;
  expect((await cli('user', 'create', '--email', email, '--name', 'Owner', '--password', 'a long enough password')).code).toBe(0);
  expect((await cli('org', 'create', '--name', 'CLI Org', '--slug', slug, '--plan', 'enterprise', '--owner', email)).code).toBe(0);
  return { slug, email };
}

describe('admin CLI', () => {
  it('creates an org, changes its plan and lists it as JSON', async () => {
    const slug = `acme-${suffix()}`;
    const created = await cli('org', 'create', '--name', 'Acme Test', '--slug', slug, '--json');
    expect(created.code).toBe(0);
    expect(created.json()).toMatchObject({ slug, plan: 'free' });
    expect((await cli('org', 'set-plan', '--org', slug, '--plan', 'enterprise')).stdout).toContain('enterprise');
    const listed = (await cli('org', 'list', '--json')).json() as { slug: string; plan: string }[];
    expect(listed.find((o) => o.slug === slug)?.plan).toBe('enterprise');
  });

  it('refuses bad input with one line, exit 2, and changes nothing', async () => {
    const before = await orgCount();
    const bad = await cli('org', 'create', '--name', 'Nope', '--plan', 'gold');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: --plan: Plan must be free, team or enterprise/);
    expect((await cli('org', 'create')).stderr).toMatch(/^error: --name is required/);
    expect((await cli('org', 'create', '--name', 'X Y', '--colour', 'red')).stderr).toMatch(/^error: unknown option --colour/);
    expect((await cli('frobnicate')).code).toBe(2);
    expect(await orgCount()).toBe(before);
  });

  it('adds a domain, refuses DNS verification without a record, verifies as operator', async () => {
    const { slug } = await orgWithOwner();
    const domain = `d${suffix()}.invalid`;
    const added = await cli('domain', 'add', '--org', slug, '--domain', domain, '--json');
    expect(added.json().txtRecord).toMatch(/^llm-gateway-verification=[0-9a-f]{32}$/);
    const dns = await cli('domain', 'verify', '--org', slug, '--domain', domain);
    expect(dns.code).toBe(1);
    expect(dns.stderr).toMatch(/^error: No TXT record/);
    expect((await cli('domain', 'verify', '--org', slug, '--domain', domain, '--skip-dns')).code).toBe(0);
    const listed = (await cli('domain', 'list', '--org', slug, '--json')).json();
    expect(listed[0].verifiedAt).toBeTruthy();
    expect((await cli('domain', 'add', '--org', slug, '--domain', 'not a domain')).code).toBe(2);
  });

  it('creates a user with a generated password shown once and stored only hashed', async () => {
    const email = `gen-${suffix()}@cli.test`;
    const result = await cli('user', 'create', '--email', email, '--name', 'Gen', '--json');
    const { password, id } = result.json();
    expect(password).toHaveLength(20);
    const [credential] = await getDb().select().from(passwordCredentials).where(eq(passwordCredentials.userId, id));
    expect(credential.hash).toMatch(/^\$argon2id\$/);
    expect(credential.hash).not.toContain(password);
    expect(await verifyPassword(credential.hash, password)).toBe(true);
    const before = (await getDb().select({ n: count() }).from(users))[0].n;
    expect((await cli('user', 'create', '--email', 'not-an-email', '--name', 'X')).code).toBe(2);
    expect((await cli('user', 'create', '--email', email, '--name', 'Again')).stderr).toMatch(/already exists/);
    expect((await getDb().select({ n: count() }).from(users))[0].n).toBe(before);
  });

  it('manages members and protects the last owner', async () => {
    const { slug, email } = await orgWithOwner();
    const memberEmail = `m-${suffix()}@cli.test`;
    await cli('user', 'create', '--email', memberEmail, '--name', 'Member');
    expect((await cli('member', 'add', '--org', slug, '--email', memberEmail, '--role', 'viewer')).code).toBe(0);
    expect((await cli('member', 'set-role', '--org', slug, '--email', memberEmail, '--role', 'admin')).code).toBe(0);
    const members = (await cli('member', 'list', '--org', slug, '--json')).json() as { email: string; role: string }[];
    expect(members.find((m) => m.email === memberEmail)?.role).toBe('admin');
    const demote = await cli('member', 'set-role', '--org', slug, '--email', email, '--role', 'member');
    expect(demote.code).toBe(1);
    expect(demote.stderr).toMatch(/at least one owner/);
    expect((await cli('member', 'add', '--org', slug, '--email', memberEmail, '--role', 'boss')).code).toBe(2);
  });

  it('creates a project and an API key that the gateway accepts', async () => {
    const { slug, email } = await orgWithOwner();
    expect((await cli('project', 'create', '--org', slug, '--name', 'Bot', '--owner', email)).code).toBe(0);
    const key = (await cli('key', 'create', '--org', slug, '--project', 'Bot', '--user', email, '--name', 'ci', '--json')).json();
    expect((await authenticateApiKey(getDb(), key.secret))?.user.email).toBe(email);
    expect((await cli('key', 'create', '--org', slug, '--project', 'Nope', '--user', email, '--name', 'ci')).stderr).toMatch(/No project "Nope"/);
    const outsider = `o-${suffix()}@cli.test`;
    await cli('user', 'create', '--email', outsider, '--name', 'Out');
    expect((await cli('project', 'create', '--org', slug, '--name', 'X', '--owner', outsider)).stderr).toMatch(/not an active member/);
  });

  it('verifies the audit chain, names a tampered row, and exports it', async () => {
    const { slug } = await orgWithOwner();
    const ok = await cli('audit', 'verify', '--org', slug);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK: \d+ events verified/);
    const [org] = await getDb().select().from(organizations).where(eq(organizations.slug, slug));
    const [victim] = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(auditEvents.seq).limit(1);
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.update(auditEvents).set({ targetLabel: 'forged' }).where(eq(auditEvents.id, victim.id));
    });
    const broken = await cli('audit', 'verify', '--org', slug);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`first bad row id ${victim.id} (seq ${victim.seq})`);
    const csv = await cli('audit', 'export', '--org', slug, '--format', 'csv');
    expect(csv.stdout.split('\n')[0]).toMatch(/^id,seq,createdAt,action/);
    expect(csv.stdout).toContain('"org.created"');
    const json = JSON.parse((await cli('audit', 'export', '--org', slug, '--format', 'json')).stdout);
    expect(json[0].action).toBe('org.created');
    expect((await cli('audit', 'export', '--org', slug, '--format', 'xml')).code).toBe(2);
  });

  it('runs as a real process with exit codes', () => {
    const run = (...args: string[]) => spawnSync('npx', ['tsx', 'lib/cli/admin.ts', ...args], { encoding: 'utf8', env: process.env });
    const listed = run('org', 'list', '--json');
    expect(listed.status).toBe(0);
    expect(Array.isArray(JSON.parse(listed.stdout))).toBe(true);
    const bad = run('org', 'create');
    expect(bad.status).toBe(2);
    expect(bad.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
  }, 60_000);
});
