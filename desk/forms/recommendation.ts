import { html } from '../html';
import type { Translate } from '../i18n';
import type { DecisionOf } from '../../machines/events';
import type { ElectionFacts } from '../../machines/facts';
import { candidateBlocks, candidatesNeeded, fromEdition2, postsToFill, votingMembers } from '../../machines/rules';
import {
  countCell,
  countField,
  dataMessage,
  fieldId,
  figures,
  group,
  isTicked,
  liveFigures,
  memberLabel,
  memberOf,
  section,
  textArea,
  checkbox,
} from './fields';
import { optional, valueOf } from './reader';
import { todayOf } from './start';
import type { DecisionForm, FieldError, FormBody } from './types';

type TallyType = 'RECORD_MEMBER_RECOMMENDATION' | 'RECORD_MASS_RECOMMENDATION';

/** Who may be named on a recommendation ballot: full members, the only ones who may stand. */
const standing = (facts: ElectionFacts) => votingMembers(facts.roster).map((m) => m.id);

/** From version 2, who may take part in a tally and how many posts a ballot names. */
function tallyBounds(
  type: TallyType,
  facts: ElectionFacts,
): { participants: number; who: 'voters' | 'representatives'; posts: number } | undefined {
  if (!fromEdition2(facts.machineVersion)) return undefined;
  const posts = postsToFill(facts.form, facts.seats ?? 1, facts.electsDeputy ?? false);
  return type === 'RECORD_MEMBER_RECOMMENDATION'
    ? { participants: standing(facts).length, who: 'voters', posts }
    : { participants: facts.investigation?.representatives ?? 0, who: 'representatives', posts };
}

/** A recommendation tally (推荐票): participants, ballots, and a row per full member for the votes they got. */
function tallyForm<K extends TallyType>(type: K): DecisionForm<K> {
  return {
    render: (ctx) => {
      const { tr, facts } = ctx;
      const bounds = tallyBounds(type, facts);
      const threshold = facts.plan.recommendationThreshold;
      const head = fieldId(`tally.head`);
      const rows = standing(facts).map((id) => {
        const row = fieldId(`tally.row.${id}`);
        return html`<tr>
          <th scope="row" id="${row}">${memberLabel(facts, id)}</th>
          ${countCell(ctx, { name: `tally.votes.${id}`, labelledBy: `${row} ${head}`, data: html` data-vote` })}
        </tr>`;
      });
      const data = html` data-check="tally" data-posts="${bounds?.posts ?? ''}"
      data-max-participants="${bounds?.participants ?? ''}"${
        type === 'RECORD_MEMBER_RECOMMENDATION' ? html` data-num="${threshold.numerator}" data-den="${threshold.denominator}"` : ''
      }${dataMessage('summary', tr('form.tally.live'))}${dataMessage('returned-over-issued', tr('form.tally.returnedOverIssued'))}${dataMessage(
        'issued-over-participants',
        tr('form.tally.issuedOverParticipants'),
      )}${dataMessage('vote-over-returned', tr('form.tally.voteOverReturned'))}${dataMessage('marks', tr('form.tally.marks'))}${dataMessage(
        'participants-over',
        tr('form.tally.participantsOver', {
          who: tr(bounds?.who === 'representatives' ? 'form.tally.whoRepresentatives' : 'form.tally.whoVoters'),
        }),
      )}${dataMessage('threshold', tr('form.tally.threshold'))}`;
      return html`<div${data}>
        ${section(
          tr('form.tally.ballots'),
          html`${
            bounds
              ? figures([[tr(bounds.who === 'voters' ? 'form.tally.maxVoters' : 'form.tally.maxRepresentatives'), bounds.participants]])
              : ''
          }
          ${countField(ctx, { name: 'tally.participants', label: tr('form.tally.participants'), required: true, data: html` data-fig="participants"` })}
          ${countField(ctx, { name: 'tally.ballotsIssued', label: tr('form.ballotsIssued'), required: true, data: html` data-fig="issued"` })}
          ${countField(ctx, {
            name: 'tally.ballotsReturned',
            label: tr('form.ballotsReturned'),
            hint: tr('form.tally.returnedHint'),
            required: true,
            data: html` data-fig="returned"`,
          })}`,
        )}
        ${group(ctx, {
          name: 'tally.votes',
          legend: tr('form.tally.votes'),
          hint: tr(bounds ? 'form.tally.votesHintPosts' : 'form.tally.votesHint', { posts: bounds?.posts ?? 0 }),
          className: 'field grid',
          body: html`<div class="table-wrap">
            <table class="grid">
              <thead>
                <tr>
                  <th scope="col">${tr('form.member')}</th>
                  <th scope="col" id="${head}">${tr('form.votes')}</th>
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>
          </div>`,
        })}
        ${liveFigures(
          type === 'RECORD_MEMBER_RECOMMENDATION'
            ? tr('form.tally.thresholdStatic', { num: threshold.numerator, den: threshold.denominator })
            : '',
        )}
      </div>`;
    },
    read: (r, facts) => {
      const votes: Record<string, number> = {};
      for (const id of standing(facts)) {
        const n = r.count(`tally.votes.${id}`);
        if (n !== undefined) votes[id] = n;
      }
      return {
        tally: {
          participants: r.count('tally.participants', { required: true }),
          ballotsIssued: r.count('tally.ballotsIssued', { required: true }),
          ballotsReturned: r.count('tally.ballotsReturned', { required: true }),
          votes,
        },
      };
    },
    values: (d) => {
      const { tally } = d as { tally: DecisionOf<TallyType>['tally'] };
      return {
        'tally.participants': String(tally.participants),
        'tally.ballotsIssued': String(tally.ballotsIssued),
        'tally.ballotsReturned': String(tally.ballotsReturned),
        ...Object.fromEntries(Object.entries(tally.votes).map(([id, n]) => [`tally.votes.${id}`, String(n)])),
      };
    },
    check: (d, facts, tr) => checkTallyFigures(type, d.tally, facts, tr),
  };
}

/** The arithmetic of a tally, as the workflow's rules check it, each problem beside its field. */
function checkTallyFigures(type: TallyType, tally: DecisionOf<TallyType>['tally'], facts: ElectionFacts, tr: Translate): FieldError[] {
  const errors: FieldError[] = [];
  const { participants, ballotsIssued: issued, ballotsReturned: returned } = tally;
  if (returned > issued)
    errors.push({ field: 'tally.ballotsReturned', message: tr('form.tally.returnedOverIssued', { returned, issued }) });
  if (issued > participants) {
    errors.push({ field: 'tally.ballotsIssued', message: tr('form.tally.issuedOverParticipants', { issued, participants }) });
  }
  for (const [id, votes] of Object.entries(tally.votes)) {
    if (votes > returned) {
      const name = memberOf(facts, id)?.name ?? id;
      errors.push({ field: `tally.votes.${id}`, message: tr('form.tally.voteOverReturned', { name, votes, returned }) });
    }
  }
  const bounds = tallyBounds(type, facts);
  if (bounds && participants > bounds.participants) {
    errors.push({
      field: 'tally.participants',
      message: tr('form.tally.participantsOver', {
        participants,
        max: bounds.participants,
        who: tr(bounds.who === 'voters' ? 'form.tally.whoVoters' : 'form.tally.whoRepresentatives'),
      }),
    });
  }
  const total = Object.values(tally.votes).reduce((sum, v) => sum + v, 0);
  if (bounds && total > returned * bounds.posts) {
    errors.push({
      field: 'tally.votes',
      message: tr('form.tally.marks', { total, returned, posts: bounds.posts, max: returned * bounds.posts }),
    });
  }
  return errors;
}

export const memberRecommendationForm = tallyForm('RECORD_MEMBER_RECOMMENDATION');
export const massRecommendationForm = tallyForm('RECORD_MASS_RECOMMENDATION');

/** The inspection (组织考察和联审): a verdict on each nominee, pass or fail, and the reason of a fail. */
export const inspectionForm: DecisionForm<'RECORD_INSPECTION'> = {
  render: (ctx) =>
    section(
      ctx.tr('form.inspection.legend'),
      ctx.facts.nominees.map((id) => {
        const name = `verdict.${id}`;
        const chosen = ctx.values ? valueOf(ctx.values, name) : undefined;
        return group(ctx, {
          name,
          legend: memberLabel(ctx.facts, id),
          className: 'field nominee',
          body: html`${(['pass', 'fail'] as const).map((value) => {
            const boxId = fieldId(`${name}.${value}`);
            return html`<div class="choice">
              <input type="radio" id="${boxId}" name="${name}" value="${value}" required${chosen === value ? html` checked` : ''} />
              <label for="${boxId}">${ctx.tr(value === 'pass' ? 'form.inspection.pass' : 'form.inspection.fail')}</label>
            </div>`;
          })}
          ${textArea(ctx, { name: `reason.${id}`, label: ctx.tr('form.inspection.reason'), hint: ctx.tr('form.inspection.reasonHint'), rows: 2 })}`,
        });
      }),
    ),
  read: (r, facts) => ({
    verdicts: facts.nominees.map((nomineeId, i) => {
      r.fills(`verdicts.${i}.nomineeId`, `verdict.${nomineeId}`);
      const verdict = r.oneOf(`verdict.${nomineeId}`, ['pass', 'fail'] as const, { path: `verdicts.${i}.pass`, required: true });
      const reason = r.text(`reason.${nomineeId}`, { path: `verdicts.${i}.reason` });
      if (verdict === 'fail' && reason === undefined) r.fail(`reason.${nomineeId}`, 'form.inspection.reasonNeeded');
      return { nomineeId, pass: verdict === 'pass', ...optional('reason', reason) };
    }),
  }),
  values: (d) =>
    Object.fromEntries(
      d.verdicts.flatMap((v) => [
        [`verdict.${v.nomineeId}`, v.pass ? 'pass' : 'fail'],
        ...(v.reason !== undefined ? [[`reason.${v.nomineeId}`, v.reason]] : []),
      ]),
    ) as FormBody,
};

/** Candidates who need the town committee's exception to stand (version 2): new members over the age limit today. */
function overAgeNominees(facts: ElectionFacts, onDate: string): Map<string, string> {
  const over = new Map<string, string>();
  for (const id of facts.inspectionPassed) {
    const member = memberOf(facts, id);
    const block = member && candidateBlocks(member, facts.plan, onDate).find((b) => b.code === 'CANDIDATE_OVER_MAX_AGE_NEW');
    if (block) over.set(id, String(block.figures.age));
  }
  return over;
}

/** How many candidates the slate needs: the competitive ratio for a committee, 1 or 2 for a directly elected secretary. */
export const slateNeeds = (facts: ElectionFacts): number =>
  candidatesNeeded(facts.form, facts.seats ?? 1, fromEdition2(facts.machineVersion) && (facts.electsDeputy ?? false));

/** The fewest characters of an age exception's reason, as the decision's schema has it. */
const AGE_EXCEPTION_MIN = 5;

/** The slate (候选人名单): picked from the nominees who passed inspection, with the ratio it must meet counted as one ticks. */
export const slateForm: DecisionForm<'APPROVE_SLATE'> = {
  render: (ctx) => {
    const { tr, facts } = ctx;
    const needed = slateNeeds(facts);
    const exceptions = fromEdition2(facts.machineVersion) ? overAgeNominees(facts, todayOf(ctx)) : new Map<string, string>();
    const ratio =
      facts.form === 'committee' ? tr('form.slate.ratio', { seats: facts.seats ?? 0, needed }) : tr('form.slate.direct', { needed });
    const data = html` data-check="slate"
    data-needed="${needed}"${dataMessage('count', tr('form.slate.count'))}${dataMessage('short', tr('form.slate.short'))}`;
    const body = html`<ul class="grid">
      ${facts.inspectionPassed.map((id) => {
        const age = exceptions.get(id);
        const hint = age !== undefined ? fieldId(`ageException.${id}`) : undefined;
        return html`<li>
          ${checkbox(ctx, {
            name: 'candidates',
            value: id,
            id: fieldId(`candidates.${id}`),
            label: memberLabel(facts, id),
            data: html` data-pick`,
            describedBy: hint,
          })}
          ${
            age !== undefined
              ? textArea(ctx, {
                  name: `ageException.${id}`,
                  label: tr('form.slate.exception', {
                    name: memberOf(facts, id)?.name ?? id,
                    age,
                    max: facts.plan.eligibility.maxAgeNewMember,
                  }),
                  hint: tr('form.slate.exceptionHint'),
                  rows: 2,
                })
              : ''
          }
        </li>`;
      })}
    </ul>`;
    return html`<div${data}>
      ${group(ctx, { name: 'candidates', legend: tr('form.slate.legend'), hint: ratio, body, className: 'field checklist' })}
      ${liveFigures(tr('form.slate.count', { picked: facts.inspectionPassed.filter((id) => isTicked(ctx, 'candidates', id)).length, needed }))}
    </div>`;
  },
  read: (r, facts) => {
    const candidates = r.picked('candidates', facts.inspectionPassed);
    candidates.forEach((_, i) => r.fills(`candidates.${i}`, 'candidates'));
    if (!fromEdition2(facts.machineVersion)) return { candidates };
    const over = [...overAgeNominees(facts, todayOf({ now: r.now })).keys()];
    // Every reason field is read, but only a picked candidate's exception is sent.
    const reasons = new Map(over.map((id) => [id, r.text(`ageException.${id}`)]));
    const ageExceptions = candidates
      .filter((id) => reasons.has(id))
      .map((memberId) => {
        const reason = reasons.get(memberId);
        if (reason === undefined) r.fail(`ageException.${memberId}`, 'form.slate.exceptionNeeded');
        else if ([...reason].length < AGE_EXCEPTION_MIN)
          r.fail(`ageException.${memberId}`, 'form.error.tooShort', { min: AGE_EXCEPTION_MIN });
        return { memberId, reason };
      })
      .filter((e): e is { memberId: string; reason: string } => e.reason !== undefined);
    ageExceptions.forEach((e, i) => {
      r.fills(`ageExceptions.${i}.reason`, `ageException.${e.memberId}`);
      r.fills(`ageExceptions.${i}.memberId`, `ageException.${e.memberId}`);
    });
    return { candidates, ...(ageExceptions.length ? { ageExceptions } : {}) };
  },
  values: (d) => ({
    candidates: d.candidates,
    ...Object.fromEntries((d.ageExceptions ?? []).map((e) => [`ageException.${e.memberId}`, e.reason])),
  }),
  check: (d, facts, tr) => {
    const needed = slateNeeds(facts);
    const picked = new Set(d.candidates).size;
    return picked < needed ? [{ field: 'candidates', message: tr('form.slate.short', { picked, needed }) }] : [];
  },
};
