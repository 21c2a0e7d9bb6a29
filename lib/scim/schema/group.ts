import { complex, reference, text, type ResourceTypeDef, type SchemaDef } from './types';

export const GROUP_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export const groupSchema: SchemaDef = {
  id: GROUP_SCHEMA_ID,
  name: 'Group',
  description: 'Group; each group is a team of the organization and can decide roles through role rules.',
  attributes: [
    text('displayName', { required: true, uniqueness: 'server', description: 'The team name; unique within the organization.' }),
    complex('members', [text('value', { mutability: 'immutable' }), reference('$ref', ['User'], { mutability: 'immutable' }), text('display', { mutability: 'readOnly' }), text('type', { mutability: 'immutable', canonicalValues: ['User'] })], {
      multiValued: true,
      description: 'Users in the group (by SCIM user id).',
    }),
    text('externalId', { caseExact: true }),
  ],
};

export const groupResourceType: ResourceTypeDef = { name: 'Group', endpoint: '/Groups', description: 'Group', schema: groupSchema, extensions: [] };
