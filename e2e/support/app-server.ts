import { spawn } from 'node:child_process';

export type AppServer = { url: string; output: () => string; stop: () => Promise<void> };

/**
 * Runs the app as `npm run dev` / `npm start` do (lib/server/boot.ts), on its own port, keeping
 * everything it prints on stdout and stderr. The test database comes from DATABASE_URL.
 */
export async function startAppServer(mode: 'dev' | 'start', port: number, env: Record<string, string | undefined>): Promise<AppServer> {
  const url = `http://localhost:${port}`;
  const childEnv: Record<string, string | undefined> = { ...process.env, PORT: String(port), APP_URL: url, NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: undefined, ...env };
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  // Typed loosely: Next.js declares NODE_ENV as always present, and the child must choose its own.
  const chunks: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/server/boot.ts', mode], { env: childEnv as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  const stop = async () => {
    if (!running || child.pid === undefined) return;
    process.kill(child.pid, 'SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000));
    if ((await Promise.race([exited, timeout])) === 'timeout') process.kill(-child.pid, 'SIGKILL');
  };

  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (!running) throw new Error(`${mode} server exited:\n${chunks.join('')}`);
    const healthy = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (healthy) return { url, output: () => chunks.join(''), stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`${mode} server not healthy within 180 s:\n${chunks.join('')}`);
}
