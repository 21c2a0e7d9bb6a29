import type { ReactNode } from 'react';
import type { ServiceProviderValues } from '@/lib/sso/portal-views';

/*
 * Each IdP's own field names, checked against the vendors' admin-console documentation (Okta,
 * Microsoft Entra, Google Workspace Admin Help, OneLogin, JumpCloud, Auth0, Keycloak Server
 * Administration Guide). "ACS URL", "SP entity ID", "SP metadata URL" and "OIDC redirect URI"
 * are the values listed above them on the page.
 */

/** A field of the IdP's admin console. */
const F = ({ children }: { children: ReactNode }) => <strong className="font-semibold text-slate-900">{children}</strong>;

/** OneLogin's "ACS (Consumer) URL Validator" is a regular expression. */
const exactMatch = (url: string) => `^${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;

function notes(values: ServiceProviderValues): { idp: string; where: string; steps: ReactNode[] }[] {
  return [
    {
      idp: 'Okta',
      where: 'Admin Console → Applications → Create App Integration → SAML 2.0',
      steps: [
        <><F>Single sign-on URL</F>: the ACS URL (keep “Use this for Recipient URL and Destination URL” checked). <F>Audience URI (SP Entity ID)</F>: the SP entity ID. <F>Name ID format</F>: EmailAddress.</>,
        <><F>Attribute Statements</F>: <code>email</code> = user.email, <code>firstName</code> = user.firstName, <code>lastName</code> = user.lastName. <F>Group Attribute Statements</F>: <code>groups</code>, filter “Matches regex” <code>.*</code>.</>,
        <>Then copy the <F>Metadata URL</F> from the app’s <F>Sign On</F> tab. For OIDC, create an “OIDC - OpenID Connect” web app with the OIDC redirect URI as its <F>Sign-in redirect URIs</F>.</>,
      ],
    },
    {
      idp: 'Microsoft Entra ID',
      where: 'Entra admin center → Enterprise applications → New application → Create your own application → Single sign-on → SAML',
      steps: [
        <><F>Basic SAML Configuration</F>: <F>Identifier (Entity ID)</F> = the SP entity ID, <F>Reply URL (Assertion Consumer Service URL)</F> = the ACS URL.</>,
        <><F>Attributes &amp; Claims</F>: the default email claim is read as is. <F>Add a group claim</F> to send groups: by default they arrive as group object IDs, so write role rules with those IDs.</>,
        <>Then copy the <F>App Federation Metadata Url</F> from <F>SAML Certificates</F>. For OIDC, register an app (App registrations) with the OIDC redirect URI as a <F>Web</F> platform <F>Redirect URI</F>.</>,
      ],
    },
    {
      idp: 'Google Workspace',
      where: 'Admin console → Apps → Web and mobile apps → Add app → Add custom SAML app',
      steps: [
        <>On <F>Google Identity Provider details</F>, download the metadata and upload it here.</>,
        <><F>Service provider details</F>: <F>ACS URL</F> = the ACS URL, <F>Entity ID</F> = the SP entity ID, <F>Name ID format</F> EMAIL, <F>Name ID</F> Basic Information › Primary email.</>,
        <><F>Attribute mapping</F>: Primary email → <code>email</code>, First name → <code>firstName</code>, Last name → <code>lastName</code>; under <F>Group membership</F>, the groups to send as <code>groups</code>. Then turn <F>User access</F> on.</>,
      ],
    },
    {
      idp: 'OneLogin',
      where: 'Applications → Add App → SAML Custom Connector (Advanced) → Configuration',
      steps: [
        <><F>Audience (EntityID)</F>: the SP entity ID. <F>Recipient</F> and <F>ACS (Consumer) URL</F>: the ACS URL. <F>ACS (Consumer) URL Validator</F>: <code className="wrap-anywhere">{exactMatch(values.acsUrl)}</code>.</>,
        <><F>Parameters</F>: add <code>email</code>, <code>firstName</code>, <code>lastName</code> and <code>groups</code>, each with “Include in SAML assertion”.</>,
        <>Then <F>More Actions</F> → <F>SAML Metadata</F> downloads the file; the <F>Issuer URL</F> on the <F>SSO</F> tab is its metadata URL.</>,
      ],
    },
    {
      idp: 'JumpCloud',
      where: 'SSO Applications → Add New Application → Custom SAML App → SSO tab',
      steps: [
        <><F>IdP Entity ID</F>: any unique value. <F>SP Entity ID</F>: the SP entity ID. <F>ACS URL</F>: the ACS URL. <F>SAMLSubject NameID</F>: email.</>,
        <><F>Attributes</F>: <code>email</code>, <code>firstName</code>, <code>lastName</code>; under <F>Group Attributes</F>, “include group attribute” named <code>groups</code> (we also read <code>memberOf</code>).</>,
        <>Activate, then <F>Export Metadata</F> (or <F>Copy Metadata URL</F>).</>,
      ],
    },
    {
      idp: 'Auth0',
      where: 'Applications → your application → Addons → SAML2 Web App',
      steps: [
        <><F>Application Callback URL</F>: the ACS URL. In the <F>Settings</F> JSON, set <code>&quot;audience&quot;</code> to the SP entity ID (Auth0 otherwise uses the request’s issuer, and app-tile logins have none).</>,
        <>Auth0’s default mappings send the email as <code className="wrap-anywhere">http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress</code>, which we read.</>,
        <>Then copy the <F>Identity Provider Metadata</F> link from the <F>Usage</F> tab. For OIDC, add the OIDC redirect URI to <F>Allowed Callback URLs</F>.</>,
      ],
    },
    {
      idp: 'Keycloak',
      where: 'Your realm → Clients',
      steps: [
        <><F>Import client</F> with our SP metadata file as <F>Resource file</F>; or <F>Create client</F> of type SAML with <F>Client ID</F> = the SP entity ID and <F>Valid redirect URIs</F> and <F>Master SAML Processing URL</F> = the ACS URL.</>,
        <>On the client’s dedicated scope (<F>Client scopes</F> tab), add a <F>Group list</F> mapper with group attribute name <code>groups</code> and <F>Full group path</F> off.</>,
        <>The realm’s metadata URL is <code className="wrap-anywhere">https://&lt;keycloak&gt;/realms/&lt;realm&gt;/protocol/saml/descriptor</code>. For app-tile logins set <F>IDP-Initiated SSO URL name</F>. For OIDC, put the OIDC redirect URI in the OIDC client’s <F>Valid redirect URIs</F>.</>,
      ],
    },
  ];
}

/** One disclosure per IdP: where to click and what goes in which of its fields. */
export function IdpSetupNotes({ values }: { values: ServiceProviderValues }) {
  return <SetupNotesList notes={notes(values)} />;
}

/** Setup steps per IdP, each behind its own disclosure (shared by the SSO and SCIM pages). */
export function SetupNotesList({ notes, summaryPrefix = '' }: { notes: { idp: string; where: string; steps: ReactNode[] }[]; summaryPrefix?: string }) {
  return (
    <div className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200">
      {notes.map((note) => (
        <details key={note.idp} className="group px-3 py-2">
          <summary className="cursor-pointer rounded text-sm font-medium text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
            {summaryPrefix}
            {note.idp}
          </summary>
          <p className="mt-2 text-xs text-slate-500">{note.where}</p>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-xs">
            {note.steps.map((step, index) => (
              <li key={index}>{step}</li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}
