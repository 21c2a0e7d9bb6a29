import type { AttributeMapping } from '@/lib/db/schema';

/**
 * Attribute names real IdPs send, in order of preference: Okta (email, firstName, groups),
 * Entra ID (WS-Fed claim URIs; groups as object-id GUIDs), Google Workspace and LDAP OIDs.
 */
export const DEFAULT_ATTRIBUTE_MAPPING: AttributeMapping = {
  email: ['email', 'mail', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'urn:oid:0.9.2342.19200300.100.1.3', 'Email'],
  firstName: ['firstName', 'givenName', 'given_name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', 'urn:oid:2.5.4.42', 'FirstName'],
  lastName: ['lastName', 'surname', 'sn', 'family_name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', 'urn:oid:2.5.4.4', 'LastName'],
  displayName: ['displayName', 'name', 'http://schemas.microsoft.com/identity/claims/displayname', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'],
  groups: ['groups', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', 'http://schemas.xmlsoap.org/claims/Group', 'memberOf', 'Groups'],
};

export type MappedProfile = { email: string | null; firstName: string | null; lastName: string | null; displayName: string | null; groups: string[] };

/** Applies a connection's mapping (its names first, then the defaults) to the IdP's attributes. */
export function mapAttributes(attributes: Record<string, string[] | string | undefined>, mapping: Partial<AttributeMapping> = {}): MappedProfile {
  const values = (field: keyof AttributeMapping): string[] => {
    for (const name of [...(mapping[field] ?? []), ...DEFAULT_ATTRIBUTE_MAPPING[field]]) {
      const raw = attributes[name];
      const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => String(v).trim()).filter(Boolean);
      if (list.length) return list;
    }
    return [];
  };
  const first = (field: keyof AttributeMapping) => values(field)[0] ?? null;
  return { email: first('email')?.toLowerCase() ?? null, firstName: first('firstName'), lastName: first('lastName'), displayName: first('displayName'), groups: [...new Set(values('groups'))] };
}
