/** Consumer mail providers: nobody's organization verifies these, so SSO never applies. */
const EXACT = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'live.com', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com',
  'proton.me', 'protonmail.com', 'pm.me', 'zoho.com', 'yandex.com', 'yandex.ru', 'mail.com', 'mail.ru', 'hey.com',
  'fastmail.com', 'tutanota.com', 'tuta.io', 'qq.com', '163.com', '126.com', 'rocketmail.com', 'ymail.com', 'web.de',
  'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'btinternet.com', 'orange.fr', 'free.fr', 'laposte.net',
]);

/** Providers with one domain per country (yahoo.co.uk, hotmail.fr, gmx.de …). */
const FAMILIES = ['yahoo', 'hotmail', 'gmx', 'outlook', 'live', 'aol'];

export function isPersonalEmailDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  if (EXACT.has(d)) return true;
  const [first] = d.split('.');
  return FAMILIES.includes(first) && d.split('.').length <= 3;
}
