'use client';

import { useRouter } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { useAction } from '@/components/ui/use-action';
import type { Role } from '@/lib/db/schema';
import { changeMemberRoleAction } from '@/lib/orgs/actions';
import { ROLE_LABELS, ROLES } from '@/lib/roles/permissions';

const SOURCE_LABELS: Record<string, string> = { sso: 'SSO', scim: 'SCIM', invite: 'Invite', manual: 'Manual' };

type Member = { membershipId: string; userId: string; email: string; name: string; role: Role; source: string; status: string; roleLockedByIdp: boolean; createdAt: string };

export function MembersTable({ members, actorRole, selfId }: { members: Member[]; actorRole: Role; selfId: string }) {
  const router = useRouter();
  const { run, pending, error } = useAction(changeMemberRoleAction);
  const assignable = ROLES.filter((role) => role !== 'owner' || actorRole === 'owner');
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <table className="data-table text-sm">
        <caption className="sr-only">Members of this organization</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Role</th>
            <th scope="col">Source</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => {
            const editable = !member.roleLockedByIdp && member.userId !== selfId && (member.role !== 'owner' || actorRole === 'owner');
            return (
              <tr key={member.membershipId}>
                <td data-label="Member">
                  <div className="font-medium">{member.name || member.email}</div>
                  <div className="text-xs text-slate-500 wrap-anywhere">{member.email}</div>
                </td>
                <td data-label="Role">
                  {editable ? (
                    <>
                      <label className="sr-only" htmlFor={`role-${member.membershipId}`}>
                        Role of {member.email}
                      </label>
                      <select
                        id={`role-${member.membershipId}`}
                        defaultValue={member.role}
                        disabled={pending}
                        className="rounded-md border border-slate-300 px-2 py-1"
                        onChange={async (event) => {
                          if (await run({ membershipId: member.membershipId, role: event.target.value as Role })) router.refresh();
                        }}
                      >
                        {assignable.map((role) => (
                          <option key={role} value={role}>
                            {ROLE_LABELS[role]}
                          </option>
                        ))}
                      </select>
                    </>
                  ) : (
                    <span>
                      {ROLE_LABELS[member.role]}
                      {member.roleLockedByIdp ? <span className="ml-2 text-xs text-slate-500">managed by your IdP</span> : null}
                    </span>
                  )}
                </td>
                <td data-label="Source">{SOURCE_LABELS[member.source] ?? member.source}</td>
                <td data-label="Status" className={member.status === 'active' ? 'text-emerald-700' : 'text-amber-700'}>{member.status}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
