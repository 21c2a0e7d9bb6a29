import { describe, expect, it } from 'vitest';
import { ssoErrorMessage } from './error-messages';

describe('the /login?sso_error=… message', () => {
  it('points at the error id only when the page shows one', () => {
    expect(ssoErrorMessage('account_managed_elsewhere', { withErrorId: true })).toMatch(/Contact your administrator with the error id below\.$/);
    expect(ssoErrorMessage('account_managed_elsewhere')).toMatch(/Contact your administrator\.$/);
    expect(ssoErrorMessage('something_new', { withErrorId: true })).toContain('error id below');
    expect(ssoErrorMessage('something_new')).not.toContain('error id');
    expect(ssoErrorMessage('no_mapped_group')).toBe(ssoErrorMessage('no_mapped_group', { withErrorId: true }));
  });
});
