import type { Client } from '@temporalio/client';
import { mkdtempSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PeopleRegistry } from '../activities/store';
import { startElection, inputProblems } from '../client/commands/start';
import { DEMO_ARGON2, DEMO_COUNTY, DEMO_PASSWORD, demoTotpSecret, prepareDemoAccounts, prepareDeskPeople } from '../client/demo/deskDemo';
import { prepareOfficeSigners, REGISTRY_KEEPER, type OfficeSigners } from '../client/demo/officeSigners';
import { demoSeats, nextScriptedDecision, SCRIPTED_PEOPLE, type OfficeScript } from '../client/demo/townOffice';
import { approvalsInbox, inboxQuery, INBOX_CONCURRENCY } from '../client/inbox';
import { sendDecision } from '../client/sendDecision';
import { signDecision } from '../client/signing';
import { eachAtMost } from '../common/concurrency';
import { base32Decode, hotp, TOTP } from '../desk/auth/totp';
import { loadOrCreateDeskKey, type DeskKeyFile } from '../desk/deskKey';
import { formValues } from '../desk/forms';
import { APPROVING_ROLES, startDesk } from '../desk/start';
import type { ElectionFacts } from '../machines/facts';
import { decideUpdate, electionWorkflowId, factsQuery, statusQuery } from '../workflows/contract';
import type { BenchEnvironment } from './environment';
import { DeskBrowser, formTokenOf } from './deskBrowser';
import { percentile, round, startStretch } from './measure';
import { villageInput } from './villages';

/** The desk's county: 15 towns of 20 villages, every town in the demo's county. */
export const DESK_TOWNS = 15;
export const DESK_VILLAGES_PER_TOWN = 20;
/** Who signs in: the demo's town committee member, given the town committee's assignment over every town of the county. */
const APPROVER = { id: 'wang.jianguo', role: 'town-committee' } as const;
const STARTER = SCRIPTED_PEOPLE['town-committee'];

/** How many times each figure is taken. */
export interface DeskCounts {
  /** Inbox pages requested and timed, after `warmUps` untimed ones. */
  inboxRequests: number;
  warmUps: number;
  /** Direct calls of `approvalsInbox` (and of the visibility listing alone), for the breakdown. */
  inboxCalls: number;
  /** Villages approved through the desk's form, and as many sent the same decision directly. */
  decisions: number;
}

export const DESK_COUNTS: DeskCounts = { inboxRequests: 30, warmUps: 3, inboxCalls: 10, decisions: 20 };

/** The middle, the 95th percentile and the slowest of a list of times, in ms. */
export interface Spread {
  count: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

const spread = (ms: number[]): Spread => ({
  count: ms.length,
  p50Ms: round(percentile(ms, 50)),
  p95Ms: round(percentile(ms, 95)),
  maxMs: round(Math.max(...ms)),
});

/** The CPU one call took, on average: this process (all threads; its main thread and busiest other one) and the dev server. */
export interface CallCpu {
  processMs: number;
  /** The desk, the client, and the worker's activities and bridge to its core. */
  mainThreadMs?: number;
  /** The workflow thread, which answers the status queries from the cached villages. */
  busiestOtherThread?: { thread: string; ms: number };
  serverMs?: number;
}

/** Times of one kind of call, and the CPU each took. */
export interface TimedCalls extends Spread {
  cpu: CallCpu;
}

/** Makes `count` calls one after the other, timing each (or taking the time it measured itself) and the CPU of them all. */
async function timedCalls(count: number, serverPid: number | undefined, call: () => Promise<number | void>): Promise<TimedCalls> {
  const ms: number[] = [];
  const stretch = startStretch(serverPid);
  for (let i = 0; i < count; i += 1) {
    const t = performance.now();
    const measured = await call();
    ms.push(typeof measured === 'number' ? measured : performance.now() - t);
  }
  const used = stretch();
  const per = (value: number) => round(value / count);
  return {
    ...spread(ms),
    cpu: {
      processMs: per(used.nodeCpuMs),
      ...(used.mainThreadCpuMs !== undefined ? { mainThreadMs: per(used.mainThreadCpuMs) } : {}),
      ...(used.busiestOtherThread
        ? { busiestOtherThread: { thread: used.busiestOtherThread.thread, ms: per(used.busiestOtherThread.cpuMs) } }
        : {}),
      ...(used.serverCpuMs !== undefined ? { serverMs: per(used.serverCpuMs) } : {}),
    },
  };
}

/** What the desk phase measured. */
export interface DeskFigures {
  towns: number;
  villages: number;
  person: string;
  /** How the demo accounts' passwords are hashed here (sign-in is not among the timed figures). */
  passwordHashing: string;
  /** Registering the people, starting the villages with signed starts and moving each to the start approval. */
  setupS: number;
  signInMs: number;
  loadBefore: number[];
  inbox: {
    /** Entries on the page (`li class="card`): the phase fails unless it is every village. */
    entries: number;
    pageBytes: number;
    /** GET / of the signed-in person, to the last byte of the page. */
    page: TimedCalls;
    /** The route's own work without HTTP, session or rendering: `approvalsInbox` at the desk's concurrency. */
    approvalsInbox: TimedCalls & { concurrency: number };
    /** Its first step alone: the visibility listing of the villages waiting for the role. */
    visibilityList: TimedCalls;
    /** `approvalsInbox` with more status queries at once, to show what the concurrency is worth. */
    approvalsInboxWider: TimedCalls & { concurrency: number };
  };
  decision: {
    /** GET of the APPROVE_START form page. */
    formPage: Spread;
    /** POST of the filled form to the receipt page: checked, signed with the desk's key, sent, the village read again. */
    desk: Spread;
    /** The same decision signed with the desk's key and sent with `sendDecision`, from the client, on other villages. */
    direct: Spread;
  };
  durationS: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const townName = (t: number) => `Benchtown${pad(t + 1)}`;
const villageName = (v: number) => `Village${pad(v + 1)}`;

/**
 * Registers the people the desk phase needs, as the demo does: the scripted office over every town (its town
 * committee signs the starts, its guidance group and village branch move the villages on), the desk's named people
 * and key, the demo accounts; then every town put in the demo's county and the approver assigned over each.
 */
async function preparePeople(
  registry: PeopleRegistry,
  towns: string[],
  keyDir: string,
): Promise<{ signers: OfficeSigners; deskKey: DeskKeyFile }> {
  let signers: OfficeSigners | undefined;
  // The key folder makes every town's call reuse the same keys: one key per scripted person, assigned over each town.
  for (const town of towns) signers = await prepareOfficeSigners(registry, { town, rosterSize: 0, keyDir });
  const { key: deskKey } = loadOrCreateDeskKey(join(keyDir, 'desk-key.json'), 'bench-desk');
  await prepareDeskPeople(registry, deskKey);
  const author = { by: REGISTRY_KEEPER.id, at: new Date().toISOString() };
  for (const town of towns) {
    await registry.setTownCounty(town, DEMO_COUNTY, author);
    await registry.assign({ personId: APPROVER.id, role: APPROVER.role, scope: { town }, validFrom: author.at }, author);
  }
  return { signers: signers!, deskKey };
}

/** Starts one village with a signed start and moves it, by the scripted office's signed decisions, to the town committee's start approval. */
async function villageAtStartApproval(
  client: Client,
  taskQueue: string,
  signers: OfficeSigners,
  town: string,
  village: string,
): Promise<void> {
  const raw = { ...villageInput(village), town, signedDecisions: true };
  const { problems, input } = inputProblems(raw);
  if (!input) throw new Error(`${town}/${village}: invalid input: ${problems.join('; ')}`);
  const started = await startElection(client, raw, input, { taskQueue, signer: { keyFile: signers.keyFileOf(STARTER.id)! } });
  if (started.outcome !== 'started') throw new Error(`${started.workflowId}: ${started.outcome}`);
  const script: OfficeScript = {
    roster: raw.roster,
    representatives: 24,
    ...demoSeats(raw.roster),
    today: new Date().toISOString().slice(0, 10),
  };
  const handle = client.workflow.getHandle(started.workflowId);
  for (let idle = 0; ;) {
    const view = await handle.query(statusQuery);
    if (view.pending.some((p) => p.decision === 'APPROVE_START')) return;
    const decision = view.status === 'running' ? nextScriptedDecision(view, script) : null;
    if (decision) {
      await handle.executeUpdate(decideUpdate, { args: [signers.sign(started.workflowId, decision)] });
      idle = 0;
    } else if (++idle > 250) throw new Error(`${started.workflowId}: stuck at ${view.stage}/${view.step ?? ''} (${view.status})`);
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Visibility lags the workflows by about a second: waits until it lists every village as waiting for the approver's role. */
async function untilListed(client: Client, villages: number): Promise<void> {
  const query = inboxQuery({ role: APPROVER.role });
  for (const giveUpAt = Date.now() + 60_000; ;) {
    const { count } = await client.workflow.count(query);
    if (count === villages) return;
    if (Date.now() > giveUpAt)
      throw new Error(
        `visibility lists ${count} villages waiting for ${APPROVER.role}, not ${villages} (villages of another phase left running?)`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The approval of what the scripted start request asked for: its seats and deputy (the facts hold them only once
 * approved, so the desk's form starts empty and the approver types them) and the village's method.
 */
const approvalOf = (facts: ElectionFacts) => ({ ...demoSeats(facts.roster), method: facts.method });

/**
 * The approvers' desk on a county of 300 villages: every village waiting for the town committee's start approval, the
 * approver signed in over HTTP with password and code; the inbox page timed, next to the calls it makes; then the start
 * approval through the desk's form (form page, then POST to receipt) against the same decision sent from the client.
 */
export async function deskPhase(
  env: BenchEnvironment,
  log: (line: string) => void,
  counts: DeskCounts = DESK_COUNTS,
): Promise<DeskFigures> {
  const began = performance.now();
  const running = await env.startWorker('ours');
  const towns = Array.from({ length: DESK_TOWNS }, (_, t) => townName(t));
  const villages = towns.flatMap((town) => Array.from({ length: DESK_VILLAGES_PER_TOWN }, (_, v) => ({ town, village: villageName(v) })));
  const { signers, deskKey } = await preparePeople(running.store.registry, towns, mkdtempSync(join(env.dir, 'desk-keys-')));
  await prepareDemoAccounts(running.store, { scrutineers: [], approving: APPROVING_ROLES });
  const desk = await startDesk({ client: env.client, store: running.store, deskKey, port: 0, argon2: DEMO_ARGON2 });
  try {
    await eachAtMost(villages, 25, ({ town, village }) => villageAtStartApproval(env.client, running.taskQueue, signers, town, village));
    await untilListed(env.client, villages.length);
    const setupS = round((performance.now() - began) / 1000, 1);
    log(`  ${villages.length} villages waiting for the start approval (${setupS} s); desk on ${desk.url}`);

    const browser = new DeskBrowser(desk.url);
    const signInBegan = performance.now();
    await browser.signIn(APPROVER.id, DEMO_PASSWORD, () =>
      hotp(base32Decode(demoTotpSecret(APPROVER.id)), Math.floor(Date.now() / 1000 / TOTP.periodSeconds)),
    );
    const signInMs = round(performance.now() - signInBegan);

    const loadBefore = loadavg().map((l) => round(l));
    const page = async () => {
      const answer = await browser.get('/');
      const entries = answer.text.split('li class="card').length - 1;
      if (answer.status !== 200 || entries !== villages.length)
        throw new Error(`the inbox answered ${answer.status} with ${entries} entries, not ${villages.length}`);
      return answer;
    };
    for (let i = 0; i < counts.warmUps; i += 1) await page();
    let pageBytes = 0;
    const pages = await timedCalls(counts.inboxRequests, env.server.pid, async () => {
      const answer = await page();
      pageBytes = Buffer.byteLength(answer.text);
      return answer.ms;
    });
    log(`  inbox page: p50 ${pages.p50Ms} ms, p95 ${pages.p95Ms} ms`);

    const timed = (call: () => Promise<unknown>) => timedCalls(counts.inboxCalls, env.server.pid, async () => void (await call()));
    const inboxAt = (concurrency: number) => async () => {
      const inbox = await approvalsInbox(env.client, { role: APPROVER.role }, { concurrency });
      if (inbox.entries.length !== villages.length)
        throw new Error(`approvalsInbox found ${inbox.entries.length} entries, not ${villages.length}`);
    };
    const direct = await timed(inboxAt(INBOX_CONCURRENCY));
    const visibilityList = await timed(async () => {
      for await (const _ of env.client.workflow.list({ query: inboxQuery({ role: APPROVER.role }) }));
    });
    const wider = await timed(inboxAt(32));

    const decision = await decisionRoundTrips(env.client, browser, deskKey, villages.slice(0, 2 * counts.decisions));
    log(`  decision through the desk: p50 ${decision.desk.p50Ms} ms; sent directly: p50 ${decision.direct.p50Ms} ms`);
    return {
      towns: towns.length,
      villages: villages.length,
      person: `${APPROVER.id} (${APPROVER.role} over each of the ${towns.length} towns of ${DEMO_COUNTY})`,
      passwordHashing: `DEMO_ARGON2 (Argon2id m=${DEMO_ARGON2.m} KiB, t=${DEMO_ARGON2.t}, p=${DEMO_ARGON2.p}), as the demo's accounts`,
      setupS,
      signInMs,
      loadBefore,
      inbox: {
        entries: villages.length,
        pageBytes,
        page: pages,
        approvalsInbox: { ...direct, concurrency: INBOX_CONCURRENCY },
        visibilityList,
        approvalsInboxWider: { ...wider, concurrency: 32 },
      },
      decision,
      durationS: round((performance.now() - began) / 1000, 0),
    };
  } finally {
    await desk.close();
    await running.stop();
  }
}

/**
 * The start approval, village by village: one through the desk (the form page, then the filled form posted to the
 * receipt page) and the next sent directly, signed with the desk's key as the desk signs it, alternating.
 */
async function decisionRoundTrips(
  client: Client,
  browser: DeskBrowser,
  deskKey: DeskKeyFile,
  villages: { town: string; village: string }[],
): Promise<DeskFigures['decision']> {
  const formMs: number[] = [];
  const deskMs: number[] = [];
  const directMs: number[] = [];
  for (const [i, { town, village }] of villages.entries()) {
    const workflowId = electionWorkflowId(villageInput(village).term, town, village);
    const handle = client.workflow.getHandle(workflowId);
    const facts = await handle.query(factsQuery);
    if (i % 2 === 1) {
      const began = performance.now();
      const envelope = signDecision({
        workflowId,
        decision: { type: 'APPROVE_START', ...approvalOf(facts) },
        actor: { personId: APPROVER.id, role: APPROVER.role },
        signer: { keyId: deskKey.keyId, secretKey: deskKey.secretKey },
      });
      const receipt = await sendDecision(client, handle, envelope, { deadline: Date.now() + 30_000 });
      directMs.push(performance.now() - began);
      if (receipt.stage === 'startApproval') throw new Error(`${workflowId}: still at ${receipt.stage} after APPROVE_START`);
      continue;
    }
    const path = `/v/${facts.term}/${encodeURIComponent(town)}/${encodeURIComponent(village)}/decide/APPROVE_START`;
    const form = await browser.get(path);
    if (form.status !== 200) throw new Error(`GET ${path}: status ${form.status}; the page begins: ${form.text.slice(0, 300)}`);
    formMs.push(form.ms);
    const body = { _csrf: formTokenOf(form.text), ...formValues('APPROVE_START', approvalOf(facts), facts) };
    const receipt = await browser.post(path, body);
    if (receipt.status !== 200 || !receipt.text.includes('class="receipt"'))
      throw new Error(
        `POST ${path} (${new URLSearchParams(body).toString()}): status ${receipt.status}, no receipt: ${problemsOf(receipt.text)}`,
      );
    deskMs.push(receipt.ms);
  }
  return { formPage: spread(formMs), desk: spread(deskMs), direct: spread(directMs) };
}

/** The error summary of a refused form (its text, without markup), or the page's beginning when it has none. */
function problemsOf(page: string): string {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(page)?.[0] ?? page.slice(0, 600);
  return summary
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
