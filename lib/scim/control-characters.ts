/**
 * C0 controls and DEL (U+0000–U+001F, U+007F), and unpaired UTF-16 surrogates (a JSON "\ud800"
 * escape). Postgres refuses U+0000 in text and jsonb and a lone surrogate in jsonb, and the others
 * have no place in an identifier or a label shown in the console and the audit log.
 */
const CONTROL = /[\u0000-\u001f\u007f]|\p{Cs}/u;
/** The same without CR and LF, for the attributes RFC 7643 says may contain newlines. */
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]|\p{Cs}/u;

export type ControlCharacter = { index: number; description: string };

/** The first forbidden character of `text` ("a control character (U+0000)"), or undefined when there is none. */
export function findControlCharacter(text: string, options: { allowLineBreaks?: boolean } = {}): ControlCharacter | undefined {
  const match = (options.allowLineBreaks ? CONTROL_EXCEPT_LINE_BREAKS : CONTROL).exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return { index: match.index, description: code >= 0xd800 && code <= 0xdfff ? `an unpaired surrogate (${name})` : `a control character (${name})` };
}

export function replaceControlCharacters(text: string, replacement: string): string {
  return text.replace(new RegExp(CONTROL.source, 'gu'), replacement);
}

/** A string safe for Postgres text/jsonb: NUL written as the six characters `\u0000`, lone surrogates as U+FFFD. */
export function storableText(text: string): string {
  return text.replace(/\u0000/g, '\\u0000').replace(/\p{Cs}/gu, '\ufffd');
}
