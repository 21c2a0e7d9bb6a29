'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { formText } from '@/components/ui/form-text';
import { useToast } from '@/components/ui/toast';
import { useAction } from '@/components/ui/use-action';
import { addDomainAction } from '@/lib/orgs/domain-actions';

export function AddDomainForm() {
  const router = useRouter();
  const toast = useToast();
  const add = useAction(addDomainAction);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const added = await add.run({ domain: formText(new FormData(form), 'domain') });
    if (!added) return;
    form.reset();
    toast.success(`${added.domain} added. Create its TXT record, then click "Verify now".`);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3 sm:flex-row sm:items-start" noValidate>
      <Field
        label="Domain"
        name="domain"
        className="w-full sm:max-w-sm"
        placeholder="example.com"
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="none"
        hint="The part after @ in your people’s email addresses."
        error={add.fieldErrors.domain ?? add.error ?? undefined}
      />
      <Button type="submit" disabled={add.pending} aria-busy={add.pending || undefined} className="sm:mt-6">
        {add.pending ? 'Adding…' : 'Add domain'}
      </Button>
    </form>
  );
}
