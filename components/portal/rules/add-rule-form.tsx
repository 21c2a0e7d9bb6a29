'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, SelectField } from '@/components/ui/field';
import { formText } from '@/components/ui/form-text';
import type { Role } from '@/lib/db/schema';
import { ROLE_LABELS, ROLES } from '@/lib/roles/permissions';
import { duplicateGroupMessage, idpGroupSchema } from '@/lib/roles/rule-draft';

export const KNOWN_GROUPS_LIST_ID = 'known-idp-groups';

/** Adds a rule to the draft (nothing is saved until "Apply"); refuses an empty or duplicate group next to the field. */
export function AddRuleForm({ existingGroups, onAdd }: { existingGroups: string[]; onAdd: (rule: { idpGroup: string; role: Role }) => void }) {
  const [error, setError] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = idpGroupSchema.safeParse(formText(data, 'idpGroup'));
    if (!parsed.success) return setError(parsed.error.issues[0].message);
    if (existingGroups.some((group) => group.trim().toLowerCase() === parsed.data.toLowerCase())) return setError(duplicateGroupMessage(parsed.data));
    setError(null);
    onAdd({ idpGroup: parsed.data, role: formText(data, 'role') as Role });
    form.reset();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-start">
      <Field
        label="IdP group"
        name="idpGroup"
        list={KNOWN_GROUPS_LIST_ID}
        className="w-full sm:max-w-sm"
        placeholder="engineering or an Entra object id"
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="none"
        hint="The group name or id your IdP sends. Groups seen in recent sign-ins and from SCIM are suggested."
        error={error ?? undefined}
      />
      <SelectField label="Role" name="role" defaultValue="member" className="sm:w-40">
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </SelectField>
      <Button type="submit" variant="secondary" className="sm:mt-6">
        Add rule
      </Button>
    </form>
  );
}
