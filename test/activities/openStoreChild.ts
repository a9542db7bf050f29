import { openStore } from '../../activities/store';

/*
 * A process that opens (and so migrates) the SQLite store named by argv[2] at the wall-clock time argv[3], so that
 * two of them race on one fresh file; prints the migrations it then sees. Run by storeDurability.test.ts.
 */
const [file, at] = process.argv.slice(2) as [string, string];

async function main(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(at) - Date.now())));
  const store = await openStore({ file });
  try {
    process.stdout.write(JSON.stringify(await store.migrations()));
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
