'use client';

import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import type { Role } from '@/lib/db/schema';
import { ROLE_LABELS, ROLES } from '@/lib/roles/permissions';
import { KNOWN_GROUPS_LIST_ID } from './add-rule-form';
import { moveRule, type EditableRule } from './draft-state';

type RulesTableProps = {
  rules: EditableRule[];
  onChange: (rules: EditableRule[]) => void;
  /** Field errors of the draft, keyed "rules.N.idpGroup". */
  errors: Record<string, string>;
  /** Admins see rules that grant Owner but cannot change or remove them (SPEC §6). */
  isOwner: boolean;
};

const CELL_INPUT = 'block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 disabled:bg-slate-50 disabled:text-slate-500 aria-[invalid]:border-red-400';

/** The ordered rules, edited in place: group and role per row, up/down buttons and drag to reorder, remove. */
export function RulesTable({ rules, onChange, errors, isOwner }: RulesTableProps) {
  // The ref answers dragover at once; the state only dims the row being dragged.
  const draggedRef = useRef<number | null>(null);
  const [dragged, setDraggedState] = useState<number | null>(null);
  const setDragged = (index: number | null) => {
    draggedRef.current = index;
    setDraggedState(index);
  };
  const [announcement, setAnnouncement] = useState('');

  function update(index: number, patch: Partial<EditableRule>) {
    onChange(rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));
  }
  function move(from: number, to: number) {
    if (to < 0 || to >= rules.length) return;
    onChange(moveRule(rules, from, to));
    setAnnouncement(`Rule for ${rules[from].idpGroup || 'an unnamed group'} moved to position ${to + 1} of ${rules.length}.`);
  }

  if (rules.length === 0) return <EmptyState title="No rules yet." description="Everyone who signs in by SSO gets the default role (or is refused when a mapped group is required)." />;
  return (
    <>
      <table className="data-table">
        <caption className="sr-only">Role rules, in order</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">IdP group</th>
            <th scope="col">Role</th>
            <th scope="col">Order</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody className="align-top">
          {rules.map((rule, index) => {
            const locked = !isOwner && rule.id !== undefined && rule.role === 'owner';
            const groupError = errors[`rules.${index}.idpGroup`];
            const name = rule.idpGroup || `rule ${index + 1}`;
            return (
              <tr
                key={rule.key}
                aria-label={`Rule for ${name}`}
                onDragOver={(event) => draggedRef.current !== null && event.preventDefault()}
                onDrop={(event) => {
                  event.preventDefault();
                  if (draggedRef.current !== null) move(draggedRef.current, index);
                  setDragged(null);
                }}
                className={dragged === index ? 'opacity-50' : undefined}
              >
                <td data-label="#" className="pt-3 text-slate-500 tabular-nums">
                  {index + 1}
                </td>
                <td data-label="IdP group" className="sm:w-1/2">
                  <label className="sr-only" htmlFor={`rule-group-${rule.key}`}>{`IdP group of rule ${index + 1}`}</label>
                  <input
                    id={`rule-group-${rule.key}`}
                    value={rule.idpGroup}
                    list={KNOWN_GROUPS_LIST_ID}
                    disabled={locked}
                    autoComplete="off"
                    spellCheck={false}
                    aria-invalid={groupError ? true : undefined}
                    aria-describedby={groupError ? `rule-group-${rule.key}-error` : undefined}
                    onChange={(event) => update(index, { idpGroup: event.target.value })}
                    className={CELL_INPUT}
                  />
                  {groupError ? (
                    <p id={`rule-group-${rule.key}-error`} className="mt-1 text-sm text-red-700">
                      {groupError}
                    </p>
                  ) : null}
                  {locked ? <p className="mt-1 text-xs text-slate-500">Only an owner can change a rule that grants Owner.</p> : null}
                </td>
                <td data-label="Role">
                  <label className="sr-only" htmlFor={`rule-role-${rule.key}`}>{`Role for ${name}`}</label>
                  <select id={`rule-role-${rule.key}`} value={rule.role} disabled={locked} onChange={(event) => update(index, { role: event.target.value as Role })} className={CELL_INPUT}>
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {ROLE_LABELS[role]}
                      </option>
                    ))}
                  </select>
                </td>
                <td data-label="Order">
                  <div className="flex items-center gap-1">
                    <span
                      draggable
                      onDragStart={(event) => {
                        setDragged(index);
                        event.dataTransfer.effectAllowed = 'move';
                        event.dataTransfer.setData('text/plain', String(index));
                      }}
                      onDragEnd={() => setDragged(null)}
                      title="Drag to reorder"
                      aria-hidden="true"
                      className="cursor-grab select-none px-1 text-lg leading-none text-slate-400"
                    >
                      ⠿
                    </span>
                    <Button type="button" size="sm" variant="secondary" aria-label={`Move ${name} up`} aria-disabled={index === 0 || undefined} onClick={() => move(index, index - 1)}>
                      ↑
                    </Button>
                    <Button type="button" size="sm" variant="secondary" aria-label={`Move ${name} down`} aria-disabled={index === rules.length - 1 || undefined} onClick={() => move(index, index + 1)}>
                      ↓
                    </Button>
                  </div>
                </td>
                <td className="sm:text-right">
                  <Button type="button" size="sm" variant="danger" disabled={locked} aria-label={`Remove rule for ${name}`} onClick={() => onChange(rules.filter((_, i) => i !== index))}>
                    Remove
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </>
  );
}
