'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { useToast } from '@/components/ui/toast';
import { useAction } from '@/components/ui/use-action';
import { applyRoleRulesAction, previewRoleRulesAction } from '@/lib/roles/actions';
import type { RuleDraft } from '@/lib/roles/rule-draft';
import type { RuleDraftImpact } from '@/lib/roles/rule-draft-apply';
import { AddRuleForm, KNOWN_GROUPS_LIST_ID } from './add-rule-form';
import { draftErrors, editable, newRuleKey, sameDraft, toDraft, type EditableDraft } from './draft-state';
import { ImpactPreview } from './impact-preview';
import { RuleSettings } from './rule-settings';
import { RuleSimulator } from './rule-simulator';
import { RulesTable } from './rules-table';

/**
 * The rules page edits a draft; "Review changes" previews who is affected and "Apply" saves it all
 * at once (the server recomputes the impact, so what is applied is never a stale preview).
 */
export function RulesEditor({ saved, knownGroups, isOwner }: { saved: RuleDraft; knownGroups: string[]; isOwner: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const [draft, setDraft] = useState<EditableDraft>(() => editable(saved));
  const [impact, setImpact] = useState<RuleDraftImpact | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const preview = useAction(previewRoleRulesAction);
  const apply = useAction(applyRoleRulesAction);
  const current = toDraft(draft);
  const dirty = !sameDraft(current, saved);
  const errors = { ...preview.fieldErrors, ...apply.fieldErrors, ...localErrors };
  const formError = apply.error ?? preview.error;
  const shownAtField = Object.keys(errors).some((key) => /^rules\.\d+\.idpGroup$/.test(key) || key === 'defaultRole' || key === 'rules');

  function edit(next: Partial<EditableDraft>) {
    setDraft({ ...draft, ...next });
    setImpact(null);
    setLocalErrors({});
    preview.setError(null);
    apply.setError(null);
  }

  async function review() {
    const found = draftErrors(current);
    setLocalErrors(found);
    if (Object.keys(found).length) return;
    const result = await preview.run(current);
    if (result) setImpact(result);
  }

  async function applyDraft() {
    const result = await apply.run(current);
    if (!result) return setImpact(null);
    const n = result.counts.members;
    toast.success(`Role rules saved. ${n === 0 ? 'No member’s role or access changed.' : `${n} member${n === 1 ? '' : 's'} updated.`}`);
    router.refresh();
  }

  return (
    <>
      <datalist id={KNOWN_GROUPS_LIST_ID}>
        {knownGroups.map((group) => (
          <option key={group} value={group} />
        ))}
      </datalist>
      <Card title="Rules" description="Nothing is saved until you review and apply your changes. Only owners can add, change or remove rules that grant Owner.">
        <div className="space-y-5">
          <RulesTable rules={draft.rules} errors={errors} isOwner={isOwner} onChange={(rules) => edit({ rules })} />
          <AddRuleForm existingGroups={draft.rules.map((rule) => rule.idpGroup)} onAdd={(rule) => edit({ rules: [...draft.rules, { ...rule, key: newRuleKey() }] })} />
        </div>
      </Card>
      <Card title="When no rule matches">
        <RuleSettings
          defaultRole={draft.defaultRole}
          requireMappedGroup={draft.requireMappedGroup}
          error={errors.defaultRole}
          onChange={(settings) => edit(settings)}
        />
      </Card>
      <Card title="Simulator" description="Try groups against the rules as you have edited them, before saving.">
        <RuleSimulator draft={current} knownGroups={knownGroups} />
      </Card>
      {formError && !shownAtField ? <Alert tone="error">{formError}</Alert> : null}
      {errors.rules ? <Alert tone="error">{errors.rules}</Alert> : null}
      {impact ? (
        <ImpactPreview impact={impact} applying={apply.pending} onApply={applyDraft} onCancel={() => setImpact(null)} />
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" onClick={review} disabled={!dirty || preview.pending} aria-busy={preview.pending || undefined}>
            {preview.pending ? 'Checking members…' : 'Review changes'}
          </Button>
          <Button type="button" variant="secondary" disabled={!dirty} onClick={() => edit(editable(saved))}>
            Discard changes
          </Button>
          {!dirty ? <span className="text-sm text-slate-500">No unsaved changes.</span> : null}
        </div>
      )}
    </>
  );
}
