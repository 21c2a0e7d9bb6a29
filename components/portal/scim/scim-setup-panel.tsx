import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { SetupNotesList } from '@/components/portal/sso/idp-setup-notes';

/** A field of the IdP's admin console. */
const F = ({ children }: { children: ReactNode }) => <strong className="font-semibold text-slate-900">{children}</strong>;

/*
 * Field names checked against Okta's "Add SCIM provisioning to app integrations" and Microsoft's
 * "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID" and "Known
 * issues … SCIM 2.0 protocol compliance" (the aadOptscim062020 flag); Entra's default mappings are
 * that tutorial's tables 1 and 2. Its default user externalId is mailNickname, which changes when
 * someone is renamed; objectId never does.
 */
function notes(baseUrl: string): { idp: string; where: string; steps: ReactNode[] }[] {
  return [
    {
      idp: 'Okta',
      where: 'Admin Console → Applications → your app → General → App Settings: Provisioning = SCIM; then the Provisioning tab → Integration → Edit',
      steps: [
        <><F>SCIM connector base URL</F>: the base URL above. <F>Unique identifier field for users</F>: <code>userName</code>.</>,
        <><F>Supported provisioning actions</F>: Push New Users, Push Profile Updates, Push Groups. <F>Authentication Mode</F>: HTTP Header, with a token from this page as the <F>Bearer</F> value.</>,
        <>Test the connector, save, then under <F>To App</F> enable Create Users, Update User Attributes and Deactivate Users.</>,
      ],
    },
    {
      idp: 'Microsoft Entra ID',
      where: 'Entra admin center → Enterprise applications → your app → Provisioning → Provisioning Mode: Automatic',
      steps: [
        <>
          <F>Tenant URL</F>: <code className="wrap-anywhere">{`${baseUrl}?aadOptscim062020`}</code> (the flag turns on Entra’s standard-conforming PATCH). <F>Secret Token</F>: a token from this page. Then <F>Test Connection</F>.
        </>,
        <>
          <F>Mappings → Provision Microsoft Entra ID Users</F>: keep Entra’s defaults <code>userName</code> ← userPrincipalName (use mail instead if your sign-in names are not email addresses), <code>active</code> ← <code>Not([IsSoftDeleted])</code>, <code>emails[type eq &quot;work&quot;].value</code> ← mail, <code>name.givenName</code> ← givenName, <code>name.familyName</code> ← surname; change <code>externalId</code> from mailNickname to objectId.
        </>,
        <>
          <F>Provision Microsoft Entra ID Groups</F>: the defaults <code>displayName</code> ← displayName, <code>externalId</code> ← objectId, <code>members</code> ← members. Role rules can name groups by that object ID.
        </>,
      ],
    },
  ];
}

/** The base URL to paste into the IdP, and where each IdP wants it. */
export function ScimSetupPanel({ baseUrl }: { baseUrl: string }) {
  return (
    <Card title="Connect your identity provider" description="Your IdP creates, updates and deactivates people here over SCIM 2.0, with a bearer token from below.">
      <dl className="grid gap-1 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4">
        <dt className="text-sm">
          <span className="font-medium text-slate-800">SCIM base URL</span>
          <span className="block text-xs text-slate-500">SCIM connector base URL, Tenant URL</span>
        </dt>
        <dd className="flex min-w-0 flex-wrap items-center gap-2">
          <code data-testid="scim-base-url" className="min-w-0 rounded bg-slate-100 px-2 py-1 font-mono text-xs wrap-anywhere text-slate-900">
            {baseUrl}
          </code>
          <CopyButton value={baseUrl} label="SCIM base URL" />
        </dd>
      </dl>
      <SetupNotesList notes={notes(baseUrl)} summaryPrefix="Set up " />
    </Card>
  );
}
