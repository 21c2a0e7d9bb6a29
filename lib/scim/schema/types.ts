/** RFC 7643 §7 attribute characteristics; one definition drives /Schemas, validation, filters and PATCH paths. */
export type AttributeType = 'string' | 'boolean' | 'complex' | 'dateTime' | 'reference' | 'integer';

export type AttributeDef = {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'default' | 'never' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  subAttributes?: AttributeDef[];
  referenceTypes?: string[];
  canonicalValues?: string[];
};

export type SchemaDef = { id: string; name: string; description: string; attributes: AttributeDef[] };

export type ResourceTypeDef = {
  name: 'User' | 'Group';
  endpoint: string;
  description: string;
  schema: SchemaDef;
  extensions: { schema: SchemaDef; required: boolean }[];
};

type Options = Partial<Omit<AttributeDef, 'name' | 'type' | 'subAttributes'>>;

function attribute(name: string, type: AttributeType, options: Options = {}): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description: '',
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

export const text = (name: string, options?: Options) => attribute(name, 'string', options);
export const flag = (name: string, options?: Options) => attribute(name, 'boolean', options);
export const reference = (name: string, referenceTypes: string[], options?: Options) => attribute(name, 'reference', { referenceTypes, ...options });
export const complex = (name: string, subAttributes: AttributeDef[], options?: Options) => ({ ...attribute(name, 'complex', options), subAttributes });

/** The usual multi-valued complex shape (emails, phoneNumbers, …): value, display, type, primary. */
export function typedValues(name: string, description: string, types: string[]): AttributeDef {
  return complex(name, [text('value'), text('display'), text('type', { canonicalValues: types }), flag('primary')], { multiValued: true, description });
}

export function findAttribute(attributes: AttributeDef[], name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return attributes.find((a) => a.name.toLowerCase() === lower);
}
