import { LocalTime } from '@/components/ui/local-time';
import { StandalonePage } from '@/components/ui/standalone-page';
import { ContinueButton } from './continue-button';

type SetupInvitationProps = { token: string; orgName: string; label: string; expiresAt: string };

/** The page a setup link opens: who asks, what it opens, and a Continue button (the GET alone grants nothing). */
export function SetupInvitation({ token, orgName, label, expiresAt }: SetupInvitationProps) {
  return (
    <StandalonePage>
      <div className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold break-words text-slate-900">{orgName} asked you to set up single sign-on</h1>
        <p className="mt-3 text-sm text-slate-700">
          This link lets you connect {orgName}’s identity provider (SAML 2.0 or OIDC), test the connection and verify the company’s email domains. You need no
          account here.
        </p>
        <dl className="mt-4 space-y-1 text-sm text-slate-600">
          <div>
            <dt className="inline">For: </dt>
            <dd className="inline font-medium break-words text-slate-800">{label}</dd>
          </div>
          <div>
            <dt className="inline">Works until: </dt>
            <dd className="inline font-medium text-slate-800">
              <LocalTime iso={expiresAt} />
            </dd>
          </div>
        </dl>
        <div className="mt-6">
          <ContinueButton token={token} />
        </div>
        <p className="mt-4 text-xs text-slate-500">Nothing else of {orgName}’s account opens with this link. Everything you do is recorded in its audit log.</p>
      </div>
    </StandalonePage>
  );
}
