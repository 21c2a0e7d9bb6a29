'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { createApiKey, disableApiKey } from '@/app/(console)/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, SelectField } from '@/components/ui/field';
import { useAction } from '@/components/ui/use-action';

type Key = { id: string; name: string; prefix: string; projectName: string; createdAt: string; lastUsedAt: string | null; disabledAt: string | null };

export function ApiKeysPanel({ canCreate, projects, keys }: { canCreate: boolean; projects: { id: string; name: string }[]; keys: Key[] }) {
  const router = useRouter();
  const create = useAction(createApiKey);
  const disable = useAction(disableApiKey);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await create.run({ projectId: form.get('projectId'), name: form.get('name') });
    if (result) {
      setCreated({ name: result.name, secret: result.secret });
      router.refresh();
    }
  }

  return (
    <Card title="API keys" description="Keys for the LLM gateway. A key is shown once, when it is created; we store only its hash.">
      {created ? (
        <div className="mb-4">
          <Alert tone="success">
            <p>
              Key <strong>{created.name}</strong> created. Copy it now: it will not be shown again.
            </p>
            <code data-testid="new-api-key" className="mt-2 block select-all break-all rounded bg-white px-2 py-1 font-mono text-xs">
              {created.secret}
            </code>
          </Alert>
        </div>
      ) : null}
      {canCreate && projects.length > 0 ? (
        <form onSubmit={onCreate} className="mb-4 flex flex-wrap items-end gap-2" noValidate>
          <SelectField label="Project" name="projectId" className="w-56">
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </SelectField>
          <Field label="Key name" name="name" className="w-56" placeholder="e.g. laptop" />
          <Button type="submit" disabled={create.pending}>
            Create API key
          </Button>
        </form>
      ) : null}
      {create.error ? <Alert tone="error">{create.error}</Alert> : null}
      {disable.error ? <Alert tone="error">{disable.error}</Alert> : null}
      {keys.length === 0 ? (
        <p className="text-sm text-slate-500">No API keys yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-2">Name</th>
              <th>Key</th>
              <th>Project</th>
              <th>Last used</th>
              <th>Status</th>
              <th className="sr-only">Actions</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.map((key) => (
              <tr key={key.id} aria-label={`API key ${key.name}`}>
                <td className="py-2 font-medium">{key.name}</td>
                <td className="font-mono text-xs">{key.prefix}…</td>
                <td>{key.projectName}</td>
                <td>{key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : 'never'}</td>
                <td>{key.disabledAt ? <span className="text-red-700">Disabled</span> : <span className="text-emerald-700">Active</span>}</td>
                <td className="text-right">
                  {!key.disabledAt && canCreate ? (
                    <Button
                      variant="danger"
                      disabled={disable.pending}
                      onClick={async () => {
                        if (await disable.run({ keyId: key.id })) router.refresh();
                      }}
                    >
                      Disable
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
