import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import type { AttributeMapping } from '@/lib/db/schema';
import type { ServiceProviderValues } from '@/lib/sso/portal-views';
import { IdpSetupNotes } from './idp-setup-notes';

function Value({ label, also, value, children }: { label: string; also?: string; value: string; children?: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4">
      <dt className="text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        {also ? <span className="block text-xs text-slate-500">{also}</span> : null}
      </dt>
      <dd className="flex min-w-0 flex-wrap items-center gap-2">
        <code className="min-w-0 rounded bg-slate-100 px-2 py-1 font-mono text-xs wrap-anywhere text-slate-900">{value}</code>
        <CopyButton value={value} label={label} />
        {children}
      </dd>
    </div>
  );
}

const ATTRIBUTE_LABELS: { field: keyof AttributeMapping; label: string }[] = [
  { field: 'email', label: 'Email (required)' },
  { field: 'firstName', label: 'First name' },
  { field: 'lastName', label: 'Last name' },
  { field: 'displayName', label: 'Display name' },
  { field: 'groups', label: 'Groups (for role rules)' },
];

/**
 * "Our side": the values an IdP admin pastes into their IdP, with copy buttons, the attribute
 * names we read and short setup notes per IdP. Plain data in (lib/sso/portal-views.ts).
 */
export function ServiceProviderPanel({ values }: { values: ServiceProviderValues }) {
  return (
    <Card title="Our side: values for your IdP" description="Paste these into the app you create for us in your identity provider.">
      <dl className="divide-y divide-slate-100">
        <Value label="ACS URL" also="Assertion Consumer Service, Reply URL, Single sign-on URL" value={values.acsUrl} />
        <Value label="SP entity ID" also="Audience URI, Identifier" value={values.entityId} />
        <Value label="SP metadata URL" also="Our SAML metadata, for IdPs that import it" value={values.metadataUrl}>
          <a href={values.metadataPath} download="llm-gateway-sp-metadata.xml" className="rounded text-sm font-medium text-brand-700 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
            Download SP metadata
          </a>
        </Value>
        <Value label="OIDC redirect URI" also="Sign-in redirect URI, callback URL" value={values.oidcRedirectUri} />
      </dl>

      <h3 className="mt-4 text-sm font-semibold text-slate-900">Attributes we read</h3>
      <p className="mt-0.5 text-xs text-slate-500">From the SAML assertion or the OIDC ID token, first name found wins. A connection can read other names first (Manage → Details).</p>
      <dl className="mt-2 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_minmax(0,1fr)]">
        {ATTRIBUTE_LABELS.map(({ field, label }) => (
          <div key={field} className="contents">
            <dt className="font-medium text-slate-800">{label}</dt>
            <dd className="flex min-w-0 flex-wrap gap-1">
              {values.attributeNames[field].map((name) => (
                <code key={name} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs wrap-anywhere text-slate-800">
                  {name}
                </code>
              ))}
            </dd>
          </div>
        ))}
      </dl>

      <h3 className="mt-6 text-sm font-semibold text-slate-900">Setup notes per identity provider</h3>
      <IdpSetupNotes values={values} />
    </Card>
  );
}
