import { LocalTime } from '@/components/ui/local-time';
import { StatusBadge } from '@/components/portal/sso/status-badge';
import { CopyButton } from '@/components/ui/copy-button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import type { SsoSignInAttempt } from '@/lib/sso/sign-in-attempts';

/** lib/sso/sign-in-attempts.ts's attempt as it reaches the browser (the time as an ISO string). */
export type SignInAttemptView = Omit<SsoSignInAttempt, 'at'> & { at: string };

function Outcome({ attempt }: { attempt: SignInAttemptView }) {
  if (attempt.ok) return <StatusBadge tone="success">Signed in</StatusBadge>;
  return (
    <div className="space-y-1">
      <StatusBadge tone="error">Refused</StatusBadge>
      <p className="text-slate-700">{attempt.reason}</p>
      {attempt.detail ? <p className="text-xs text-slate-500 wrap-anywhere">Technical detail: {attempt.detail}</p> : null}
      {attempt.errorId ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs text-slate-500">
            Error id <code className="font-mono text-slate-800">{attempt.errorId}</code>
          </span>
          <CopyButton value={attempt.errorId} label={`error id ${attempt.errorId}`} />
        </div>
      ) : null}
    </div>
  );
}

const columns: DataTableColumn<SignInAttemptView>[] = [
  { header: 'Time', cell: (a) => <LocalTime iso={a.at} />, className: 'sm:whitespace-nowrap' },
  { header: 'Email', cell: (a) => a.email ?? <span className="text-slate-500">unknown</span>, className: 'wrap-anywhere' },
  { header: 'Connection', cell: (a) => a.connection ?? <span className="text-slate-500">unknown</span> },
  { header: 'Result', cell: (a) => <Outcome attempt={a} /> },
];

/** The latest SSO sign-ins, so an admin can answer "it doesn't work" with the reason and error id. */
export function SignInAttempts({ attempts }: { attempts: SignInAttemptView[] }) {
  return (
    <DataTable
      caption="Recent SSO sign-in attempts, newest first"
      columns={columns}
      rows={attempts}
      rowKey={(a) => a.id}
      align="top"
      empty={<EmptyState title="No SSO sign-in attempts yet." description="Sign-ins through your connections, and the reasons of refused ones, appear here." />}
    />
  );
}
