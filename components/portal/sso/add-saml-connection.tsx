'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { createSamlConnectionAction, previewSamlConnectionAction } from '@/lib/sso/actions';
import { METADATA_MAX_BYTES, METADATA_MAX_LABEL } from '@/lib/sso/metadata/limits';
import { callAction } from './call-action';
import { ChoiceGroup, FileField, TextAreaField } from './form-controls';
import { SamlPreview, type SamlMetadataPreview } from './saml-preview';

type Source = 'url' | 'file' | 'xml';

const SOURCES: { value: Source; label: string }[] = [
  { value: 'url', label: 'From a URL' },
  { value: 'file', label: 'Upload a file' },
  { value: 'xml', label: 'Paste XML' },
];

type Errors = { name?: string; source?: string };

/** A refusal belongs next to the name, or else next to the metadata (bad XML, a refused URL, …). */
function errorsOf(result: { error: string; fieldErrors?: Record<string, string> }): Errors {
  const fields = result.fieldErrors ?? {};
  if (fields.name) return { name: fields.name };
  return { source: fields.metadataUrl ?? fields.metadataXml ?? result.error };
}

type AddSamlConnectionProps = {
  /** After the connection is saved (the caller refreshes the list and says so). */
  onSaved: (name: string) => void;
  onCancel: () => void;
};

/**
 * Adds a SAML connection from the IdP's metadata (URL, file or pasted XML): "Check metadata" shows
 * what was detected, nothing is saved until "Save connection", and any change to the metadata
 * asks for a new check, so what is saved is what was shown.
 */
export function AddSamlConnection({ onSaved, onCancel }: AddSamlConnectionProps) {
  const [name, setName] = useState('');
  const [source, setSource] = useState<Source>('url');
  const [url, setUrl] = useState('');
  const [pasted, setPasted] = useState('');
  const [file, setFile] = useState<{ name: string; xml: string } | null>(null);
  const [preview, setPreview] = useState<SamlMetadataPreview | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const previewHeadingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => formRef.current?.querySelector('input')?.focus(), []);
  useEffect(() => {
    if (preview) previewHeadingRef.current?.focus();
  }, [preview]);

  /** Any change to the metadata makes the shown preview stale. */
  function metadataChanged() {
    setPreview(null);
    setErrors((current) => ({ name: current.name }));
  }

  async function onFile(chosen: File | undefined) {
    metadataChanged();
    setFile(null);
    if (!chosen) return;
    if (chosen.size > METADATA_MAX_BYTES) return setErrors({ source: `The file is larger than ${METADATA_MAX_LABEL}; IdP metadata is a few kilobytes` });
    setFile({ name: chosen.name, xml: await chosen.text() });
  }

  /** The metadata as the actions take it, or a message when none was given. */
  function metadataInput(): { metadataUrl: string } | { metadataXml: string } | string {
    if (source === 'url') return url.trim() ? { metadataUrl: url.trim() } : 'Enter the IdP’s metadata URL';
    if (source === 'file') return file ? { metadataXml: file.xml } : 'Choose the metadata file your IdP gave you';
    if (new Blob([pasted]).size > METADATA_MAX_BYTES) return `The metadata is larger than ${METADATA_MAX_LABEL}`;
    return pasted.trim() ? { metadataXml: pasted } : 'Paste the IdP’s metadata XML';
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    const metadata = metadataInput();
    if (typeof metadata === 'string') return setErrors({ source: metadata });
    setPending(true);
    setErrors({});
    try {
      if (!preview) {
        const checked = await callAction(() => previewSamlConnectionAction(metadata));
        if (!checked.ok) return setErrors(errorsOf(checked));
        if (!name.trim() && checked.data.product.id !== 'other') setName(checked.data.product.name);
        setPreview(checked.data);
        return;
      }
      const saved = await callAction(() => createSamlConnectionAction({ name, ...metadata }));
      if (!saved.ok) return setErrors(errorsOf(saved));
      onSaved(saved.data.name);
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="add-saml-heading" className="mb-5 rounded-md border border-slate-200 p-4">
      <h3 id="add-saml-heading" className="text-sm font-semibold text-slate-900">
        Add a SAML connection
      </h3>
      <p className="mt-0.5 text-xs text-slate-500">Give us your IdP’s SAML metadata: we read its entity ID, sign-in URL and signing certificates from it.</p>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="mt-3 space-y-4">
        <Field
          label="Connection name"
          name="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="e.g. Okta"
          hint="People who can sign in through several connections choose by this name."
          error={errors.name}
          autoComplete="off"
          className="max-w-md"
        />
        <ChoiceGroup
          legend="IdP metadata"
          name="metadata-source"
          value={source}
          choices={SOURCES}
          onChange={(value) => {
            setSource(value);
            metadataChanged();
          }}
        />
        {source === 'url' ? (
          <Field
            label="Metadata URL"
            name="metadataUrl"
            type="url"
            inputMode="url"
            value={url}
            onChange={(event) => {
              setUrl(event.target.value);
              metadataChanged();
            }}
            placeholder="https://acme.okta.com/app/…/sso/saml/metadata"
            hint="We fetch it from our server now and again whenever you refresh the connection."
            error={errors.source}
            autoComplete="off"
            spellCheck={false}
          />
        ) : source === 'file' ? (
          <FileField
            label="Metadata file"
            name="metadataFile"
            accept=".xml,application/xml,text/xml,application/samlmetadata+xml"
            onChange={(event) => void onFile(event.target.files?.[0])}
            hint={file ? `${file.name} is ready to check.` : 'The XML file your IdP lets you download, at most 1 MiB.'}
            error={errors.source}
          />
        ) : (
          <TextAreaField
            label="Metadata XML"
            name="metadataXml"
            rows={8}
            value={pasted}
            onChange={(event) => {
              setPasted(event.target.value);
              metadataChanged();
            }}
            placeholder={'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="…">'}
            hint="The whole document, starting with <EntityDescriptor> (or <?xml …?>)."
            error={errors.source}
            spellCheck={false}
          />
        )}
        {preview ? <SamlPreview preview={preview} headingRef={previewHeadingRef} /> : null}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant={preview ? 'primary' : 'secondary'} disabled={pending} aria-busy={pending || undefined}>
            {preview ? (pending ? 'Saving…' : 'Save connection') : pending ? 'Checking…' : 'Check metadata'}
          </Button>
          <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        </div>
      </form>
    </section>
  );
}
