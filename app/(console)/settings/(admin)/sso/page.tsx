import type { Metadata } from 'next';
import { AdminRequired } from '@/components/console/admin-required';
import { SETTINGS_PERMISSION } from '@/components/console/settings-sections';
import { ConnectionsPanel } from '@/components/portal/sso/connections-panel';
import { ServiceProviderPanel } from '@/components/portal/sso/service-provider-panel';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { loadSsoConnectionsPage } from '@/lib/sso/portal-views';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'SSO connections · LLM Gateway' };

export default async function SsoConnectionsPage() {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, SETTINGS_PERMISSION)) return <AdminRequired ctx={ctx} />;
  const { connections, serviceProvider } = await loadSsoConnectionsPage(getDb(), ctx.org.id);
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold">SSO connections</h1>
        <p className="mt-1 text-sm text-slate-600">Let the people of {ctx.org.name} sign in with your identity provider, over SAML 2.0 or OIDC.</p>
      </div>
      <ConnectionsPanel connections={connections} testResultPath="/settings/sso/tests" />
      <ServiceProviderPanel values={serviceProvider} />
    </>
  );
}
