import { html } from '../html';
import type { ElectionFacts } from '../../machines/facts';
import { excusalCategorySchema, fromEdition2, votingMembers } from '../../machines/rules';
import {
  checkbox,
  countField,
  dataMessage,
  fieldId,
  figures,
  group,
  isTicked,
  liveFigures,
  memberChecklist,
  memberLabel,
  section,
} from './fields';
import { valueOf } from './reader';
import type { DecisionForm, FormContext } from './types';

const voters = (facts: ElectionFacts) => votingMembers(facts.roster).map((m) => m.id);

/** Quorum: more than 4/5 of those due to attend, so at least this many present. */
export const quorumNeeded = (due: number): number => Math.floor((4 * due) / 5) + 1;

/** The attendance figures of a form as filled (or as it starts): voters, excused, due, present, needed. */
function attendanceFigures(ctx: FormContext) {
  const ids = voters(ctx.facts);
  const excused = ids.filter((id) => (ctx.values ? (valueOf(ctx.values, `excusal.${id}`) ?? '') : '') !== '').length;
  const present = ids.filter((id) => isTicked(ctx, 'present', id)).length;
  const due = ids.length - excused;
  return { voters: ids.length, excused, due, present, needed: quorumNeeded(due) };
}

/** The attendance (到会情况): the roster with a box per voting member and the five excusal categories. */
export const attendanceForm: DecisionForm<'RECORD_ATTENDANCE'> = {
  render: (ctx) => {
    const { tr, facts } = ctx;
    const presentHead = fieldId('present.head');
    const excusalHead = fieldId('excusal.head');
    const rows = voters(facts).map((id) => {
      const row = fieldId(`present.row.${id}`);
      const excusal = `excusal.${id}`;
      const chosen = ctx.values ? (valueOf(ctx.values, excusal) ?? '') : '';
      return html`<tr>
        <th scope="row" id="${row}">${memberLabel(facts, id)}</th>
        <td>
          <input
            type="checkbox"
            id="${fieldId(`present.${id}`)}"
            name="present"
            value="${id}"
            aria-labelledby="${row} ${presentHead}"
            data-present${isTicked(ctx, 'present', id) ? html` checked` : ''}
          />
        </td>
        <td>
          <select
            id="${fieldId(excusal)}"
            name="${excusal}"
            aria-labelledby="${row} ${excusalHead}"
            data-excusal${
              (ctx.errors ?? []).some((e) => e.field === excusal)
                ? html` aria-invalid="true" aria-describedby="${fieldId(excusal)}-error"`
                : ''
            }
          >
            <option value="">${tr('form.attendance.notExcused')}</option>
            ${excusalCategorySchema.options.map(
              (c) => html`<option value="${c}" ${c === chosen ? html` selected` : ''}>${tr(`form.excusal.${c}`)}</option>`,
            )}
          </select>
          ${(ctx.errors ?? [])
            .filter((e) => e.field === excusal)
            .map((e) => html`<p class="error" id="${fieldId(excusal)}-error">${e.message}</p>`)}
        </td>
      </tr>`;
    });
    const others = facts.roster.filter((m) => m.standing !== 'full');
    const f = attendanceFigures(ctx);
    const data = html` data-check="attendance"
    data-voters="${f.voters}"${dataMessage('summary', tr('form.attendance.live'))}${dataMessage(
      'met',
      tr('form.attendance.met'),
    )}${dataMessage('not-met', tr('form.attendance.notMet'))}${dataMessage('both', tr('form.attendance.both'))}`;
    return html`<div${data}>
      ${group(ctx, {
        name: 'present',
        legend: tr('form.attendance.legend'),
        hint: tr('form.attendance.hint'),
        className: 'field grid',
        body: html`<div class="table-wrap">
            <table class="grid">
              <thead>
                <tr>
                  <th scope="col">${tr('form.member')}</th>
                  <th scope="col" id="${presentHead}">${tr('form.attendance.present')}</th>
                  <th scope="col" id="${excusalHead}">${tr('form.attendance.excusal')}</th>
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>
          </div>
          ${
            others.length
              ? html`<p class="hint">
                  ${tr('form.attendance.nonVoters')}
                  ${others.map((m, i) => html`${i ? '、' : ''}${memberLabel(facts, m.id)} (${tr(`form.standing.${m.standing}`)})`)}
                </p>`
              : ''
          }`,
      })}
      ${section(
        tr('form.attendance.excusalsLegend'),
        html`<p class="hint">${tr('form.attendance.excusalsHint')}</p>
          ${(['excusalConsent', 'excusalApproved'] as const).map(
            (name) =>
              html`<div class="field choice">
                ${checkbox(ctx, {
                  name,
                  value: 'yes',
                  id: fieldId(name),
                  label: tr(name === 'excusalConsent' ? 'form.attendance.consent' : 'form.attendance.approved'),
                  describedBy: (ctx.errors ?? []).some((e) => e.field === name) ? `${fieldId(name)}-error` : undefined,
                })}
                ${(ctx.errors ?? [])
                  .filter((e) => e.field === name)
                  .map((e) => html`<p class="error" id="${fieldId(name)}-error">${e.message}</p>`)}
              </div>`,
          )}`,
      )}
      ${liveFigures(tr(f.present > f.due ? 'form.attendance.both' : f.present >= f.needed ? 'form.attendance.met' : 'form.attendance.live', f))}
    </div>`;
  },
  read: (r, facts) => {
    const ids = voters(facts);
    const present = r.picked('present', ids);
    present.forEach((_, i) => r.fills(`present.${i}`, 'present'));
    const excusals = ids.flatMap((memberId) => {
      const category = r.oneOf(`excusal.${memberId}`, excusalCategorySchema.options);
      if (category === undefined) return [];
      if (present.includes(memberId)) r.fail(`excusal.${memberId}`, 'form.attendance.excusedPresent');
      return [{ memberId, category, higherLevelConsent: true as const, conferenceApproved: true as const }];
    });
    excusals.forEach((e, i) => r.fills(`excusals.${i}`, `excusal.${e.memberId}`));
    const consent = r.ticked('excusalConsent');
    const approved = r.ticked('excusalApproved');
    if (excusals.length > 0) {
      if (!consent) r.fail('excusalConsent', 'form.attendance.consentNeeded');
      if (!approved) r.fail('excusalApproved', 'form.attendance.approvedNeeded');
    }
    return { present, excusals };
  },
  values: (d) => ({
    present: d.present,
    ...Object.fromEntries((d.excusals ?? []).map((e) => [`excusal.${e.memberId}`, e.category])),
    ...((d.excusals ?? []).length ? { excusalConsent: 'yes', excusalApproved: 'yes' } : {}),
  }),
};

/** Who may be a scrutineer: recorded present, not a candidate (the rules refuse a member whose rights are suspended). */
const scrutineerChoices = (facts: ElectionFacts) =>
  (facts.attendance?.present ?? []).filter(
    (id) => !facts.candidates.includes(id) && facts.roster.find((m) => m.id === id)?.standing !== 'suspended',
  );

/** The scrutineers (监票人): members present who are not candidates, at least two. */
export const scrutineersForm: DecisionForm<'APPOINT_SCRUTINEERS'> = {
  render: (ctx) =>
    memberChecklist(ctx, {
      name: 'scrutineers',
      legend: ctx.tr('form.scrutineers.legend'),
      hint: ctx.tr('form.scrutineers.hint'),
      members: scrutineerChoices(ctx.facts),
    }),
  read: (r, facts) => {
    const scrutineers = r.picked('scrutineers', scrutineerChoices(facts));
    scrutineers.forEach((_, i) => r.fills(`scrutineers.${i}`, 'scrutineers'));
    if (scrutineers.length < 2) r.fail('scrutineers', 'form.scrutineers.tooFew', { picked: scrutineers.length });
    return { scrutineers };
  },
  values: (d) => ({ scrutineers: d.scrutineers }),
};

/** The voters the seat-reduction vote is of: from version 2 those of the last round, else those recorded present. */
const seatVoters = (facts: ElectionFacts) =>
  (fromEdition2(facts.machineVersion) ? facts.rounds.at(-1)?.votersPresent : undefined) ?? facts.attendance?.present.length ?? 0;

/** The conference's vote to reduce the seats by the one left unfilled (减少委员名额). */
export const reduceSeatsForm: DecisionForm<'REDUCE_SEATS'> = {
  render: (ctx) => {
    const present = seatVoters(ctx.facts);
    return section(
      ctx.tr('form.reduceSeats.legend'),
      html`${figures([
        [ctx.tr('form.seats'), ctx.facts.seats ?? ''],
        [ctx.tr('form.reduceSeats.elected'), ctx.facts.elected.length],
        [ctx.tr('form.votersPresent'), present],
        [ctx.tr('form.reduceSeats.needed'), Math.floor(present / 2) + 1],
      ])}
      ${countField(ctx, { name: 'votesFor', label: ctx.tr('form.reduceSeats.votesFor'), hint: ctx.tr('form.reduceSeats.hint'), required: true })}`,
    );
  },
  read: (r) => ({ votesFor: r.count('votesFor', { required: true }) }),
  values: (d) => ({ votesFor: String(d.votesFor) }),
  check: (d, facts, tr) => {
    const present = seatVoters(facts);
    return d.votesFor > present ? [{ field: 'votesFor', message: tr('form.reduceSeats.overPresent', { votes: d.votesFor, present }) }] : [];
  },
};
