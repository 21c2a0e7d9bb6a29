'use client';

import { LocalTime } from '@/components/ui/local-time';
import { StatusBadge } from '@/components/portal/sso/status-badge';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import type { Role } from '@/lib/db/schema';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import { MemberActions } from './member-actions';
import { MemberRoleControl } from './member-role-control';

const SOURCE_LABELS: Record<string, string> = { sso: 'SSO', scim: 'SCIM', invite: 'Invite', manual: 'Manual' };

export type MemberRow = {
  membershipId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  source: string;
  status: 'active' | 'suspended';
  roleLockedByIdp: boolean;
  scimProvisioned: boolean;
  breakGlass: boolean;
  disabledApiKeys: number;
  lastSignInAt: string | null;
};

/** Why the signed-in person may not act on this row, or null when they may. */
function refusal(member: MemberRow, actorRole: Role, selfId: string): string | null {
  if (member.userId === selfId) return 'This is you';
  if (member.role === 'owner' && actorRole !== 'owner') return 'Only owners can change an owner';
  return null;
}

export function MembersTable({ members, actorRole, selfId, searched }: { members: MemberRow[]; actorRole: Role; selfId: string; searched: boolean }) {
  const columns: DataTableColumn<MemberRow>[] = [
    {
      header: 'Member',
      cell: (m) => (
        <>
          <div className="font-medium wrap-anywhere">{m.name || m.email}</div>
          <div className="text-xs text-slate-500 wrap-anywhere">{m.email}</div>
        </>
      ),
    },
    {
      header: 'Role',
      cell: (m) => {
        const why = refusal(m, actorRole, selfId);
        return (
          <div className="space-y-1">
            {why || m.roleLockedByIdp ? <div>{ROLE_LABELS[m.role]}</div> : <MemberRoleControl member={m} actorRole={actorRole} />}
            {m.roleLockedByIdp || m.scimProvisioned ? <StatusBadge tone="neutral">Managed by your IdP</StatusBadge> : null}
            {m.roleLockedByIdp ? <p className="text-xs text-slate-500">Role managed by your IdP: change their groups there.</p> : null}
          </div>
        );
      },
    },
    { header: 'Source', cell: (m) => SOURCE_LABELS[m.source] ?? m.source },
    {
      header: 'Status',
      cell: (m) => (
        <div className="flex flex-wrap gap-1">
          <StatusBadge tone={m.status === 'active' ? 'success' : 'warning'}>{m.status === 'active' ? 'Active' : 'Suspended'}</StatusBadge>
          {m.breakGlass ? <StatusBadge tone="neutral">Break-glass</StatusBadge> : null}
          {m.disabledApiKeys > 0 ? (
            <StatusBadge tone="neutral">
              {m.disabledApiKeys} API key{m.disabledApiKeys === 1 ? '' : 's'} off
            </StatusBadge>
          ) : null}
        </div>
      ),
    },
    { header: 'Last sign-in', cell: (m) => (m.lastSignInAt ? <LocalTime iso={m.lastSignInAt} /> : <span className="text-slate-500">Never</span>), className: 'sm:whitespace-nowrap' },
    {
      header: 'Actions',
      headerHidden: true,
      cell: (m) => {
        const why = refusal(m, actorRole, selfId);
        return why ? <span className="text-xs text-slate-500">{why}</span> : <MemberActions member={m} />;
      },
    },
  ];
  return (
    <DataTable
      caption="Members of this organization"
      columns={columns}
      rows={members}
      rowKey={(m) => m.membershipId}
      rowLabel={(m) => `${m.name || m.email} ${m.email}`}
      align="top"
      empty={<EmptyState title={searched ? 'No member matches this search.' : 'No members yet.'} />}
    />
  );
}
