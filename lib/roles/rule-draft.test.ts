import { describe, expect, it } from 'vitest';
import { ruleDraftSchema, simulateRole } from './rule-draft';

const draft = {
  rules: [
    { id: '11111111-1111-4111-8111-111111111111', idpGroup: 'ai-admins', role: 'admin' as const },
    { idpGroup: 'engineering', role: 'member' as const },
    { idpGroup: 'finance', role: 'viewer' as const },
  ],
  defaultRole: 'viewer' as const,
  requireMappedGroup: false,
};

describe('the simulator', () => {
  it('gives the highest role and names the deciding rule, new rules included', () => {
    expect(simulateRole(draft, ['finance', ' engineering '])).toMatchObject({ access: 'granted', role: 'member', decidedBy: { kind: 'rule', ruleId: 'new-2', group: 'engineering' } });
    expect(simulateRole(draft, ['engineering', 'AI-ADMINS'])).toMatchObject({ role: 'admin', decidedBy: { ruleId: '11111111-1111-4111-8111-111111111111' } });
  });
  it('falls back to the default role, or denies when a mapped group is required', () => {
    expect(simulateRole(draft, ['marketing', ''])).toMatchObject({ access: 'granted', role: 'viewer', decidedBy: { kind: 'default' } });
    expect(simulateRole({ ...draft, requireMappedGroup: true }, ['marketing'])).toMatchObject({ access: 'denied', role: null, decidedBy: { kind: 'no-mapped-group' } });
  });
});

describe('the draft schema', () => {
  it('accepts a valid draft and trims groups', () => {
    const parsed = ruleDraftSchema.parse({ ...draft, rules: [{ idpGroup: '  ops ', role: 'owner' }] });
    expect(parsed.rules[0].idpGroup).toBe('ops');
  });
  it('refuses empty and duplicate groups, a repeated rule id and Owner as the default role, at the field', () => {
    const issues = (input: unknown) => ruleDraftSchema.safeParse(input).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ ...draft, rules: [{ idpGroup: ' ', role: 'admin' }] })).toEqual([['rules.0.idpGroup', 'Enter the IdP group name or id']]);
    expect(issues({ ...draft, rules: [...draft.rules, { idpGroup: 'Finance', role: 'admin' }] })).toEqual([['rules.3.idpGroup', 'A rule for group Finance already exists (groups compare without case)']]);
    expect(issues({ ...draft, rules: [draft.rules[0], { ...draft.rules[0], idpGroup: 'other' }] })).toEqual([['rules.1.id', 'A rule is listed twice; reload the page']]);
    expect(issues({ ...draft, defaultRole: 'owner' })).toEqual([['defaultRole', 'The default role must be Admin, Member or Viewer (never Owner)']]);
  });
});
