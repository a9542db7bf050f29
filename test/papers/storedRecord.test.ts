import type { DecisionInput } from '../../activities/contract';
import { renderNotice } from '../../activities/notices';
import type { OutcomeStore } from '../../activities/store';
import { SCRIPTED_PEOPLE } from '../../client/demo/townOffice';
import type { ElectionFacts } from '../../machines/facts';
import { addDays, beijingDateOfMs, beijingPeriod, townPlanSchema } from '../../machines/rules';
import { NO_FACTS, PaperRefusal, printPaper } from '../../papers';
import { STORE_KINDS, tempStore } from '../support/stores';
import { member, syntheticFacts } from './syntheticFacts';

const TOWN = '河洛镇';
const ROSTER = [member('m01', '张伟'), member('m02', '李明'), member('m03', '王芳'), member('m04', '丁一'), member('m05', '刘洋')];
const CANDIDATES = ['m01', 'm02', 'm03', 'm04'];

/** The record of one election written as the workflow's activities write it, keyed by its workflow id and first run. */
function election(village: string) {
  const workflowId = `reelection/2026/${TOWN}/${village}`;
  const key = (step: string, at: string) => ({ key: `${workflowId}/run-1/${step}`, workflowId, town: TOWN, village, term: 2026, at });
  const slate = (seq: number, at: string, facts?: ElectionFacts): DecisionInput => ({
    ...key(`decision/${seq}`, at),
    seq,
    type: 'APPROVE_SLATE',
    by: SCRIPTED_PEOPLE['town-committee'],
    stage: 'slateApproval',
    payload: { candidates: CANDIDATES },
    ...(facts ? { facts } : {}),
  });
  const facts = (stage: ElectionFacts['stage']) => syntheticFacts(ROSTER, { village, stage, candidates: CANDIDATES, seats: 3 });
  return { key, slate, facts, request: { kind: 'publicity-notice' as const, town: TOWN, village, term: 2026 } };
}

/** Posts the candidate publicity at `postedMs` with the first and last day the machine dates it with (edition 2). */
async function postPublicity(store: OutcomeStore, village: string, postedMs: number) {
  const { key } = election(village);
  const period = beijingPeriod(townPlanSchema.parse({}), 'publicity', postedMs);
  const facts = {
    town: TOWN,
    village,
    term: 2026,
    candidates: CANDIDATES.map((id) => ROSTER.find((m) => m.id === id)!.name),
    from: addDays(beijingDateOfMs(postedMs), 1),
    until: period.endsOn,
    ...(period.provisionalYears.length
      ? {
          provisional: `provisional: counted over ${period.provisionalYears.join(' and ')}, for which no State Council holiday notice is loaded (its holidays are assumed); the date may move when the notice is loaded`,
        }
      : {}),
  };
  const notice = {
    ...key('notice/1', new Date(postedMs).toISOString()),
    kind: 'candidate-publicity' as const,
    audience: 'village-board' as const,
    facts,
  };
  await store.addNotice(notice, renderNotice(notice));
  return facts;
}

const fields = (html: string) =>
  Object.fromEntries(
    [...html.replace(/>\s+</g, '><').matchAll(/<th scope="row">([^<]*)<\/th><td>([^<]*)<\/td>/g)].map((m) => [m[1]!, m[2]!]),
  );

describe.each(STORE_KINDS)('the record the papers are made from, on %s', (kind) => {
  let store: OutcomeStore;
  beforeAll(async () => {
    store = await tempStore(kind);
  });
  afterAll(() => store?.close());

  it('keeps the latest facts of an election, never replacing a later step with an earlier one written after it', async () => {
    const { slate, facts } = election('前进村');
    await store.addDecision(slate(3, '2026-09-30T02:00:00.000Z', facts('publicity')));
    // A retried activity of an earlier step finishing late (across continue-as-new) leaves the later facts.
    await store.addDecision(slate(2, '2026-09-29T02:00:00.000Z', facts('slateApproval')));
    const [term] = await store.terms({ workflowId: 'reelection/2026/河洛镇/前进村' });
    expect(await store.papers.facts(term!.id)).toMatchObject({ seq: 3, facts: JSON.stringify(facts('publicity')) });
    await store.addDecision(slate(4, '2026-10-01T02:00:00.000Z', facts('conferenceNotice')));
    expect(await store.papers.facts(term!.id)).toMatchObject({ seq: 4, facts: JSON.stringify(facts('conferenceNotice')) });
  });

  it('prints the publicity period across the National Day holiday: posted 30 September, 1 to 13 October', async () => {
    const { slate, facts, request } = election('红旗村');
    await store.addDecision(slate(1, '2026-09-30T01:00:00.000Z', facts('publicity')));
    const posted = await postPublicity(store, '红旗村', Date.UTC(2026, 8, 30, 2));
    expect(posted).toMatchObject({ from: '2026-10-01', until: '2026-10-13' });
    const { html } = await printPaper(store, request);
    expect(fields(html)).toMatchObject({ 公示开始日期: '2026-10-01', 公示截止日期: '2026-10-13' });
    expect(fields(html)).not.toHaveProperty('说明');
    expect(html).toContain('日期：2026-09-30');
  });

  it('marks a last day counted over a calendar year without the State Council notice as provisional', async () => {
    const { slate, facts, request } = election('东风村');
    await store.addDecision(slate(1, '2026-12-28T01:00:00.000Z', facts('publicity')));
    await postPublicity(store, '东风村', Date.UTC(2026, 11, 28, 2));
    const { html } = await printPaper(store, request);
    expect(fields(html)).toMatchObject({
      公示开始日期: '2026-12-29',
      公示截止日期: '2027-01-05',
      说明: '2027年的国务院放假通知尚未载入，截止日期按预设节假日计算，可能调整',
    });
  });

  it('refuses a paper of an election recorded before the papers, unless the live facts are given', async () => {
    const { slate, facts, request } = election('胜利村');
    await store.addDecision(slate(1, '2026-09-30T01:00:00.000Z'));
    await postPublicity(store, '胜利村', Date.UTC(2026, 8, 30, 2));
    const refused = await printPaper(store, request).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(PaperRefusal);
    expect((refused as PaperRefusal).message).toBe(`facts: got null; accepted: ${NO_FACTS}`);
    const printed = await printPaper(store, request, { facts: facts('publicity') });
    expect(fields(printed.html)).toMatchObject({ 公示开始日期: '2026-10-01', 公示截止日期: '2026-10-13' });
  });

  it("prints a signed decision's signer with the key id of its envelope, the day in Beijing and a line for the ink signature", async () => {
    const { key, facts } = election('光明村');
    const approve: DecisionInput = {
      ...key('decision/2', '2026-03-01T23:30:00.000Z'),
      seq: 2,
      type: 'APPROVE_START',
      by: { id: 'p-town', name: '赵书记', role: 'town-committee' },
      stage: 'startApproval',
      payload: { seats: 5, electsDeputy: true, method: 'two-recommendations-one-election' },
      envelope: { v: 1, keyId: 'k-town-2026', signature: 'not checked by the paper' },
      facts: facts('mobilisation'),
    };
    await store.addDecision(approve);
    const { html } = await printPaper(store, { kind: 'start-reply', town: TOWN, village: '光明村', term: 2026 });
    const flat = html.replace(/>\s+</g, '><');
    expect(flat).toContain(
      '<tr><td>批复单位（乡镇党委）</td><td>赵书记</td><td>2026-03-02 07:30</td><td>k-town-2026</td><td class="ink"></td></tr>',
    );
    expect(flat).toContain('日期：2026-03-02');
    expect(fields(html)).toMatchObject({ 委员职数: '5名', 是否设副书记: '是' });
  });

  it('prints the conference notice with the date, time and place the CALL_CONFERENCE decision recorded (machine version 3)', async () => {
    const { key, facts } = election('和平村');
    await store.addDecision({
      ...key('decision/30', '2026-12-01T02:00:00.000Z'),
      seq: 30,
      type: 'CALL_CONFERENCE',
      by: { id: 'p-branch', name: '孙支书', role: 'village-branch' },
      stage: 'conferenceNotice',
      payload: { date: '2026-12-09', time: '09:00', place: '村委会二楼会议室 <b>' },
      facts: facts('conferenceNotice'),
    });
    const { html } = await printPaper(store, { kind: 'conference-notice', town: TOWN, village: '和平村', term: 2026 });
    expect(fields(html)).toMatchObject({
      会议日期: '2026-12-09',
      会议时间: '09:00',
      会议地点: '村委会二楼会议室 &lt;b&gt;',
      提前通知天数: '至少7天',
    });
    expect(html.replace(/>\s+</g, '><')).toContain('<tr><td>召集（村党组织）</td><td>孙支书</td><td>2026-12-01 10:00</td>');
  });

  it('prints "not recorded" for the date, time and place of a conference noticed without CALL_CONFERENCE (versions 1 and 2)', async () => {
    const { key, slate, facts } = election('团结村');
    await store.addDecision(slate(1, '2026-12-01T01:00:00.000Z', facts('conferenceNotice')));
    const noticeFacts = { town: TOWN, village: '团结村', term: 2026, members: 30, leadDays: 7, renotice: false };
    const notice = {
      ...key('notice/2', '2026-12-01T02:00:00.000Z'),
      kind: 'conference-notice' as const,
      audience: 'voting-members' as const,
      facts: noticeFacts,
    };
    await store.addNotice(notice, renderNotice(notice));
    const { html } = await printPaper(store, { kind: 'conference-notice', town: TOWN, village: '团结村', term: 2026 });
    expect(fields(html)).toMatchObject({
      会议日期: '未记录 / not recorded',
      会议时间: '未记录 / not recorded',
      会议地点: '未记录 / not recorded',
      应参会有选举权党员: '30名',
      提前通知天数: '至少7天',
    });
    expect(html).toContain('日期：2026-12-01');
  });
});
