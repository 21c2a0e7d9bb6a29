'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useToast } from '@/components/ui/toast';
import { useAction } from '@/components/ui/use-action';
import type { Role } from '@/lib/db/schema';
import { changeMemberRoleAction } from '@/lib/orgs/actions';
import { ROLE_LABELS, ROLES } from '@/lib/roles/permissions';

/** Pick a role, then confirm; the server still refuses what the IdP decides and Owner changes by non-owners. */
export function MemberRoleControl({ member, actorRole }: { member: { membershipId: string; email: string; role: Role }; actorRole: Role }) {
  const router = useRouter();
  const toast = useToast();
  const change = useAction(changeMemberRoleAction);
  const [role, setRole] = useState<Role>(member.role);
  const assignable = ROLES.filter((r) => r !== 'owner' || actorRole === 'owner');
  const id = `role-${member.membershipId}`;

  async function confirm() {
    if (!(await change.run({ membershipId: member.membershipId, role }))) return;
    toast.success(`${member.email} is now ${ROLE_LABELS[role]}.`);
    router.refresh();
  }

  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <label className="sr-only" htmlFor={id}>
          Role of {member.email}
        </label>
        <select
          id={id}
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
          aria-invalid={change.error ? true : undefined}
          aria-describedby={change.error ? `${id}-error` : undefined}
          className="rounded-md border border-slate-300 bg-white px-2 py-1"
        >
          {assignable.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        {role !== member.role ? (
          <ConfirmDialog
            title={`Make ${member.email} ${ROLE_LABELS[role]}?`}
            description={`Their role changes from ${ROLE_LABELS[member.role]} to ${ROLE_LABELS[role]} on their next click.`}
            confirmLabel={`Change role to ${ROLE_LABELS[role]}`}
            onConfirm={confirm}
            trigger={(open) => (
              <Button size="sm" onClick={open}>
                Change role<span className="sr-only"> of {member.email}</span>
              </Button>
            )}
          />
        ) : null}
      </div>
      {change.error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-700">
          {change.error}
        </p>
      ) : null}
    </div>
  );
}
