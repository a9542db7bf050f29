import { html } from '../html';
import type { ElectionFacts } from '../../machines/facts';
import { fromEdition2 } from '../../machines/rules';
import {
  checkbox,
  countCell,
  fieldId,
  group,
  memberChecklist,
  memberLabel,
  memberOf,
  memberText,
  section,
  selectField,
  textArea,
  textField,
} from './fields';
import { optional } from './reader';
import { todayOf } from './start';
import type { DecisionForm, FieldError } from './types';

type Post = 'secretary' | 'deputy';
const posts = (facts: ElectionFacts): Post[] => (facts.electsDeputy ? ['secretary', 'deputy'] : ['secretary']);

/** The first plenary (一次全体会议): the new committee elects its secretary (and deputy), with the votes for each. */
export const plenaryForm: DecisionForm<'RECORD_PLENARY'> = {
  render: (ctx) => {
    const { tr, facts } = ctx;
    const committee = facts.elected;
    const needed = Math.floor(committee.length / 2) + 1;
    const heads = Object.fromEntries(posts(facts).map((post) => [post, fieldId(`votes.${post}.head`)]));
    return html`${section(
      tr('form.plenary.legend'),
      html`${posts(facts).map((post) =>
        selectField(ctx, {
          name: post,
          label: tr(post === 'secretary' ? 'form.result.secretary' : 'form.result.deputy'),
          required: true,
          options: committee.map((id) => ({ value: id, text: memberText(facts, id) })),
        }),
      )}`,
    )}
    ${memberChecklist(ctx, {
      name: 'membersPresent',
      legend: tr('form.plenary.present'),
      members: committee,
      initially: ctx.values ? [] : committee,
    })}
    ${group(ctx, {
      name: 'votes',
      legend: tr('form.plenary.votes'),
      hint: tr('form.plenary.votesHint', { size: committee.length, needed }),
      className: 'field grid',
      body: html`<div class="table-wrap">
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">${tr('form.member')}</th>
              ${posts(facts).map(
                (post) =>
                  html`<th scope="col" id="${heads[post]}">
                    ${tr(post === 'secretary' ? 'form.plenary.votesSecretary' : 'form.plenary.votesDeputy')}
                  </th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${committee.map((id) => {
              const row = fieldId(`votes.row.${id}`);
              return html`<tr>
                <th scope="row" id="${row}">${memberLabel(facts, id)}</th>
                ${posts(facts).map((post) => countCell(ctx, { name: `votes.${post}.${id}`, labelledBy: `${row} ${heads[post]!}` }))}
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`,
    })}`;
  },
  read: (r, facts) => {
    const committee = facts.elected;
    const secretary = r.oneOf('secretary', committee, { required: true });
    const deputy = facts.electsDeputy ? r.oneOf('deputy', committee, { required: true }) : undefined;
    if (secretary !== undefined && secretary === deputy) r.fail('deputy', 'form.plenary.sameMember');
    const membersPresent = r.picked('membersPresent', committee);
    membersPresent.forEach((_, i) => r.fills(`membersPresent.${i}`, 'membersPresent'));
    const votes: Partial<Record<Post, Record<string, number>>> = {};
    for (const post of posts(facts)) {
      for (const id of committee) {
        const n = r.count(`votes.${post}.${id}`);
        if (n !== undefined) votes[post] = { ...votes[post], [id]: n };
      }
    }
    const recorded = fromEdition2(facts.machineVersion) || membersPresent.length > 0 || votes.secretary !== undefined;
    return {
      secretary,
      ...optional('deputy', deputy),
      ...(recorded ? { membersPresent, votes: { secretary: votes.secretary ?? {}, ...optional('deputy', votes.deputy) } } : {}),
    };
  },
  values: (d) => ({
    secretary: d.secretary,
    ...optional('deputy', d.deputy),
    ...(d.membersPresent ? { membersPresent: d.membersPresent } : {}),
    ...Object.fromEntries(
      (['secretary', 'deputy'] as const).flatMap((post) =>
        Object.entries(d.votes?.[post] ?? {}).map(([id, n]) => [`votes.${post}.${id}`, String(n)]),
      ),
    ),
  }),
  check: (d, facts, tr) => {
    const errors: FieldError[] = [];
    const size = facts.elected.length;
    const present = d.membersPresent?.length ?? size;
    for (const post of posts(facts)) {
      const tally = d.votes?.[post];
      const elected = post === 'secretary' ? d.secretary : d.deputy;
      if (!tally || elected === undefined) continue;
      const total = Object.values(tally).reduce((sum, v) => sum + v, 0);
      if (total > present) errors.push({ field: 'votes', message: tr('form.plenary.overPresent', { total, present }) });
      const got = Object.hasOwn(tally, elected) ? tally[elected]! : 0;
      if (2 * got <= size) {
        errors.push({
          field: `votes.${post}.${elected}`,
          message: tr('form.plenary.noMajority', { name: memberOf(facts, elected)?.name ?? elected, votes: got, size }),
        });
      }
    }
    return errors;
  },
};

/** Whom the handover's talks are held with: outgoing committee members leaving office, then the new committee. */
function talkGroups(facts: ElectionFacts): { leaving: string[]; incoming: string[] } {
  const leaving = facts.roster.filter((m) => m.outgoingPost !== undefined && !facts.elected.includes(m.id)).map((m) => m.id);
  return { leaving, incoming: facts.elected };
}

/** The handover (工作交接): the day, and the talks held with those leaving office and those taking it. */
export const handoverForm: DecisionForm<'RECORD_HANDOVER'> = {
  render: (ctx) => {
    const { tr, facts } = ctx;
    const { leaving, incoming } = talkGroups(facts);
    const talks = (ids: string[]) =>
      html`<ul class="grid">
        ${ids.map(
          (id) =>
            html`<li>
              ${checkbox(ctx, { name: 'talk', value: id, id: fieldId(`talk.${id}`), label: memberLabel(facts, id) })}
              ${textArea(ctx, { name: `talkNotes.${id}`, label: tr('form.handover.notes', { name: memberOf(facts, id)?.name ?? id }), rows: 2 })}
            </li>`,
        )}
      </ul>`;
    return html`${section(
      tr('form.handover.legend'),
      textField(ctx, { name: 'handedOverOn', type: 'date', label: tr('form.handover.on'), required: true, initial: todayOf(ctx) }),
    )}
    ${group(ctx, {
      name: 'talk',
      legend: tr('form.handover.talks'),
      hint: tr('form.handover.talksHint'),
      className: 'field checklist',
      body: html`${
          leaving.length
            ? html`<h3>${tr('form.handover.leaving')}</h3>
                ${talks(leaving)}`
            : ''
        }
        <h3>${tr('form.handover.incoming')}</h3>
        ${talks(incoming)}`,
    })}`;
  },
  read: (r, facts) => {
    const { leaving, incoming } = talkGroups(facts);
    const talked = r.picked('talk', [...leaving, ...incoming]);
    const notes = new Map([...leaving, ...incoming].map((id) => [id, r.text(`talkNotes.${id}`)]));
    return {
      handedOverOn: r.date('handedOverOn', { required: true }),
      talks: talked.map((memberId, i) => {
        r.fills(`talks.${i}`, `talk`);
        r.fills(`talks.${i}.notes`, `talkNotes.${memberId}`);
        return { memberId, notes: notes.get(memberId) ?? '' };
      }),
    };
  },
  values: (d) => ({
    handedOverOn: d.handedOverOn,
    talk: (d.talks ?? []).map((t) => t.memberId),
    ...Object.fromEntries((d.talks ?? []).map((t) => [`talkNotes.${t.memberId}`, t.notes])),
  }),
};
