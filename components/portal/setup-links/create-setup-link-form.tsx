'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { LocalTime } from '@/components/ui/local-time';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, SelectField } from '@/components/ui/field';
import { formText } from '@/components/ui/form-text';
import { SecretShownOnce } from '@/components/ui/secret-shown-once';
import { useAction } from '@/components/ui/use-action';
import { createSetupLinkAction } from '@/lib/orgs/setup-link-actions';

type CreatedLink = { label: string; url: string; expiresAt: string };

export function CreateSetupLinkForm({ defaultDays, maxDays }: { defaultDays: number; maxDays: number }) {
  const router = useRouter();
  const create = useAction(createSetupLinkAction);
  const [created, setCreated] = useState<CreatedLink | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    const label = formText(fields, 'label');
    const link = await create.run({ label, days: formText(fields, 'days') });
    if (!link) return;
    setCreated({ label: label.trim(), url: link.url, expiresAt: link.expiresAt });
    form.reset();
    router.refresh();
  }

  return (
    <div className="space-y-4">
      {created ? (
        <SecretShownOnce value={created.url} copyLabel="setup link" testId="new-setup-link">
          Setup link for <strong>{created.label}</strong> created. It works until <LocalTime iso={created.expiresAt} />. Copy it now and send it to them.
        </SecretShownOnce>
      ) : null}
      <form onSubmit={onSubmit} className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-start" noValidate>
        <Field
          label="Who is it for?"
          name="label"
          className="w-full sm:max-w-sm"
          placeholder="e.g. Okta admin Jane Doe"
          autoComplete="off"
          maxLength={80}
          hint="The audit log names everything done with the link after this."
          error={create.fieldErrors.label}
        />
        <SelectField label="Works for" name="days" defaultValue={String(defaultDays)} className="w-full sm:w-32">
          {Array.from({ length: maxDays }, (_, i) => i + 1).map((days) => (
            <option key={days} value={days}>
              {days === 1 ? '1 day' : `${days} days`}
            </option>
          ))}
        </SelectField>
        <Button type="submit" disabled={create.pending} aria-busy={create.pending || undefined} className="sm:mt-6">
          {create.pending ? 'Creating…' : 'Create setup link'}
        </Button>
      </form>
      {create.error && !create.fieldErrors.label ? <Alert tone="error">{create.error}</Alert> : null}
    </div>
  );
}
