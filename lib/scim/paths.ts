import { parse, type Filter } from 'scim2-parse-filter';
import { findControlCharacter, replaceControlCharacters, type ControlCharacter } from './control-characters';
import { invalidFilter, invalidPath } from './errors';
import { findAttribute, type AttributeDef, type ResourceTypeDef, type SchemaDef } from './schema/types';

/** An attribute of a resource type, possibly a sub-attribute, possibly in an extension schema. */
export type AttrRef = { schema: SchemaDef; extension: boolean; def: AttributeDef; sub?: AttributeDef };

/** Splits `urn:…:User:manager.value` or `name.givenName` into schema, attribute and sub-attribute names. */
export function splitAttrPath(rt: ResourceTypeDef, path: string): { schema: SchemaDef; extension: boolean; attr: string; sub?: string } {
  let schema = rt.schema;
  let extension = false;
  let rest = path;
  if (path.toLowerCase().startsWith('urn:')) {
    const lower = path.toLowerCase();
    const match = [rt.schema, ...rt.extensions.map((e) => e.schema)].find((s) => lower.startsWith(`${s.id.toLowerCase()}:`));
    if (!match) throw invalidPath(`"${path}" names a schema this resource does not have`);
    schema = match;
    extension = match !== rt.schema;
    rest = path.slice(match.id.length + 1);
  }
  const dot = rest.indexOf('.');
  return dot < 0 ? { schema, extension, attr: rest } : { schema, extension, attr: rest.slice(0, dot), sub: rest.slice(dot + 1) };
}

/** The attribute a path names, or undefined when the resource type has no such attribute. */
export function resolveAttrPath(rt: ResourceTypeDef, path: string): AttrRef | undefined {
  const parts = splitAttrPath(rt, path);
  const def = findAttribute(parts.schema.attributes, parts.attr);
  if (!def) return undefined;
  if (parts.sub === undefined) return { schema: parts.schema, extension: parts.extension, def };
  const sub = def.subAttributes && findAttribute(def.subAttributes, parts.sub);
  return sub ? { schema: parts.schema, extension: parts.extension, def, sub } : undefined;
}

/** The attributes (`emails.value` inside a value filter) whose comparison value contains `marker`. */
function attributesComparedWith(filter: Filter, marker: string, prefix = ''): string[] {
  switch (filter.op) {
    case 'and':
    case 'or':
      return filter.filters.flatMap((f) => attributesComparedWith(f, marker, prefix));
    case 'not':
      return attributesComparedWith(filter.filter, marker, prefix);
    case '[]':
      return attributesComparedWith(filter.valFilter, marker, `${prefix}${filter.attrPath}.`);
    case 'pr':
      return [];
    default:
      return typeof filter.compValue === 'string' && filter.compValue.includes(marker) ? [`${prefix}${filter.attrPath}`] : [];
  }
}

/** A SCIM filter is one line of text (RFC 7644 §3.4.2.2); says which comparison holds the control character when it can. */
function controlCharacterDetail(text: string, forbidden: ControlCharacter): string {
  const marker = '\ufffd';
  try {
    const named = attributesComparedWith(parse(replaceControlCharacters(text, marker)), marker);
    if (named.length) return `The filter compares ${named.join(', ')} with a value that contains ${forbidden.description}; filter values cannot contain control characters`;
  } catch {
    // Not even valid without the control characters: say where it is instead.
  }
  return `The filter contains ${forbidden.description} at position ${forbidden.index + 1}; filters cannot contain control characters`;
}

export function parseFilter(text: string): Filter {
  if (text.length > 4096) throw invalidFilter('The filter is too long (4096 characters at most)');
  const forbidden = findControlCharacter(text);
  if (forbidden) throw invalidFilter(controlCharacterDetail(text, forbidden));
  try {
    return parse(text);
  } catch (error) {
    throw invalidFilter(`The filter "${text}" is not valid SCIM filter syntax (RFC 7644 §3.4.2.2): ${error instanceof Error ? error.message : 'parse error'}`);
  }
}

/** A PATCH path (RFC 7644 §3.5.2): `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`, optionally URN-qualified. */
export type PatchPath = { ref: AttrRef; filter?: Filter; sub?: AttributeDef };

export function parsePatchPath(rt: ResourceTypeDef, path: string): PatchPath {
  const forbidden = findControlCharacter(path);
  if (forbidden) throw invalidPath(`The PATCH path ${JSON.stringify(path)} contains ${forbidden.description}; attribute paths cannot contain control characters`);
  const open = path.indexOf('[');
  if (open < 0) {
    const ref = resolveAttrPath(rt, path);
    if (!ref) throw invalidPath(`"${path}" is not an attribute of ${rt.name}`);
    return ref.sub ? { ref: { ...ref, sub: undefined }, sub: ref.sub } : { ref };
  }
  const close = path.lastIndexOf(']');
  const rest = path.slice(close + 1);
  if (close < open || (rest && !rest.startsWith('.'))) throw invalidPath(`"${path}" is not a valid attribute path`);
  const ref = resolveAttrPath(rt, path.slice(0, open));
  if (!ref || ref.sub || !ref.def.multiValued) throw invalidPath(`"${path.slice(0, open)}" is not a multi-valued attribute of ${rt.name}`);
  let filter: Filter;
  try {
    filter = parse(path.slice(open + 1, close));
  } catch {
    throw invalidPath(`The value filter in "${path}" is not valid`);
  }
  if (!rest) return { ref, filter };
  const sub = ref.def.subAttributes && findAttribute(ref.def.subAttributes, rest.slice(1));
  if (!sub) throw invalidPath(`"${rest.slice(1)}" is not a sub-attribute of ${ref.def.name}`);
  return { ref, filter, sub };
}

/**
 * The attribute names a body key or PATCH path mentions, value filter and schema URN dropped as
 * parsePatchPath drops them, but for any URN, even one no schema of ours has (for the request log,
 * which must recognise what an IdP may send one day): `urn:…:User:emails[type eq "work"].value` →
 * ["emails", "value"].
 */
export function attributeNamesIn(keyOrPath: string): string[] {
  let rest = keyOrPath.trim();
  const open = rest.indexOf('[');
  if (open >= 0) {
    const close = rest.lastIndexOf(']');
    rest = rest.slice(0, open) + (close > open ? rest.slice(close + 1) : '');
  }
  if (rest.toLowerCase().startsWith('urn:')) rest = rest.slice(rest.lastIndexOf(':') + 1);
  return rest.split('.').map((name) => name.trim()).filter(Boolean);
}
