import { attributeNamesIn } from './paths';
import { groupSchema } from './schema/group';
import type { AttributeDef } from './schema/types';
import { enterpriseUserSchema, userSchema } from './schema/user';

/** RFC 7643 §7: an attribute that is never returned or only ever written (password) holds a secret. */
export function isSensitiveAttribute(def: AttributeDef): boolean {
  return def.returned === 'never' || def.mutability === 'writeOnly';
}

/** Case, spacing, punctuation and compatibility forms do not make another name: "Client-Secret " is clientsecret. */
const compact = (name: string) => name.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

const withSubAttributes = (defs: AttributeDef[]): AttributeDef[] => defs.flatMap((def) => [def, ...withSubAttributes(def.subAttributes ?? [])]);

const SECRET_NAMES = [
  ...new Set(withSubAttributes([userSchema, enterpriseUserSchema, groupSchema].flatMap((schema) => schema.attributes)).filter(isSensitiveAttribute).map((def) => compact(def.name))),
  // Not attributes of ours, but what credentials are called wherever they turn up.
  'secret',
  'token',
  'authorization',
  'apikey',
];

/**
 * Whether a body key or PATCH path names a secret. Each attribute name it mentions (URN and value
 * filter dropped, any schema URN, even an unknown one) is compared without case, spacing or
 * punctuation, and a name that contains a sensitive attribute's name counts too, so `Password `,
 * `urn:…:User:password`, `password.value`, `newPassword` and a future `urn:okta:…:password` all do.
 */
export function namesSecret(keyOrPath: string): boolean {
  return attributeNamesIn(keyOrPath).some((name) => {
    const compacted = compact(name);
    return SECRET_NAMES.some((secret) => compacted.includes(secret));
  });
}
