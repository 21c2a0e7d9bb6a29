import { setupPortalAccess } from '@/components/portal/setup/setup-access';
import { SetupClosed } from '@/components/portal/setup/setup-closed';
import { SetupShell } from '@/components/portal/setup/setup-shell';
import { SetupSignedIn } from '@/components/portal/setup/setup-signed-in';
import { ConnectionsPanel } from '@/components/portal/sso/connections-panel';
import { ServiceProviderPanel } from '@/components/portal/sso/service-provider-panel';
import { getDb } from '@/lib/db/client';
import { loadSsoConnectionsPage } from '@/lib/sso/portal-views';

export const dynamic = 'force-dynamic';

/** The setup portal's home: the org's SSO connections, their test, and our values for the IdP. */
export default async function SetupConnectionsPage({ searchParams }: { searchParams: Promise<{ left?: string }> }) {
  const access = await setupPortalAccess();
  if (access.kind === 'closed') return <SetupClosed reason={(await searchParams).left ? 'left' : 'expired'} />;
  if (access.kind === 'signed-in') return <SetupSignedIn email={access.email} />;
  const { ctx } = access;
  const { connections, serviceProvider } = await loadSsoConnectionsPage(getDb(), ctx.org.id);
  return (
    <SetupShell ctx={ctx}>
      <div>
        <h1 className="text-2xl font-semibold">SSO connections</h1>
        <p className="mt-1 text-sm text-slate-600">Connect {ctx.org.name}’s identity provider over SAML 2.0 or OIDC, then test the connection.</p>
      </div>
      <ConnectionsPanel connections={connections} testResultPath="/setup/tests" />
      <ServiceProviderPanel values={serviceProvider} />
    </SetupShell>
  );
}
