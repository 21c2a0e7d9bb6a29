import type { Metadata } from 'next';
import { AdminRequired } from '@/components/console/admin-required';
import { SETTINGS_PERMISSION } from '@/components/console/settings-sections';
import { CreateSetupLinkForm } from '@/components/portal/setup-links/create-setup-link-form';
import { loadSetupLinkViews } from '@/components/portal/setup-links/load-setup-link-views';
import { SetupLinksTable } from '@/components/portal/setup-links/setup-links-table';
import { Card } from '@/components/ui/card';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { SETUP_LINK_DEFAULT_DAYS, SETUP_LINK_MAX_DAYS } from '@/lib/orgs/setup-links';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'IT admin setup · LLM Gateway' };

export default async function SetupLinksPage() {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, SETTINGS_PERMISSION)) return <AdminRequired ctx={ctx} />;
  const links = await loadSetupLinkViews(getDb(), ctx.org.id);
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold">IT admin setup</h1>
        <p className="mt-1 text-sm text-slate-600">
          Send a setup link to the person who configures your identity provider, such as your IT admin. They need no account: the link opens only the SSO
          connections, the connection test and the domains of {ctx.org.name}, and everything done with it appears in the audit log under the link’s name.
        </p>
      </div>
      <Card title="Create a setup link" description={`It works for ${SETUP_LINK_DEFAULT_DAYS} days unless you choose otherwise (${SETUP_LINK_MAX_DAYS} at most), and you can revoke it at any time.`}>
        <CreateSetupLinkForm defaultDays={SETUP_LINK_DEFAULT_DAYS} maxDays={SETUP_LINK_MAX_DAYS} />
      </Card>
      <Card title="Setup links" description="Live links work until they expire or are revoked.">
        <SetupLinksTable links={links} />
      </Card>
    </>
  );
}
