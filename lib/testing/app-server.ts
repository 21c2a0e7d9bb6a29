import { spawn } from 'node:child_process';

export type AppServer = { url: string; pid: number; output: () => string; stop: () => Promise<void> };

/** Servers started and not yet stopped: a test that times out never reaches its `finally`. */
const started = new Set<() => Promise<void>>();

/** Stops every server this process started (for Playwright's `test.afterEach`). */
export async function stopAppServers() {
  await Promise.all([...started].map((stop) => stop()));
}

/**
 * Runs the app as `npm run dev` / `npm start` do (lib/server/boot.ts), on its own port, keeping
 * everything it prints on stdout and stderr. The database comes from DATABASE_URL. Used by the
 * e2e specs that start their own server and by `npm run bench`.
 */
export async function startAppServer(mode: 'dev' | 'start', port: number, env: Record<string, string | undefined>, nodeFlags: string[] = []): Promise<AppServer> {
  const url = `http://localhost:${port}`;
  const childEnv: Record<string, string | undefined> = { ...process.env, PORT: String(port), APP_URL: url, NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: undefined, ...env };
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  // Typed loosely: Next.js declares NODE_ENV as always present, and the child must choose its own.
  const chunks: string[] = [];
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'lib/server/boot.ts', mode], { env: childEnv as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  // The whole process group: boot.ts runs the Next.js server (and in dev its workers) as children.
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    started.delete(stop);
    if (!running || child.pid === undefined) return;
    signal('SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000));
    if ((await Promise.race([exited, timeout])) === 'timeout') signal('SIGKILL');
  };
  started.add(stop);

  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (!running) throw new Error(`${mode} server exited:\n${chunks.join('')}`);
    const healthy = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (healthy) return { url, pid: child.pid!, output: () => chunks.join(''), stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`${mode} server not healthy within 180 s:\n${chunks.join('')}`);
}
