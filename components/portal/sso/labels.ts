export const PROTOCOL_LABELS = { saml: 'SAML 2.0', oidc: 'OIDC' } as const;

/** The id of the management panel the Manage buttons open. */
export const MANAGE_PANEL_ID = 'manage-connection';
