import { Link } from '@/components/ui/link';
import { SignupForm } from '@/components/auth/signup-form';
import { AcceptInviteButton } from '@/components/auth/accept-invite-button';
import { Alert } from '@/components/ui/alert';
import { getRequestContext } from '@/lib/auth/context';
import { getDb } from '@/lib/db/client';
import { findOpenInvite } from '@/lib/orgs/invites';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import { findUserByEmail } from '@/lib/users/create-user';

export const dynamic = 'force-dynamic';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await findOpenInvite(getDb(), token);
  if (!found) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Invite</h1>
        <Alert tone="error">This invite link is invalid or has expired. Ask your admin for a new one.</Alert>
      </div>
    );
  }
  const { invite, org } = found;
  const ctx = await getRequestContext();
  const hasAccount = Boolean(await findUserByEmail(getDb(), invite.email));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Join {org.name}</h1>
        <p className="mt-1 text-sm text-slate-500">
          You are invited as <strong>{ROLE_LABELS[invite.role]}</strong> ({invite.email}).
        </p>
      </div>
      {ctx && ctx.user.email === invite.email ? (
        <AcceptInviteButton token={token} orgName={org.name} />
      ) : ctx ? (
        <Alert tone="error">You are signed in as {ctx.user.email}, but this invite is for {invite.email}. Sign out and sign in with that address.</Alert>
      ) : hasAccount ? (
        <Alert tone="info">
          You already have an account.{' '}
          <Link className="font-medium underline" href={`/login?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>
            Sign in
          </Link>{' '}
          to accept the invite.
        </Alert>
      ) : (
        <SignupForm invite={{ token, email: invite.email, orgName: org.name, role: invite.role }} />
      )}
    </div>
  );
}
