import { and, desc, eq, inArray } from 'drizzle-orm';
import { recordAudit, type AuditActor } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { ssoConnections, ssoConnectionTests } from '@/lib/db/schema';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import { assessSsoLogin } from './assess-login';
import type { SsoIdentity } from './complete-login';
import { SsoLoginError } from './saml/errors';

/*
 * A connection test is a real SP-initiated login (started with `test` in ./login-start), verified
 * by the same checks as any login; instead of signing anyone in, it records what the IdP sent and
 * what a login would do (assessSsoLogin: no session, user or membership is created).
 */

/** The pending login of a test, as claimed by the ACS or the OIDC callback. */
export type ClaimedTest = { orgId: string; connectionId: string; purpose: 'login' | 'test'; requestedBy: AuditActor | null };

export type ConnectionTestRow = typeof ssoConnectionTests.$inferSelect;

/** Where a test's result is shown: the console for a signed-in admin, the setup portal for a setup link. */
export const connectionTestPath = (testId: string, testedBy: AuditActor | null) => (testedBy?.type === 'setup_link' ? `/setup/tests/${testId}` : `/settings/sso/tests/${testId}`);

function claimsOf(identity: SsoIdentity) {
  const { email, firstName, lastName, displayName, groups } = identity.profile;
  return { subject: identity.subject, email, firstName, lastName, displayName, groups, attributes: identity.attributes };
}

/** What a real login of this identity would do, or why it would be refused (the same function the login runs). */
async function outcomeOf(db: Executor, identity: SsoIdentity) {
  const assessed = await assessSsoLogin(db, identity);
  const { decision } = assessed;
  return {
    role: assessed.role,
    roleLabel: ROLE_LABELS[assessed.role],
    decidedBy: decision.decided === 'rule' ? { rule: decision.ruleId, group: decision.group } : 'default role',
    account: assessed.user ? 'existing' : 'created at first login',
    membership: assessed.membership ? { current: assessed.membership.role, next: assessed.role } : 'added at first login',
  };
}

/**
 * Records a test's result: the verified identity and its would-be outcome, or the check that
 * failed in plain words (with the IdP's claims when they were verified). Audited as a test.
 */
export async function recordConnectionTest(db: Executor, test: ClaimedTest, result: { identity?: SsoIdentity; error?: unknown }): Promise<string> {
  let { error } = result;
  let outcome: Record<string, unknown> | null = null;
  if (!error && result.identity) {
    try {
      outcome = await outcomeOf(db, result.identity);
    } catch (refusal) {
      error = refusal;
    }
  }
  const known = error instanceof SsoLoginError ? error : null;
  if (error && !known) console.error('[sso] connection test failed unexpectedly', error);
  const failureCode = error ? (known?.code ?? 'internal_error') : null;
  const testedBy = test.requestedBy ?? { type: 'anonymous' };
  const [row] = await db
    .insert(ssoConnectionTests)
    .values({
      orgId: test.orgId,
      connectionId: test.connectionId,
      testedBy,
      ok: !error,
      failureCode,
      failureDetail: error ? (known?.detail ?? 'an unexpected error; see the server log') : null,
      claims: result.identity ? claimsOf(result.identity) : null,
      outcome,
    })
    .returning({ id: ssoConnectionTests.id });
  const [connection] = await db.select({ name: ssoConnections.name }).from(ssoConnections).where(eq(ssoConnections.id, test.connectionId));
  await recordAudit(db, {
    orgId: test.orgId,
    actor: testedBy,
    action: 'sso.connection_tested',
    target: { type: 'sso_connection', id: test.connectionId, label: connection?.name },
    metadata: { ok: !error, failureCode, testId: row.id, email: result.identity?.profile.email ?? null },
  });
  return row.id;
}

export async function getConnectionTest(db: Executor, orgId: string, testId: string) {
  const [row] = await db.select().from(ssoConnectionTests).where(and(eq(ssoConnectionTests.orgId, orgId), eq(ssoConnectionTests.id, testId)));
  return row;
}

/** The latest test of each of the org's connections, by connection id. */
export async function latestConnectionTests(db: Executor, orgId: string, connectionIds: string[]): Promise<Map<string, ConnectionTestRow>> {
  const latest = new Map<string, ConnectionTestRow>();
  if (connectionIds.length === 0) return latest;
  const rows = await db
    .selectDistinctOn([ssoConnectionTests.connectionId])
    .from(ssoConnectionTests)
    .where(and(eq(ssoConnectionTests.orgId, orgId), inArray(ssoConnectionTests.connectionId, connectionIds)))
    .orderBy(ssoConnectionTests.connectionId, desc(ssoConnectionTests.createdAt));
  for (const row of rows) latest.set(row.connectionId, row);
  return latest;
}
