import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { request as httpRequest } from 'node:http';
import type { CodecRequest } from '../../../activities/store';
import { REGISTRY_KEEPER } from '../../../client/demo/officeSigners';
import { ensureDemoAccount } from '../../../desk/auth/accounts';
import type { ElectionInputRaw } from '../../../machines/input';
import { villageInput } from '../../support/election';
import { deskPerson, PASSWORD, useDesk } from '../../support/desk';
import { startSignedVillage } from '../../support/signedStart';
import { testAddress } from '../../support/temporal';
import { runCli } from '../../support/cliInProcess';
import { Browser } from '../auth/deskAuthApp';

/** The Web UI's origin as the desk is told it; the page that calls the codec endpoint from there. */
const UI = 'http://127.0.0.1:18233';
const env = useDesk({ temporalUi: UI });

/** A person assigned over another town only: signed in, but the test's villages are outside their scope. */
const OUTSIDER = { id: 'outsider.zhao', name: '赵外', town: 'Dongshan' };

type WirePayload = { metadata: Record<string, string>; data: string };

/** A raw payload of the history, as the Web UI sends it: metadata and data in base64, still sealed. */
const wire = (p: temporal.api.common.v1.IPayload): WirePayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

/** The village's workflow input as its history holds it (read with a client that has no codec) and its summary. */
async function rawStartPayloads(workflowId: string): Promise<WirePayload[]> {
  const connection = await Connection.connect({ address: testAddress() });
  try {
    const history = await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    return (started?.input?.payloads ?? []).map(wire);
  } finally {
    await connection.close();
  }
}

/** A call to the codec endpoint as a browser page at `origin` makes it (JSON, the namespace, the person's cookie). */
function call(browser: Browser, action: 'decode' | 'encode', payloads: unknown[], headers: Record<string, string> = {}) {
  return browser.request(
    'POST',
    `/codec/${action}?preserveStorageRefs=true`,
    { 'content-type': 'application/json', 'x-namespace': 'default', origin: UI, ...headers },
    JSON.stringify({ payloads }),
  );
}

/** A CORS preflight as Chromium sends it before the UI's call. */
function preflight(origin: string, requestHeaders = 'content-type,x-namespace') {
  return new Promise<{ statusCode: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const req = httpRequest(new URL('/codec/decode', env.desk.url), {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ statusCode: res.statusCode!, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

const signedIn = async (personId: string) => {
  const browser = new Browser(env.desk.url);
  const answer = await browser.signIn(personId, PASSWORD);
  expect(answer.statusCode).toBe(303);
  return browser;
};

const since = new Date().toISOString();
/** The codec log's lines written since this file started. */
const logged = async (): Promise<CodecRequest[]> => env.store.codecRequests.lines({ since });

let input: ElectionInputRaw;
let workflowId: string;
let sealed: WirePayload[];

beforeAll(async () => {
  input = villageInput();
  const handle = await startSignedVillage(env.client, env.taskQueue, input, { keyFile: env.signers.keyFileOf('script-town')! });
  workflowId = handle.workflowId;
  sealed = await rawStartPayloads(workflowId);
  const author = { by: REGISTRY_KEEPER.id, at: new Date().toISOString() };
  await env.store.registry.addPerson({ id: OUTSIDER.id, name: OUTSIDER.name }, author);
  await env.store.registry.assign(
    { personId: OUTSIDER.id, role: 'guidance-group', scope: { town: OUTSIDER.town }, validFrom: author.at },
    author,
  );
  await ensureDemoAccount(env.desk.accounts, { personId: OUTSIDER.id, password: PASSWORD });
});

describe('the codec server of the Web UI', () => {
  it('holds the village’s input sealed in the history, labelled with its workflow', () => {
    expect(sealed).toHaveLength(1);
    const metadata = Object.fromEntries(Object.entries(sealed[0]!.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    expect(metadata).toMatchObject({ encoding: 'binary/encrypted', 'election-workflow-id': workflowId });
    // Searched as UTF-8 bytes: the names are in Chinese characters, which no single-byte reading of the data would show.
    const data = Buffer.from(sealed[0]!.data, 'base64');
    for (const value of [input.roster[0]!.name, input.roster[0]!.pinyin!]) expect(data.includes(Buffer.from(value, 'utf8'))).toBe(false);
  });

  it('refuses without a session: 401, nothing decoded, and the refusal logged', async () => {
    const answer = await call(new Browser(env.desk.url), 'decode', sealed);
    expect(answer.statusCode).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ reason: 'signed-out' });
    expect(answer.body).not.toContain(input.roster[0]!.name);
    // The UI may read the refusal (its own origin), so it shows that decoding failed rather than retrying.
    expect(answer.headers['access-control-allow-origin']).toBe(UI);
    expect((await logged()).filter((l) => l.reason === 'signed-out')).toEqual([
      expect.objectContaining({ personId: null, action: 'decode', outcome: 'refused', origin: UI, payloads: 1, workflowIds: [workflowId] }),
    ]);
  });

  it('refuses a person whose assignments do not cover the village: 403 naming the workflow, nothing decoded', async () => {
    const outsider = await signedIn(OUTSIDER.id);
    const answer = await call(outsider, 'decode', sealed, { 'accept-language': 'en' });
    expect(answer.statusCode).toBe(403);
    const body = JSON.parse(answer.body) as { error: string; reason: string; payloads?: unknown };
    expect(body.reason).toBe('out-of-scope');
    expect(body.payloads).toBeUndefined();
    expect(body.error).toContain(workflowId);
    expect(body.error).toContain(`accepted: the villages of ${OUTSIDER.town}`);
    expect(answer.body).not.toContain(input.roster[0]!.name);
    expect((await logged()).filter((l) => l.personId === OUTSIDER.id)).toEqual([
      expect.objectContaining({ action: 'decode', outcome: 'refused', reason: 'out-of-scope', workflowIds: [workflowId], payloads: 1 }),
    ]);
  });

  it('refuses a person whose role needs a second factor until they pass it', async () => {
    const secretary = await signedIn(deskPerson('town-committee').id);
    const answer = await call(secretary, 'decode', sealed);
    expect(answer.statusCode).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ reason: 'second-factor' });
    expect(answer.body).not.toContain(input.roster[0]!.name);
  });

  it('decodes for a person who may see the village: the roster as the workflow received it, and logs who decoded what', async () => {
    const cadre = await signedIn(deskPerson('guidance-group').id);
    const answer = await call(cadre, 'decode', sealed);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(UI);
    expect(answer.headers['access-control-allow-credentials']).toBe('true');
    const { payloads } = JSON.parse(answer.body) as { payloads: WirePayload[] };
    expect(payloads).toHaveLength(1);
    expect(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    const opened = JSON.parse(Buffer.from(payloads[0]!.data, 'base64').toString('utf8')) as {
      roster: { name: string; pinyin?: string }[];
      village: string;
    };
    expect(opened.village).toBe(input.village);
    expect(opened.roster.map((m) => [m.name, m.pinyin])).toEqual(input.roster.map((m) => [m.name, m.pinyin]));
    const lines = (await logged()).filter((l) => l.personId === deskPerson('guidance-group').id);
    expect(lines).toEqual([
      expect.objectContaining({
        action: 'decode',
        outcome: 'decoded',
        reason: null,
        workflowIds: [workflowId],
        payloads: 1,
        origin: UI,
        namespace: 'default',
      }),
    ]);
    // The log names villages' workflows, never what the payloads hold.
    expect(JSON.stringify(await logged())).not.toContain(input.roster[0]!.name);
  });

  it('answers no other origin: no CORS allowance on its preflight or its call, and the call refused and logged', async () => {
    const elsewhere = 'http://127.0.0.1:9';
    const refused = await preflight(elsewhere);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await preflight(UI);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': UI,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST',
    });
    expect(String(allowed.headers['access-control-allow-headers'])).toMatch(/x-namespace/);
    // A header the UI does not send (an access token) is not allowed either.
    expect((await preflight(UI, 'content-type,x-namespace,authorization')).statusCode).toBe(403);

    const cadre = await signedIn(deskPerson('guidance-group').id);
    const answer = await call(cadre, 'decode', sealed, { origin: elsewhere });
    expect(answer.statusCode).toBe(403);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(JSON.parse(answer.body)).toMatchObject({ reason: 'origin' });
    expect(answer.body).not.toContain(input.roster[0]!.name);
    const origins = (await logged()).filter((l) => l.origin === elsewhere);
    expect(origins.map((l) => [l.action, l.outcome, l.reason?.split(':')[0]])).toEqual([
      ['preflight', 'refused', 'decode'],
      ['decode', 'refused', 'origin'],
    ]);
  });

  it('refuses another namespace, a body that is not the protocol’s, and a form post', async () => {
    const cadre = await signedIn(deskPerson('guidance-group').id);
    expect((await call(cadre, 'decode', sealed, { 'x-namespace': 'other' })).statusCode).toBe(403);
    expect((await call(cadre, 'decode', [{ metadata: { encoding: 'not base64!' }, data: '' }])).statusCode).toBe(400);
    const form = await cadre.request(
      'POST',
      '/codec/decode',
      { 'content-type': 'application/x-www-form-urlencoded', origin: UI },
      'payloads=1',
    );
    expect(form.statusCode).toBe(415);
  });

  it('encodes for a signed-in person, without a village label, so its payloads are never decoded here', async () => {
    const cadre = await signedIn(deskPerson('guidance-group').id);
    const typed = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('"a note"').toString('base64'),
    };
    expect((await call(new Browser(env.desk.url), 'encode', [typed])).statusCode).toBe(401);
    const answer = await call(cadre, 'encode', [typed]);
    expect(answer.statusCode).toBe(200);
    const { payloads } = JSON.parse(answer.body) as { payloads: WirePayload[] };
    expect(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(payloads[0]!.metadata['election-workflow-id']).toBeUndefined();
    const back = await call(cadre, 'decode', payloads);
    expect(back.statusCode).toBe(403);
    expect(JSON.parse(back.body)).toMatchObject({ reason: 'unlabelled' });
    const mine = (await logged()).filter((l) => l.personId === deskPerson('guidance-group').id && l.action === 'encode');
    expect(mine).toEqual([expect.objectContaining({ outcome: 'encoded', workflowIds: [], payloads: 1 })]);
  });

  it('is read back with `election codec log`: who, which workflow, the outcome and the origin, never a roster value', async () => {
    const cadre = deskPerson('guidance-group').id;
    const json = await runCli(['codec', 'log', '--store', env.store.location, '--person', cadre, '--json']);
    expect(json.code).toBe(0);
    const lines = JSON.parse(json.out) as CodecRequest[];
    expect(lines.map((l) => `${l.action} ${l.outcome}`)).toEqual(
      expect.arrayContaining(['decode decoded', 'decode refused', 'encode encoded']),
    );
    expect(lines.every((l) => l.personId === cadre)).toBe(true);
    const text = await runCli(['codec', 'log', '--store', env.store.location, '--workflow-id', workflowId]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(
      new RegExp(`decode\\s+decoded\\s+${cadre.replace('.', '\\.')}\\s+1 payload\\(s\\)  ${workflowId}  from ${UI}`),
    );
    expect(text.out).toContain('(no session)');
    expect(text.out).toContain('(out-of-scope)');
    for (const member of input.roster) expect(json.out + text.out).not.toContain(member.name);
    const stray = await runCli(['codec', 'log', '--file', 'x']);
    expect(stray.code).not.toBe(0);
    expect(stray.err).toContain('--file: not taken by `codec log`');
  });
});
