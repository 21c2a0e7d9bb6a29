/** How far the IdP's clock may be from ours, for SAML time windows and OIDC token times. */
export const CLOCK_SKEW_SECONDS = 90;
