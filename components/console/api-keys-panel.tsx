'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, SelectField } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { formText } from '@/components/ui/form-text';
import { SecretShownOnce } from '@/components/ui/secret-shown-once';
import { useToast } from '@/components/ui/toast';
import { useAction } from '@/components/ui/use-action';
import { createApiKeyAction, disableApiKeyAction, enableApiKeyAction } from '@/lib/gateway/actions';

type Key = { id: string; name: string; prefix: string; projectName: string; createdAt: string; lastUsedAt: string | null; disabledAt: string | null; disabledReason?: string | null };

export function ApiKeysPanel({ canCreate, projects, keys }: { canCreate: boolean; projects: { id: string; name: string }[]; keys: Key[] }) {
  const router = useRouter();
  const create = useAction(createApiKeyAction);
  const disable = useAction(disableApiKeyAction);
  const enable = useAction(enableApiKeyAction);
  const toast = useToast();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await create.run({ projectId: formText(form, 'projectId'), name: formText(form, 'name') });
    if (result) {
      setCreated({ name: result.name, secret: result.secret });
      router.refresh();
    }
  }

  return (
    <Card title="API keys" description="Keys for the LLM gateway. A key is shown once, when it is created; we store only its hash.">
      {created ? (
        <div className="mb-4">
          <SecretShownOnce value={created.secret} copyLabel="API key" testId="new-api-key">
            Key <strong>{created.name}</strong> created. Copy it now.
          </SecretShownOnce>
        </div>
      ) : null}
      {canCreate && projects.length > 0 ? (
        <form onSubmit={onCreate} className="mb-4 flex flex-wrap items-end gap-2" noValidate>
          <SelectField label="Project" name="projectId" className="w-full sm:w-56">
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </SelectField>
          <Field label="Key name" name="name" className="w-full sm:w-56" placeholder="e.g. laptop" />
          <Button type="submit" disabled={create.pending}>
            Create API key
          </Button>
        </form>
      ) : null}
      {create.error ? <Alert tone="error">{create.error}</Alert> : null}
      {disable.error || enable.error ? <Alert tone="error">{disable.error ?? enable.error}</Alert> : null}
      {keys.length === 0 ? (
        <EmptyState title="No API keys yet." description={canCreate && projects.length === 0 ? 'Create a project first, then a key for it.' : undefined} />
      ) : (
        <table className="data-table text-sm">
          <caption className="sr-only">Your API keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Project</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col" className="sr-only">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} aria-label={`API key ${key.name}`}>
                <td data-label="Name" className="font-medium">{key.name}</td>
                <td data-label="Key" className="font-mono text-xs">{key.prefix}…</td>
                <td data-label="Project">{key.projectName}</td>
                <td data-label="Last used">{key.lastUsedAt ? <LocalTime iso={key.lastUsedAt} /> : 'never'}</td>
                <td data-label="Status">
                  {key.disabledAt ? (
                    <>
                      <span className="text-red-700">Disabled</span>
                      {key.disabledReason ? <span className="block text-xs text-slate-500">{key.disabledReason}</span> : null}
                    </>
                  ) : (
                    <span className="text-emerald-700">Active</span>
                  )}
                </td>
                <td className="sm:text-right">
                  {!key.disabledAt && canCreate ? (
                    <ConfirmDialog
                      title={`Disable API key ${key.name}?`}
                      description="Requests that use this key are refused from now on. You can turn it back on later."
                      confirmLabel={`Disable API key ${key.name}`}
                      onConfirm={async () => {
                        if (await disable.run({ keyId: key.id })) {
                          router.refresh();
                          toast.success(`API key ${key.name} disabled.`);
                        }
                      }}
                      trigger={(open) => (
                        <Button variant="danger" disabled={disable.pending} onClick={open}>
                          Disable
                        </Button>
                      )}
                    />
                  ) : null}
                  {key.disabledAt && canCreate ? (
                    <Button
                      variant="secondary"
                      disabled={enable.pending}
                      onClick={async () => {
                        if (await enable.run({ keyId: key.id })) {
                          router.refresh();
                          toast.success(`API key ${key.name} is enabled again.`);
                        }
                      }}
                    >
                      Re-enable<span className="sr-only"> API key {key.name}</span>
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
