import { html, type Html } from '../html';
import type { Translate } from '../i18n';
import { pendingResult } from '../../machines/contest';
import type { DecisionOf } from '../../machines/events';
import type { ElectionFacts } from '../../machines/facts';
import { fromEdition2 } from '../../machines/rules';
import { contextOf } from './context';
import {
  checkbox,
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
  memberText,
  section,
  textField,
} from './fields';
import { valueOf, valuesOf } from './reader';
import type { DecisionForm, FieldError, FormBody, FormContext } from './types';

/** The choice of a write-in's identity that says the person written in is no member of this branch. */
export const NOT_A_MEMBER = '*non-member*';

/** Whose majority elects: from version 2 the members due to attend (fixed), in version 1 the voters present (typed). */
const majorityOf = (facts: ElectionFacts): number | undefined =>
  fromEdition2(facts.machineVersion) ? (facts.attendance?.due ?? 0) : undefined;

/** How many write-in rows the form offers: those sent, and one empty row more; at least two. */
function writeInRows(values: FormBody | undefined): number {
  let filled = 0;
  for (let n = 1; n <= 50; n += 1) {
    if ((valueOf(values, `writeIn.${n}.name`) ?? '') !== '' || (valueOf(values, `writeIn.${n}.votes`) ?? '') !== '') filled = n;
  }
  return Math.max(2, filled + 1);
}

/** The ballot being counted, in words: which contest, which round, why, for how many seats. */
function ballotShown(ctx: FormContext): Html {
  const b = ctx.facts.ballot;
  if (!b) return html`<p>${ctx.tr('form.round.noBallot')}</p>`;
  return figures([
    [ctx.tr('form.round.contest'), ctx.tr(`form.ballot.${b.kind}`)],
    [ctx.tr('form.round.number'), b.round],
    [ctx.tr('form.round.purpose'), ctx.tr(`form.purpose.${b.purpose}`)],
    [ctx.tr('form.seats'), b.seats],
  ]);
}

/** A ballot round (计票结果): the ballot figures, the votes per candidate, write-ins, and the majority needed. */
export const roundForm: DecisionForm<'RECORD_ROUND'> = {
  render: (ctx) => {
    const { tr, facts } = ctx;
    const ballot = facts.ballot;
    const candidates = ballot?.candidates ?? [];
    const v2 = fromEdition2(facts.machineVersion);
    const majority = majorityOf(facts);
    const tie = ballot?.purpose === 'tie';
    const presentRecorded = facts.attendance?.present.length ?? 0;
    const votesHead = fieldId('votes.head');
    const disapprovedHead = fieldId('disapproved.head');
    const rows = candidates.map((id) => {
      const row = fieldId(`votes.row.${id}`);
      return html`<tr>
        <th scope="row" id="${row}">${memberLabel(facts, id)}</th>
        ${countCell(ctx, { name: `votes.${id}`, labelledBy: `${row} ${votesHead}`, required: true, data: html` data-vote` })}
        <td>
          <input
            type="checkbox"
            id="${fieldId(`disapproved.${id}`)}"
            name="disapproved"
            value="${id}"
            aria-labelledby="${row} ${disapprovedHead}"
            ${isTicked(ctx, 'disapproved', id) ? html` checked` : ''}
          />
        </td>
      </tr>`;
    });
    const writeIns = Array.from({ length: writeInRows(ctx.values) }, (_, i) => {
      const n = i + 1;
      return html`<tr>
        <td>${textField(ctx, { name: `writeIn.${n}.name`, label: tr('form.round.writeInName', { n }) })}</td>
        <td>
          ${countField(ctx, { name: `writeIn.${n}.votes`, label: tr('form.round.writeInVotes', { n }), data: html` data-vote data-write-in` })}
        </td>
        ${
          v2
            ? html`<td>
                <label for="${fieldId(`writeIn.${n}.member`)}">${tr('form.round.writeInMember', { n })}</label>
                <select id="${fieldId(`writeIn.${n}.member`)}" name="writeIn.${n}.member">
                  <option value="">${tr('form.round.notIdentified')}</option>
                  <option value="${NOT_A_MEMBER}" ${valueOf(ctx.values, `writeIn.${n}.member`) === NOT_A_MEMBER ? html` selected` : ''}>
                    ${tr('form.round.notAMember')}
                  </option>
                  ${facts.roster.map(
                    (m) =>
                      html`<option value="${m.id}" ${valueOf(ctx.values, `writeIn.${n}.member`) === m.id ? html` selected` : ''}>
                        ${memberText(facts, m.id)}
                      </option>`,
                  )}
                </select>
              </td>`
            : ''
        }
      </tr>`;
    });
    const left = v2
      ? html`<details${valuesOf(ctx.values, 'left').length ? html` open` : ''}>
          <summary>${tr('form.round.leftSummary')}</summary>
          ${group(ctx, {
            name: 'left',
            legend: tr('form.round.leftLegend'),
            hint: tr('form.round.leftHint'),
            className: 'field checklist',
            body: html`<ul class="grid">
              ${(facts.attendance?.present ?? []).map(
                (id) =>
                  html`<li>
                    ${checkbox(ctx, { name: 'left', value: id, id: fieldId(`left.${id}`), label: memberLabel(facts, id), data: html` data-left` })}
                    ${textField(ctx, { name: `leftReason.${id}`, label: tr('form.round.leftReason', { name: memberOf(facts, id)?.name ?? id }) })}
                  </li>`,
              )}
            </ul>`,
          })}
        </details>`
      : '';
    const data = html` data-check="round" data-seats="${ballot?.seats ?? 0}" data-majority-of="${majority ?? ''}"
    data-tie="${tie ? 'yes' : ''}"${dataMessage(
      'summary',
      tr('form.round.live'),
    )}${dataMessage('majority', tr(tie ? 'form.round.tieRule' : 'form.round.majority'))}${dataMessage(
      'issued-over-voters',
      tr('form.round.issuedOverVoters'),
    )}${dataMessage('void', tr('form.round.void'))}${dataMessage('sum', tr('form.round.sum'))}${dataMessage(
      'vote-over-valid',
      tr('form.round.voteOverValid'),
    )}${dataMessage('marks', tr('form.round.marks'))}`;
    const needed = majority !== undefined ? Math.floor(majority / 2) + 1 : undefined;
    return html`<div${data}>
      ${section(tr('form.round.ballot'), ballotShown(ctx))}
      ${section(
        tr('form.round.ballots'),
        html`${
            v2
              ? figures([
                  [tr('form.round.recordedPresent'), presentRecorded],
                  [tr('form.round.due'), majority ?? 0],
                ])
              : ''
          }
          ${countField(ctx, {
            name: 'votersPresent',
            label: tr('form.votersPresent'),
            hint: v2 ? tr('form.round.votersHint') : undefined,
            required: true,
            initial: String(presentRecorded),
            data: html` data-fig="voters"`,
          })}
          ${countField(ctx, { name: 'ballotsIssued', label: tr('form.ballotsIssued'), required: true, data: html` data-fig="issued"` })}
          ${countField(ctx, {
            name: 'ballotsReturned',
            label: tr('form.ballotsReturned'),
            hint: tr('form.round.returnedHint'),
            required: true,
            data: html` data-fig="returned"`,
          })}
          ${countField(ctx, { name: 'validBallots', label: tr('form.round.valid'), required: true, data: html` data-fig="valid"` })}
          ${countField(ctx, { name: 'invalidBallots', label: tr('form.round.invalid'), required: true, data: html` data-fig="invalid"` })}
          <div class="field choice">
            ${checkbox(ctx, { name: 'confirmVoid', value: 'yes', id: fieldId('confirmVoid'), label: tr('form.round.confirmVoid') })}
            ${(ctx.errors ?? []).filter((e) => e.field === 'confirmVoid').map((e) => html`<p class="error">${e.message}</p>`)}
          </div>`,
      )}
      ${group(ctx, {
        name: 'votes',
        legend: tr('form.round.votesLegend'),
        hint: tie
          ? tr('form.round.tieRule')
          : needed !== undefined
            ? tr('form.round.majority', { needed, of: majority ?? 0 })
            : tr('form.round.majorityV1'),
        className: 'field grid',
        body: html`<div class="table-wrap">
          <table class="grid">
            <thead>
              <tr>
                <th scope="col">${tr('form.round.candidate')}</th>
                <th scope="col" id="${votesHead}">${tr('form.votes')}</th>
                <th scope="col" id="${disapprovedHead}">${tr('form.round.disapproved')}</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>
        </div>`,
      })}
      ${group(ctx, {
        name: 'writeIns',
        legend: tr('form.round.writeInsLegend'),
        hint: tr('form.round.writeInsHint'),
        className: 'field grid',
        body: html`<div class="table-wrap">
          <table class="grid">
            <tbody>
              ${writeIns}
            </tbody>
          </table>
        </div>`,
      })}
      ${left} ${liveFigures(needed !== undefined && !tie ? tr('form.round.majority', { needed, of: majority ?? 0 }) : '')}
    </div>`;
  },
  read: (r, facts) => {
    const ballot = facts.ballot;
    const candidates = ballot?.candidates ?? [];
    const v2 = fromEdition2(facts.machineVersion);
    const votes: Record<string, number> = {};
    for (const id of candidates) {
      const n = r.count(`votes.${id}`, { required: true });
      if (n !== undefined) votes[id] = n;
    }
    const writeIns: Record<string, number> = {};
    const writeInMembers: Record<string, string | null> = {};
    for (let n = 1; n <= writeInRows(r.body) + 1; n += 1) {
      const name = r.text(`writeIn.${n}.name`);
      const count = r.count(`writeIn.${n}.votes`);
      const member = v2 ? r.oneOf(`writeIn.${n}.member`, [NOT_A_MEMBER, ...facts.roster.map((m) => m.id)]) : undefined;
      if (name === undefined && count === undefined) continue;
      if (name === undefined) r.fail(`writeIn.${n}.name`, 'form.round.writeInNameNeeded');
      else if (count === undefined) r.fail(`writeIn.${n}.votes`, 'form.error.countRequired');
      else if (Object.hasOwn(writeIns, name)) r.fail(`writeIn.${n}.name`, 'form.round.writeInTwice', { name });
      else {
        writeIns[name] = count;
        r.fills(`writeIns.${name}`, `writeIn.${n}.votes`);
        if (v2) r.fills(`writeInMembers.${name}`, `writeIn.${n}.member`);
        if (member !== undefined) writeInMembers[name] = member === NOT_A_MEMBER ? null : member;
      }
    }
    const disapproved = r.picked('disapproved', candidates);
    disapproved.forEach((_, i) => r.fills(`disapprovedCandidates.${i}`, 'disapproved'));
    const present = v2 ? (facts.attendance?.present ?? []) : [];
    const left = r.picked('left', present);
    // Every reason is read, so that none typed is lost unseen; only those of members ticked as gone are sent.
    const reasons = new Map(present.map((id) => [id, r.text(`leftReason.${id}`, { min: 2 })]));
    const membersLeft = left.map((memberId, i) => {
      r.fills(`membersLeft.${i}`, 'left');
      r.fills(`membersLeft.${i}.reason`, `leftReason.${memberId}`);
      const reason = reasons.get(memberId);
      if (reason === undefined) r.fail(`leftReason.${memberId}`, 'form.error.required');
      return { memberId, reason };
    });
    const returned = r.count('ballotsReturned', { required: true });
    const issued = r.count('ballotsIssued', { required: true });
    const voidConfirmed = r.ticked('confirmVoid');
    if (returned !== undefined && issued !== undefined && returned > issued && !voidConfirmed) {
      r.fail('confirmVoid', 'form.round.confirmVoidNeeded', { returned, issued });
    }
    return {
      votersPresent: r.count('votersPresent', { required: true }),
      ballotsIssued: issued,
      ballotsReturned: returned,
      validBallots: r.count('validBallots', { required: true }),
      invalidBallots: r.count('invalidBallots', { required: true }),
      votes,
      ...(Object.keys(writeIns).length ? { writeIns } : {}),
      ...(disapproved.length ? { disapprovedCandidates: disapproved } : {}),
      ...(membersLeft.length ? { membersLeft } : {}),
      ...(Object.keys(writeInMembers).length ? { writeInMembers } : {}),
    };
  },
  values: (d): FormBody => {
    const writeIns = Object.entries(d.writeIns ?? {});
    return {
      votersPresent: String(d.votersPresent),
      ballotsIssued: String(d.ballotsIssued),
      ballotsReturned: String(d.ballotsReturned),
      validBallots: String(d.validBallots),
      invalidBallots: String(d.invalidBallots),
      ...(d.ballotsReturned > d.ballotsIssued ? { confirmVoid: 'yes' } : {}),
      ...Object.fromEntries(Object.entries(d.votes).map(([id, n]) => [`votes.${id}`, String(n)])),
      ...Object.fromEntries(
        writeIns.flatMap(([name, n], i): [string, string][] => {
          const member = d.writeInMembers && Object.hasOwn(d.writeInMembers, name) ? d.writeInMembers[name] : undefined;
          return [
            [`writeIn.${i + 1}.name`, name],
            [`writeIn.${i + 1}.votes`, String(n)],
            ...(member !== undefined ? [[`writeIn.${i + 1}.member`, member ?? NOT_A_MEMBER] as [string, string]] : []),
          ];
        }),
      ),
      ...(d.disapprovedCandidates ? { disapproved: d.disapprovedCandidates } : {}),
      ...(d.membersLeft?.length
        ? {
            left: d.membersLeft.map((m) => m.memberId),
            ...Object.fromEntries(d.membersLeft.map((m) => [`leftReason.${m.memberId}`, m.reason])),
          }
        : {}),
    };
  },
  check: (d, facts, tr) => checkRoundFigures(d, facts, tr),
};

/** The arithmetic of a round as the counting rules check it, each problem beside the field it comes from. */
function checkRoundFigures(d: DecisionOf<'RECORD_ROUND'>, facts: ElectionFacts, tr: Translate): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });
  const { votersPresent: voters, ballotsIssued: issued, ballotsReturned: returned, validBallots: valid, invalidBallots: invalid } = d;
  // A round with more ballots returned than issued is void whatever else it says, and is held again.
  if (returned > issued) return errors;
  const seats = facts.ballot?.seats ?? 1;
  const v2 = fromEdition2(facts.machineVersion);
  if (v2) {
    const expected = (facts.attendance?.present.length ?? 0) - (d.membersLeft?.length ?? 0);
    if (voters !== expected) add('votersPresent', tr('form.round.votersNotRecorded', { voters, expected }));
  }
  if (issued > voters) add('ballotsIssued', tr('form.round.issuedOverVoters', { issued, voters }));
  if (valid + invalid !== returned) add('validBallots', tr('form.round.sum', { valid, invalid, total: valid + invalid, returned }));
  for (const [id, votes] of Object.entries(d.votes)) {
    if (votes > valid) add(`votes.${id}`, tr('form.round.voteOverValid', { name: memberOf(facts, id)?.name ?? id, votes, valid }));
  }
  const writeIns = Object.entries(d.writeIns ?? {});
  writeIns.forEach(([name, votes], i) => {
    if (votes > valid) add(`writeIn.${i + 1}.votes`, tr('form.round.voteOverValid', { name, votes, valid }));
  });
  const writeInVotes = writeIns.reduce((sum, [, v]) => sum + v, 0);
  const marks = Object.values(d.votes).reduce((sum, v) => sum + v, 0) + writeInVotes;
  if (marks > valid * seats) add('votes', tr('form.round.marks', { marks, valid, seats, max: valid * seats }));
  const disapproved = d.disapprovedCandidates?.length ?? 0;
  if (writeInVotes > 0 && facts.ballot?.purpose === 'tie') add('writeIns', tr('form.round.writeInInTie'));
  else if (writeInVotes > 0 && disapproved === 0) add('writeIns', tr('form.round.writeInWithoutDisapproval'));
  else if (writeInVotes > valid * disapproved)
    add('writeIns', tr('form.round.writeInsOverDisapprovals', { votes: writeInVotes, max: valid * disapproved }));
  return errors;
}

/** The count awaiting a scrutineer's confirmation, read-only, with what it gives when confirmed. */
export const confirmCountForm: DecisionForm<'CONFIRM_COUNT'> = {
  render: (ctx) => {
    const { tr, facts } = ctx;
    const round = facts.pendingRound;
    if (!round) return html`<p>${tr('form.confirm.nothing')}</p>`;
    const result = pendingResult(contextOf(facts));
    const names = (ids: readonly string[]) => html`${ids.map((id, i) => html`${i ? '、' : ''}${memberLabel(facts, id)}`)}`;
    return html`${section(
      tr('form.confirm.legend'),
      html`${figures([
          [tr('form.round.contest'), tr(`form.ballot.${round.kind}`)],
          [tr('form.round.number'), round.round],
          [tr('form.round.purpose'), tr(`form.purpose.${round.purpose}`)],
          [tr('form.seats'), round.seats],
          [tr('form.votersPresent'), round.votersPresent],
          [tr('form.ballotsIssued'), round.ballotsIssued],
          [tr('form.ballotsReturned'), round.ballotsReturned],
          [tr('form.round.valid'), round.validBallots],
          [tr('form.round.invalid'), round.invalidBallots],
        ])}
        <div class="table-wrap">
          <table class="grid">
            <thead>
              <tr>
                <th scope="col">${tr('form.round.candidate')}</th>
                <th scope="col">${tr('form.votes')}</th>
              </tr>
            </thead>
            <tbody>
              ${Object.entries(round.votes).map(
                ([id, n]) =>
                  html`<tr>
                    <th scope="row">
                      ${memberLabel(facts, id)}${(round.disapprovedCandidates ?? []).includes(id) ? html` (${tr('form.round.disapproved')})` : ''}
                    </th>
                    <td>${n}</td>
                  </tr>`,
              )}
              ${Object.entries(round.writeIns ?? {}).map(
                ([name, n]) =>
                  html`<tr>
                    <th scope="row">${name} (${tr('form.round.writeIn')})</th>
                    <td>${n}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <p class="figures">
          ${tr(`form.confirm.outcome.${result.status}`)}${result.elected.length ? html` ${tr('form.confirm.elected')}${names(result.elected)}` : ''}
        </p>`,
    )}`;
  },
  read: () => ({}),
  values: () => ({}),
};
