import { XMLSerializer, type Element } from '@xmldom/xmldom';
import { UserFacingError } from '@/lib/errors';
import { describeSigningCertificate, type SigningCertificate } from './certificates';
import { recogniseIdpProduct, type IdpProduct } from './idp-product';
import { parseMetadataXml } from './parse-xml';

const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
/** SAML metadata §2.3.2: an entityID is at most 1024 characters. */
const MAX_ENTITY_ID = 1024;
/** The AuthnRequest bindings our SP can use (SOAP and Artifact endpoints are ignored). */
const BINDINGS = {
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect': 'HTTP-Redirect',
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST': 'HTTP-POST',
} as const;

export type SsoBinding = (typeof BINDINGS)[keyof typeof BINDINGS];

export type SamlMetadataDetails = {
  entityId: string;
  ssoServices: { binding: SsoBinding; url: string }[];
  signingCertificates: SigningCertificate[];
  product: IdpProduct;
  /**
   * The one EntityDescriptor to store: the metadata as given, or the chosen IdP's EntityDescriptor
   * when it came inside an EntitiesDescriptor (Jackson reads only an EntityDescriptor root).
   */
  entityDescriptorXml: string;
};

function children(parent: Element, localName: string, ns = MD_NS): Element[] {
  return Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === localName);
}

/** Every EntityDescriptor of an EntitiesDescriptor, nested groups included (SAML metadata §2.3.1). */
function entityDescriptorsIn(group: Element): Element[] {
  return [...children(group, 'EntityDescriptor'), ...children(group, 'EntitiesDescriptor').flatMap(entityDescriptorsIn)];
}

/**
 * Federations (InCommon, eduGAIN) publish one EntitiesDescriptor holding many IdPs. With exactly
 * one IdP in it, that one is used; with several, the caller must name one by entity id.
 */
function selectEntityDescriptor(root: Element, entityId: string | undefined): Element {
  if (root.namespaceURI === MD_NS && root.localName === 'EntityDescriptor') {
    if (entityId && root.getAttribute('entityID') !== entityId) throw new UserFacingError(`The IdP metadata describes ${root.getAttribute('entityID')}, not ${entityId}`);
    return root;
  }
  if (root.namespaceURI !== MD_NS || root.localName !== 'EntitiesDescriptor') {
    const name = root.localName ?? root.nodeName;
    if (name.toLowerCase() === 'html') throw new UserFacingError('This is an HTML page, not SAML metadata (did the URL return a sign-in or error page?)');
    throw new UserFacingError(`This is not SAML 2.0 metadata: its root element is <${name}>, expected an EntityDescriptor in the ${MD_NS} namespace`);
  }
  const idps = entityDescriptorsIn(root).filter((entity) => children(entity, 'IDPSSODescriptor').length > 0);
  const ids = idps.map((entity) => entity.getAttribute('entityID') ?? '');
  if (entityId) {
    const chosen = idps.find((entity) => entity.getAttribute('entityID') === entityId);
    if (!chosen) throw new UserFacingError(`The IdP metadata has no identity provider with entity id ${entityId}`);
    return chosen;
  }
  if (idps.length === 0) throw new UserFacingError('The IdP metadata has no IDPSSODescriptor: none of its entities is an identity provider');
  if (idps.length > 1) {
    const listed = ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, and ${ids.length - 5} more` : '');
    throw new UserFacingError(`The metadata describes ${idps.length} identity providers (a federation's EntitiesDescriptor): ${listed}. Choose yours by its entity id, or use your IdP's own metadata`);
  }
  return idps[0];
}

function ssoServicesOf(descriptors: Element[]) {
  const declared = descriptors.flatMap((descriptor) => children(descriptor, 'SingleSignOnService'));
  if (declared.length === 0) throw new UserFacingError('The IdP metadata has no SingleSignOnService: there is no URL to send users to for sign-in');
  const usable = declared.filter((service) => (service.getAttribute('Binding') ?? '') in BINDINGS);
  if (usable.length === 0) {
    const found = [...new Set(declared.map((service) => service.getAttribute('Binding')?.split(':').pop() || 'none'))].join(', ');
    throw new UserFacingError(`The IdP metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding (found: ${found})`);
  }
  return usable.map((service) => {
    const url = (service.getAttribute('Location') ?? '').trim();
    // Users' browsers are sent to this URL: nothing but http(s) (a javascript: or data: URL would run in our origin's redirect).
    if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
      throw new UserFacingError(`The IdP metadata's SingleSignOnService Location is not an http(s) URL: ${url.slice(0, 200) || '(empty)'}`);
    }
    return { binding: BINDINGS[service.getAttribute('Binding') as keyof typeof BINDINGS], url };
  });
}

/**
 * The certificates a response may be signed with. A KeyDescriptor without `use` is for both
 * signing and encryption (SAML metadata §2.4.1.1), but Jackson, which stores what the ACS verifies
 * against, reads those only when no KeyDescriptor says use="signing": so do we, or the preview
 * would list a certificate that logins are never checked against. Only the first X509Certificate
 * of each KeyDescriptor counts, as in Jackson: the others of an X509Data are its issuer chain.
 */
function signingCertificatesOf(descriptors: Element[], now: Date): SigningCertificate[] {
  const keys = descriptors.flatMap((descriptor) => children(descriptor, 'KeyDescriptor'));
  const signing = keys.filter((key) => key.getAttribute('use') === 'signing');
  const chosen = signing.length > 0 ? signing : keys.filter((key) => !key.getAttribute('use'));
  const values = chosen.flatMap((key) => {
    const first = Array.from(key.getElementsByTagNameNS(DSIG_NS, 'X509Certificate'))[0];
    return first ? [first.textContent ?? ''] : [];
  });
  if (values.length === 0) {
    throw new UserFacingError('The IdP metadata has no signing certificate (an X509Certificate in a KeyDescriptor with use="signing" or without use); responses could not be verified');
  }
  const certificates = values.map((value, index) => {
    try {
      return describeSigningCertificate(value, now);
    } catch (error) {
      const which = values.length > 1 ? `Signing certificate ${index + 1} of ${values.length}` : 'The signing certificate';
      throw new UserFacingError(`${which} in the IdP metadata cannot be read: ${(error as Error).message}`);
    }
  });
  return certificates.filter((certificate, index) => certificates.findIndex((c) => c.fingerprintSha256 === certificate.fingerprintSha256) === index);
}

/**
 * What an admin must see before saving a SAML connection, read from the IdP's metadata; refuses
 * (UserFacingError naming the problem) anything that could not become a working connection.
 * `entityId` picks one IdP out of a federation's EntitiesDescriptor.
 */
export function inspectSamlMetadata(xml: string, options: { entityId?: string; now?: Date } = {}): SamlMetadataDetails {
  const document = parseMetadataXml(xml);
  const root = document.documentElement!;
  const entity = selectEntityDescriptor(root, options.entityId);
  const entityId = (entity.getAttribute('entityID') ?? '').trim();
  if (!entityId) throw new UserFacingError('The IdP metadata has no entityID on its EntityDescriptor');
  if (entityId.length > MAX_ENTITY_ID) throw new UserFacingError(`The IdP entity id is longer than ${MAX_ENTITY_ID} characters`);

  const descriptors = children(entity, 'IDPSSODescriptor');
  if (descriptors.length === 0) {
    if (children(entity, 'SPSSODescriptor').length > 0) throw new UserFacingError("This is a service provider's metadata (SPSSODescriptor), not the identity provider's (IDPSSODescriptor)");
    throw new UserFacingError('The IdP metadata has no IDPSSODescriptor: it does not describe an identity provider');
  }
  const saml2 = descriptors.filter((descriptor) => (descriptor.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/).includes(SAML2_PROTOCOL));
  if (saml2.length === 0) throw new UserFacingError(`The IdP's IDPSSODescriptor does not support SAML 2.0 (its protocolSupportEnumeration lacks ${SAML2_PROTOCOL})`);

  const ssoServices = ssoServicesOf(saml2);
  const signingCertificates = signingCertificatesOf(saml2, options.now ?? new Date());
  return {
    entityId,
    ssoServices,
    signingCertificates,
    product: recogniseIdpProduct(entityId, ssoServices.map((service) => service.url)),
    entityDescriptorXml: entity === root ? xml.replace(/^\uFEFF/, '').trim() : new XMLSerializer().serializeToString(entity),
  };
}
