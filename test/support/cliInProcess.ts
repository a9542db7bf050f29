import { main } from '../../client/cli';

/** Runs the CLI in this process and returns its exit code and what it printed on stdout and stderr. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true)),
  ];
  try {
    return { code: await main(argv), out, err };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}
