import fs from 'node:fs';
import { z } from 'zod';
import type { AttributeMapping } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { getOrgOrThrow } from '@/lib/orgs/organizations';
import { attributeMappingSchema, connectionNameSchema, createSamlConnection, deleteConnection, getOrgConnection, listConnections } from '@/lib/sso/connections';
import { acsUrl, spEntityId } from '@/lib/sso/jackson';
import { METADATA_MAX_BYTES, METADATA_MAX_LABEL } from '@/lib/sso/metadata/limits';
import { previewSamlConnection } from '@/lib/sso/metadata/preview';
import { option, UsageError, type OptionValues } from '../args';
import type { Command } from '../context';
import { emit, table } from '../output';
import { orgOption } from './shared';

const metadataUrlOption = z.url({ protocol: /^https?$/, message: 'give the http(s) URL where the IdP publishes its SAML metadata' });
const metadataFileOption = z.string().min(1, 'give the path of the IdP metadata XML file');
const connectionIdOption = z.string().trim().min(1, 'give a connection id (see: sso list)').max(200, 'too long for a connection id');

/** `--<option> <cli flag>` → attribute mapping field. */
const ATTRIBUTE_OPTIONS = {
  'email-attr': 'email',
  'groups-attr': 'groups',
  'first-name-attr': 'firstName',
  'last-name-attr': 'lastName',
  'display-name-attr': 'displayName',
} as const satisfies Record<string, keyof AttributeMapping>;

/** `--email-attr a,b`: attribute names the IdP sends, tried in order before the built-in defaults. */
function readAttributeMapping(values: OptionValues): Partial<AttributeMapping> {
  const mapping: Partial<AttributeMapping> = {};
  for (const [name, field] of Object.entries(ATTRIBUTE_OPTIONS)) {
    const list = z
      .string()
      .transform((raw) => raw.split(',').map((part) => part.trim()).filter(Boolean))
      .pipe(z.array(z.string()).min(1, 'give one or more attribute names, comma-separated'))
      .pipe(attributeMappingSchema.shape[field].unwrap())
      .optional();
    const names = option(values, name, list);
    if (names) mapping[field] = names;
  }
  return mapping;
}

/**
 * Reads the metadata file while validating the command line, so a wrong path is reported
 * before any database is started. Its content is judged by inspectSamlMetadata (exit 1 when refused).
 */
function readMetadataFile(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--metadata-file: cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable')})`);
  }
  if (!stat.isFile()) throw new UsageError(`--metadata-file: ${file} is not a file`);
  if (stat.size > METADATA_MAX_BYTES) throw new UsageError(`--metadata-file: ${file} is larger than ${METADATA_MAX_LABEL}; that is not IdP metadata`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--metadata-file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  text = text.replace(/^\uFEFF/, '');
  if (!text.trim()) throw new UsageError(`--metadata-file: ${file} is empty`);
  return text;
}

/**
 * The operator runs the CLI on the server, so an intranet IdP (a private or loopback address) is
 * theirs to reach: the same safe fetch as the portal with ALLOW_PRIVATE_METADATA_URLS on (cloud
 * metadata addresses, oversize, slow and unsafe redirects stay refused). Jackson never fetches.
 */
async function fetchMetadataAsOperator(url: string): Promise<string> {
  try {
    return (await previewSamlConnection({ metadataUrl: url }, { allowPrivate: true })).xml;
  } catch (error) {
    throw error instanceof UserFacingError ? new UserFacingError(`The IdP metadata was refused: ${error.message[0].toLowerCase()}${error.message.slice(1)}`) : error;
  }
}

export const ssoCommands: Record<string, Command> = {
  'sso add-saml': {
    usage:
      'sso add-saml --org <slug> --name <name> (--metadata-url <url> | --metadata-file <path>) [--email-attr a,b] [--groups-attr a,b] [--first-name-attr a,b] [--last-name-attr a,b] [--display-name-attr a,b]',
    options: { org: 'string', name: 'string', 'metadata-url': 'string', 'metadata-file': 'string', ...Object.fromEntries(Object.keys(ATTRIBUTE_OPTIONS).map((name) => [name, 'string' as const])) },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const name = option(values, 'name', connectionNameSchema);
      if ((values['metadata-url'] === undefined) === (values['metadata-file'] === undefined)) throw new UsageError('give either --metadata-url or --metadata-file (exactly one)');
      const metadataUrl = option(values, 'metadata-url', metadataUrlOption.optional());
      const metadataFile = option(values, 'metadata-file', metadataFileOption.optional());
      const attributeMapping = readAttributeMapping(values);
      const metadataXml = metadataFile === undefined ? undefined : readMetadataFile(metadataFile);
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const before = new Set((await listConnections(db, org.id)).map((c) => c.id));
        const xml = metadataXml ?? (await fetchMetadataAsOperator(metadataUrl!));
        const connection = await createSamlConnection(db, { orgId: org.id, name, metadataXml: xml, metadataUrl, attributeMapping }, by);
        // Jackson keys a SAML connection by (org, IdP entity id): the same IdP again updates it.
        const updated = before.has(connection.id);
        const sp = { acsUrl: acsUrl(), spEntityId: spEntityId() };
        emit(
          io,
          json,
          { id: connection.id, name: connection.name, protocol: 'saml', idpEntityId: connection.idpEntityId, updated, attributeMapping: connection.attributeMapping, ...sp, audience: sp.spEntityId, spMetadataUrl: sp.spEntityId },
          [
            updated
              ? `Updated the existing SAML connection ${connection.name} (${connection.id}) of ${org.slug}: it already used IdP entity id ${connection.idpEntityId}`
              : `Created SAML connection ${connection.name} (${connection.id}) for ${org.slug}; IdP entity id ${connection.idpEntityId}`,
            'Paste these into your IdP:',
            `  ACS URL (single sign-on / reply URL):  ${sp.acsUrl}`,
            `  SP entity id (audience URI):           ${sp.spEntityId}`,
            `  SP metadata:                           ${sp.spEntityId}`,
          ],
        );
      };
    },
  },
  'sso list': {
    usage: 'sso list --org <slug>',
    options: { org: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      return async ({ db, io, json }) => {
        const rows = (await listConnections(db, (await getOrgOrThrow(db, slug)).id)).map((c) => ({
          id: c.id,
          name: c.name,
          protocol: c.protocol,
          idpEntityId: c.idpEntityId,
          createdAt: c.createdAt,
          attributeMapping: c.attributeMapping,
        }));
        emit(io, json, rows, table(rows, ['id', 'name', 'protocol', 'idpEntityId', 'createdAt']));
      };
    },
  },
  'sso remove': {
    usage: 'sso remove --org <slug> --id <connection id>',
    options: { org: 'string', id: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const connectionId = option(values, 'id', connectionIdOption);
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const connection = await getOrgConnection(db, org.id, connectionId);
        await deleteConnection(db, { orgId: org.id, connectionId }, by);
        emit(io, json, { id: connectionId, name: connection?.name ?? null, removed: true }, `Removed SSO connection ${connection?.name ?? connectionId} (${connectionId}) from ${org.slug}`);
      };
    },
  },
};
