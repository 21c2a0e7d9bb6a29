import { spawn } from 'node:child_process';
import type { ScimHttpSubject } from '../scenarios/scim';

export type JacksonSubject = { scim: ScimHttpSubject; pid: number; stop: () => Promise<void> };

/** Starts ./jackson-server.ts in its own process on Jackson's database and waits for its first line. */
export async function startJackson(databaseUrl: string): Promise<JacksonSubject> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/subjects/jackson-server.ts'], {
    env: { ...process.env, JACKSON_DATABASE_URL: databaseUrl, PORT: '0', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const ready = await new Promise<{ port: number; directoryId: string; secret: string }>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`Jackson's server exited (${code}): ${errors}`)));
    setTimeout(() => reject(new Error(`Jackson's server did not start within 60 s: ${errors}`)), 60_000).unref();
  });
  return {
    pid: child.pid!,
    scim: { name: 'SAML Jackson', origin: `http://127.0.0.1:${ready.port}`, basePath: `/api/scim/v2.0/${ready.directoryId}`, token: ready.secret },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
