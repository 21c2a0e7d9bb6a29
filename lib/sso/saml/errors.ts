/** A refused SSO login: `code` goes to /login?sso_error=CODE, `detail` only to the audit log. */
export class SsoLoginError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'SsoLoginError';
  }
}
