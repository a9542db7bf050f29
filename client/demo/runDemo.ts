import { ApplicationFailure, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { DecisionEvent } from '../../machines/events';
import type { PublicView } from '../../machines/view';
import { statusQuery } from '../../workflows/contract';
import type { PeopleRegistry } from '../../activities/store';
import { sendDecision, takesSignedDecisions } from '../sendDecision';
import { inputProblems, startElection } from '../commands/start';
import { pad, rolesText, stageText, table } from '../format';
import { HELUO_VILLAGES, heluoInput } from './heluo';
import { prepareOfficeSigners, type OfficeSigners } from './officeSigners';
import { demoSeats, nextScriptedDecision, SCRIPTED_PEOPLE, type OfficeScript } from './townOffice';

type HeluoVillage = (typeof HELUO_VILLAGES)[number];

/** How a village's part in the demo ended; anything but its expected end is a problem to report. */
type VillageEnd =
  { kind: 'completed' | 'postponed' | 'cancelled' } | { kind: 'refused' | 'stuck' | 'error' | 'timeout' | 'interrupted'; detail: string };

interface VillageRun {
  village: HeluoVillage;
  workflowId: string;
  handle: WorkflowHandle;
  script: OfficeScript;
  expected: 'completed' | 'postponed';
  /** Started with signed decisions: every decision goes as an envelope signed by the scripted person it names. */
  signed: boolean;
  view?: PublicView;
  /** The scripted decision that has not yet shown up as a stage change. */
  cause?: string;
  end?: VillageEnd;
}

/** What the demo runs against and how fast its timers and progress go. */
export interface DemoOptions {
  client: Client;
  term?: number;
  /** Length of every demo timer (publicity, notice lead time, ...). */
  timerMs?: number;
  /** The Web UI address, printed with example queries at the end. */
  uiUrl?: string;
  namespace?: string;
  pollMs?: number;
  tableEveryMs?: number;
  timeoutMs?: number;
  /** Ctrl-C: stop driving and summarise. */
  signal?: AbortSignal;
  out?: (line: string) => void;
  /**
   * The people registry the worker reads keyrings from: the office's people, assignments and keys are registered there
   * (idempotently), the villages start with signed decisions and every decision is signed. Without it nothing is signed.
   */
  registry?: PeopleRegistry;
  /** Where the office's private key files are kept (mode 0600), reused by the next run; without it, in memory only. */
  keyDir?: string;
}

/** How the demo ended, village by village. */
export interface DemoSummary {
  completed: string[];
  postponed: string[];
  problems: { village: string; workflowId: string; stage?: string; step?: string; end: string; detail?: string }[];
  /** Every village reached its expected end: completed, or postponed for the one flagged so. */
  ok: boolean;
  elapsedMs: number;
}

const RPC_DEADLINE_MS = 30_000;
/** Polls in a row with nothing to decide and no timer running before a village counts as stuck. */
const STUCK_POLLS = 20;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Heluo Town's demo: starts the 17 villages (idempotently) and drives them with the SCRIPTED TOWN
 * OFFICE until each reaches its expected end: 16 completed, the one flagged `postponed` left postponed.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const { client } = options;
  const term = options.term ?? 2026;
  const timerMs = options.timerMs ?? 3000;
  const pollMs = options.pollMs ?? 250;
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const began = Date.now();
  const deadline = began + (options.timeoutMs ?? Math.max(180_000, 60 * timerMs));
  const elapsed = () => `+${((Date.now() - began) / 1000).toFixed(1)}s`.padStart(7);
  const today = new Date();
  const inAMonth = new Date(today);
  inAMonth.setUTCMonth(inAMonth.getUTCMonth() + 1);

  const signers = options.registry ? await officeSigners(options.registry, options.keyDir, out) : undefined;
  out(`Starting Heluo Town's ${HELUO_VILLAGES.length} villages (term ${term}, demo timers of ${timerMs} ms)`);
  const runs: VillageRun[] = [];
  for (const village of HELUO_VILLAGES) {
    const raw = { ...heluoInput(village, term, timerMs), ...(signers ? { signedDecisions: true } : {}) };
    const { problems, input } = inputProblems(raw);
    if (!input) throw new Error(`the demo input of ${village.name} is invalid: ${problems.join('; ')}`);
    // The town committee's scripted person signs the start of an election with signed decisions.
    const signer = signers ? { keyFile: signers.keyFileOf(SCRIPTED_PEOPLE['town-committee'].id)! } : undefined;
    const started = await startElection(client, raw, input, { signer });
    out(
      started.outcome === 'started'
        ? `  started          ${pad(village.name, 14)} ${started.workflowId}`
        : started.outcome === 'already-started'
          ? `  already started  ${pad(village.name, 14)} ${started.workflowId} (${started.status})`
          : `  started before with another input (an earlier demo's?) ${pad(village.name, 14)} ${started.workflowId} (${started.status}): driven as it is`,
    );
    const roster = input.roster;
    // A village an earlier run started keeps the way it was started: signed or not.
    const signed = started.outcome === 'started' ? signers !== undefined : await takesSignedDecisions(client, started.workflowId);
    if (signed && !signers) throw new Error(`${village.name} takes signed decisions only: run the demo with the people registry`);
    runs.push({
      village,
      workflowId: started.workflowId,
      handle: client.workflow.getHandle(started.workflowId),
      script: { roster, representatives: village.representatives, ...demoSeats(roster), today: isoDay(today) },
      expected: 'postponed' in village && village.postponed ? 'postponed' : 'completed',
      signed: signed === true,
    });
  }

  out('');
  out('SCRIPTED TOWN OFFICE: from here on every decision is made by a script standing in for the town');
  out('committee, the county organisation department, guidance groups, inspection teams, village branches');
  out('and scrutineers (people named "Scripted ...", ids script-*). No real person decided anything.');
  if (signers) {
    out('Each decision is signed with the key of the scripted person who makes it (their development keys, registered in the');
    out(
      `people registry${options.keyDir ? `, private halves in ${options.keyDir}` : ''}); the workflow verifies it against the village's keyring.`,
    );
  }
  out('');

  const postponementScript = (view: PublicView, run: VillageRun): DecisionEvent | null => {
    const open = new Set(view.pending.map((p) => p.decision));
    if (open.has('RECORD_INVESTIGATION')) {
      return {
        type: 'RECORD_INVESTIGATION',
        by: SCRIPTED_PEOPLE['guidance-group'],
        category: 'poor',
        stable: false,
        instability: 'long-running dispute over collective land contracts splits the branch',
        representatives: run.script.representatives,
      };
    }
    if (view.stage === 'unstable') {
      return {
        type: 'PROPOSE_POSTPONEMENT',
        by: SCRIPTED_PEOPLE['town-committee'],
        reason: 'the branch is unstable; settle the land dispute before the re-election',
        until: isoDay(inAMonth),
      };
    }
    if (open.has('APPROVE_POSTPONEMENT'))
      return { type: 'APPROVE_POSTPONEMENT', by: SCRIPTED_PEOPLE['county-org-dept'], until: isoDay(inAMonth) };
    return null;
  };

  const observe = (run: VillageRun, view: PublicView) => {
    const before = run.view;
    run.view = view;
    if (before && before.stage === view.stage) return;
    const cause = run.cause ? `after ${run.cause}` : before ? 'after a timer' : '';
    run.cause = undefined;
    out(
      `${elapsed()}  ${pad(run.village.name, 14)} ${pad(stageText(view.stage), 40)} waiting for ${pad(rolesText(view.awaitingRoles), 18)} ${cause}`.trimEnd(),
    );
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      options.signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  const describe = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

  const drive = async (run: VillageRun): Promise<void> => {
    let idlePolls = 0;
    let failures = 0;
    while (!run.end) {
      if (options.signal?.aborted) return void (run.end = { kind: 'interrupted', detail: 'stopped by Ctrl-C' });
      if (Date.now() > deadline)
        return void (run.end = { kind: 'timeout', detail: `not finished within ${Math.round((deadline - began) / 1000)} s` });
      let view: PublicView;
      try {
        view = await client.withDeadline(Date.now() + RPC_DEADLINE_MS, () => run.handle.query(statusQuery));
        failures = 0;
      } catch (err) {
        if (++failures >= 5) return void (run.end = { kind: 'error', detail: `status query failed: ${describe(err)}` });
        await sleep(1000);
        continue;
      }
      observe(run, view);
      if (view.status !== 'running') return void (run.end = { kind: view.status });
      if (run.expected === 'postponed' && view.stage === 'postponed') return void (run.end = { kind: 'postponed' });
      const decision = run.expected === 'postponed' ? postponementScript(view, run) : nextScriptedDecision(view, run.script);
      if (!decision) {
        idlePolls = view.timers.length ? 0 : idlePolls + 1;
        if (idlePolls >= STUCK_POLLS) {
          const pending = view.pending.map((p) => `${p.decision} (${p.roles.join('/')})`).join(', ') || 'nothing';
          return void (run.end = { kind: 'stuck', detail: `no timer running and the script has no decision for: ${pending}` });
        }
        await sleep(pollMs);
        continue;
      }
      idlePolls = 0;
      try {
        const sent = run.signed ? signers!.sign(run.workflowId, decision) : decision;
        await sendDecision(client, run.handle, sent, { deadline: Date.now() + RPC_DEADLINE_MS });
        run.cause = `${decision.type} (scripted ${decision.by.role}${run.signed ? ', signed' : ''})`;
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
          run.end = {
            kind: 'refused',
            detail: `${decision.type} by ${decision.by.role} refused [${err.cause.type}]: ${err.cause.message}`,
          };
        } else {
          run.end = { kind: 'error', detail: `${decision.type} could not be sent: ${describe(err)}` };
        }
        out(`${elapsed()}  ${pad(run.village.name, 14)} PROBLEM at ${stageText(view.stage, view.step)}: ${run.end.detail}`);
      }
    }
  };

  let lastTable = '';
  const printTable = () => {
    const rows = runs.map((r) => [
      r.village.name,
      r.view ? stageText(r.view.stage, r.view.step) : '(starting)',
      r.view ? rolesText(r.view.awaitingRoles) : '',
      r.end ? r.end.kind : r.view?.timers.length ? `timer: ${r.view.timers.map((t) => t.event).join(', ')}` : 'driving',
    ]);
    const text = table(['village', 'stage', 'waiting for', 'demo'], rows);
    if (text === lastTable) return;
    lastTable = text;
    out('');
    out(`--- Heluo Town at ${elapsed().trim()} ---`);
    out(text);
    out('');
  };
  const ticker = setInterval(printTable, options.tableEveryMs ?? 5000);
  try {
    await Promise.all(runs.map(drive));
  } finally {
    clearInterval(ticker);
  }
  printTable();

  const summary: DemoSummary = { completed: [], postponed: [], problems: [], ok: true, elapsedMs: Date.now() - began };
  for (const run of runs) {
    const kind = run.end?.kind ?? 'interrupted';
    if (kind === 'completed') summary.completed.push(run.village.name);
    if (kind === 'postponed') summary.postponed.push(run.village.name);
    if (kind !== run.expected) {
      summary.ok = false;
      summary.problems.push({
        village: run.village.name,
        workflowId: run.workflowId,
        stage: run.view?.stage,
        step: run.view?.step,
        end: kind,
        detail: run.end && 'detail' in run.end ? run.end.detail : `expected ${run.expected}`,
      });
    }
  }
  printSummary(summary, options, out);
  return summary;
}

/** The office's signers, registered before any village starts (an election reads its keyring when it starts). */
async function officeSigners(registry: PeopleRegistry, keyDir: string | undefined, out: (line: string) => void): Promise<OfficeSigners> {
  const rosterSize = Math.max(...HELUO_VILLAGES.map((v) => v.members));
  const signers = await prepareOfficeSigners(registry, { town: 'Heluo', rosterSize, keyDir });
  const { people, assignments, keys } = signers.made;
  out(
    people + assignments + keys
      ? `Scripted office's people registered: ${people} people, ${assignments} assignments over Heluo, ${keys} keys${keyDir ? ` (private keys in ${keyDir})` : ''}`
      : `Scripted office's people, assignments and keys already registered: reusing them${keyDir ? ` (private keys in ${keyDir})` : ''}`,
  );
  return signers;
}

function printSummary(summary: DemoSummary, options: DemoOptions, out: (line: string) => void): void {
  out(
    `Demo summary: completed ${summary.completed.length}, postponed ${summary.postponed.length}` +
      `${summary.postponed.length ? ` (${summary.postponed.join(', ')})` : ''}, problems ${summary.problems.length}, in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
  );
  const interrupted = summary.problems.filter((p) => p.end === 'interrupted');
  if (interrupted.length) {
    out(`  interrupted before the end: ${interrupted.map((p) => p.village).join(', ')} (run \`election demo\` again to carry on)`);
  }
  for (const p of summary.problems.filter((q) => q.end !== 'interrupted')) {
    out(
      `  PROBLEM ${p.village} (${p.workflowId}) at ${p.stage ? stageText(p.stage, p.step) : 'an unknown stage'}: ${p.end}: ${p.detail ?? ''}`,
    );
  }
  if (options.uiUrl) {
    const workflows = `${options.uiUrl}/namespaces/${encodeURIComponent(options.namespace ?? 'default')}/workflows`;
    const postponed = 'Town = "Heluo" AND ElectionStage = "postponed"';
    out(`Temporal Web UI: ${workflows}`);
    out(`  try the visibility query  ${postponed}`);
    out(`  ${workflows}?query=${encodeURIComponent(postponed)}`);
    out(`  or  Town = "Heluo" AND ExecutionStatus = "Completed"`);
  }
}
