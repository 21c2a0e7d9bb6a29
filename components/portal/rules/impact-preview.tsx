'use client';

import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';
import type { Role } from '@/lib/db/schema';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import type { RuleDraftImpact } from '@/lib/roles/rule-draft-apply';

type Member = RuleDraftImpact['members'][number];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function access(state: Member['before']): string {
  return state.status === 'active' ? ROLE_LABELS[state.role as Role] : `${ROLE_LABELS[state.role as Role]} (no access)`;
}

function ruleSummary(impact: RuleDraftImpact): string[] {
  const lines: string[] = [];
  const { created, updated, deleted, reordered } = impact.rules;
  if (created) lines.push(`${plural(created, 'rule')} added`);
  if (updated) lines.push(`${plural(updated, 'rule')} changed`);
  if (deleted) lines.push(`${plural(deleted, 'rule')} removed`);
  if (reordered) lines.push('rules reordered');
  if (impact.settings.defaultRole) lines.push(`default role ${ROLE_LABELS[impact.settings.defaultRole.before]} → ${ROLE_LABELS[impact.settings.defaultRole.after]}`);
  if (impact.settings.requireMappedGroup) lines.push(impact.settings.requireMappedGroup.after ? 'a mapped group becomes required' : 'a mapped group is no longer required');
  return lines;
}

/** What "Apply" will do, listed before anything is saved; focus moves here when it opens. */
export function ImpactPreview({ impact, applying, onApply, onCancel }: { impact: RuleDraftImpact; applying: boolean; onApply: () => void; onCancel: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const { counts } = impact;
  const changes = ruleSummary(impact);

  return (
    <section aria-labelledby="impact-heading" className="space-y-3 rounded-lg border border-brand-100 bg-white p-4 shadow-sm sm:p-5">
      <h2 id="impact-heading" ref={headingRef} tabIndex={-1} className="text-base font-semibold text-slate-900 focus:outline-none">
        Review changes
      </h2>
      <p className="text-sm text-slate-700">{changes.length ? `Saving: ${changes.join(', ')}.` : 'No change to the rules or settings.'}</p>
      <p className="text-sm text-slate-700" data-testid="impact-counts">
        {counts.members === 0
          ? `No member’s role or access changes (${plural(impact.considered, 'member')} with IdP groups checked).`
          : `${plural(counts.members, 'member')} affected: ${plural(counts.roleChanges, 'role change')}, ${counts.losingAccess} losing access${counts.regainingAccess ? `, ${counts.regainingAccess} regaining access` : ''}. Members who lose access are signed out at once and their API keys disabled.`}
      </p>
      {counts.members > 0 ? (
        <DataTable
          caption="Members whose role or access changes"
          rows={impact.members}
          rowKey={(m) => m.userId}
          rowLabel={(m) => `Change for ${m.email}`}
          columns={[
            { header: 'Member', cell: (m) => <span className="break-all">{m.name ? `${m.name} · ${m.email}` : m.email}</span> },
            { header: 'Before', cell: (m) => access(m.before) },
            { header: 'After', cell: (m) => <strong>{access(m.after)}</strong> },
            { header: 'Decided by', cell: (m) => m.decidedBy },
          ]}
        />
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="button" onClick={onApply} disabled={applying} aria-busy={applying || undefined}>
          {applying ? 'Applying…' : 'Apply changes'}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel} disabled={applying}>
          Keep editing
        </Button>
      </div>
    </section>
  );
}
