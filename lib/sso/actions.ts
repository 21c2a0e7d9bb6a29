'use server';

import { z } from 'zod';
import { guardedAction } from '@/lib/auth/server-action';
import { getEnv } from '@/lib/env';
import { bindLoginToBrowser } from './browser-binding';
import { refreshConnectionMetadata, removeSigningCertificate, setConnectionEnabled, updateConnection } from './connection-admin';
import { attributeMappingSchema, connectionNameSchema, createOidcConnection, createSamlConnection, deleteConnection, oidcConnectionSchema } from './connections';
import { METADATA_MAX_BYTES, METADATA_MAX_LABEL } from './metadata/limits';
import { previewSamlConnection } from './metadata/preview';
import { startSsoLogin } from './start-login';

// The portal's SSO connection actions (SPEC §6: owners and admins, 'sso:manage').

const connectionId = z.string().trim().min(1, 'Choose a connection').max(100);

const metadataSource = z.object({
  metadataUrl: z.url({ message: 'Enter the metadata URL, e.g. https://acme.okta.com/app/…/sso/saml/metadata' }).max(2000).optional().or(z.literal('')),
  metadataXml: z.string().max(METADATA_MAX_BYTES, `The metadata is larger than ${METADATA_MAX_LABEL}`).optional(),
  entityId: z.string().trim().max(1000).optional(),
});

function source(input: z.output<typeof metadataSource>) {
  return { metadataUrl: input.metadataUrl || undefined, metadataXml: input.metadataXml || undefined };
}

/** What the metadata says, before anything is saved: entity id, SSO URLs, certificates, IdP product. */
export const previewSamlConnectionAction = guardedAction({
  permission: 'sso:manage',
  setupLink: true,
  input: metadataSource,
  handler: async (_ctx, input) => {
    const { details } = await previewSamlConnection(source(input), { allowPrivate: getEnv().ALLOW_PRIVATE_METADATA_URLS, entityId: input.entityId || undefined });
    const { entityDescriptorXml: _xml, ...shown } = details;
    return { ...shown, signingCertificates: shown.signingCertificates.map(({ certificate: _der, ...certificate }) => certificate) };
  },
});

/** Saves a SAML connection; a URL is fetched again here, so what is saved always came from that URL. */
export const createSamlConnectionAction = guardedAction({
  permission: 'sso:manage',
  setupLink: true,
  input: metadataSource.extend({ name: connectionNameSchema, attributeMapping: attributeMappingSchema.optional() }),
  handler: async (ctx, input) => {
    const { xml } = await previewSamlConnection(source(input), { allowPrivate: getEnv().ALLOW_PRIVATE_METADATA_URLS, entityId: input.entityId || undefined });
    const row = await createSamlConnection(ctx.db, { orgId: ctx.org.id, name: input.name, metadataXml: xml, metadataUrl: input.metadataUrl || undefined, attributeMapping: input.attributeMapping }, ctx.audit);
    return { id: row.id, name: row.name };
  },
});

export const createOidcConnectionAction = guardedAction({
  permission: 'sso:manage',
  setupLink: true,
  input: oidcConnectionSchema.extend({ attributeMapping: attributeMappingSchema.optional() }),
  handler: async (ctx, input) => {
    const row = await createOidcConnection(ctx.db, { orgId: ctx.org.id, ...input }, ctx.audit);
    return { id: row.id, name: row.name };
  },
});

export const updateConnectionAction = guardedAction({
  permission: 'sso:manage',
  setupLink: true,
  input: z.object({
    connectionId,
    name: connectionNameSchema.optional(),
    attributeMapping: attributeMappingSchema.optional(),
    clientSecret: z.string().min(1, 'Enter the new client secret').max(2000).optional(),
  }),
  handler: async (ctx, input) => {
    const row = await updateConnection(ctx.db, { orgId: ctx.org.id, ...input }, ctx.audit);
    return { id: row.id, name: row.name };
  },
});

export const setConnectionEnabledAction = guardedAction({
  permission: 'sso:manage',
  setupLink: true,
  input: z.object({ connectionId, enabled: z.boolean({ message: 'Choose whether the connection is on or off' }) }),
  handler: async (ctx, input) => (await setConnectionEnabled(ctx.db, { orgId: ctx.org.id, ...input }, ctx.audit), input.enabled),
});

export const deleteConnectionAction = guardedAction({
  permission: 'sso:manage',
  setupLink: true,
  input: z.object({ connectionId }),
  handler: async (ctx, input) => (await deleteConnection(ctx.db, { orgId: ctx.org.id, connectionId: input.connectionId }, ctx.audit), true),
});

export const refreshConnectionMetadataAction = guardedAction({
  permission: 'sso:manage',
  setupLink: true,
  input: z.object({ connectionId }),
  handler: async (ctx, input) => {
    const row = await refreshConnectionMetadata(ctx.db, { orgId: ctx.org.id, connectionId: input.connectionId }, ctx.audit, { allowPrivate: getEnv().ALLOW_PRIVATE_METADATA_URLS });
    return { certificates: row.signingCertificates?.length ?? 0 };
  },
});

export const removeSigningCertificateAction = guardedAction({
  permission: 'sso:manage',
  setupLink: true,
  input: z.object({ connectionId, fingerprint: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'Choose a certificate') }),
  handler: async (ctx, input) => (await removeSigningCertificate(ctx.db, { orgId: ctx.org.id, ...input }, ctx.audit), true),
});

/**
 * Starts a connection test: the real SP-initiated login, in this browser, flagged as a test. The
 * IdP's answer lands on the test's result page; nobody is signed in.
 */
export const startConnectionTestAction = guardedAction({
  permission: 'sso:manage',
  setupLink: true,
  input: z.object({ connectionId }),
  handler: async (ctx, input) => {
    const redirect = await startSsoLogin(ctx.db, { orgId: ctx.org.id, connectionId: input.connectionId, bindingHash: await bindLoginToBrowser(), test: ctx.audit.actor });
    return redirect.kind === 'redirect' ? { kind: 'redirect' as const, url: redirect.url } : { kind: 'form' as const, html: redirect.html };
  },
});
