import { DOMParser, type Document } from '@xmldom/xmldom';
import { UserFacingError } from '@/lib/errors';
import { METADATA_MAX_BYTES, METADATA_MAX_LABEL } from './limits';

/** xmldom's messages carry a "[xmldom error]" tag and a position on further lines: keep one readable line. */
function oneLine(message: string): string {
  const line = message.split('\n').find((part) => part.trim()) ?? '';
  return line.replace(/^\[xmldom [a-z]+\]\s*/i, '').trim().slice(0, 200) || 'unreadable';
}

/**
 * Parses metadata the way lib/sso/saml/verify-response.ts parses responses: a size limit, no DTD
 * at all (refused before the parser sees it: entity declarations are how XXE and "billion laughs"
 * start), and any parser error is fatal rather than repaired.
 */
export function parseMetadataXml(xml: string): Document {
  if (Buffer.byteLength(xml, 'utf8') > METADATA_MAX_BYTES) {
    throw new UserFacingError(`The IdP metadata is larger than ${METADATA_MAX_LABEL}; IdP metadata is a few kilobytes`);
  }
  const text = xml.replace(/^\uFEFF/, '').trim();
  if (!text) throw new UserFacingError('The IdP metadata is empty');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    if (/<!DOCTYPE\s+html/i.test(text)) throw new UserFacingError('This is an HTML page, not SAML metadata (did the URL return a sign-in or error page?)');
    throw new UserFacingError('The IdP metadata contains a DOCTYPE or ENTITY declaration; metadata never needs one, and they are refused (XML entity attacks)');
  }
  let failure: string | undefined;
  let document: Document | undefined;
  try {
    document = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') failure ??= message;
      },
    }).parseFromString(text, 'text/xml');
  } catch (error) {
    failure ??= (error as Error).message;
  }
  if (failure || !document?.documentElement) throw new UserFacingError(`The IdP metadata is not XML (${oneLine(failure ?? 'no root element')})`);
  return document;
}
