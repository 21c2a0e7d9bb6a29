/**
 * IdP metadata is a few kilobytes (a large Entra or Okta document is under 20 KB); 1 MiB leaves room
 * for a metadata file with many certificates while keeping a hostile URL or upload from filling memory.
 */
export const METADATA_MAX_BYTES = 1024 * 1024;
export const METADATA_MAX_LABEL = '1 MiB';

/** The whole fetch of a metadata URL, every redirect included. */
export const METADATA_FETCH_TIMEOUT_MS = 10_000;

/** Redirects followed when fetching a metadata URL (each hop is checked again). */
export const METADATA_MAX_REDIRECTS = 3;

/** The environment flag that lets metadata URLs reach private, loopback and link-local addresses. */
export const ALLOW_PRIVATE_FLAG = 'ALLOW_PRIVATE_METADATA_URLS';
