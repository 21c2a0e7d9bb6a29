'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { formText } from '@/components/ui/form-text';
import { createOidcConnectionAction } from '@/lib/sso/actions';
import { callAction } from './call-action';

type Errors = Partial<Record<'name' | 'discoveryUrl' | 'clientId' | 'clientSecret', string>>;

/** Field errors as the schema names them; anything else (discovery failed, IdP refused) is about the discovery URL. */
function errorsOf(result: { error: string; fieldErrors?: Record<string, string> }): Errors {
  const fields = result.fieldErrors ?? {};
  const known = (['name', 'discoveryUrl', 'clientId', 'clientSecret'] as const).filter((field) => fields[field]);
  return known.length > 0 ? Object.fromEntries(known.map((field) => [field, fields[field]])) : { discoveryUrl: result.error };
}

type AddOidcConnectionProps = {
  onSaved: (name: string) => void;
  onCancel: () => void;
};

/** Adds an OIDC connection: the discovery document is fetched and checked before anything is saved; the secret is never shown again. */
export function AddOidcConnection({ onSaved, onCancel }: AddOidcConnectionProps) {
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => formRef.current?.querySelector('input')?.focus(), []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    setErrors({});
    try {
      const saved = await callAction(() =>
        createOidcConnectionAction({ name: formText(form, 'name'), discoveryUrl: formText(form, 'discoveryUrl').trim(), clientId: formText(form, 'clientId'), clientSecret: formText(form, 'clientSecret') }),
      );
      if (!saved.ok) return setErrors(errorsOf(saved));
      onSaved(saved.data.name);
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="add-oidc-heading" className="mb-5 rounded-md border border-slate-200 p-4">
      <h3 id="add-oidc-heading" className="text-sm font-semibold text-slate-900">
        Add an OIDC connection
      </h3>
      <p className="mt-0.5 text-xs text-slate-500">Register a web application in your IdP with our OIDC redirect URI (under “Our side”), then enter what it gives you.</p>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="mt-3 grid gap-4 sm:grid-cols-2">
        <Field label="Connection name" name="name" placeholder="e.g. Microsoft Entra ID" error={errors.name} autoComplete="off" />
        <Field
          label="Discovery URL"
          name="discoveryUrl"
          type="url"
          inputMode="url"
          placeholder="https://login.example.com/.well-known/openid-configuration"
          hint="The issuer’s /.well-known/openid-configuration (or the issuer URL). We fetch it now to check it."
          error={errors.discoveryUrl}
          autoComplete="off"
          spellCheck={false}
          className="sm:col-span-2"
        />
        <Field label="Client ID" name="clientId" error={errors.clientId} autoComplete="off" spellCheck={false} />
        <Field label="Client secret" name="clientSecret" type="password" hint="Stored encrypted; never shown again. You can replace it later." error={errors.clientSecret} autoComplete="new-password" />
        <div className="flex flex-wrap gap-2 sm:col-span-2">
          <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
            {pending ? 'Checking discovery…' : 'Save connection'}
          </Button>
          <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        </div>
      </form>
    </section>
  );
}
