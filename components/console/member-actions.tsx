'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useToast } from '@/components/ui/toast';
import { useAction } from '@/components/ui/use-action';
import { enableMemberApiKeysAction, removeMemberAction, restoreMemberAction, revokeMemberSessionsAction, suspendMemberAction } from '@/lib/orgs/member-actions';

type Member = { membershipId: string; email: string; status: 'active' | 'suspended'; disabledApiKeys: number };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Suspend or restore, sign out, remove: each confirmed first, each with the same effects as over SCIM. */
export function MemberActions({ member }: { member: Member }) {
  const router = useRouter();
  const toast = useToast();
  const suspend = useAction(suspendMemberAction);
  const restore = useAction(restoreMemberAction);
  const signOut = useAction(revokeMemberSessionsAction);
  const remove = useAction(removeMemberAction);
  const enableKeys = useAction(enableMemberApiKeysAction);
  const input = { membershipId: member.membershipId };
  const error = suspend.error ?? restore.error ?? signOut.error ?? remove.error ?? enableKeys.error;
  const keys = plural(member.disabledApiKeys, 'API key');

  const done = (message: string) => {
    toast.success(message);
    router.refresh();
  };

  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-2">
        {member.status === 'active' ? (
          <ConfirmDialog
            title={`Suspend ${member.email}?`}
            description="They are signed out of this organization at once and their API keys here are disabled. Restoring them later does not re-enable the keys."
            confirmLabel={`Suspend ${member.email}`}
            onConfirm={async () => {
              const cut = await suspend.run(input);
              if (cut) done(`${member.email} suspended: ${plural(cut.sessionsRevoked, 'session')} ended, ${plural(cut.apiKeysDisabled, 'API key')} disabled.`);
            }}
            trigger={(open) => (
              <Button variant="danger" size="sm" onClick={open}>
                Suspend<span className="sr-only"> {member.email}</span>
              </Button>
            )}
          />
        ) : (
          <ConfirmDialog
            title={`Restore ${member.email}?`}
            description="They can sign in to this organization again. Their API keys stay disabled until re-enabled."
            confirmLabel={`Restore ${member.email}`}
            onConfirm={async () => {
              if (await restore.run(input)) done(`${member.email} restored.`);
            }}
            trigger={(open) => (
              <Button variant="secondary" size="sm" onClick={open}>
                Restore<span className="sr-only"> {member.email}</span>
              </Button>
            )}
          />
        )}
        {member.status === 'active' && member.disabledApiKeys > 0 ? (
          <ConfirmDialog
            title={`Re-enable ${keys} of ${member.email}?`}
            description="Their disabled keys in this organization work again at once. Re-enable them only if the reason they were turned off no longer holds."
            confirmLabel={`Re-enable ${keys}`}
            onConfirm={async () => {
              const result = await enableKeys.run(input);
              if (result) done(`${plural(result.apiKeysEnabled, 'API key')} of ${member.email} re-enabled.`);
            }}
            trigger={(open) => (
              <Button variant="secondary" size="sm" onClick={open}>
                Re-enable keys<span className="sr-only"> of {member.email}</span>
              </Button>
            )}
          />
        ) : null}
        <ConfirmDialog
          title={`Sign out ${member.email} everywhere?`}
          description="Every session they have in this organization ends on their next click. They can sign in again."
          confirmLabel={`Sign out ${member.email}`}
          onConfirm={async () => {
            const result = await signOut.run(input);
            if (result) done(`${plural(result.sessionsRevoked, 'session')} of ${member.email} ended.`);
          }}
          trigger={(open) => (
            <Button variant="secondary" size="sm" onClick={open}>
              Sign out<span className="sr-only"> {member.email}</span>
            </Button>
          )}
        />
        <ConfirmDialog
          title={`Remove ${member.email} from the organization?`}
          description="They lose access at once: sessions here end, API keys here are disabled, and their project and team seats go. Their account stays; invite them again to bring them back."
          confirmLabel={`Remove ${member.email}`}
          onConfirm={async () => {
            if (await remove.run(input)) done(`${member.email} removed from the organization.`);
          }}
          trigger={(open) => (
            <Button variant="danger" size="sm" onClick={open}>
              Remove<span className="sr-only"> {member.email}</span>
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
