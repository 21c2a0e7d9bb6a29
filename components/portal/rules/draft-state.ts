import type { Role } from '@/lib/db/schema';
import { ruleDraftSchema, type RuleDraft } from '@/lib/roles/rule-draft';

/** A rule as the page edits it: `key` keeps React rows stable, `id` is absent until saved. */
export type EditableRule = { key: string; id?: string; idpGroup: string; role: Role };

export type EditableDraft = { rules: EditableRule[]; defaultRole: RuleDraft['defaultRole']; requireMappedGroup: boolean };

let nextKey = 0;
/** A row key for a rule not saved yet (crypto.randomUUID needs a secure context; this does not). */
export function newRuleKey(): string {
  return `new-${++nextKey}`;
}

export function editable(saved: RuleDraft): EditableDraft {
  return { ...saved, rules: saved.rules.map((rule) => ({ ...rule, key: rule.id ?? newRuleKey() })) };
}

export function toDraft(draft: EditableDraft): RuleDraft {
  return { ...draft, rules: draft.rules.map(({ id, idpGroup, role }) => ({ ...(id ? { id } : {}), idpGroup, role })) };
}

export function sameDraft(a: RuleDraft, b: RuleDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Moves the rule at `from` to index `to` (drag and drop, up/down). */
export function moveRule(rules: EditableRule[], from: number, to: number): EditableRule[] {
  if (to < 0 || to >= rules.length || from === to) return rules;
  const next = [...rules];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}

/** The same checks the server makes, as field errors ("rules.2.idpGroup"), before anything is sent. */
export function draftErrors(draft: RuleDraft): Record<string, string> {
  const parsed = ruleDraftSchema.safeParse(draft);
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[issue.path.join('.') || '_'] ??= issue.message;
  return errors;
}
