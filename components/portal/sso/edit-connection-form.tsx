'use client';

import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { formText } from '@/components/ui/form-text';
import type { AttributeMapping } from '@/lib/db/schema';
import { updateConnectionAction } from '@/lib/sso/actions';
import type { ConnectionView } from '@/lib/sso/portal-views';
import { callAction } from './call-action';

const ATTRIBUTE_FIELDS: { field: keyof AttributeMapping; label: string }[] = [
  { field: 'email', label: 'Email attribute names' },
  { field: 'firstName', label: 'First name attribute names' },
  { field: 'lastName', label: 'Last name attribute names' },
  { field: 'displayName', label: 'Display name attribute names' },
  { field: 'groups', label: 'Groups attribute names' },
];

const namesIn = (text: string) => text.split(',').map((name) => name.trim()).filter(Boolean);

/** "attributeMapping.groups.0" → the groups field; other keys as they are. */
function errorsOf(result: { error: string; fieldErrors?: Record<string, string> }) {
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(result.fieldErrors ?? {})) {
    const field = key.startsWith('attributeMapping.') ? key.split('.')[1] : key;
    errors[field] ??= message;
  }
  return Object.keys(errors).length > 0 ? errors : { _: result.error };
}

type EditConnectionFormProps = { connection: ConnectionView; onSaved: (message: string) => void };

/** Name, the attribute names the connection reads first, and (OIDC) a new client secret, write-only. */
export function EditConnectionForm({ connection, onSaved }: EditConnectionFormProps) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const [replacingSecret, setReplacingSecret] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const attributeMapping = Object.fromEntries(ATTRIBUTE_FIELDS.map(({ field }) => [field, namesIn(formText(form, field))])) as AttributeMapping;
    const clientSecret = replacingSecret ? formText(form, 'clientSecret') : undefined;
    setPending(true);
    setErrors({});
    try {
      const saved = await callAction(() => updateConnectionAction({ connectionId: connection.id, name: formText(form, 'name'), attributeMapping, clientSecret }));
      if (!saved.ok) return setErrors(errorsOf(saved));
      setReplacingSecret(false);
      onSaved(clientSecret !== undefined ? `Connection ${saved.data.name} saved; its client secret was replaced.` : `Connection ${saved.data.name} saved.`);
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field label="Connection name" name="name" defaultValue={connection.name} error={errors.name} autoComplete="off" className="max-w-md" />
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Attribute names</legend>
        <p className="text-xs text-slate-500">Comma-separated. Read before the names every connection reads (listed under “Our side”). Leave empty to use those alone.</p>
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          {ATTRIBUTE_FIELDS.map(({ field, label }) => (
            <Field key={field} label={label} name={field} defaultValue={connection.attributeMapping[field]?.join(', ') ?? ''} error={errors[field]} autoComplete="off" spellCheck={false} />
          ))}
        </div>
      </fieldset>
      {connection.protocol === 'oidc' ? (
        <div>
          <p className="text-sm font-medium text-slate-700">Client secret</p>
          {replacingSecret ? (
            <div className="mt-1 flex flex-wrap items-end gap-2">
              <Field label="New client secret" name="clientSecret" type="password" autoComplete="new-password" autoFocus error={errors.clientSecret} className="w-full sm:w-80" />
              <Button type="button" variant="secondary" onClick={() => setReplacingSecret(false)}>
                Keep the current secret
              </Button>
            </div>
          ) : (
            <div className="mt-1 flex flex-wrap items-center gap-3">
              <span className="text-sm text-slate-600">Stored encrypted and never shown.</span>
              <Button type="button" variant="secondary" size="sm" onClick={() => setReplacingSecret(true)}>
                Replace secret
              </Button>
            </div>
          )}
        </div>
      ) : null}
      {errors._ ? <Alert tone="error">{errors._}</Alert> : null}
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending ? 'Saving…' : 'Save changes'}
      </Button>
    </form>
  );
}
