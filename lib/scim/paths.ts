import { parse, type Filter } from 'scim2-parse-filter';
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

export function parseFilter(text: string): Filter {
  if (text.length > 4096) throw invalidFilter('The filter is too long (4096 characters at most)');
  try {
    return parse(text);
  } catch (error) {
    throw invalidFilter(`The filter "${text}" is not valid SCIM filter syntax (RFC 7644 §3.4.2.2): ${error instanceof Error ? error.message : 'parse error'}`);
  }
}

/** A PATCH path (RFC 7644 §3.5.2): `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`, optionally URN-qualified. */
export type PatchPath = { ref: AttrRef; filter?: Filter; sub?: AttributeDef };

export function parsePatchPath(rt: ResourceTypeDef, path: string): PatchPath {
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
