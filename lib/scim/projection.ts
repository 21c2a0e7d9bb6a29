import type { ScimObject } from './coerce';
import type { ResourceTypeDef } from './schema/types';

/** RFC 7644 §3.9 `attributes` / `excludedAttributes`, as [top-level key, sub-key?] pairs in lower case. */
export type Projection = { include?: string[][]; exclude?: string[][] };

const ALWAYS = new Set(['id', 'schemas']);

function splitList(value: string | null): string[] {
  return (value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

function keyOf(rt: ResourceTypeDef, path: string): string[] {
  let rest = path;
  const core = `${rt.schema.id.toLowerCase()}:`;
  if (rest.startsWith(core)) rest = rest.slice(core.length);
  for (const { schema } of rt.extensions) {
    const urn = schema.id.toLowerCase();
    if (rest === urn) return [urn];
    if (rest.startsWith(`${urn}:`)) return [urn, rest.slice(urn.length + 1).split('.')[0]];
  }
  const [top, sub] = rest.split('.');
  return sub ? [top, sub] : [top];
}

export function readProjection(rt: ResourceTypeDef, params: URLSearchParams): Projection {
  const include = splitList(params.get('attributes')).map((p) => keyOf(rt, p));
  const exclude = splitList(params.get('excludedAttributes')).map((p) => keyOf(rt, p));
  return { include: include.length ? include : undefined, exclude: exclude.length ? exclude : undefined };
}

/** Whether a top-level attribute (e.g. a group's members) is wanted at all, so it need not be loaded. */
export function wantsAttribute(projection: Projection, name: string): boolean {
  const lower = name.toLowerCase();
  if (projection.include) return projection.include.some(([top]) => top === lower);
  return !(projection.exclude ?? []).some((key) => key.length === 1 && key[0] === lower);
}

function pick(value: unknown, subs: Set<string>): unknown {
  const pickOne = (v: unknown) =>
    typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).filter(([k]) => subs.has(k.toLowerCase()))) : v;
  return Array.isArray(value) ? value.map(pickOne) : pickOne(value);
}

function drop(value: unknown, subs: Set<string>): unknown {
  const dropOne = (v: unknown) =>
    typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).filter(([k]) => !subs.has(k.toLowerCase()))) : v;
  return Array.isArray(value) ? value.map(dropOne) : dropOne(value);
}

export function applyProjection(resource: ScimObject, projection: Projection): ScimObject {
  if (!projection.include && !projection.exclude) return resource;
  const result: ScimObject = {};
  for (const [key, value] of Object.entries(resource)) {
    const lower = key.toLowerCase();
    if (ALWAYS.has(lower)) {
      result[key] = value;
      continue;
    }
    if (projection.include) {
      const matches = projection.include.filter(([top]) => top === lower);
      if (matches.length === 0) continue;
      result[key] = matches.some((m) => m.length === 1) ? value : pick(value, new Set(matches.map((m) => m[1])));
    } else {
      const matches = (projection.exclude ?? []).filter(([top]) => top === lower);
      if (matches.some((m) => m.length === 1)) continue;
      result[key] = matches.length ? drop(value, new Set(matches.map((m) => m[1]))) : value;
    }
  }
  return result;
}
