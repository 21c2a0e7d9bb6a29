import type { Metadata } from 'next';
import { AdminRequired } from '@/components/console/admin-required';
import { SETTINGS_PERMISSION } from '@/components/console/settings-sections';
import { RequestLogFilters } from '@/components/portal/scim/request-log-filters';
import { RequestLogTable } from '@/components/portal/scim/request-log-table';
import { ScimSetupPanel } from '@/components/portal/scim/scim-setup-panel';
import { toScimTokenView } from '@/components/portal/scim/scim-token-view';
import { ScimTokensPanel } from '@/components/portal/scim/scim-tokens-panel';
import { Card } from '@/components/ui/card';
import { KeysetPager } from '@/components/ui/keyset-pager';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { cursorFrom } from '@/lib/db/keyset-page';
import { getEnv } from '@/lib/env';
import { queryString, type QueryParams } from '@/lib/list-filters';
import { listScimRequestPage } from '@/lib/scim/request-log';
import { scimLogFilterFrom } from '@/lib/scim/request-log-filter';
import { listScimTokens } from '@/lib/scim/tokens';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'SCIM · LLM Gateway' };

const PAGE = '/settings/scim';

export default async function ScimPage({ searchParams }: { searchParams: Promise<QueryParams> }) {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, SETTINGS_PERMISSION)) return <AdminRequired ctx={ctx} />;
  const params = await searchParams;
  const filter = scimLogFilterFrom(params);
  const db = getDb();
  const [tokens, log] = await Promise.all([listScimTokens(db, ctx.org.id), listScimRequestPage(db, ctx.org.id, filter, cursorFrom(params))]);
  const env = getEnv();
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold">SCIM provisioning</h1>
        <p className="mt-1 text-sm text-slate-600">Let your identity provider add, update and remove the people of {ctx.org.name} automatically.</p>
      </div>
      <ScimSetupPanel baseUrl={`${env.APP_URL.replace(/\/$/, '')}/api/scim/v2`} />
      <Card title="Tokens" description="Bearer tokens your identity provider sends with every SCIM request. Each secret is shown once; only a hash is stored.">
        <ScimTokensPanel tokens={tokens.map(toScimTokenView)} />
      </Card>
      <Card title="Request log" description={`Every SCIM request made with a valid token, newest first, kept ${env.SCIM_LOG_RETENTION_DAYS} days. Secrets in bodies are redacted.`}>
        <RequestLogFilters filter={filter} action={PAGE} />
        <RequestLogTable rows={log.rows} filtered={Object.values(filter).some(Boolean)} />
        <KeysetPager label="Request log pages" newerThan={log.newerThan} olderThan={log.olderThan} href={(cursor) => `${PAGE}${queryString({ ...filter, ...cursor })}`} />
      </Card>
    </>
  );
}
