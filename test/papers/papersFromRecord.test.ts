import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { DecisionRow } from '../../activities/store';
import type { Member } from '../../machines/rules';
import { availablePapers, PAPER_KINDS, PaperRefusal, printPaper, verifyPaperCode, type PaperKind, type PrintedPaper } from '../../papers';
import { runCli } from '../support/cliInProcess';
import { testAddress } from '../support/temporal';
import { driveUntil, person, scriptFor, startVillage, useElectionWorker, villageInput } from '../support/election';

/** The markup without the whitespace between tags, as a browser reads it. */
const flat = (html: string): string => html.replace(/>\s+</g, '><');
/** A label's value in a paper's fields table. */
const field = (html: string, label: string): string | undefined =>
  new RegExp(`<th scope="row">${label}</th><td>([^<]*)</td>`).exec(flat(html))?.[1];
/** The Beijing day of an ISO instant. */
const beijingDay = (at: string) => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 10);

const HOSTILE = '<script>alert("名")</script>';
/** Chinese names for the roster, surnames scrambled; the last (probationary, never a candidate) is hostile markup. */
const NAMES = ['李明', '张伟', '刘洋', '白雪', '王芳', '马强', '丁一', '赵磊', '孙丽', '周杰', '吴敏', '郑华', '钱程', '冯涛', '陈静'];
const chineseRoster = (roster: Member[]): Member[] =>
  roster.map((m, i) => ({
    ...m,
    name: i === roster.length - 1 ? HOSTILE : `${NAMES[i % NAMES.length]}${i >= NAMES.length ? String.fromCharCode(0x4e00 + i) : ''}`,
  }));
const strokeOrder = (names: string[]) => [...names].sort(new Intl.Collator('zh-u-co-stroke').compare);

describe('the papers of one village election, printed from the outcome store', () => {
  const env = useElectionWorker('SQLite');
  const input = villageInput();
  input.roster = chineseRoster(input.roster);
  const roster = input.roster as Member[];
  const nameOf = (id: string) => roster.find((m) => m.id === id)!.name;
  const election = { town: input.town, village: input.village, term: input.term };
  let handle: WorkflowHandle;
  let rows: DecisionRow[];
  const printed = new Map<string, PrintedPaper>();
  const paper = (kind: PaperKind, round?: number) => printed.get(`${kind}${round ?? ''}`)!;
  const decided = (type: string) => rows.filter((r) => r.type === type && r.verdict === 'accepted');
  const payloadOf = (row: DecisionRow) => JSON.parse(row.payload!) as Record<string, unknown>;
  let talkedWith: string;

  beforeAll(async () => {
    handle = await startVillage(env.client, env.taskQueue, input);
    await driveUntil(
      handle,
      scriptFor(input),
      (v) => v.status !== 'running',
      (view) => {
        if (!view.pending.some((p) => p.decision === 'RECORD_HANDOVER')) return undefined;
        talkedWith = roster.find((m) => m.outgoingPost && !view.elected.includes(m.id))!.id;
        return {
          type: 'RECORD_HANDOVER',
          by: person('village-branch'),
          handedOverOn: '2026-11-30',
          talks: [{ memberId: talkedWith, notes: '谈心谈话：感谢多年付出，支持新班子工作' }],
        };
      },
    );
    await handle.result();
    const [term] = await env.store.terms({ workflowId: handle.workflowId });
    rows = await env.store.papers.decisionRows(term!.id);
    for (const { kind, round } of await availablePapers(env.store, election)) {
      printed.set(
        `${kind}${round ?? ''}`,
        await printPaper(env.store, { kind, ...election, ...(round ? { round } : {}) }, { printedBy: 'test' }),
      );
    }
  });

  it('keeps the facts after every decision in the store, from the last step', async () => {
    const [term] = await env.store.terms({ workflowId: handle.workflowId });
    const stored = await env.store.papers.facts(term!.id);
    expect(stored?.seq).toBe(Math.max(...decided('RECORD_HANDOVER').map((r) => Number(r.seq))));
    expect(JSON.parse(stored!.facts)).toMatchObject({ village: input.village, stage: 'completed', roster: expect.any(Array) });
  });

  it('offers every kind of paper once the election is over, a ballot and a count sheet per round', () => {
    const kinds = [...new Set([...printed.values()].map((p) => p.request.kind))];
    expect(kinds).toEqual([...PAPER_KINDS]);
    const rounds = decided('RECORD_ROUND').length;
    expect([...printed.values()].filter((p) => p.request.kind === 'count-sheet')).toHaveLength(rounds);
  });

  it('names people by name, never by member id, and escapes a hostile name', () => {
    for (const p of printed.values()) {
      for (const m of roster) expect(p.html).not.toMatch(new RegExp(`[>\\s、]${m.id}[<\\s、]`));
      expect(p.html).not.toContain('<script');
      expect(p.html.startsWith('<!DOCTYPE html>')).toBe(true);
    }
    expect(paper('board-notice').html).toContain('&lt;script&gt;alert(&quot;名&quot;)&lt;/script&gt;');
  });

  it('prints the start request and the reply with the seats recorded, their days and signers', () => {
    const request = decided('SUBMIT_START_REQUEST').at(-1)!;
    expect(field(paper('start-request').html, '委员职数')).toBe(`${payloadOf(request).seats}名`);
    expect(flat(paper('start-request').html)).toContain(`<p class="date">日期：${beijingDay(request.at)}</p>`);
    expect(flat(paper('start-request').html)).toContain(`<td>请示人（村党组织）</td><td>${person('village-branch').name}</td>`);
    const approval = decided('APPROVE_START').at(-1)!;
    expect(field(paper('start-reply').html, '委员职数')).toBe(`${payloadOf(approval).seats}名`);
    expect(field(paper('start-reply').html, '是否设副书记')).toBe(payloadOf(approval).electsDeputy ? '是' : '否');
    expect(flat(paper('start-reply').html)).toContain(`<td>批复单位（乡镇党委）</td><td>${person('town-committee').name}</td>`);
  });

  it("prints the board notice with the approved seats and every member's particulars on the day it was posted", () => {
    const html = flat(paper('board-notice').html);
    expect(field(html, '委员职数')).toBe(`${payloadOf(decided('APPROVE_START').at(-1)!).seats}名`);
    expect(html).toContain(`<p class="date">日期：${payloadOf(decided('RECORD_MOBILISATION').at(-1)!).postedOn as string}</p>`);
    const listed = [...html.matchAll(/<tr><td>([^<]*)<\/td><td>[男女]<\/td>/g)].map((m) => m[1]!);
    expect(listed).toHaveLength(roster.length);
  });

  it('prints the recommendation tallies with the figures and the votes per nominee by name', () => {
    const tally = payloadOf(decided('RECORD_MEMBER_RECOMMENDATION').at(-1)!).tally as {
      participants: number;
      ballotsIssued: number;
      votes: Record<string, number>;
    };
    const html = flat(paper('member-recommendation-tally').html);
    expect(field(html, '参加推荐党员')).toBe(String(tally.participants));
    expect(field(html, '发出推荐票')).toBe(String(tally.ballotsIssued));
    for (const [id, votes] of Object.entries(tally.votes)) expect(html).toContain(`<td>${nameOf(id)}</td><td>${votes}</td>`);
    expect(flat(paper('mass-recommendation-ballot').html)).toContain('推荐人选姓名');
  });

  it('prints the publicity notice with the candidates by name as posted', async () => {
    const [term] = await env.store.terms({ workflowId: handle.workflowId });
    const notice = (await env.store.papers.notices(term!.id)).find((n) => n.kind === 'candidate-publicity')!;
    const facts = JSON.parse(notice.facts) as { candidates: string[] };
    const html = flat(paper('publicity-notice').html);
    const listed = [...html.matchAll(/<tr><td>\d+<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m[1]!);
    expect(listed).toEqual(strokeOrder(facts.candidates));
    expect(html).toContain(`<p class="date">日期：${beijingDay(notice.at)}</p>`);
  });

  it('prints the conference date, time and place as the CALL_CONFERENCE decision recorded them, with its caller', () => {
    const html = paper('conference-notice').html;
    const call = decided('CALL_CONFERENCE').at(-1)!;
    const { date, time, place } = payloadOf(call) as { date: string; time: string; place: string };
    expect([field(html, '会议日期'), field(html, '会议时间'), field(html, '会议地点')]).toEqual([date, time, place]);
    expect(field(html, '提前通知天数')).toBe(`至少${input.plan?.conferenceNoticeDays ?? 7}天`);
    expect(flat(html)).toContain(
      `<td>召集（${call.by_role === 'guidance-group' ? '包村指导组' : '村党组织'}）</td><td>${call.by_name!}</td>`,
    );
  });

  it("prints the election method with the edition's majority rule and the scrutineers by name", () => {
    const html = flat(paper('election-method').html);
    expect(html).toContain('超过应到会有选举权党员的半数');
    const scrutineers = payloadOf(decided('APPOINT_SCRUTINEERS').at(-1)!).scrutineers as string[];
    expect(field(html, '监票人')).toBe(strokeOrder(scrutineers.map(nameOf)).join('、'));
  });

  it('prints each ballot with its candidates in stroke order and no code, and each count sheet with the figures recorded', () => {
    decided('RECORD_ROUND').forEach((row, i) => {
      const round = payloadOf(row) as { votes: Record<string, number>; votersPresent: number; ballotsIssued: number; validBallots: number };
      const ballot = flat(paper('ballot', i + 1).html);
      const order = [...ballot.matchAll(/<th scope="col" class="candidate">([^<]*)<\/th>/g)].map((m) => m[1]!);
      expect(order).toEqual(strokeOrder(Object.keys(round.votes).map(nameOf)));
      expect(ballot).not.toContain(paper('ballot', i + 1).code);
      const sheet = flat(paper('count-sheet', i + 1).html);
      expect(field(sheet, '实到会有选举权党员')).toBe(String(round.votersPresent));
      expect(field(sheet, '发出选票')).toBe(String(round.ballotsIssued));
      expect(field(sheet, '有效票')).toBe(String(round.validBallots));
      for (const [id, votes] of Object.entries(round.votes)) expect(sheet).toContain(`<td>${nameOf(id)}</td><td>${votes}</td>`);
      expect(sheet).toContain(`核验码 ${paper('count-sheet', i + 1).code}`);
    });
    const confirm = decided('CONFIRM_COUNT')[0]!;
    expect(flat(paper('count-sheet', 1).html)).toContain(`<td>监票人（确认计票）</td><td>${confirm.by_name!}</td><td>`);
    const scrutineers = payloadOf(decided('APPOINT_SCRUTINEERS').at(-1)!).scrutineers as string[];
    for (const id of scrutineers) expect(flat(paper('count-sheet', 1).html)).toContain(`<td>监票人</td><td>${nameOf(id)}</td>`);
  });

  it('prints the result report with the secretary, the committee and the town committee approval, and the handover record with its talks', () => {
    const plenary = payloadOf(decided('RECORD_PLENARY').at(-1)!) as { secretary: string };
    const report = flat(paper('result-report').html);
    expect(field(report, '书记')).toBe(nameOf(plenary.secretary));
    expect(field(report, '乡镇党委审批意见')).toBe('同意');
    expect(report).toContain(`<td>审批（乡镇党委）</td><td>${person('town-committee').name}</td>`);
    const handover = flat(paper('handover-record').html);
    expect(field(handover, '交接日期')).toBe('2026-11-30');
    expect(handover).toContain(`<td>${nameOf(talkedWith)}</td><td>谈心谈话：感谢多年付出，支持新班子工作</td>`);
  });

  it('prints the same paper with the same code, and its code verifies against the record', async () => {
    const again = await printPaper(env.store, { kind: 'count-sheet', ...election, round: 1 });
    expect(again.code).toBe(paper('count-sheet', 1).code);
    expect(again.fileName).toMatch(/^[\p{L}\p{N}_][\p{L}\p{N}_-]*-2026-count-sheet-round-1\.html$/u);
    expect(again.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    await expect(verifyPaperCode(env.store, again.code.toLowerCase().replace(/-/g, ''))).resolves.toMatchObject({
      ok: true,
      problems: [],
      paper: { kind: 'count-sheet', round: 1, village: input.village },
    });
  });

  it("fails a paper's code once a decision row or the facts row is altered, naming what differs", async () => {
    const { code } = paper('count-sheet', 1);
    const row = decided('RECORD_ROUND')[0]!;
    const payload = payloadOf(row) as { validBallots: number };
    const db = new Database(env.store.location);
    try {
      db.prepare('UPDATE decisions SET payload = ? WHERE key = ?').run(
        JSON.stringify({ ...payload, validBallots: payload.validBallots - 1 }),
        row.key,
      );
      const altered = await verifyPaperCode(env.store, code);
      expect(altered.ok).toBe(false);
      expect(altered.problems).toEqual([
        `paper.blocks[0].rows[5]: printed ["有效票","${payload.validBallots}"], the record now gives ["有效票","${payload.validBallots - 1}"]`,
        expect.stringMatching(new RegExp(`^decision record step ${row.seq} \\(${row.key}\\): hash: does not match the row as stored`)),
      ]);
    } finally {
      db.prepare('UPDATE decisions SET payload = ? WHERE key = ?').run(row.payload, row.key);
    }
    await expect(verifyPaperCode(env.store, code)).resolves.toMatchObject({ ok: true });

    const facts = db.prepare('SELECT term_id, facts FROM election_facts').get() as { term_id: string; facts: string };
    try {
      const scrutineer = (payloadOf(decided('APPOINT_SCRUTINEERS').at(-1)!).scrutineers as string[])[0]!;
      const renamed = facts.facts.replace(JSON.stringify(nameOf(scrutineer)), JSON.stringify('王五'));
      db.prepare('UPDATE election_facts SET facts = ? WHERE term_id = ?').run(renamed, facts.term_id);
      const forged = await verifyPaperCode(env.store, code);
      expect(forged.ok).toBe(false);
      // The signature lines are in stroke order: the renamed scrutineer moves, and each line that changed is named.
      expect(forged.problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^paper\.signatures\[\d+\]\.name: printed "[^"]+", the record now gives "王五"$/),
          expect.stringMatching(new RegExp(`^paper\\.signatures\\[\\d+\\]\\.name: printed "${nameOf(scrutineer)}"`)),
        ]),
      );
    } finally {
      db.prepare('UPDATE election_facts SET facts = ? WHERE term_id = ?').run(facts.facts, facts.term_id);
      db.close();
    }
  });

  it('refuses a kind that does not exist, a round not held, a paper of another village, naming field, value and what is accepted', async () => {
    const refusal = (request: Parameters<typeof printPaper>[1]) =>
      printPaper(env.store, request).then(
        () => undefined,
        (err: unknown) => err,
      );
    const kind = await refusal({ kind: 'ballot-box' as PaperKind, ...election });
    expect(kind).toBeInstanceOf(PaperRefusal);
    expect(kind).toMatchObject({ field: 'kind', value: 'ballot-box', accepted: expect.stringContaining('start-request, start-reply') });
    const rounds = decided('RECORD_ROUND').length;
    expect(await refusal({ kind: 'count-sheet', ...election, round: rounds + 5 })).toMatchObject({
      field: 'round',
      value: rounds + 5,
      accepted: expect.stringContaining(`whose count is recorded: ${Array.from({ length: rounds }, (_, i) => i + 1).join(', ')}`),
    });
    expect(await refusal({ kind: 'ballot', ...election })).toMatchObject({ field: 'round', value: undefined });
    expect(await refusal({ kind: 'board-notice', ...election, village: 'Nowhere' })).toMatchObject({
      field: 'village',
      value: { town: input.town, village: 'Nowhere', term: input.term },
      accepted: expect.stringContaining('with an election of that term'),
    });
    await expect(verifyPaperCode(env.store, 'not a code')).rejects.toMatchObject({ field: 'code', value: 'not a code' });
    await expect(verifyPaperCode(env.store, '0000-0000-0000')).rejects.toThrow(/no paper was printed with this code/);
  });

  it('prints a ballot to a file with `election print` and verifies its code with `election audit verify --code`', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'papers-')), 'ballot.html');
    const args = ['--town', input.town, '--village', input.village, '--term', String(input.term), '--store', env.store.location];
    const print = await runCli(['print', 'ballot', ...args, '--round', '1', '--out', file]);
    expect(print).toMatchObject({ code: 0, err: '' });
    const code = /verification code ([0-9A-Z-]{14})/.exec(print.out)?.[1];
    expect(code).toBe(paper('ballot', 1).code);
    expect(readFileSync(file, 'utf8')).toBe(paper('ballot', 1).html);

    const verified = await runCli(['audit', 'verify', '--code', code!, '--store', env.store.location]);
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.out).toContain('the record gives the same paper');

    const unknown = await runCli(['audit', 'verify', '--code', 'ZZZZ', '--store', env.store.location]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      'code: got "ZZZZ"; accepted: a verification code printed on a paper of this store, 12 characters of Crockford base32',
    );

    const stdout = await runCli(['print', 'count-sheet', ...args, '--round', '1']);
    expect(stdout.code).toBe(0);
    expect(stdout.out).toBe(paper('count-sheet', 1).html);
    expect(stdout.err).toContain(`verification code ${paper('count-sheet', 1).code}`);

    const badKind = await runCli(['print', 'ballot-box', ...args]);
    expect(badKind.code).toBe(2);
    expect(badKind.err).toContain('kind: got "ballot-box"; accepted: one of start-request');
  });

  it('prints from the live workflow when the store has no facts of the election (recorded before the papers)', async () => {
    const db = new Database(env.store.location);
    const facts = db.prepare('SELECT * FROM election_facts').get() as Record<string, unknown>;
    const args = ['--town', input.town, '--village', input.village, '--term', String(input.term), '--store', env.store.location];
    try {
      db.prepare('DELETE FROM election_facts').run();
      const refused = await printPaper(env.store, { kind: 'board-notice', ...election }).catch((err: unknown) => err);
      expect(refused).toMatchObject({ field: 'facts' });
      const live = await runCli(['print', 'board-notice', ...args, '--address', testAddress()]);
      expect(live.code).toBe(0);
      expect(live.out).toBe(paper('board-notice').html);
      expect(live.err).toContain(`verification code ${paper('board-notice').code}`);
    } finally {
      db.prepare('INSERT INTO election_facts (term_id, seq, facts, at) VALUES (?, ?, ?, ?)').run(
        facts.term_id,
        facts.seq,
        facts.facts,
        facts.at,
      );
      db.close();
    }
  });
});
