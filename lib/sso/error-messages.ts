/** Human messages for /login?sso_error=CODE. The technical reason is in the audit log under the error id. */
const MESSAGES: Record<string, string> = {
  domain_not_verified: 'Your identity provider signed you in with an email address your organization has not verified. Ask your admin to verify the domain, or sign in with your work email.',
  not_enterprise: 'Your organization is not on the Enterprise plan',
  no_mapped_group: 'You are not in any group that grants access to this organization. Ask your IT admin to add you to the right group.',
  access_removed: 'Your access to this organization was removed by your administrator.',
  account_disabled: 'This account is disabled. Contact your administrator.',
  account_managed_elsewhere: 'This email address belongs to an account that another organization’s directory manages, so your identity provider cannot sign in to it. Contact your administrator with the error id below.',
  no_email: 'Your identity provider did not send an email address. Ask your IT admin to include the email attribute.',
  saml_replayed: 'This sign-in response was already used. Please start the sign-in again.',
  saml_expired: 'The sign-in response from your identity provider has expired. Please try again (check that your device clock is correct).',
  saml_unknown_request: 'This sign-in attempt expired or was already completed. Please start again.',
  saml_unknown_idp: 'We do not recognise the identity provider that sent this sign-in. Ask your admin to check the SSO connection.',
  browser_mismatch: 'This sign-in was started in another browser. For your security, start single sign-on again in this browser.',
  connection_inactive: 'This SSO connection is turned off. Contact your administrator.',
  idp_error: 'Your identity provider could not sign you in.',
};

const FALLBACK = 'Single sign-on failed: the response from your identity provider could not be accepted. Try again or contact your administrator with the error id below.';
const ERROR_ID_PHRASE = / with the error id below/;

/** The message for a code; it points at "the error id below" only when the page shows one. */
export function ssoErrorMessage(code: string, options: { withErrorId?: boolean } = {}): string {
  const message = MESSAGES[code] ?? FALLBACK;
  return options.withErrorId ? message : message.replace(ERROR_ID_PHRASE, '');
}
