import { complex, flag, reference, text, typedValues, type ResourceTypeDef, type SchemaDef } from './types';

export const USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export const userSchema: SchemaDef = {
  id: USER_SCHEMA_ID,
  name: 'User',
  description: 'User Account',
  attributes: [
    text('userName', { required: true, uniqueness: 'server', description: 'Unique identifier for the user, typically their email or UPN. Case-insensitive.' }),
    complex('name', [text('formatted'), text('familyName'), text('givenName'), text('middleName'), text('honorificPrefix'), text('honorificSuffix')], { description: "The components of the user's name." }),
    text('displayName'),
    text('nickName'),
    reference('profileUrl', ['external']),
    text('title'),
    text('userType'),
    text('preferredLanguage'),
    text('locale'),
    text('timezone'),
    flag('active', { description: 'false suspends the membership at once: sessions revoked and API keys disabled.' }),
    text('password', {
      mutability: 'writeOnly',
      returned: 'never',
      description: 'RFC 7643 §4.1.1. Accepted and discarded: never stored, logged or returned (people sign in by SSO or set their own password).',
    }),
    typedValues('emails', 'Email addresses; the primary (or first) one is the sign-in address.', ['work', 'home', 'other']),
    typedValues('phoneNumbers', 'Phone numbers.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    typedValues('ims', 'Instant messaging addresses.', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    typedValues('photos', 'URLs of photos.', ['photo', 'thumbnail']),
    typedValues('entitlements', 'Entitlements the IdP assigns (kept, not interpreted).', []),
    typedValues('roles', 'Roles the IdP assigns, e.g. Entra app roles (kept; org roles come from group rules).', []),
    typedValues('x509Certificates', 'Certificates.', []),
    complex(
      'addresses',
      [text('formatted'), text('streetAddress'), text('locality'), text('region'), text('postalCode'), text('country'), text('type', { canonicalValues: ['work', 'home', 'other'] }), flag('primary')],
      { multiValued: true },
    ),
    complex('groups', [text('value', { mutability: 'readOnly' }), reference('$ref', ['Group'], { mutability: 'readOnly' }), text('display', { mutability: 'readOnly' }), text('type', { mutability: 'readOnly' })], {
      multiValued: true,
      mutability: 'readOnly',
      description: 'Groups the user belongs to; change them through /Groups.',
    }),
    text('externalId', { caseExact: true }),
  ],
};

export const enterpriseUserSchema: SchemaDef = {
  id: ENTERPRISE_USER_SCHEMA_ID,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    text('employeeNumber'),
    text('costCenter'),
    text('organization'),
    text('division'),
    text('department'),
    complex('manager', [text('value'), reference('$ref', ['User']), text('displayName', { mutability: 'readOnly' })]),
  ],
};

export const userResourceType: ResourceTypeDef = {
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: userSchema,
  extensions: [{ schema: enterpriseUserSchema, required: false }],
};
