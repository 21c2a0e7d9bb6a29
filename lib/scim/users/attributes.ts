import { isDeepStrictEqual } from 'node:util';
import { emailSchema } from '@/lib/users/normalize';
import { invalidValue } from '../errors';
import type { ScimObject } from '../coerce';

type Email = { value?: string; primary?: boolean };

/** The sign-in address: the primary email, else the first, else userName when it is an address (Entra UPNs usually are). */
export function primaryEmail(resource: ScimObject): string {
  const emails = (Array.isArray(resource.emails) ? resource.emails : []) as Email[];
  const candidate = emails.find((e) => e.primary && e.value)?.value ?? emails.find((e) => e.value)?.value ?? (resource.userName as string);
  const parsed = emailSchema.safeParse(candidate);
  if (!parsed.success) throw invalidValue(`A user needs an email address in emails[].value or userName; "${candidate}" is not one`);
  return parsed.data;
}

export function personName(resource: ScimObject): string {
  const name = (resource.name ?? {}) as { formatted?: string; givenName?: string; familyName?: string };
  const full = (resource.displayName as string | undefined) ?? name.formatted ?? [name.givenName, name.familyName].filter(Boolean).join(' ');
  return full.trim().slice(0, 120);
}

/** Top-level attributes that differ, for the audit log's before → after. */
export function changedAttributes(before: ScimObject, after: ScimObject) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [...keys].filter((k) => !isDeepStrictEqual(before[k], after[k]));
  return {
    before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
    after: Object.fromEntries(changed.map((k) => [k, after[k] ?? null])),
  };
}
