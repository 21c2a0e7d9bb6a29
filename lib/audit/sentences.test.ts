import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { actorWords, describeAuditEvent, DESCRIBED_ACTIONS, type DescribableEvent } from './sentences';

function event(action: string, rest: Partial<DescribableEvent> = {}): DescribableEvent {
  return { action, actorType: 'user', actorLabel: 'alice@acme.test', actorId: 'u1', targetType: null, targetId: null, targetLabel: null, before: null, after: null, metadata: null, ...rest };
}

describe('audit events as sentences', () => {
  it('has a sentence for every action the code records (git grep of lib/**)', () => {
    const recorded = execFileSync('git', ['grep', '--untracked', '-h', '-o', '-E', "action: '[a-z_]+\\.[a-z_]+'", '--', 'lib', ':!*.test.ts'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice("action: '".length, -1));
    // Actions chosen by a ternary (`action: x ? 'a.b' : 'c.d'`) are found by their quoted names.
    const ternaries = execFileSync('git', ['grep', '--untracked', '-h', '-o', '-E', "\\? '[a-z_]+\\.[a-z_]+' : '[a-z_]+\\.[a-z_]+'", '--', 'lib', ':!*.test.ts'], { encoding: 'utf8' })
      .split('\n')
      .flatMap((line) => [...line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)].map((m) => m[1]));
    const missing = [...new Set([...recorded, ...ternaries])].filter((action) => !DESCRIBED_ACTIONS.includes(action)).sort();
    expect(missing).toEqual([]);
  });

  it('names the rule that changed a role, or the person who did', () => {
    expect(
      describeAuditEvent(event('member.role_changed', { actorType: 'idp', actorLabel: 'Okta', targetLabel: 'bob@acme.test', before: { role: 'member' }, after: { role: 'admin' }, metadata: { reason: 'group rule', group: 'ai-admins' } })),
    ).toBe('Role of bob@acme.test changed Member → Admin by rule ai-admins → Admin');
    expect(describeAuditEvent(event('member.role_changed', { targetLabel: 'bob@acme.test', before: { role: 'viewer' }, after: { role: 'member' } }))).toBe('Role of bob@acme.test changed Viewer → Member by alice@acme.test');
    expect(describeAuditEvent(event('member.role_changed', { targetLabel: 'bob@acme.test', before: { role: 'admin' }, after: { role: 'member' }, metadata: { reason: 'default role' } }))).toBe(
      'Role of bob@acme.test changed Admin → Member by the default role',
    );
  });

  it('names tokens without their prefix, and SCIM as the token that acted', () => {
    expect(describeAuditEvent(event('scim_token.rotated', { targetLabel: 'Okta (scim_AbC12345…)' }))).toBe('SCIM token Okta rotated by alice@acme.test');
    expect(describeAuditEvent(event('user.provisioned', { actorType: 'scim', actorLabel: 'Okta', targetLabel: 'ada@acme.test' }))).toBe('ada@acme.test provisioned by SCIM token Okta');
    expect(describeAuditEvent(event('api_key.disabled', { targetLabel: 'laptop (gw_live_ab…)', metadata: { reason: 'member suspended' } }))).toBe('API key laptop (gw_live_ab…) disabled by alice@acme.test (member suspended)');
  });

  it('says why a sign-in failed, with the error id only when there is one', () => {
    expect(describeAuditEvent(event('auth.sign_in_failed', { actorType: 'anonymous', actorLabel: null, metadata: { method: 'sso', reason: 'audience_mismatch', errorId: 'e-123', email: 'bob@acme.test' } }))).toBe(
      'Sign-in with SSO failed for bob@acme.test: audience_mismatch (error id e-123)',
    );
    expect(describeAuditEvent(event('auth.sign_in_failed', { actorType: 'anonymous', actorLabel: null, targetLabel: 'bob@acme.test', metadata: { method: 'password', reason: 'wrong password' } }))).toBe(
      'Sign-in with a password failed for bob@acme.test: wrong password',
    );
  });

  it('turns switches into on/off and falls back to a generic sentence for an unknown action', () => {
    expect(describeAuditEvent(event('sso.sso_only_changed', { before: { ssoOnly: false }, after: { ssoOnly: true } }))).toBe('SSO-only sign-in turned on by alice@acme.test');
    expect(describeAuditEvent(event('billing.exploded', { targetLabel: 'Acme' }))).toBe('billing.exploded on Acme by alice@acme.test');
    expect(describeAuditEvent(event('billing.exploded', { actorType: 'system', actorLabel: null, actorId: null }))).toBe('billing.exploded by the system');
  });

  it('never throws on odd stored shapes (arrays, strings, nulls where objects were expected)', () => {
    for (const action of DESCRIBED_ACTIONS) {
      for (const odd of [null, 'text', [1, 2], 42]) {
        expect(typeof describeAuditEvent(event(action, { before: odd, after: odd, metadata: odd }))).toBe('string');
      }
    }
    expect(actorWords({ actorType: 'user', actorLabel: null, actorId: null })).toBe('a removed account');
  });
});
