'use client';

import { useRouter } from 'next/navigation';
import { LocalTime } from '@/components/ui/local-time';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { useToast } from '@/components/ui/toast';
import { useAction } from '@/components/ui/use-action';
import { revokeSetupLinkAction } from '@/lib/orgs/setup-link-actions';
import type { SetupLinkStatus, SetupLinkView } from './setup-link-view';

const STATUS: Record<SetupLinkStatus, { label: string; className: string }> = {
  live: { label: 'Live', className: 'text-emerald-700' },
  expired: { label: 'Expired', className: 'text-slate-600' },
  revoked: { label: 'Revoked', className: 'text-red-700' },
};

function RevokeButton({ link, onRevoke, pending }: { link: SetupLinkView; onRevoke: () => Promise<unknown>; pending: boolean }) {
  return (
    <ConfirmDialog
      title={`Revoke the setup link for ${link.label}?`}
      description="It stops working at once, also in a browser that has it open. Create a new link if they still need one."
      confirmLabel={`Revoke link for ${link.label}`}
      onConfirm={onRevoke}
      trigger={(open) => (
        <Button variant="danger" size="sm" onClick={open} disabled={pending}>
          Revoke<span className="sr-only"> link for {link.label}</span>
        </Button>
      )}
    />
  );
}

export function SetupLinksTable({ links }: { links: SetupLinkView[] }) {
  const router = useRouter();
  const toast = useToast();
  const revoke = useAction(revokeSetupLinkAction);

  const columns: DataTableColumn<SetupLinkView>[] = [
    { header: 'For', cell: (link) => link.label, className: 'font-medium break-words' },
    { header: 'Created by', cell: (link) => link.createdBy ?? 'a removed account', className: 'break-all' },
    { header: 'Expires', cell: (link) => <LocalTime iso={link.expiresAt} /> },
    { header: 'Last used', cell: (link) => (link.lastUsedAt ? <LocalTime iso={link.lastUsedAt} /> : 'never') },
    { header: 'Status', cell: (link) => <span className={`font-medium ${STATUS[link.status].className}`}>{STATUS[link.status].label}</span> },
    {
      header: 'Actions',
      headerHidden: true,
      className: 'sm:text-right',
      cell: (link) =>
        link.status === 'live' ? (
          <RevokeButton
            link={link}
            pending={revoke.pending}
            onRevoke={async () => {
              if (await revoke.run({ linkId: link.id })) {
                toast.success(`The setup link for ${link.label} is revoked.`);
                router.refresh();
              }
            }}
          />
        ) : null,
    },
  ];

  return (
    <div className="space-y-3">
      {revoke.error ? <Alert tone="error">{revoke.error}</Alert> : null}
      <DataTable
        caption="Setup links"
        columns={columns}
        rows={links}
        rowKey={(link) => link.id}
        rowLabel={(link) => `Setup link for ${link.label}`}
        empty={<EmptyState title="No setup links yet." description="Create one when someone without an account here sets up your identity provider." />}
      />
    </div>
  );
}
