import {
  DECISION_FORMS,
  formValues,
  readDecisionForm,
  readPaths,
  refusalErrors,
  renderDecisionFields,
  withMemberNames,
  type FormBody,
} from '../../../desk/forms';
import { FormReader } from '../../../desk/forms/reader';
import { translator, type Locale } from '../../../desk/i18n';
import { admit } from '../../../machines/admission';
import { DECISION_ROLES, DECISION_TYPES, type DecisionType } from '../../../machines/events';
import type { ElectionFacts } from '../../../machines/facts';
import { at, atStage, driveTo, person, rounds, scriptFor, scripted } from '../../machines/fixtures';
import { controlsOf, factsForEveryType, factsOf, unlabelled } from './support';

const every = factsForEveryType();
const zh = translator('zh');
const en = translator('en');
const render = (type: DecisionType, facts: ElectionFacts, values?: FormBody, locale: Locale = 'zh', errors = undefined) =>
  renderDecisionFields({
    type,
    role: DECISION_ROLES[type][0]!,
    facts,
    view: every[type].view,
    tr: translator(locale),
    locale,
    values,
    errors,
    now: at,
  }).toString();
const read = (type: DecisionType, body: FormBody, locale: Locale = 'zh') =>
  readDecisionForm(type, body, every[type].facts, { tr: translator(locale), now: at });
const errorsOf = (result: ReturnType<typeof read>) => (result.ok ? [] : result.errors);

/** The body of the scripted office's decision at a type's stage, as its form sends it. */
function scriptedBody(type: DecisionType): FormBody {
  const run = driveTo((s) => scripted(s, scriptFor(s.context))?.type === type);
  const { by: _by, type: _type, ...fields } = scripted(run.snapshot, scriptFor(run.input))!;
  return formValues(type, fields as never, factsOf(run).facts);
}

describe('every form', () => {
  it.each(DECISION_TYPES)('%s: gives every input, select and text area a label', (type) => {
    expect(unlabelled(render(type, every[type].facts))).toEqual([]);
    expect(unlabelled(render(type, every[type].facts, undefined, 'en'))).toEqual([]);
  });

  it.each(DECISION_TYPES)('%s: reads every field it renders, so nothing typed is dropped', (type) => {
    const names = new Set(controlsOf(render(type, every[type].facts)).map((c) => c.attrs.name!));
    const reader = new FormReader({}, zh, at);
    (DECISION_FORMS[type] as { read(r: FormReader, f: ElectionFacts): unknown }).read(reader, every[type].facts);
    expect([...names].filter((name) => !reader.consulted.has(name))).toEqual([]);
  });

  it.each(DECISION_TYPES)('%s: shows a hostile member name as text, never as markup', (type) => {
    const { facts } = every[type];
    const hostile = { ...facts, roster: facts.roster.map((m) => ({ ...m, name: `<script>alert("${m.id}")</script>` })) };
    const markup = render(type, hostile);
    expect(markup).not.toContain('<script>');
    const plain = render(type, facts);
    if (facts.roster.some((m) => plain.includes(m.name))) expect(markup).toContain('&lt;script&gt;alert(');
  });
});

describe('a ballot round checked as the counting rules check it', () => {
  const facts = every.RECORD_ROUND.facts;
  const body = scriptedBody('RECORD_ROUND');
  const [first, second] = facts.ballot!.candidates as [string, string];

  it('reads the round the scripted office recorded', () => {
    expect(read('RECORD_ROUND', body)).toMatchObject({
      ok: true,
      decision: { type: 'RECORD_ROUND', validBallots: Number(body.validBallots) },
    });
  });

  it('refuses valid + invalid that is not the ballots returned, beside the valid ballots, in both languages', () => {
    const wrong = { ...body, invalidBallots: '2' };
    expect(errorsOf(read('RECORD_ROUND', wrong))).toEqual([
      { field: 'validBallots', message: expect.stringContaining(`有效 ${String(body.validBallots)} + 无效 2`) },
    ]);
    expect(errorsOf(read('RECORD_ROUND', wrong, 'en'))).toEqual([
      { field: 'validBallots', message: expect.stringContaining(`Valid ${String(body.validBallots)} + invalid 2`) },
    ]);
  });

  it('refuses more votes for a candidate than valid ballots, naming the candidate by name beside the field', () => {
    const name = facts.roster.find((m) => m.id === first)!.name;
    const errors = errorsOf(read('RECORD_ROUND', { ...body, [`votes.${first}`]: '999' }, 'en'));
    expect(errors).toContainEqual({ field: `votes.${first}`, message: expect.stringContaining(`${name} has 999 votes`) });
  });

  it('refuses more ballots issued than voters present', () => {
    const errors = errorsOf(read('RECORD_ROUND', { ...body, ballotsIssued: String(Number(body.votersPresent) + 1) }));
    expect(errors.map((e) => e.field)).toContain('ballotsIssued');
  });

  it('asks to confirm a void round (more returned than issued), and records it once confirmed', () => {
    const returned = String(Number(body.ballotsIssued) + 1);
    const voided = { ...body, ballotsReturned: returned, validBallots: returned };
    expect(errorsOf(read('RECORD_ROUND', voided)).map((e) => e.field)).toEqual(['confirmVoid']);
    expect(read('RECORD_ROUND', { ...voided, confirmVoid: 'yes' }).ok).toBe(true);
  });

  it('takes numbers strictly: full-width digits are numbers, "12a" and "-1" are not', () => {
    expect(read('RECORD_ROUND', { ...body, invalidBallots: '０' }).ok).toBe(true);
    expect(errorsOf(read('RECORD_ROUND', { ...body, invalidBallots: '12a' }))).toEqual([
      { field: 'invalidBallots', message: '“12a”不是整数：请填写 0 或正整数' },
    ]);
    expect(errorsOf(read('RECORD_ROUND', { ...body, [`votes.${second}`]: '-1' }, 'en'))).toEqual([
      { field: `votes.${second}`, message: '"-1" is not a whole number: enter 0 or more' },
    ]);
    expect(errorsOf(read('RECORD_ROUND', { ...body, [`votes.${second}`]: '' })).map((e) => e.field)).toEqual([`votes.${second}`]);
  });

  it('refuses a write-in with a majority until the person is identified, as the workflow would', () => {
    const valid = Number(body.validBallots);
    const withWriteIn = {
      ...body,
      [`votes.${first}`]: '0',
      disapproved: first,
      'writeIn.1.name': '王五',
      'writeIn.1.votes': String(valid - 1),
    };
    const errors = errorsOf(read('RECORD_ROUND', withWriteIn, 'en'));
    expect(errors).toEqual([
      { field: 'writeIns', message: expect.stringMatching(/^The election rules refuse this: .*identify the person/) },
    ]);
    const member = facts.roster.find((m) => m.standing === 'full' && !facts.ballot!.candidates.includes(m.id))!.id;
    expect(read('RECORD_ROUND', { ...withWriteIn, 'writeIn.1.member': member }, 'en')).toMatchObject({
      ok: true,
      decision: { writeIns: { 王五: valid - 1 }, writeInMembers: { 王五: member }, disapprovedCandidates: [first] },
    });
  });

  it('fills the form again with what was sent, so that nobody types a round twice', () => {
    const markup = render('RECORD_ROUND', facts, { ...body, 'writeIn.1.name': '<b>Wang</b>', 'writeIn.1.votes': '3' }, 'zh');
    const controls = controlsOf(markup);
    expect(controls.find((c) => c.attrs.name === `votes.${first}`)?.attrs.value).toBe(body[`votes.${first}`]);
    expect(controls.find((c) => c.attrs.name === 'writeIn.1.name')?.attrs.value).toBe('<b>Wang</b>');
    expect(controls.some((c) => c.attrs.name === 'writeIn.2.name')).toBe(true);
  });

  it('shows the majority needed: more than half of those due to attend', () => {
    const due = facts.attendance!.due;
    expect(render('RECORD_ROUND', facts, undefined, 'en')).toContain(
      `Elected with more than half of ${due}: at least ${Math.floor(due / 2) + 1} votes`,
    );
  });
});

describe('the other figures', () => {
  it('refuses a tally with more ballots returned than issued, and votes above the ballots returned', () => {
    const body = scriptedBody('RECORD_MEMBER_RECOMMENDATION');
    const [nominee] = Object.keys(body).filter((k) => k.startsWith('tally.votes.'));
    const errors = errorsOf(
      read(
        'RECORD_MEMBER_RECOMMENDATION',
        { ...body, 'tally.ballotsReturned': String(Number(body['tally.ballotsIssued']) + 1), [nominee!]: '500' },
        'en',
      ),
    );
    // 500 votes also pass the marks a ballot may make: ballots returned × posts.
    expect(errors.map((e) => e.field)).toEqual(['tally.ballotsReturned', nominee, 'tally.votes']);
    expect(errors[0]!.message).toMatch(/^Ballots returned \d+ is more than ballots issued \d+$/);
  });

  it('refuses a slate short of the competitive ratio, with the ratio in words', () => {
    const { facts } = every.APPROVE_SLATE;
    const errors = errorsOf(read('APPROVE_SLATE', { candidates: facts.inspectionPassed.slice(0, 2) }));
    expect(errors).toEqual([{ field: 'candidates', message: '只选了 2 名候选人，至少需要 6 名' }]);
    expect(render('APPROVE_SLATE', facts)).toContain('应选委员 5 名，实行差额选举：候选人至少 6 名');
  });

  it('asks for the reason of a failed inspection beside that nominee', () => {
    const { facts } = every.RECORD_INSPECTION;
    const body = Object.fromEntries(facts.nominees.map((id, i) => [`verdict.${id}`, i === 0 ? 'fail' : 'pass']));
    expect(errorsOf(read('RECORD_INSPECTION', body, 'en'))).toEqual([
      { field: `reason.${facts.nominees[0]!}`, message: 'A fail needs its reason' },
    ]);
  });

  it('asks for the consent and the conference vote behind an excusal, and shows the quorum figures', () => {
    const { facts } = every.RECORD_ATTENDANCE;
    const voters = facts.roster.filter((m) => m.standing === 'full').map((m) => m.id);
    const body = { present: voters.slice(1), [`excusal.${voters[0]!}`]: 'illness' };
    expect(errorsOf(read('RECORD_ATTENDANCE', body)).map((e) => e.field)).toEqual(['excusalConsent', 'excusalApproved']);
    const due = voters.length - 1;
    expect(render('RECORD_ATTENDANCE', facts, body, 'en')).toContain(
      `${voters.length - 1} present of ${due} due (${voters.length} voting members, 1 excused): more than 4/5 (at least ${Math.floor((4 * due) / 5) + 1}), quorum met`,
    );
  });

  it('shows every problem at the top, each a link to its field, and marks the field invalid', () => {
    const { facts } = every.REDUCE_SEATS;
    const errors = [
      { field: 'votesFor', message: 'too many' },
      { field: '', message: 'whole form' },
    ];
    const markup = renderDecisionFields({
      type: 'REDUCE_SEATS',
      role: 'guidance-group',
      facts,
      view: every.REDUCE_SEATS.view,
      tr: en,
      locale: 'en',
      errors,
      now: at,
    }).toString();
    expect(markup).toContain('<a href="#f-votesFor">too many</a>');
    expect(markup).toContain('<li>whole form</li>');
    expect(markup).toMatch(/id="f-votesFor"[^>]*aria-describedby="f-votesFor-hint f-votesFor-error" aria-invalid="true"/);
  });
});

describe('a refusal the workflow sent back', () => {
  it('is shown beside the fields a real refusal of a round names, headed in the person’s language', () => {
    const run = driveTo(atStage('conference', 'awaitingRound'));
    const round = rounds.electing(run.snapshot);
    const [first] = run.snapshot.context.ballot!.candidates;
    const refusal = admit(run.snapshot, { ...round, invalidBallots: 3, votes: { ...round.votes, [first!]: 999 }, at });
    expect(refusal.ok).toBe(false);
    const reason = refusal.ok ? '' : refusal.message;
    const errors = refusalErrors(reason, 'RECORD_ROUND', zh);
    // 999 votes also pass the marks the valid ballots may make, a problem of the votes as a whole.
    expect(errors.map((e) => e.field)).toEqual(['validBallots', `votes.${first!}`, 'votes']);
    expect(errors[0]!.message).toMatch(/^工作流程拒绝：.*valid \d+ \+ invalid 3/);
    expect(refusalErrors(reason, 'RECORD_ROUND', en)[1]!.message).toMatch(/^The workflow refused: m\d+ has 999 votes/);
  });

  it('places a path the schema named on its field, and a list entry on its row with the reader’s paths', () => {
    const run = driveTo(atStage('inspection'));
    const nominees = run.snapshot.context.nominees;
    const verdicts = nominees.map((nomineeId, i) => ({ nomineeId, pass: i !== 1, ...(i === 1 ? { reason: 'x'.repeat(5000) } : {}) }));
    const refusal = admit(run.snapshot, { type: 'RECORD_INSPECTION', by: person('inspection-team'), verdicts, at });
    const reason = refusal.ok ? '' : refusal.message;
    expect(reason).toMatch(/^RECORD_INSPECTION: verdicts\.1\.reason: got/);
    const { facts } = factsOf(run);
    const body = formValues('RECORD_INSPECTION', { verdicts }, facts);
    expect(refusalErrors(reason, 'RECORD_INSPECTION', en, readPaths('RECORD_INSPECTION', body, facts)).map((e) => e.field)).toEqual([
      `reason.${nominees[1]!}`,
    ]);
    expect(
      refusalErrors(
        'RECORD_MEMBER_RECOMMENDATION: tally.votes.m07: got -1 (accepted: a whole number of votes, 0 or more)',
        'RECORD_MEMBER_RECOMMENDATION',
        en,
      ),
    ).toEqual([
      { field: 'tally.votes.m07', message: 'The workflow refused: tally.votes.m07: got -1 (accepted: a whole number of votes, 0 or more)' },
    ]);
  });

  it('goes to the summary above the form when it names no field', () => {
    const run = driveTo(atStage('startApproval'));
    const refusal = admit(run.snapshot, { type: 'APPROVE_SLATE', by: person('town-committee'), candidates: ['m01', 'm02'], at });
    const reason = refusal.ok ? '' : refusal.message;
    expect(reason).toMatch(/^APPROVE_SLATE is not possible at stage/);
    expect(refusalErrors(reason, 'APPROVE_SLATE', zh)).toEqual([{ field: '', message: `工作流程拒绝：${reason}` }]);
    expect(
      refusalErrors(
        'APPROVE_START is not possible at stage Slate approval; accepted now: APPROVE_SLATE (town-committee)',
        'APPROVE_START',
        zh,
      ),
    ).toEqual([
      {
        field: '',
        message: '工作流程拒绝：APPROVE_START is not possible at stage Slate approval; accepted now: APPROVE_SLATE (town-committee)',
      },
    ]);
  });
});

describe('what a form shows and refuses besides figures', () => {
  it('shows the count awaiting confirmation read-only, with what confirming it gives, names and not ids alone', () => {
    const { facts } = every.CONFIRM_COUNT;
    const markup = render('CONFIRM_COUNT', facts, undefined, 'en');
    expect(controlsOf(markup)).toEqual([]);
    expect(markup).toContain('Once confirmed: every seat is filled.');
    for (const id of facts.pendingRound!.candidates)
      expect(markup).toContain(`${facts.roster.find((m) => m.id === id)!.name} <small class="id">${id}</small>`);
    expect(read('CONFIRM_COUNT', {})).toEqual({ ok: true, decision: { type: 'CONFIRM_COUNT' } });
  });

  it('shows a text the schema refuses beside its field, with the schema’s reason', () => {
    const errors = errorsOf(read('CANCEL', { reason: 'x'.repeat(100_000) }));
    expect(errors).toEqual([
      { field: 'reason', message: expect.stringMatching(/^格式不符：accepted: a reason of 2 to [\d,]+ characters/) },
    ]);
  });

  it('places a refused excusal of the attendance on that member’s row', () => {
    const { facts } = every.RECORD_ATTENDANCE;
    const [first, second] = facts.roster.filter((m) => m.standing === 'full').map((m) => m.id);
    const body = { present: [second!], [`excusal.${first!}`]: 'illness', excusalConsent: 'yes', excusalApproved: 'yes' };
    const paths = readPaths('RECORD_ATTENDANCE', body, facts);
    const reason = `RECORD_ATTENDANCE: excusals.0.category: got "flu" (accepted: one of illness, abroad-over-6-months)`;
    expect(refusalErrors(reason, 'RECORD_ATTENDANCE', en, paths).map((e) => e.field)).toEqual([`excusal.${first!}`]);
    expect(refusalErrors(reason, 'RECORD_ATTENDANCE', en).map((e) => e.field)).toEqual(['present']);
  });
});

describe('the start approval', () => {
  it('starts from what the village branch requested: seats, deputy and method filled in from its record', () => {
    const { facts, view } = factsOf(driveTo(atStage('startApproval')));
    expect(facts.seats).toBeUndefined();
    const request = {
      seq: 2,
      type: 'SUBMIT_START_REQUEST' as const,
      by: person('village-branch'),
      at: '2026-11-24T02:00:00.000Z',
      stage: 'startRequest' as const,
      summary: JSON.stringify({ seats: 5, electsDeputy: true, method: 'two-recommendations-one-election' }),
    };
    const markup = renderDecisionFields({
      type: 'APPROVE_START',
      role: 'town-committee',
      facts,
      view: { ...view, decisions: [...view.decisions, request] },
      tr: zh,
      locale: 'zh',
    }).toString();
    const controls = controlsOf(markup);
    expect(controls.find((c) => c.attrs.name === 'seats')?.attrs.value).toBe('5');
    expect(controls.find((c) => c.attrs.name === 'electsDeputy' && c.attrs.value === 'true')?.attrs).toHaveProperty('checked');
    // Without a request on record the approver types them.
    const bare = controlsOf(
      renderDecisionFields({ type: 'APPROVE_START', role: 'town-committee', facts, view, tr: zh, locale: 'zh' }).toString(),
    );
    expect(bare.find((c) => c.attrs.name === 'seats')?.attrs.value ?? '').toBe('');
  });
});

describe('a refusal from the workflow, which names members by id only', () => {
  const roster = [
    { id: 'm04', name: '张伟' },
    { id: 'm040', name: '李娜' },
  ];

  it('shows each member by name before the id, as the desk names people', () => {
    expect(withMemberNames('APPOINT_SCRUTINEERS: scrutineer m04 is a candidate; m040 is listed twice', roster)).toBe(
      'APPOINT_SCRUTINEERS: scrutineer 张伟 (m04) is a candidate; 李娜 (m040) is listed twice',
    );
  });

  it('leaves an id inside a path as it is, so the refusal still finds its field', () => {
    const reason = 'votes.m04: got -1 (a count from 0)';
    expect(withMemberNames(reason, roster)).toBe(reason);
  });
});
