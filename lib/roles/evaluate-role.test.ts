import { describe, expect, it } from 'vitest';
import { evaluateRole, type RoleRule } from './evaluate-role';

const rules: RoleRule[] = [
  { id: 'r1', idpGroup: 'engineering', role: 'member', position: 1 },
  { id: 'r2', idpGroup: 'ai-admins', role: 'admin', position: 2 },
  { id: 'r3', idpGroup: 'finance', role: 'viewer', position: 3 },
];
const org = { defaultRole: 'member' as const, requireMappedGroup: false };

describe('group → role rules', () => {
  it('maps one group to its role', () => {
    expect(evaluateRole(rules, ['finance'], org)).toEqual({ decided: 'rule', role: 'viewer', ruleId: 'r3', group: 'finance' });
  });
  it('gives the highest role across all matches, whatever the order', () => {
    expect(evaluateRole(rules, ['finance', 'ai-admins'], org)).toMatchObject({ role: 'admin', ruleId: 'r2' });
    expect(evaluateRole(rules, ['ai-admins', 'engineering', 'finance'], org)).toMatchObject({ role: 'admin' });
  });
  it('matches group names case-insensitively', () => {
    expect(evaluateRole(rules, ['AI-Admins'], org)).toMatchObject({ role: 'admin' });
  });
  it('falls back to the default role, or denies when a mapped group is required', () => {
    expect(evaluateRole(rules, ['marketing'], { defaultRole: 'viewer', requireMappedGroup: false })).toEqual({ decided: 'default', role: 'viewer' });
    expect(evaluateRole(rules, [], { defaultRole: 'viewer', requireMappedGroup: true })).toEqual({ decided: 'deny' });
  });
  it('breaks ties between equal roles by position', () => {
    const tie: RoleRule[] = [
      { id: 'late', idpGroup: 'b', role: 'admin', position: 5 },
      { id: 'early', idpGroup: 'a', role: 'admin', position: 1 },
    ];
    expect(evaluateRole(tie, ['a', 'b'], org)).toMatchObject({ ruleId: 'early' });
  });
});
