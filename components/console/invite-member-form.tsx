'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, SelectField } from '@/components/ui/field';
import { formText } from '@/components/ui/form-text';
import { useAction } from '@/components/ui/use-action';
import type { Role } from '@/lib/db/schema';
import { inviteMemberAction } from '@/lib/orgs/actions';

export function InviteMemberForm({ canInviteOwner }: { canInviteOwner: boolean }) {
  const router = useRouter();
  const { run, pending, error, fieldErrors } = useAction(inviteMemberAction);
  const [link, setLink] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const result = await run({ email: formText(data, 'email'), role: formText(data, 'role') as Role });
    if (result) {
      setLink(result.link);
      form.reset();
      router.refresh();
    }
  }

  return (
    <div className="space-y-3">
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-2" noValidate>
        <Field label="Email to invite" name="email" type="email" className="w-full sm:w-72" error={fieldErrors.email} />
        <SelectField label="Role" name="role" defaultValue="member" className="w-full sm:w-40">
          {canInviteOwner ? <option value="owner">Owner</option> : null}
          <option value="admin">Admin</option>
          <option value="member">Member</option>
          <option value="viewer">Viewer</option>
        </SelectField>
        <Button type="submit" disabled={pending}>
          Send invite
        </Button>
      </form>
      {error && !fieldErrors.email ? <Alert tone="error">{error}</Alert> : null}
      {link ? (
        <Alert tone="success">
          Invite sent. You can also share this link: <code className="select-all break-all">{link}</code>
        </Alert>
      ) : null}
    </div>
  );
}
