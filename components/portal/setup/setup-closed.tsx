import { StandalonePage } from '@/components/ui/standalone-page';
import { EXPIRED_SETUP_LINK_MESSAGE } from '@/lib/orgs/setup-links';

const TEXT = {
  expired: {
    title: 'This setup link does not work',
    body: EXPIRED_SETUP_LINK_MESSAGE,
    more: 'Nothing of the organization can be seen or changed with it.',
  },
  left: {
    title: 'You left the setup portal',
    body: 'This browser no longer has the setup link open.',
    more: 'To carry on, open the link you were sent again: it works until it expires or is revoked.',
  },
} as const;

/** What /setup shows without a live setup link in this browser: a clear page, and no data. */
export function SetupClosed({ reason = 'expired' }: { reason?: keyof typeof TEXT }) {
  const text = TEXT[reason];
  return (
    <StandalonePage>
      <div className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold text-slate-900">{text.title}</h1>
        <p className="mt-2 text-sm text-slate-700">{text.body}</p>
        <p className="mt-2 text-sm text-slate-600">{text.more}</p>
      </div>
    </StandalonePage>
  );
}
