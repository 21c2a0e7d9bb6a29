import { getEnv } from '@/lib/env';

/** The relying party is the app's public origin (APP_URL); passkeys are bound to its host name. */
export function relyingParty() {
  const url = new URL(getEnv().APP_URL);
  return { rpName: 'LLM Gateway', rpID: url.hostname, origin: url.origin };
}
