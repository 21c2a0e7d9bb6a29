/**
 * `npm test`: one fresh migrated Postgres (embedded unless DATABASE_URL is set), then unit and
 * integration tests (vitest), a production build, and the Playwright suite against it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startTestDatabase } from './test-database';

type Step = { name: string; command: string; args: string[]; env?: Record<string, string> };

function run(step: Step, env: NodeJS.ProcessEnv): Promise<number> {
  console.log(`\n=== ${step.name}: ${step.command} ${step.args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { stdio: 'inherit', env: { ...env, ...step.env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const only = process.argv[2];
// Anything after the step name goes to that step's runner, e.g. `npm test -- e2e e2e/scim-okta.spec.ts`.
const extra = process.argv.slice(3);
const started = Date.now();
const database = await startTestDatabase();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: database.url,
  SSO_TEST_DATABASE_READY: '1',
  AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString('base64url'),
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? '.next-test',
  NEXT_TELEMETRY_DISABLED: '1',
};

const steps: Step[] = [
  // Given files run as asked; the whole suite runs as vitest.config.ts's two projects.
  ...(only === 'unit' && extra.length > 0
    ? [{ name: 'unit + integration', command: 'npx', args: ['vitest', 'run', ...extra] }]
    : [
        { name: 'unit + integration (isolated files)', command: 'npx', args: ['vitest', 'run', '--project', 'isolated'] },
        { name: 'unit + integration (shared modules)', command: 'npx', args: ['vitest', 'run', '--project', 'shared', '--no-isolate'] },
      ]),
  { name: 'build', command: 'npx', args: ['next', 'build'], env: { NODE_ENV: 'production' } },
  { name: 'end-to-end', command: 'npx', args: ['playwright', 'test', ...(only === 'e2e' ? extra : [])] },
].filter((step) => !only || step.name.startsWith(only) || (only === 'e2e' && !step.name.startsWith('unit')));

const results: { name: string; code: number }[] = [];
try {
  for (const step of steps) {
    const code = await run(step, env);
    results.push({ name: step.name, code });
    if (code !== 0) break;
  }
} finally {
  await database.stop();
}

const failed = results.filter((r) => r.code !== 0).length;
const passed = results.length - failed;
console.log(`\n${results.map((r) => `${r.code === 0 ? 'PASS' : 'FAIL'} ${r.name}`).join('\n')}`);
console.log(`steps (${Math.round((Date.now() - started) / 1000)} s): ${passed} passed, ${failed + (steps.length - results.length)} failed`);
process.exit(failed === 0 && results.length === steps.length ? 0 : 1);
