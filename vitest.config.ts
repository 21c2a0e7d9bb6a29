import path from 'node:path';
import { defineConfig } from 'vitest/config';

// These files mock modules (vi.mock) or set process.env for their own process, so they need a
// fresh module graph each. Every other file can share its worker's modules with the files before
// it: `npm test` runs the two projects one after the other, 'shared' with --no-isolate (Vitest
// sets isolation per run, not per project), because re-importing Next, Drizzle and Jackson for
// every file cost ~90 s of a ~220 s run.
const needsIsolation = [
  'lib/auth/authorization.test.ts',
  'lib/auth/options.test.ts',
  'lib/orgs/dns-servers.test.ts',
  'lib/orgs/setup-link-lookup.test.ts',
  'lib/orgs/setup-links.test.ts',
];

const resolve = {
  alias: {
    '@': path.resolve(import.meta.dirname),
    // Next.js resolves `server-only` to an empty module on the server; tests run server code too.
    'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
  },
};
const common = { setupFiles: ['lib/testing/vitest-env.ts'], pool: 'forks' as const, testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
  resolve,
  test: {
    // Once for the whole run (the projects do not repeat it).
    globalSetup: ['lib/testing/vitest-global-setup.ts'],
    projects: [
      { resolve, test: { ...common, name: 'isolated', include: needsIsolation } },
      { resolve, test: { ...common, name: 'shared', include: ['lib/**/*.test.ts'], exclude: needsIsolation } },
    ],
  },
});
