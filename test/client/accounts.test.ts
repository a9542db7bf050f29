import { Readable } from 'node:stream';
import type { OutcomeStore } from '../../activities/store';
import { accountsCommandReading } from '../../client/commands/accounts';
import { DeskAccounts, ensureDemoAccount } from '../../desk/auth/accounts';
import { verifyPassword } from '../../desk/auth/password';
import { runCli } from '../support/cliInProcess';
import { STORE_KINDS, storeUrl, tempStore } from '../support/stores';

/** Runs `election accounts` with `stdin` as its standard input, capturing what it prints. */
async function accounts(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const command = accountsCommandReading(() => Readable.from([stdin]));
  let out = '';
  let err = '';
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true)),
  ];
  try {
    return { code: await command.run(args), out, err };
  } catch (error) {
    return { code: (error as { exitCode?: number }).exitCode ?? 1, out, err: (error as Error).message };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

describe.each(STORE_KINDS)('election accounts on %s', (kind) => {
  let store: OutcomeStore;
  const storeArgs = () => (kind === 'SQLite' ? ['--store', store.location] : []);
  const oldUrl = process.env.DATABASE_URL;

  beforeEach(async () => {
    store = await tempStore(kind);
    if (kind === 'PostgreSQL') process.env.DATABASE_URL = storeUrl(store);
    await store.registry.addPerson({ id: 'tc.zhang', name: '张建国' }, { by: 'tc.zhang', at: '2026-12-01T00:00:00.000Z' });
  });
  afterEach(async () => {
    if (oldUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oldUrl;
    await store?.close();
  });

  it('sets a password read from standard input, never from the command line, as an Argon2id hash', async () => {
    const set = await accounts(['set-password', '--person', 'tc.zhang', ...storeArgs()], 'qingshan-committee-2026\n');
    expect(set).toEqual(expect.objectContaining({ code: 0, out: 'password set for tc.zhang; their open sessions are ended\n' }));
    const row = await store.deskAccounts.account('tc.zhang');
    expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword('qingshan-committee-2026', row!.password_hash!)).toBe(true);
    expect((await accounts(['set-password', '--person', 'tc.zhang', '--password', 'x', ...storeArgs()])).code).toBe(2);
  });

  it('refuses a short password and a person the registry does not know, saying what would do', async () => {
    const short = await accounts(['set-password', '--person', 'tc.zhang', ...storeArgs()], 'short\n');
    expect(short.code).toBe(3);
    expect(short.err).toBe('password: got 5 characters; expected at least 12 (a few words in a row are easy to remember)');
    const unknown = await accounts(['set-password', '--person', 'nobody', ...storeArgs()], 'a long enough passphrase\n');
    expect(unknown.code).toBe(3);
    expect(unknown.err).toBe('person: got "nobody"; expected the id of a person of the people registry');
  });

  it('unlocks, resets the code, lists the accounts and shows the sign-in log', async () => {
    const desk = new DeskAccounts(store.deskAccounts, { argon2: { m: 256, t: 1, p: 1 } });
    await ensureDemoAccount(desk, {
      personId: 'tc.zhang',
      password: 'qingshan-committee-2026',
      totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    });
    const rule = { limit: 2, windowMs: 60_000, lockMs: 600_000 };
    const at = Date.now();
    await desk.checkPassword('tc.zhang', 'wrong-password-1', rule, { at, client: '10.1.2.3' });
    expect(await desk.checkPassword('tc.zhang', 'wrong-password-2', rule, { at, client: '10.1.2.3' })).toEqual(
      expect.objectContaining({ kind: 'locked' }),
    );
    const listed = JSON.parse((await accounts(['list', '--json', ...storeArgs()])).out);
    expect(listed).toEqual([
      expect.objectContaining({ personId: 'tc.zhang', hasPassword: true, totpEnrolled: true, lockedUntil: expect.any(String) }),
    ]);

    expect((await accounts(['unlock', '--person', 'tc.zhang', ...storeArgs()])).out).toBe('tc.zhang unlocked\n');
    expect((await accounts(['reset-code', '--person', 'tc.zhang', ...storeArgs()])).code).toBe(0);
    expect(await desk.account('tc.zhang')).toEqual(expect.objectContaining({ totpEnrolled: false, failedAttempts: 0 }));
    expect((await desk.account('tc.zhang'))?.lockedUntil).toBeUndefined();

    const log = JSON.parse((await accounts(['log', '--person', 'tc.zhang', '--json', ...storeArgs()])).out) as { event: string }[];
    expect(log.map((l) => l.event)).toEqual(['password-set', 'wrong-password', 'wrong-password', 'locked', 'unlocked', 'code-reset']);
    const text = (await accounts(['log', ...storeArgs()])).out;
    expect(text).toContain('wrong-password  tc.zhang  from 10.1.2.3');
  });

  it('is listed by the CLI, with its help', async () => {
    const help = await runCli(['accounts', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('election accounts set-password --person ID');
  });
});
