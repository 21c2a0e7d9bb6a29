'use client';

import { useRouter } from 'next/navigation';
import { LocalTime } from '@/components/ui/local-time';
import { StatusBadge } from '@/components/portal/sso/status-badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { useToast } from '@/components/ui/toast';
import { useAction } from '@/components/ui/use-action';
import type { Role } from '@/lib/db/schema';
import { resendInviteAction, revokeInviteAction } from '@/lib/orgs/member-actions';
import { ROLE_LABELS } from '@/lib/roles/permissions';

export type InviteRow = { id: string; email: string; role: Role; expiresAt: string; expired: boolean };

function InviteActions({ invite }: { invite: InviteRow }) {
  const router = useRouter();
  const toast = useToast();
  const resend = useAction(resendInviteAction);
  const revoke = useAction(revokeInviteAction);
  const error = resend.error ?? revoke.error;
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-2">
        <ConfirmDialog
          title={`Send ${invite.email} a new invite?`}
          description="They get a new email with a link valid for 7 days; the link sent before stops working."
          confirmLabel={`Resend invite to ${invite.email}`}
          onConfirm={async () => {
            if (!(await resend.run({ inviteId: invite.id }))) return;
            toast.success(`New invite sent to ${invite.email}.`);
            router.refresh();
          }}
          trigger={(open) => (
            <Button variant="secondary" size="sm" onClick={open}>
              Resend<span className="sr-only"> invite to {invite.email}</span>
            </Button>
          )}
        />
        <ConfirmDialog
          title={`Revoke the invite to ${invite.email}?`}
          description="The link in their email stops working. You can invite them again later."
          confirmLabel={`Revoke invite to ${invite.email}`}
          onConfirm={async () => {
            if (!(await revoke.run({ inviteId: invite.id }))) return;
            toast.success(`Invite to ${invite.email} revoked.`);
            router.refresh();
          }}
          trigger={(open) => (
            <Button variant="danger" size="sm" onClick={open}>
              Revoke<span className="sr-only"> invite to {invite.email}</span>
            </Button>
          )}
        />
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const columns: DataTableColumn<InviteRow>[] = [
  { header: 'Email', cell: (i) => i.email, className: 'wrap-anywhere' },
  { header: 'Role', cell: (i) => ROLE_LABELS[i.role] },
  {
    header: 'Expires',
    cell: (i) => (i.expired ? <StatusBadge tone="warning">Expired</StatusBadge> : <LocalTime iso={i.expiresAt} />),
    className: 'sm:whitespace-nowrap',
  },
  { header: 'Actions', headerHidden: true, cell: (i) => <InviteActions invite={i} /> },
];

export function PendingInvites({ invites }: { invites: InviteRow[] }) {
  return (
    <DataTable
      caption="Pending invites"
      columns={columns}
      rows={invites}
      rowKey={(i) => i.id}
      rowLabel={(i) => `Invite to ${i.email}`}
      empty={<EmptyState title="No pending invites." />}
    />
  );
}
