import type { WorkflowHandle } from '@temporalio/client';
import { REGISTRY_KEEPER } from '../../../client/demo/officeSigners';
import { availablePapers, verifyPaperCode } from '../../../papers';
import { ensureDemoAccount } from '../../../desk/auth/accounts';
import type { ElectionInputRaw } from '../../../machines/input';
import { factsQuery } from '../../../workflows/contract';
import { Browser } from '../auth/deskAuthApp';
import { deskPerson, PASSWORD, useDesk } from '../../support/desk';
import { scriptFor, status, villageInput } from '../../support/election';
import { pdfSlots } from '../../../desk/routes/print';
import { startSignedVillage } from '../../support/signedStart';
import { driveSignedUntil } from '../../support/signers';

const env = useDesk();

/** A person assigned over another town only: signed in, but the test's village is outside their scope. */
const OUTSIDER = { id: 'outsider.qian', name: '钱外', town: 'Dongshan' };

const signedIn = async (personId: string) => {
  const browser = new Browser(env.desk.url);
  const answer = await browser.signIn(personId, PASSWORD);
  expect(answer.statusCode).toBe(303);
  return browser;
};

/** A GET whose body is kept as bytes (a PDF), with the browser's session cookie. */
async function getBytes(browser: Browser, path: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  const answer = await fetch(new URL(path, env.desk.url), { headers: { cookie }, redirect: 'manual' });
  return { status: answer.status, headers: answer.headers, body: Buffer.from(await answer.arrayBuffer()) };
}

let input: ElectionInputRaw;
let handle: WorkflowHandle;
let villagePath: string;
let cadre: Browser;

beforeAll(async () => {
  input = villageInput();
  handle = await startSignedVillage(env.client, env.taskQueue, input, { keyFile: env.signers.keyFileOf('script-town')! });
  await driveSignedUntil(handle, env.signers, scriptFor(input), (view) => view.status !== 'running', undefined, 120_000);
  villagePath = `/v/${input.term}/${encodeURIComponent(input.town)}/${encodeURIComponent(input.village)}`;
  const author = { by: REGISTRY_KEEPER.id, at: new Date().toISOString() };
  await env.store.registry.addPerson({ id: OUTSIDER.id, name: OUTSIDER.name }, author);
  await env.store.registry.assign(
    { personId: OUTSIDER.id, role: 'guidance-group', scope: { town: OUTSIDER.town }, validFrom: author.at },
    author,
  );
  await ensureDemoAccount(env.desk.accounts, { personId: OUTSIDER.id, password: PASSWORD });
  cadre = await signedIn(deskPerson('guidance-group').id);
}, 180_000);

describe('printing a village’s papers at the desk', () => {
  it('lists every paper the record allows on the village page, each round its own, as a page and as PDF', async () => {
    expect((await status(handle)).stage).toBe('completed');
    const page = await cadre.get(villagePath);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('打印文书');
    const links = [...page.body.matchAll(/href="([^"]*\/print\/[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    const papers = await availablePapers(env.store, input);
    expect(papers).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'ballot', round: 1 })]));
    expect(papers).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'count-sheet', round: 1 })]));
    const href = (p: { kind: string; round?: number }) =>
      `${villagePath}/print/${p.kind}${p.round !== undefined ? `?round=${p.round}` : ''}`;
    const pdf = (p: { kind: string; round?: number }) => `${href(p)}${p.round !== undefined ? '&' : '?'}format=pdf`;
    expect(links).toEqual(papers.flatMap((p) => [href(p), pdf(p)]));
    for (const p of papers) expect(page.body).toContain(p.title);
  });

  it('serves the ballot as a sandboxed document of its own naming the candidates, with no mark on it', async () => {
    const facts = await handle.query(factsQuery);
    const answer = await cadre.get(`${villagePath}/print/ballot?round=1`);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    expect(answer.body).toMatch(/^<!doctype html>/i);
    expect(answer.body).toContain('选票');
    expect(answer.body).not.toMatch(/<script/i);
    const candidates = facts.candidates.map((id) => facts.roster.find((m) => m.id === id)!.name);
    expect(candidates.length).toBeGreaterThan(0);
    for (const name of candidates) expect(answer.body).toContain(name);
    // A ballot is secret: neither a verification code nor who printed it.
    expect(answer.body).not.toContain('核验码');
    expect(answer.body).not.toContain(deskPerson('guidance-group').name);
  });

  it('registers a count sheet printed at the desk as printed by the person signed in, under the code it carries', async () => {
    const answer = await cadre.get(`${villagePath}/print/count-sheet?round=1`);
    expect(answer.statusCode).toBe(200);
    const code = /核验码 ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(answer.body)?.[1];
    expect(code).toBeDefined();
    const registered = await env.store.papers.byCode(code!);
    expect(registered).toMatchObject({ kind: 'count-sheet', round: 1, printed_by: deskPerson('guidance-group').name });
    await expect(verifyPaperCode(env.store, code!)).resolves.toMatchObject({ ok: true, problems: [] });
  });

  it('prints the count sheet to PDF, an A4 file named after the paper', async () => {
    const answer = await getBytes(cadre, `${villagePath}/print/count-sheet?round=1&format=pdf`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+\.pdf"; filename\*=UTF-8''\S+\.pdf$/);
    expect(answer.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [width, height] = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(answer.body.toString('latin1'))!.slice(1).map(Number);
    expect(Math.abs(width! - 595.28)).toBeLessThan(1.5);
    expect(Math.abs(height! - 841.89)).toBeLessThan(1.5);
  }, 60_000);

  it('makes two PDFs at a time and asks a third person to try again shortly, never queueing Chromiums without bound', async () => {
    // Two PDFs in the making (their slots held here, as two other people's requests would hold them).
    const held = [pdfSlots.take(), pdfSlots.take()];
    try {
      expect(held.every((release) => release !== undefined)).toBe(true);
      const busy = await getBytes(cadre, `${villagePath}/print/ballot?round=1&format=pdf`);
      expect(busy.status).toBe(503);
      expect(busy.body.toString('utf8')).toContain('正在生成其他文书的 PDF');
      held.pop()!();
      await expect(getBytes(cadre, `${villagePath}/print/ballot?round=1&format=pdf`)).resolves.toMatchObject({ status: 200 });
    } finally {
      for (const release of held) release?.();
    }
    // Once they are done, the next one is made.
    await expect(getBytes(cadre, `${villagePath}/print/ballot?round=1&format=pdf`)).resolves.toMatchObject({ status: 200 });
  }, 90_000);

  it('refuses a paper kind it does not print, naming the kind and the kinds it prints', async () => {
    const answer = await cadre.get(`${villagePath}/print/ballots`, { 'accept-language': 'en' });
    expect(answer.statusCode).toBe(404);
    expect(answer.body).toContain('kind: got ballots; accepted: one of start-request, start-reply');
  });

  it('refuses a round that is not a number with 400, and a round never held with 404, each naming the round', async () => {
    const bad = await cadre.get(`${villagePath}/print/ballot?round=first`, { 'accept-language': 'en' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('round: got first');
    const unheld = await cadre.get(`${villagePath}/print/count-sheet?round=7`, { 'accept-language': 'en' });
    expect(unheld.statusCode).toBe(404);
    expect(unheld.body).toMatch(/round: got 7/);
  });

  it('shows a person whose assignments do not cover the village neither its page nor its papers', async () => {
    const outsider = await signedIn(OUTSIDER.id);
    const page = await outsider.get(villagePath);
    expect(page.statusCode).toBe(404);
    const paper = await outsider.get(`${villagePath}/print/ballot?round=1`);
    expect(paper.statusCode).toBe(404);
    for (const name of input.roster.map((m) => m.name)) expect(paper.body).not.toContain(name);
    const pdf = await getBytes(outsider, `${villagePath}/print/ballot?round=1&format=pdf`);
    expect(pdf.status).toBe(404);
    expect(pdf.body.subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
  });

  it('shows a village just started with its print section and no ballot yet', async () => {
    const fresh = villageInput();
    await startSignedVillage(env.client, env.taskQueue, fresh, { keyFile: env.signers.keyFileOf('script-town')! });
    const path = `/v/${fresh.term}/${encodeURIComponent(fresh.town)}/${encodeURIComponent(fresh.village)}`;
    const page = await cadre.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('打印文书');
    expect(page.body).not.toContain(`${path}/print/ballot`);
    const ballot = await cadre.get(`${path}/print/ballot?round=1`, { 'accept-language': 'en' });
    expect(ballot.statusCode).toBe(404);
    expect(ballot.body).toContain('Cannot print: ');
  });

  it('sends a person who is not signed in to the sign-in page', async () => {
    const answer = await new Browser(env.desk.url).get(`${villagePath}/print/ballot?round=1`);
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toMatch(/^\/login/);
  });
  // Last: it deletes the file's village from Temporal.
  it('prints from the record alone once Temporal has forgotten the workflow, as it does past its retention', async () => {
    const before = await cadre.get(`${villagePath}/print/count-sheet?round=1`);
    await env.client.workflowService.deleteWorkflowExecution({
      namespace: env.client.options.namespace,
      workflowExecution: { workflowId: handle.workflowId },
    });
    // Temporal deletes in the background (about 20 s on the dev server).
    for (const deadline = Date.now() + 60_000; ; await new Promise((resolve) => setTimeout(resolve, 200))) {
      if (Date.now() > deadline) throw new Error('Temporal still describes the deleted workflow');
      if (
        await handle.describe().then(
          () => false,
          () => true,
        )
      )
        break;
    }
    const after = await cadre.get(`${villagePath}/print/count-sheet?round=1`);
    expect(after.statusCode).toBe(200);
    const codeOf = (body: string) => /核验码 ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(body)?.[1];
    expect(codeOf(after.body)).toBeDefined();
    expect(codeOf(after.body)).toBe(codeOf(before.body));
  }, 90_000);
});
