import { Link } from '@/components/ui/link';
import type { ReactNode } from 'react';
import type { ConnectionTestView } from '@/lib/sso/portal-views';
import { PROTOCOL_LABELS } from './labels';
import { describeFailure } from './failed-check';
import { formatDateTime } from '@/components/ui/date-time';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-900 wrap-anywhere">{children}</dd>
    </div>
  );
}

const missing = <span className="text-slate-500">not sent</span>;

function Verdict({ test }: { test: ConnectionTestView }) {
  if (test.ok) {
    return (
      <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-emerald-900">
        <p className="text-base font-semibold">Passed</p>
        <p className="mt-1 text-sm">
          The IdP’s answer passed every check
          {test.claims?.email ? (
            <>
              : <strong>{test.claims.email}</strong> can sign in
              {test.outcome ? (
                <>
                  {' '}
                  as <strong>{test.outcome.roleLabel}</strong>
                </>
              ) : null}
            </>
          ) : null}
          .
        </p>
      </div>
    );
  }
  const failure = describeFailure(test.failure?.code ?? 'internal_error');
  return (
    <div className="rounded-lg border border-red-200 bg-red-50 p-4 text-red-900">
      <p className="text-base font-semibold">Failed: {failure.check}</p>
      <p className="mt-1 text-sm">{failure.advice}</p>
      <p className="mt-2 text-sm">
        A person signing in would see: “{failure.userMessage}”
      </p>
      <p className="mt-2 text-xs">
        Technical detail: <code className="font-mono wrap-anywhere">{test.failure?.code}</code>
        {test.failure?.detail ? (
          <>
            {' '}
            — <span className="font-mono wrap-anywhere">{test.failure.detail}</span>
          </>
        ) : null}
      </p>
    </div>
  );
}

function Outcome({ outcome }: { outcome: NonNullable<ConnectionTestView['outcome']> }) {
  return (
    <section aria-labelledby="test-outcome-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <h2 id="test-outcome-heading" className="text-base font-semibold text-slate-900">
        What a real sign-in would do
      </h2>
      <dl className="mt-2 divide-y divide-slate-100">
        <Row label="Role">
          <strong data-testid="test-role">{outcome.roleLabel}</strong>
        </Row>
        <Row label="Decided by">{outcome.rule ? <>the rule for group “{outcome.rule.group}” → {outcome.roleLabel}</> : <>no rule matched: the organization’s default role</>}</Row>
        <Row label="Account">{outcome.accountExists ? 'exists already' : 'would be created at the first sign-in'}</Row>
        <Row label="Membership">
          {outcome.currentRoleLabel ? <>a member already, as {outcome.currentRoleLabel}{outcome.currentRoleLabel === outcome.roleLabel ? '' : `: would become ${outcome.roleLabel}`}</> : 'would be added at the first sign-in'}
        </Row>
      </dl>
      <p className="mt-2 text-xs text-slate-500">The test created no session, no user and no membership.</p>
    </section>
  );
}

function Claims({ claims }: { claims: NonNullable<ConnectionTestView['claims']> }) {
  const name = claims.displayName ?? ([claims.firstName, claims.lastName].filter(Boolean).join(' ') || null);
  return (
    <section aria-labelledby="test-claims-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <h2 id="test-claims-heading" className="text-base font-semibold text-slate-900">
        What the IdP sent
      </h2>
      <dl className="mt-2 divide-y divide-slate-100">
        <Row label="Email">{claims.email ?? missing}</Row>
        <Row label="Name">{name ?? missing}</Row>
        <Row label="Groups">
          {claims.groups.length > 0 ? (
            <ul className="flex flex-wrap gap-1" aria-label="Groups">
              {claims.groups.map((group) => (
                <li key={group} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
                  {group}
                </li>
              ))}
            </ul>
          ) : (
            <span className="text-slate-500">none</span>
          )}
        </Row>
        <Row label="NameID / subject">{claims.subject ? <code className="font-mono text-xs">{claims.subject}</code> : missing}</Row>
      </dl>
      <details className="mt-3 rounded-md border border-slate-200 px-3 py-2">
        <summary className="cursor-pointer rounded text-sm font-medium text-slate-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600">All attributes ({claims.attributes.length})</summary>
        {claims.attributes.length > 0 ? (
          <dl className="mt-2 divide-y divide-slate-100">
            {claims.attributes.map((attribute) => (
              <Row key={attribute.name} label={attribute.name}>
                <span className="font-mono text-xs">{attribute.values.join(', ') || '(empty)'}</span>
              </Row>
            ))}
          </dl>
        ) : (
          <p className="mt-2 text-sm text-slate-600">The IdP sent no attributes besides the subject.</p>
        )}
      </details>
    </section>
  );
}

type ConnectionTestResultProps = {
  /** lib/sso/portal-views.ts loadConnectionTest(db, orgId, testId). */
  test: ConnectionTestView;
  /** The connections page to go back to ("/settings/sso", or the setup portal's). */
  backHref: string;
};

/** A connection test's result: passed or the failing check, the claims, and what a real sign-in would do. */
export function ConnectionTestResult({ test, backHref }: ConnectionTestResultProps) {
  return (
    <div className="space-y-5">
      <div>
        <p className="text-sm">
          <Link href={backHref} className="rounded font-medium text-brand-700 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
            ← SSO connections
          </Link>
        </p>
        <h1 className="mt-2 text-2xl font-semibold wrap-anywhere">Connection test{test.connection ? `: ${test.connection.name}` : ''}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {test.connection ? `${PROTOCOL_LABELS[test.connection.protocol]} · ` : 'Connection since deleted · '}
          run by {test.testedBy} on <time dateTime={test.createdAt}>{formatDateTime(test.createdAt)}</time>
        </p>
      </div>
      <Verdict test={test} />
      {test.outcome ? <Outcome outcome={test.outcome} /> : null}
      {test.claims ? <Claims claims={test.claims} /> : <p className="text-sm text-slate-600">No claims are shown: the IdP’s answer could not be verified, so nothing it said can be trusted.</p>}
    </div>
  );
}
