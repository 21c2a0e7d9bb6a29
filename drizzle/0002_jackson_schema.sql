-- SAML Jackson keeps its store in its own schema; Drizzle owns only `public` (see drizzle.config.ts).
CREATE SCHEMA IF NOT EXISTS jackson;
