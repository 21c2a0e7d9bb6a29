import { describe, expect, it } from 'vitest';
import { ScimError } from './errors';
import { applyPatch, parsePatchRequest } from './patch';
import { userResourceType } from './schema/user';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const patch = (resource: Record<string, unknown>, Operations: unknown[]) => applyPatch(userResourceType, resource, parsePatchRequest({ Operations }));

function scimTypeOf(work: () => unknown) {
  try {
    work();
  } catch (error) {
    return error instanceof ScimError ? error.scimType : 'not a ScimError';
  }
  return 'no error';
}

describe('SCIM PATCH on a user resource', () => {
  const base = { userName: 'ada@x.test', active: true, emails: [{ value: 'ada@x.test', type: 'work', primary: true }], name: { givenName: 'Ada', familyName: 'L' } };

  it('Okta: path-less replace of active; Entra: "False" string, capitalised op, URN path', () => {
    expect(patch(base, [{ op: 'replace', value: { active: false } }]).active).toBe(false);
    expect(patch(base, [{ op: 'Replace', path: 'active', value: 'False' }]).active).toBe(false);
    expect(patch(base, [{ op: 'Add', path: `${ENTERPRISE}:department`, value: 'R&D' }])[ENTERPRISE]).toEqual({ department: 'R&D' });
    expect(patch(base, [{ op: 'replace', value: { 'name.givenName': 'Augusta', [ENTERPRISE]: { employeeNumber: 42 } } }])).toMatchObject({ name: { givenName: 'Augusta', familyName: 'L' }, [ENTERPRISE]: { employeeNumber: '42' } });
  });

  it('filtered paths change the matching value, add one when none matches, remove exactly the match', () => {
    expect(patch(base, [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'ada@new.test' }]).emails).toEqual([{ value: 'ada@new.test', type: 'work', primary: true }]);
    expect(patch(base, [{ op: 'add', path: 'emails[type eq "home"].value', value: 'ada@home.test' }]).emails).toHaveLength(2);
    expect(patch(base, [{ op: 'remove', path: 'emails[type eq "WORK"]' }])).not.toHaveProperty('emails');
    expect(scimTypeOf(() => patch(base, [{ op: 'remove', path: 'emails[type eq "home"]' }]))).toBe('noTarget');
  });

  it('keeps one primary email when a new primary one is added', () => {
    const next = patch(base, [{ op: 'add', path: 'emails', value: [{ value: 'new@x.test', type: 'work', primary: true }] }]);
    expect((next.emails as { primary?: boolean }[]).map((e) => e.primary)).toEqual([false, true]);
  });

  it('refuses bad operations without touching the input', () => {
    const before = structuredClone(base);
    expect(scimTypeOf(() => patch(base, [{ op: 'replace', path: 'name.givenName', value: 'X' }, { op: 'replace', path: 'nope', value: 1 }]))).toBe('invalidPath');
    expect(scimTypeOf(() => patch(base, [{ op: 'replace', path: 'active', value: 'yes' }]))).toBe('invalidValue');
    expect(scimTypeOf(() => patch(base, [{ op: 'remove' }]))).toBe('noTarget');
    expect(scimTypeOf(() => parsePatchRequest({ schemas: ['urn:wrong'], Operations: [{ op: 'add', path: 'x', value: 1 }] }))).toBe('invalidSyntax');
    expect(scimTypeOf(() => patch(base, [{ op: 'replace', path: 'emails[type eq "work"', value: 'x' }]))).toBe('invalidPath');
    expect(base).toEqual(before);
  });
});
