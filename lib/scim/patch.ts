import { isDeepStrictEqual } from 'node:util';
import { coerceAttributeValue, isObject, type ScimObject } from './coerce';
import { equalityTemplate, matchesElement } from './element-filter';
import { invalidSyntax, invalidValue, mutability, noTarget } from './errors';
import { parsePatchPath, type PatchPath } from './paths';
import type { ResourceTypeDef } from './schema/types';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const MAX_OPERATIONS = 1000;

export type PatchOperation = { op: 'add' | 'replace' | 'remove'; path?: string; value?: unknown };

/** Validates a PatchOp body. Entra capitalises op names ("Replace"), so they compare case-insensitively. */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw invalidSyntax('The PATCH body must be a JSON object with "Operations"');
  if (body.schemas !== undefined && !(Array.isArray(body.schemas) && body.schemas.includes(PATCH_OP_SCHEMA))) {
    throw invalidSyntax(`A PATCH body must list the schema ${PATCH_OP_SCHEMA}`);
  }
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'operations');
  const operations = key ? body[key] : undefined;
  if (!Array.isArray(operations) || operations.length === 0) throw invalidSyntax('"Operations" must be a non-empty array');
  if (operations.length > MAX_OPERATIONS) throw invalidSyntax(`At most ${MAX_OPERATIONS} operations per request`);
  return operations.map((raw, i) => {
    if (!isObject(raw)) throw invalidSyntax(`Operations[${i}] must be an object`);
    const op = typeof raw.op === 'string' ? raw.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw invalidSyntax(`Operations[${i}].op must be add, replace or remove, got ${JSON.stringify(raw.op)}`);
    if (raw.path !== undefined && (typeof raw.path !== 'string' || raw.path.trim() === '')) throw invalidSyntax(`Operations[${i}].path must be a non-empty string`);
    const path = typeof raw.path === 'string' ? raw.path.trim() : undefined;
    if (op === 'remove' && !path) throw noTarget(`Operations[${i}]: remove needs a path`);
    if (op !== 'remove' && raw.value === undefined) throw invalidValue(`Operations[${i}]: ${op} needs a value`);
    return { op, path, value: raw.value };
  });
}

function containerFor(resource: ScimObject, target: PatchPath, create: boolean): ScimObject | undefined {
  if (!target.ref.extension) return resource;
  const id = target.ref.schema.id;
  if (!isObject(resource[id])) {
    if (!create) return undefined;
    resource[id] = {};
  }
  return resource[id] as ScimObject;
}

function withoutEmpty(container: ScimObject, name: string) {
  const value = container[name];
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0)) delete container[name];
}

function applyToPath(rt: ResourceTypeDef, resource: ScimObject, op: PatchOperation, path: string) {
  const target = parsePatchPath(rt, path);
  const { def } = target.ref;
  if (def.mutability === 'readOnly' || target.sub?.mutability === 'readOnly') throw mutability(`${path} is read-only`);
  const container = containerFor(resource, target, op.op !== 'remove');
  if (!container) {
    if (op.op === 'remove') return;
    throw noTarget(`${path} cannot be set`);
  }
  const name = def.name;

  if (target.filter) {
    const list = Array.isArray(container[name]) ? (container[name] as ScimObject[]) : [];
    const matched = list.filter((element) => matchesElement(def, target.filter!, element));
    if (op.op === 'remove') {
      if (matched.length === 0) throw noTarget(`No value of ${name} matches ${path}`);
      container[name] = target.sub ? list.map((e) => (matched.includes(e) ? omit(e, target.sub!.name) : e)) : list.filter((e) => !matched.includes(e));
      withoutEmpty(container, name);
      return;
    }
    const update = target.sub ? { [target.sub.name]: coerceAttributeValue(target.sub, op.value, `${path}`) } : (coerceAttributeValue({ ...def, multiValued: false }, op.value, path) as ScimObject);
    if (matched.length === 0) {
      // Entra adds `emails[type eq "work"].value` to a user who has no work email yet.
      const template = equalityTemplate(def, target.filter);
      if (!template) throw noTarget(`No value of ${name} matches ${path}`);
      container[name] = [...list, { ...template, ...update }];
      return;
    }
    container[name] = list.map((e) => (matched.includes(e) ? { ...e, ...update } : e));
    return;
  }

  if (target.sub) {
    if (def.multiValued) throw noTarget(`${path}: say which value of ${name} to change, e.g. ${name}[type eq "work"].${target.sub.name}`);
    const current = isObject(container[name]) ? (container[name] as ScimObject) : {};
    if (op.op === 'remove') {
      container[name] = omit(current, target.sub.name);
    } else {
      container[name] = { ...current, [target.sub.name]: coerceAttributeValue(target.sub, op.value, path) };
    }
    withoutEmpty(container, name);
    return;
  }

  if (op.op === 'remove') {
    if (def.multiValued && op.value !== undefined && Array.isArray(container[name])) {
      // Entra's older dialect removes particular values: {"op":"Remove","path":"emails","value":[{...}]}.
      const remove = coerceAttributeValue(def, op.value, path) as unknown[];
      container[name] = (container[name] as unknown[]).filter((e) => !remove.some((r) => isDeepStrictEqual(r, e)));
    } else {
      delete container[name];
    }
    withoutEmpty(container, name);
    return;
  }
  const value = coerceAttributeValue(def, op.value, path);
  if (def.multiValued && op.op === 'add' && Array.isArray(container[name])) {
    const existing = container[name] as unknown[];
    container[name] = [...existing, ...(value as unknown[]).filter((v) => !existing.some((e) => isDeepStrictEqual(e, v)))];
  } else if (!def.multiValued && def.type === 'complex' && isObject(value) && isObject(container[name])) {
    container[name] = { ...(container[name] as ScimObject), ...value };
  } else {
    container[name] = value;
  }
  withoutEmpty(container, name);
}

function omit(object: ScimObject, key: string): ScimObject {
  const { [key]: _removed, ...rest } = object;
  return rest;
}

const IGNORED_TOP_LEVEL = new Set(['id', 'schemas', 'meta']);

/** A path-less add/replace: every key of the value is a path (plain, dotted, or URN-qualified). */
function applyWithoutPath(rt: ResourceTypeDef, resource: ScimObject, op: PatchOperation) {
  if (!isObject(op.value)) throw invalidValue(`${op.op} without a path needs an object value`);
  for (const [key, value] of Object.entries(op.value)) {
    if (IGNORED_TOP_LEVEL.has(key.toLowerCase())) continue;
    const extension = rt.extensions.find((e) => e.schema.id.toLowerCase() === key.toLowerCase());
    if (extension) {
      if (!isObject(value)) throw invalidValue(`${key} must be an object`);
      for (const [attr, inner] of Object.entries(value)) applyToPath(rt, resource, { ...op, value: inner }, `${extension.schema.id}:${attr}`);
      continue;
    }
    applyToPath(rt, resource, { ...op, value }, key);
  }
}

/** RFC 7643 §2.4: at most one value is primary; when a PATCH adds another, the newest (last) one wins. */
function keepOnePrimary(rt: ResourceTypeDef, resource: ScimObject) {
  for (const def of rt.schema.attributes) {
    const list = resource[def.name];
    if (!def.multiValued || !Array.isArray(list)) continue;
    const last = list.map((e) => isObject(e) && e.primary === true).lastIndexOf(true);
    if (last < 0) continue;
    resource[def.name] = list.map((e, i) => (i !== last && isObject(e) && e.primary === true ? { ...e, primary: false } : e));
  }
}

/** Applies PATCH operations in order to a copy of the resource (RFC 7644 §3.5.2); the caller validates and stores it. */
export function applyPatch(rt: ResourceTypeDef, resource: ScimObject, operations: PatchOperation[]): ScimObject {
  const next = structuredClone(resource);
  for (const op of operations) {
    if (op.path) applyToPath(rt, next, op, op.path);
    else applyWithoutPath(rt, next, op);
  }
  keepOnePrimary(rt, next);
  return next;
}
