import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities } from '../../activities';
import type { OutcomeStore } from '../../activities/store';
import { main } from '../../client/cli';
import { formatReceipt, formatView } from '../../client/format';
import { inboxEntry } from '../../client/inbox';
import {
  addDays,
  addWorkingDays,
  beijingDateOfMs,
  calendarWithNotices,
  defaultTownPlan,
  officialYears,
  OFFICIAL_CALENDAR_YEARS,
  type CalendarYear,
} from '../../machines/rules';
import { buildTownReport, readTownOutcomes, renderReport } from '../../report';
import { calendarSignal, TASK_QUEUE } from '../../workflows/contract';
import {
  captureHistory,
  decide,
  driveUntil,
  person,
  scriptFor,
  startVillage,
  tempStore,
  useElectionWorker,
  villageInput,
  waitFor,
} from '../support/election';
import { testAddress, testNativeConnection, uniqueId, workflowBundle, testDataConverter } from '../support/temporal';

/** Timers for the publicity and the notice shortened, the approval clock on the real calendar (working days). */
const REAL_APPROVAL_CLOCK = { durationOverridesMs: { publicity: 200, conferenceNotice: 200 } };

/** A notice for this (Beijing) year in which the next days, to the year's end at most, are all holidays. */
function noticeMakingTheNextDaysHolidays(days: number): CalendarYear {
  const today = beijingDateOfMs(Date.now());
  const year = Number(today.slice(0, 4));
  const builtIn = OFFICIAL_CALENDAR_YEARS.find((y) => y.year === year);
  const next = Array.from({ length: days }, (_, i) => addDays(today, i + 1)).filter((d) => d.startsWith(String(year)));
  return {
    year,
    notice: { title: `国务院办公厅关于${year}年部分节假日安排的通知`, number: '测试〔1〕1号', issuedOn: `${year - 1}-11-01` },
    holidays: [...new Set([...(builtIn?.holidays ?? []), ...next])].sort(),
    makeUpWorkdays: (builtIn?.makeUpWorkdays ?? []).filter((d) => !next.includes(d)),
  };
}

/** The reminder's last day as the approval clock counts it from `startedIso` with the given official notices. */
const reminderEndsOn = (startedIso: string, notices: CalendarYear[] = []) =>
  addWorkingDays(
    startedIso,
    defaultTownPlan().approvalReminderWorkingDays,
    calendarWithNotices(defaultTownPlan().calendar, officialYears(notices)),
  );

/** Drives a village to the start approval, where the approval clock runs; returns the view and the Beijing day it started. */
async function atStartApproval(handle: WorkflowHandle, input: Parameters<typeof scriptFor>[0]) {
  const view = await driveUntil(
    handle,
    scriptFor(input),
    (v) => v.stage === 'startApproval' && v.timers.some((t) => t.id === 'approvalReminder'),
  );
  const submitted = view.decisions.find((d) => d.type === 'SUBMIT_START_REQUEST')!;
  return { view, startedIso: beijingDateOfMs(Date.parse(submitted.at)) };
}

const shared = useElectionWorker();

/** Runs `use` with a worker in production mode on a task queue and an outcome store of its own. */
async function onProductionWorker(use: (taskQueue: string, store: OutcomeStore) => Promise<void>): Promise<void> {
  const store = await tempStore();
  const connection = await testNativeConnection();
  const taskQueue = uniqueId(TASK_QUEUE);
  const worker = await Worker.create({
    dataConverter: testDataConverter(),
    connection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities(store, undefined, { mode: 'production' }),
  });
  try {
    await worker.runUntil(() => use(taskQueue, store));
  } finally {
    await connection.close();
    await store.close();
  }
}

describe('a worker in production mode', () => {
  it('refuses a town plan that shortens the statutory periods, on any machine version, naming the field and the way to run a demo', async () => {
    await onProductionWorker(async (taskQueue) => {
      for (const machineVersion of [2, 1]) {
        const handle = await startVillage(shared.client, taskQueue, villageInput({ machineVersion }));
        const failure = await handle.result().catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(WorkflowFailedError);
        expect(String((failure as WorkflowFailedError).cause?.message)).toContain(
          'plan.durationOverridesMs shortens the statutory periods, which only a worker in demo or test mode accepts (ELECTION_WORKER_MODE=demo or test',
        );
      }
    });
  });
});

describe('a worker in production mode, an unsigned start', () => {
  it('fails at once, saying how to sign it, with nothing recorded (a test worker takes it)', async () => {
    await onProductionWorker(async (taskQueue, store) => {
      for (const machineVersion of [2, 1]) {
        const handle = await startVillage(shared.client, taskQueue, villageInput({ machineVersion, plan: {} }));
        const failure = (await handle.result().catch((err: unknown) => err)) as WorkflowFailedError;
        expect(failure).toBeInstanceOf(WorkflowFailedError);
        expect(String(failure.cause?.message)).toContain('start refused: signedDecisions: got nothing; accepted: true');
        expect(await store.notices({ workflowId: handle.workflowId })).toEqual([]);
        const scheduled = (await handle.fetchHistory()).events!.filter(
          (e) => e.activityTaskScheduledEventAttributes || e.timerStartedEventAttributes,
        );
        expect(scheduled).toEqual([]);
      }
    });
    const onTest = await startVillage(shared.client, shared.taskQueue, villageInput({ plan: {} }));
    expect((await waitFor(onTest, (v) => v.stage === 'investigation')).status).toBe('running');
    await onTest.terminate();
  });
});

describe('edition 2 on the test worker', () => {
  it('shows the shortened periods as such in the status view', async () => {
    const handle = await startVillage(shared.client, shared.taskQueue, villageInput());
    const view = await waitFor(handle, (v) => v.shortenedPeriods?.mode === 'test');
    expect(view.shortenedPeriods).toEqual({ mode: 'test', overridesMs: expect.objectContaining({ publicity: 200 }) });
    expect(formatView(view)).toContain('SHORTENED PERIODS (test mode)');
    await handle.terminate();
  });

  it('refuses a 0-day publicity started on version 1 (a start input cannot switch the safeguard off by naming the old version)', async () => {
    const handle = await startVillage(
      shared.client,
      shared.taskQueue,
      villageInput({ machineVersion: 1, plan: { publicityWorkingDays: 0 } }),
    );
    const failure = (await handle.result().catch((err: unknown) => err)) as WorkflowFailedError;
    expect(failure.cause?.message).toContain('plan.publicityWorkingDays: got 0 (accepted: at least 1 working day');
  });

  it('counts with the notices loaded into the store when it starts, and with one signalled while it runs', async () => {
    const loadedBefore = noticeMakingTheNextDaysHolidays(4);
    await shared.store.saveCalendarNotice(loadedBefore, new Date().toISOString());
    const input = villageInput({ plan: REAL_APPROVAL_CLOCK });
    const handle = await startVillage(shared.client, shared.taskQueue, input);
    const { view, startedIso } = await atStartApproval(handle, input);
    const reminder = () => view.timers.find((t) => t.id === 'approvalReminder')!;
    expect(reminder().endsOn).toBe(reminderEndsOn(startedIso, [loadedBefore]));

    const signalled = noticeMakingTheNextDaysHolidays(9);
    await handle.signal(calendarSignal, signalled);
    const moved = await waitFor(handle, (v) => v.timers.find((t) => t.id === 'approvalReminder')?.endsOn !== reminder().endsOn);
    const expected = reminderEndsOn(startedIso, [signalled]);
    expect(moved.timers.find((t) => t.id === 'approvalReminder')).toMatchObject({ endsOn: expected });
    expect(Date.parse(moved.pending[0]!.remindAt!)).toBe(Date.parse(`${expected}T16:00:00.000Z`));

    // A notice that does not validate is recorded as refused and changes nothing.
    await handle.signal(calendarSignal, { ...signalled, holidays: ['2026-02-30'] });
    const refused = await waitFor(handle, (v) => v.refusals.length > 0);
    expect(refused.refusals[0]).toMatchObject({ type: 'CALENDAR_NOTICE', code: 'INVALID_CALENDAR_NOTICE', via: 'signal' });
    expect(refused.timers.find((t) => t.id === 'approvalReminder')?.endsOn).toBe(expected);

    // The history, with the worker's facts and the signal in it, replays with the same commands (and is kept for the replay suite).
    await handle.terminate();
    await Worker.runReplayHistory(
      { dataConverter: testDataConverter(), workflowBundle: workflowBundle() },
      await handle.fetchHistory(),
      handle.workflowId,
    );
    await captureHistory(handle, 'calendar-notice');
  });

  it('leaves an election on version 1 on its town plan calendar, recording the notice as refused', async () => {
    const handle = await startVillage(shared.client, shared.taskQueue, villageInput({ machineVersion: 1 }));
    await handle.signal(calendarSignal, noticeMakingTheNextDaysHolidays(3));
    const view = await waitFor(handle, (v) => v.refusals.length > 0);
    expect(view.refusals[0]).toMatchObject({ code: 'CALENDAR_NOT_IN_VERSION', reason: expect.stringContaining('machine version 1') });
    await handle.terminate();
  });

  it('loads a notice with one command: stored for later elections and sent to the running ones of the town', async () => {
    const town = uniqueId('Town');
    const input = villageInput({ town, plan: REAL_APPROVAL_CLOCK });
    const handle = await startVillage(shared.client, shared.taskQueue, input);
    const { startedIso } = await atStartApproval(handle, input);
    const notice = noticeMakingTheNextDaysHolidays(6);
    const dir = mkdtempSync(join(tmpdir(), 'notice-'));
    const file = join(dir, 'notice.txt');
    const lines = [
      `year: ${notice.year}`,
      `title: ${notice.notice.title}`,
      `number: ${notice.notice.number}`,
      `issued: ${notice.notice.issuedOn}`,
      ...notice.holidays.map((d) => `holiday: ${d}`),
      ...notice.makeUpWorkdays.map((d) => `workday: ${d}`),
    ];
    writeFileSync(file, `${lines.join('\n')}\nworkday: ${notice.year}-02-30\n`);
    const refusedOut = await captured(() => main(['calendar', 'load', file, '--store', shared.store.location, '--address', testAddress()]));
    expect(refusedOut.code).toBe(2);
    expect(refusedOut.stderr).toContain(`line ${lines.length + 1}: workday: got "${notice.year}-02-30"`);

    writeFileSync(file, `${lines.join('\n')}\n`);
    const loaded = await captured(() =>
      main(['calendar', 'load', file, '--town', town, '--store', shared.store.location, '--address', testAddress()]),
    );
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toContain('sent to 1 running election\n');
    const moved = await waitFor(
      handle,
      (v) => v.timers.find((t) => t.id === 'approvalReminder')?.endsOn === reminderEndsOn(startedIso, [notice]),
    );
    expect(moved.stage).toBe('startApproval');
    expect((await shared.store.calendarNotices()).years.map((y) => y.year)).toContain(notice.year);
    await handle.terminate();
  });

  it('gives the warnings in the receipt, the status view, the inbox and the town report', async () => {
    const town = uniqueId('Town');
    const base = villageInput({ town });
    const input = { ...base, roster: base.roster.map((m) => ({ ...m, gender: 'male' as const })) };
    const handle = await startVillage(shared.client, shared.taskQueue, input);
    const script = scriptFor(input);
    const view = await driveUntil(handle, script, (v) => v.stage === 'slateApproval');
    const slate = { type: 'APPROVE_SLATE', by: person('town-committee'), candidates: view.nominees.slice(0, 6) };
    const receipt = await decide(handle, slate);
    expect(receipt.warnings).toEqual([expect.objectContaining({ code: 'TARGET_WOMEN_NOT_MET' })]);
    expect(formatReceipt(receipt)).toContain('WARNING [TARGET_WOMEN_NOT_MET] 0 women among the 6 candidates');

    const awaiting = await driveUntil(handle, script, (v) => v.stage === 'resultApproval');
    expect(awaiting.warnings?.map((w) => w.raisedAt)).toEqual(['slateApproval', 'conference']);
    const entry = inboxEntry({ workflowId: handle.workflowId, startTime: new Date() }, awaiting, 'town-committee');
    expect(entry?.warnings).toEqual([
      expect.stringContaining('0 women among the 6 candidates'),
      expect.stringContaining('0 women among the 5 members elected'),
    ]);

    await driveUntil(handle, script, (v) => v.status === 'completed');
    const { outcomes } = await waitForOutcome(town);
    const report = buildTownReport({ town, outcomes });
    expect(report.warnings).toEqual([
      expect.objectContaining({ village: input.village, code: 'TARGET_WOMEN_NOT_MET' }),
      expect.objectContaining({
        village: input.village,
        code: 'TARGET_WOMEN_NOT_MET',
        message: expect.stringContaining('members elected'),
      }),
    ]);
    expect(renderReport(report, 'md')).toContain('Targets and exceptions (2)');
  });

  async function waitForOutcome(town: string) {
    for (let i = 0; i < 100; i += 1) {
      const read = await readTownOutcomes(shared.store, { town });
      if (read.outcomes.some((o) => o.status === 'completed')) return read;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no completed outcome recorded for ${town}`);
  }
});

/** Runs a CLI command, capturing what it writes. */
async function captured(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    const code = await run();
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
