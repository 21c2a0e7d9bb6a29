'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { createProject } from '@/app/(console)/actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { useAction } from '@/components/ui/use-action';

export function CreateProjectForm() {
  const router = useRouter();
  const { run, pending, error } = useAction(createProject);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    if (await run({ name: new FormData(form).get('name') })) {
      form.reset();
      router.refresh();
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex items-start gap-2" noValidate>
      <Field label="New project name" name="name" className="w-56" error={error ?? undefined} />
      <Button type="submit" className="mt-6" disabled={pending}>
        Create project
      </Button>
    </form>
  );
}
