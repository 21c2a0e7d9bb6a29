import { findControlCharacter } from './control-characters';
import { invalidValue } from './errors';
import { findAttribute, type AttributeDef, type ResourceTypeDef } from './schema/types';
import { userSchema } from './schema/user';
import { isSensitiveAttribute } from './sensitive-attributes';

export type ScimObject = Record<string, unknown>;

export function isObject(value: unknown): value is ScimObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// RFC 7643 §4.1.2: addresses.formatted and addresses.streetAddress "MAY contain newlines"; no other attribute may.
const addressParts = findAttribute(userSchema.attributes, 'addresses')?.subAttributes ?? [];
const MAY_CONTAIN_LINE_BREAKS = new Set(['formatted', 'streetAddress'].map((name) => findAttribute(addressParts, name)));

/** A received value, quoted for an error detail; never the value of a password. */
function shown(def: AttributeDef, value: unknown): string {
  return isSensitiveAttribute(def) ? '(value not shown)' : JSON.stringify(value);
}

function coerceText(def: AttributeDef, value: string, path: string): string {
  if (value.length > 2048) throw invalidValue(`${path} is too long (2048 characters at most)`);
  const forbidden = findControlCharacter(value, { allowLineBreaks: MAY_CONTAIN_LINE_BREAKS.has(def) });
  if (forbidden) throw invalidValue(`${path} contains ${forbidden.description}, which is not allowed here`);
  // Canonically equivalent spellings (é as one or two code points) are one value for attributes compared case-insensitively.
  return def.caseExact ? value : value.normalize('NFC');
}

/** Entra (without aadOptscim062020) sends booleans as the strings "True"/"False". */
function coerceBoolean(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalidValue(`${path} must be a boolean (true or false), got ${JSON.stringify(value)}`);
}

function coerceSingle(def: AttributeDef, value: unknown, path: string): unknown {
  switch (def.type) {
    case 'boolean':
      return coerceBoolean(value, path);
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw invalidValue(`${path} must be an integer`);
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw invalidValue(`${path} must be an ISO 8601 date-time`);
    case 'complex': {
      // Entra sends `manager` (and other value-keyed complex attributes) as a bare string.
      const valueSub = def.subAttributes?.find((sub) => sub.name === 'value');
      if (typeof value === 'string' && valueSub) return { value };
      if (!isObject(value)) throw invalidValue(`${path} must be an object`);
      return coerceAttributes(def.subAttributes ?? [], value, path);
    }
    default:
      if (typeof value === 'string') return coerceText(def, value, path);
      // Some IdPs send employee numbers and the like as JSON numbers.
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      throw invalidValue(`${path} must be a string, got ${shown(def, value)}`);
  }
}

/** One attribute's value, checked against its definition; null means "unassigned". */
export function coerceAttributeValue(def: AttributeDef, value: unknown, path = def.name): unknown {
  if (value === null || value === undefined) return null;
  if (!def.multiValued) {
    if (Array.isArray(value)) {
      // Entra's older dialect wraps single values in a one-element array.
      if (value.length === 1) return coerceSingle(def, value[0], path);
      throw invalidValue(`${path} takes a single value, not a list`);
    }
    return coerceSingle(def, value, path);
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length > 100) throw invalidValue(`${path} has too many values (100 at most)`);
  return list.filter((item) => item !== null).map((item, i) => coerceSingle(def, item, `${path}[${i}]`));
}

/** Known attributes with canonical names; unknown and read-only ones are dropped (RFC 7644 §3.3). */
export function coerceAttributes(defs: AttributeDef[], input: ScimObject, path = ''): ScimObject {
  const result: ScimObject = {};
  for (const [key, value] of Object.entries(input)) {
    const def = findAttribute(defs, key);
    if (!def || def.mutability === 'readOnly' || def.mutability === 'writeOnly') continue;
    const coerced = coerceAttributeValue(def, value, path ? `${path}.${def.name}` : def.name);
    if (coerced !== null && !(Array.isArray(coerced) && coerced.length === 0)) result[def.name] = coerced;
  }
  return result;
}

/** A whole resource body (POST/PUT): core attributes at the top level, each extension under its URN. */
export function coerceResource(rt: ResourceTypeDef, input: unknown): ScimObject {
  if (!isObject(input)) throw invalidValue('The request body must be a JSON object');
  const result = coerceAttributes(rt.schema.attributes, input);
  for (const { schema } of rt.extensions) {
    const key = Object.keys(input).find((k) => k.toLowerCase() === schema.id.toLowerCase());
    if (!key || input[key] === null) continue;
    if (!isObject(input[key])) throw invalidValue(`${schema.id} must be an object`);
    const extension = coerceAttributes(schema.attributes, input[key] as ScimObject, schema.id);
    if (Object.keys(extension).length) result[schema.id] = extension;
  }
  for (const def of rt.schema.attributes) {
    const value = result[def.name];
    if (def.required && (value === undefined || (typeof value === 'string' && value.trim() === ''))) throw invalidValue(`${def.name} is required`);
  }
  return result;
}

