import { UserFacingError } from '@/lib/errors';
import { fetchMetadataSafely, type FetchMetadataOptions } from './fetch-metadata';
import { inspectSamlMetadata, type SamlMetadataDetails } from './inspect';

export type MetadataSource = { metadataUrl?: string; metadataXml?: string };

export type SamlConnectionPreview = {
  /** The metadata to pass to createSamlConnection as metadataXml (one EntityDescriptor). */
  xml: string;
  details: SamlMetadataDetails;
};

/**
 * What the portal shows before a SAML connection is saved, from a metadata URL (fetched here,
 * server-side and safely) or from pasted / uploaded XML. Nothing is stored. The save action calls
 * it again with the same source and hands `xml` to createSamlConnection, so XML attributed to a
 * URL always comes from that URL, never from the browser.
 */
export async function previewSamlConnection(
  source: MetadataSource,
  options: FetchMetadataOptions & { entityId?: string; now?: Date },
): Promise<SamlConnectionPreview> {
  const url = source.metadataUrl?.trim();
  const pasted = source.metadataXml?.trim() ? source.metadataXml : undefined;
  if (!url === !pasted) throw new UserFacingError('Give either the IdP metadata URL or its metadata XML (one of them)', url ? 'metadataXml' : 'metadataUrl');
  const xml = url ? await fetchMetadataSafely(url, options) : pasted!;
  const details = inspectSamlMetadata(xml, { entityId: options.entityId, now: options.now });
  return { xml: details.entityDescriptorXml, details };
}
