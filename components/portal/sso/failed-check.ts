import { ssoErrorMessage } from '@/lib/sso/error-messages';

/**
 * The check a connection test failed, named for the admin who runs it (the codes are those of
 * SsoLoginError across lib/sso). The technical detail recorded with the test is shown beside it.
 */
const CHECKS: Record<string, { check: string; advice: string }> = {
  saml_bad_signature: { check: 'Signature', advice: 'The response is not signed by any of this connection’s signing certificates. Did the IdP roll over to a new certificate? Refresh or re-add its metadata.' },
  saml_unsigned: { check: 'Signature', advice: 'The IdP sent an unsigned response. Make it sign the assertion or the whole response.' },
  saml_encrypted: { check: 'Assertion encryption', advice: 'Turn assertion encryption off in the IdP: this connection reads unencrypted, signed assertions.' },
  saml_wrong_audience: { check: 'Audience', advice: 'The assertion’s audience must be exactly our SP entity ID (Okta “Audience URI”, Entra “Identifier (Entity ID)”).' },
  saml_wrong_recipient: { check: 'Recipient', advice: 'The assertion’s Recipient must be exactly our ACS URL (Okta “Single sign-on URL”, Entra “Reply URL”).' },
  saml_wrong_destination: { check: 'Destination', advice: 'The response’s Destination must be exactly our ACS URL.' },
  saml_wrong_in_response_to: { check: 'InResponseTo', advice: 'The response does not answer the request this test sent. Start the test again from the connections page.' },
  saml_unsolicited_mismatch: { check: 'InResponseTo', advice: 'An IdP-initiated response must not name a request.' },
  saml_wrong_issuer: { check: 'Issuer', advice: 'The response comes from another IdP entity ID than this connection’s. Check that you signed in to the right IdP app.' },
  saml_expired: { check: 'Time window (clock skew)', advice: 'The assertion was already expired when it arrived. Check the IdP server’s clock; the difference measured is in the detail.' },
  saml_not_yet_valid: { check: 'Time window (clock skew)', advice: 'The assertion is not valid yet. Check the IdP server’s clock; the difference measured is in the detail.' },
  saml_replayed: { check: 'Replay', advice: 'This assertion was already used once. Start the test again.' },
  saml_unknown_request: { check: 'Pending test', advice: 'The test expired (10 minutes) or was already completed. Start it again.' },
  saml_unknown_idp: { check: 'Connection', advice: 'The IdP that answered does not match this connection (or the connection was deleted).' },
  saml_invalid: { check: 'Response format', advice: 'The IdP’s response is not a well-formed SAML 2.0 response with one assertion.' },
  saml_rejected: { check: 'Response format', advice: 'The SAML library refused the response.' },
  saml_profile_mismatch: { check: 'Attributes', advice: 'The email read from the assertion is not the one the signed assertion states.' },
  state_mismatch: { check: 'State', advice: 'The answer does not belong to this test. Start it again.' },
  oidc_bad_state: { check: 'State', advice: 'The answer does not belong to a pending test (expired, used, or forged). Start it again.' },
  oidc_invalid_token: { check: 'ID token', advice: 'The ID token failed verification (signature, issuer, audience, nonce or times).' },
  oidc_discovery_failed: { check: 'Discovery', advice: 'The IdP’s discovery document could not be read now.' },
  browser_mismatch: { check: 'Browser binding', advice: 'The IdP answered in another browser than the one that started the test.' },
  connection_inactive: { check: 'Connection enabled', advice: 'This connection is disabled. Enable it, then test again.' },
  idp_error: { check: 'IdP answer', advice: 'The IdP refused the sign-in itself (for example, the person is not assigned to the app).' },
  email_not_verified: { check: 'Email verified', advice: 'The IdP says this email address is not verified.' },
  no_email: { check: 'Email attribute', advice: 'No email arrived. Send it as one of the attribute names listed under “Our side”, or add its name to the connection.' },
  domain_not_verified: { check: 'Verified domain', advice: 'The email’s domain is not verified by your organization. Verify it on the Domains page.' },
  not_enterprise: { check: 'Plan', advice: 'Single sign-on needs the Enterprise plan.' },
  no_mapped_group: { check: 'Role rules', advice: 'A mapped group is required and this person is in none. Add them to a group with a role rule, or change the rules.' },
  account_disabled: { check: 'Account', advice: 'This person’s account is disabled.' },
  access_removed: { check: 'Membership', advice: 'This person’s membership is suspended.' },
  account_managed_elsewhere: { check: 'Account owner', advice: 'This address belongs to an account that another organization’s directory manages.' },
};

/** The failing check, what to do about it, and the sentence a person signing in would see. */
export function describeFailure(code: string) {
  const known = CHECKS[code];
  return { check: known?.check ?? 'Unexpected error', advice: known?.advice ?? 'Something unexpected went wrong; the server log has the details.', userMessage: ssoErrorMessage(code) };
}
