import { and, eq, inArray } from 'drizzle-orm';
import type { Metadata } from 'next';
import { AdminRequired } from '@/components/console/admin-required';
import { SETTINGS_PERMISSION } from '@/components/console/settings-sections';
import { BreakGlassPanel } from '@/components/portal/security/break-glass-panel';
import { SessionPolicyPanel } from '@/components/portal/security/session-policy-panel';
import { SignInAttempts } from '@/components/portal/security/sign-in-attempts';
import { SsoOnlyPanel } from '@/components/portal/security/sso-only-panel';
import { Card } from '@/components/ui/card';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { memberships, organizations, users } from '@/lib/db/schema';
import { MAX_SESSION_LIFETIME_MINUTES, MIN_SESSION_LIFETIME_MINUTES } from '@/lib/orgs/session-policy';
import { listSsoSignInAttempts, SIGN_IN_ATTEMPTS_SHOWN } from '@/lib/sso/sign-in-attempts';
import { MAX_BREAK_GLASS_ACCOUNTS } from '@/lib/sso/sso-only';
import { previewSsoOnly, ssoOnlyReadiness } from '@/lib/sso/sso-only-preview';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Security · LLM Gateway' };

export default async function SecurityPage() {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, SETTINGS_PERMISSION)) return <AdminRequired ctx={ctx} />;
  const db = getDb();
  const orgId = ctx.org.id;
  const [[org], readiness, preview, attempts, admins] = await Promise.all([
    db.select({ ssoOnly: organizations.ssoOnly, sessionLifetimeMinutes: organizations.sessionLifetimeMinutes }).from(organizations).where(eq(organizations.id, orgId)),
    ssoOnlyReadiness(db, orgId),
    previewSsoOnly(db, orgId),
    listSsoSignInAttempts(db, orgId),
    db
      .select({ email: users.email, name: users.name, role: memberships.role, breakGlass: memberships.breakGlass })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), eq(memberships.status, 'active'), inArray(memberships.role, ['owner', 'admin'])))
      .orderBy(users.email),
  ]);
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold">Security</h1>
        <p className="mt-1 text-sm text-slate-600">How people of {ctx.org.name} sign in, how long they stay signed in, and what happened when SSO refused someone.</p>
      </div>
      <Card title="SSO-only sign-in" description="Everyone on your verified domains must sign in through your identity provider: no passwords, no passkeys.">
        <SsoOnlyPanel enabled={org.ssoOnly} blockedReason={readiness.ready ? null : readiness.reason} verifiedDomains={preview.verifiedDomains} />
      </Card>
      <Card title="Break-glass accounts" description={`Up to ${MAX_BREAK_GLASS_ACCOUNTS} owners or admins who keep their password under SSO-only, for when your identity provider is down. Each use is audited and alerts the owners.`}>
        <BreakGlassPanel accounts={preview.breakGlass} candidates={admins.filter((a) => !a.breakGlass)} max={MAX_BREAK_GLASS_ACCOUNTS} />
      </Card>
      <Card title="Sessions" description="How long a sign-in lasts in this organization, and signing everyone out at once.">
        <SessionPolicyPanel minutes={org.sessionLifetimeMinutes} min={MIN_SESSION_LIFETIME_MINUTES} max={MAX_SESSION_LIFETIME_MINUTES} />
      </Card>
      <Card title="Recent SSO sign-in attempts" description={`The latest ${SIGN_IN_ATTEMPTS_SHOWN}, newest first. When someone says SSO does not work, find their attempt: the reason and the error id they were shown are here.`}>
        <SignInAttempts attempts={attempts.map((a) => ({ ...a, at: a.at.toISOString() }))} />
      </Card>
    </>
  );
}
