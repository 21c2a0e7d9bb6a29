export type IdpProductId = 'okta' | 'entra' | 'google' | 'onelogin' | 'jumpcloud' | 'auth0' | 'keycloak' | 'other';

export type IdpProduct = { id: IdpProductId; name: string };

type Endpoints = { entityId: string; ssoUrls: URL[] };

/** `host` is `domain` or one of its subdomains (never a look-alike such as evilokta.com). */
function under(host: string, ...domains: string[]): boolean {
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

function ssoHostUnder(endpoints: Endpoints, ...domains: string[]): boolean {
  return endpoints.ssoUrls.some((url) => under(url.hostname, ...domains));
}

/**
 * How each product's own metadata looks, from exported metadata published in public repositories
 * (found with the code search; the first cited file of each shows the pattern). Self-hosted or
 * custom-domain setups that match none of these are "other", which is only a label.
 */
const PRODUCTS: (IdpProduct & { matches: (endpoints: Endpoints) => boolean })[] = [
  {
    // entityID "http://www.okta.com/exk…" (the app's id) on every Okta org, custom domains included;
    // SSO "https://<org>.okta.com/app/<app>/exk…/sso/saml". Okta cells: okta.com, oktapreview.com,
    // okta-emea.com, okta-gov.com (nikhilsu/Danglay app/controllers/saml_controller.rb).
    id: 'okta',
    name: 'Okta',
    matches: (e) => /^https?:\/\/www\.okta\.com\/\w+$/.test(e.entityId) || ssoHostUnder(e, 'okta.com', 'oktapreview.com', 'okta-emea.com', 'okta-gov.com'),
  },
  {
    // entityID "https://sts.windows.net/<tenant id>/", SSO "https://login.microsoftonline.com/<tenant id>/saml2"
    // (MicrosoftDocs/azure-docs articles/active-directory/active-directory-federation-metadata.md).
    // US Government and 21Vianet clouds use login.microsoftonline.us / login.partner.microsoftonline.cn.
    id: 'entra',
    name: 'Microsoft Entra ID',
    matches: (e) =>
      /^https:\/\/sts\.(windows\.net|chinacloudapi\.cn)\/[0-9a-f-]{36}\/?$/i.test(e.entityId) ||
      ssoHostUnder(e, 'login.microsoftonline.com', 'login.microsoftonline.us', 'login.partner.microsoftonline.cn'),
  },
  {
    // entityID "https://accounts.google.com/o/saml2?idpid=C0…", SSO "https://accounts.google.com/o/saml2/idp?idpid=C0…"
    // (the "Google IdP information" page of a custom SAML app; nasirhafeez/unifi-creed-sso default/sso/demo1/settings.php).
    id: 'google',
    name: 'Google Workspace',
    matches: (e) =>
      e.entityId.startsWith('https://accounts.google.com/o/saml2') ||
      e.ssoUrls.some((url) => url.hostname === 'accounts.google.com' && url.pathname.startsWith('/o/saml2')),
  },
  {
    // entityID "https://app.onelogin.com/saml/metadata/<id>", SSO "https://<sub>.onelogin.com/trust/saml2/http-redirect/sso/<id>"
    // (phpipam/phpipam functions/php-saml/tests/src/OneLogin/Saml2/IdPMetadataParserTest.php).
    id: 'onelogin',
    name: 'OneLogin',
    matches: (e) => /^https:\/\/[\w-]+\.onelogin\.com\/saml\/metadata\//.test(e.entityId) || ssoHostUnder(e, 'onelogin.com'),
  },
  {
    // SSO "https://sso.jumpcloud.com/saml2/<app>" (axonops/documentation docs/cloud/saml/jumpcloud/01-jumpcloud-app.md);
    // the IdP entity id is whatever the admin typed (AlphaPack/glyue-docs configure-saml-based-sso/jumpcloud-setup.md),
    // so only the SSO host tells.
    id: 'jumpcloud',
    name: 'JumpCloud',
    matches: (e) => ssoHostUnder(e, 'jumpcloud.com'),
  },
  {
    // entityID "urn:<tenant>[.<region>].auth0.com", SSO "https://<tenant>.auth0.com/samlp/<client id>"
    // (metadata served at /samlp/metadata/<client id>; auth0/docs articles/saml/samlp.md).
    id: 'auth0',
    name: 'Auth0',
    matches: (e) => /^urn:[\w.-]+\.auth0\.com$/i.test(e.entityId) || ssoHostUnder(e, 'auth0.com'),
  },
  {
    // Self-hosted on any host: SSO "<base>/realms/<realm>/protocol/saml", entityID "<base>/realms/<realm>";
    // Keycloak before 17 (WildFly) prefixes /auth (thedineshbabu/java-web-app KEYCLOAK_SAML_SETUP.md).
    id: 'keycloak',
    name: 'Keycloak',
    matches: (e) => e.ssoUrls.some((url) => /^(\/auth)?\/realms\/[^/]+\/protocol\/saml\/?$/.test(url.pathname)),
  },
];

const OTHER: IdpProduct = { id: 'other', name: 'Other SAML 2.0 IdP' };

/** The IdP product, recognised from the entity id and SSO URLs its metadata publishes. */
export function recogniseIdpProduct(entityId: string, ssoUrls: string[]): IdpProduct {
  const endpoints = { entityId, ssoUrls: ssoUrls.flatMap((url) => (URL.canParse(url) ? [new URL(url)] : [])) };
  const found = PRODUCTS.find((product) => product.matches(endpoints));
  return found ? { id: found.id, name: found.name } : OTHER;
}
