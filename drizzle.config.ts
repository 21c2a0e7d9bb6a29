import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema/index.ts',
  out: './drizzle',
  // Jackson keeps its own tables in the `jackson` schema; Drizzle only owns `public`.
  schemaFilter: ['public'],
});
