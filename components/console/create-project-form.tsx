'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { formText } from '@/components/ui/form-text';
import { useAction } from '@/components/ui/use-action';
import { createProjectAction } from '@/lib/gateway/actions';

export function CreateProjectForm() {
  const router = useRouter();
  const { run, pending, error } = useAction(createProjectAction);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    if (await run({ name: formText(new FormData(form), 'name') })) {
      form.reset();
      router.refresh();
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-start gap-2" noValidate>
      <Field label="New project name" name="name" className="w-full sm:w-56" error={error ?? undefined} />
      <Button type="submit" className="sm:mt-6" disabled={pending}>
        Create project
      </Button>
    </form>
  );
}
