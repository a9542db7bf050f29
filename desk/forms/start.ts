import { html } from '../html';
import { beijingDate } from '../i18n';
import { electionMethodSchema, investigationCategorySchema } from '../../machines/events';
import {
  addYears,
  beijingDateOfMs,
  COMMITTEE_MAX_SEATS,
  COMMITTEE_MIN_SEATS,
  requiredCandidates,
  votingMembers,
} from '../../machines/rules';
import { countField, figures, radioGroup, section, textArea, textField, yesNo } from './fields';
import { optional } from './reader';
import { REASON_MIN } from './reasons';
import type { DecisionForm, FormContext } from './types';

/** Today in Beijing, YYYY-MM-DD, on the desk's clock. */
export const todayOf = (ctx: Pick<FormContext, 'now'>): string => beijingDateOfMs(ctx.now ?? Date.now());

const bool = (value: boolean | undefined) => (value === undefined ? undefined : String(value));

export const investigationForm: DecisionForm<'RECORD_INVESTIGATION'> = {
  render: (ctx) =>
    section(
      ctx.tr('form.investigation.legend'),
      html`${radioGroup(ctx, {
        name: 'category',
        label: ctx.tr('form.investigation.category'),
        required: true,
        options: investigationCategorySchema.options.map((value) => ({ value, label: ctx.tr(`form.investigation.category.${value}`) })),
      })}
      ${yesNo(ctx, { name: 'stable', label: ctx.tr('form.investigation.stable'), required: true })}
      ${textArea(ctx, { name: 'instability', label: ctx.tr('form.investigation.instability'), hint: ctx.tr('form.investigation.instabilityHint') })}
      ${countField(ctx, {
        name: 'representatives',
        label: ctx.tr('form.investigation.representatives'),
        hint: ctx.tr('form.investigation.representativesHint'),
        required: true,
      })}
      ${textArea(ctx, { name: 'notes', label: ctx.tr('form.notes') })}`,
    ),
  read: (r) => {
    const stable = r.yesNo('stable', { required: true });
    const instability = r.text('instability');
    if (stable === false && instability === undefined) r.fail('instability', 'form.investigation.instabilityNeeded');
    return {
      category: r.oneOf('category', investigationCategorySchema.options, { required: true }),
      stable,
      ...(instability !== undefined ? { instability } : {}),
      representatives: r.count('representatives', { required: true }),
      ...optional('notes', r.text('notes')),
    };
  },
  values: (d) => ({
    category: d.category,
    stable: bool(d.stable),
    instability: d.instability,
    representatives: String(d.representatives),
    notes: d.notes,
  }),
};

/** The last day a postponement may run to: one year after the original due date (version 2), or after today. */
const latestPostponement = (ctx: FormContext) => addYears(ctx.facts.postponement?.dueOn ?? todayOf(ctx), 1);

export const proposePostponementForm: DecisionForm<'PROPOSE_POSTPONEMENT'> = {
  render: (ctx) =>
    section(
      ctx.tr('form.postponement.legend'),
      html`${textArea(ctx, { name: 'reason', label: ctx.tr('form.postponement.reason'), required: true, rows: 4 })}
      ${textField(ctx, {
        name: 'until',
        type: 'date',
        label: ctx.tr('form.postponement.until'),
        hint: ctx.tr('form.postponement.untilHint', { latest: beijingDate(ctx.locale, latestPostponement(ctx)) }),
        required: true,
      })}`,
    ),
  read: (r) => ({ reason: r.text('reason', { required: true, min: REASON_MIN }), until: r.date('until', { required: true }) }),
  values: (d) => ({ reason: d.reason, until: d.until }),
};

/** The postponement as requested, for the county organisation department to decide on. */
const requested = (ctx: FormContext) => {
  const p = ctx.facts.postponement;
  const request = p?.requests?.at(-1);
  return figures([
    [ctx.tr('form.postponement.reason'), request?.reason ?? p?.reason ?? ctx.tr('form.none')],
    [ctx.tr('form.postponement.until'), p?.until ? beijingDate(ctx.locale, request?.until ?? p.until) : ctx.tr('form.none')],
  ]);
};

export const approvePostponementForm: DecisionForm<'APPROVE_POSTPONEMENT'> = {
  render: (ctx) =>
    section(
      ctx.tr('form.postponement.approveLegend'),
      html`${requested(ctx)}
      ${textField(ctx, {
        name: 'until',
        type: 'date',
        label: ctx.tr('form.postponement.approveUntil'),
        hint: ctx.tr('form.postponement.approveUntilHint', { latest: beijingDate(ctx.locale, latestPostponement(ctx)) }),
      })}`,
    ),
  read: (r) => optional('until', r.date('until')),
  values: (d) => ({ until: d.until }),
};

export const fitToProceedForm: DecisionForm<'REPORT_FIT_TO_PROCEED'> = {
  render: (ctx) =>
    section(
      ctx.tr('form.fit.legend'),
      textArea(ctx, { name: 'findings', label: ctx.tr('form.findings'), hint: ctx.tr('form.fit.hint'), required: true, rows: 4 }),
    ),
  read: (r) => ({ findings: r.text('findings', { required: true, min: REASON_MIN }) }),
  values: (d) => ({ findings: d.findings }),
};

/** What the seats may be for this branch, in words: 1 secretary without a committee, else 3 to 7. */
function seatsHint(ctx: FormContext): string {
  const full = votingMembers(ctx.facts.roster).length;
  return ctx.facts.form === 'committee'
    ? ctx.tr('form.start.seatsHintCommittee', { full, min: COMMITTEE_MIN_SEATS, max: COMMITTEE_MAX_SEATS })
    : ctx.tr('form.start.seatsHintDirect', { full });
}

/**
 * What the village branch asked for, for the town committee's approval to start from: the latest start request's record
 * (its summary is the payload as JSON); nothing when it cannot be read.
 */
function requestedStart(ctx: FormContext): { seats?: number; electsDeputy?: boolean; method?: string } {
  const record = [...ctx.view.decisions].reverse().find((d) => d.type === 'SUBMIT_START_REQUEST');
  if (!record) return {};
  try {
    const asked = JSON.parse(record.summary) as Record<string, unknown>;
    return {
      ...(typeof asked.seats === 'number' ? { seats: asked.seats } : {}),
      ...(typeof asked.electsDeputy === 'boolean' ? { electsDeputy: asked.electsDeputy } : {}),
      ...(typeof asked.method === 'string' ? { method: asked.method } : {}),
    };
  } catch {
    return {};
  }
}

/** The start request and its approval: seats, whether a deputy is elected, and the method. */
function startForm<K extends 'SUBMIT_START_REQUEST' | 'APPROVE_START'>(): DecisionForm<K> {
  return {
    render: (ctx) => {
      const initial = ctx.type === 'APPROVE_START' || ctx.facts.seats !== undefined;
      // An approval starts from the request it answers; the seats are the election's only once approved.
      const asked = ctx.type === 'APPROVE_START' && ctx.facts.seats === undefined ? requestedStart(ctx) : {};
      const seats = ctx.facts.seats ?? asked.seats;
      const electsDeputy = ctx.facts.electsDeputy ?? asked.electsDeputy;
      return section(
        ctx.tr('form.start.legend'),
        html`${countField(ctx, {
          name: 'seats',
          label: ctx.tr('form.start.seats'),
          hint: seatsHint(ctx),
          required: true,
          initial: initial && seats !== undefined ? String(seats) : ctx.facts.form === 'committee' ? '' : '1',
        })}
        ${yesNo(ctx, {
          name: 'electsDeputy',
          label: ctx.tr('form.start.electsDeputy'),
          required: true,
          initial: initial ? bool(electsDeputy) : undefined,
        })}
        ${radioGroup(ctx, {
          name: 'method',
          label: ctx.tr('form.start.method'),
          required: true,
          initial: asked.method ?? ctx.facts.method,
          options: electionMethodSchema.options.map((value) => ({ value, label: ctx.tr(`form.method.${value}`) })),
        })}`,
      );
    },
    read: (r) => ({
      seats: r.count('seats', { required: true }),
      electsDeputy: r.yesNo('electsDeputy', { required: true }),
      method: r.oneOf('method', electionMethodSchema.options, { required: true }),
    }),
    values: (d) => {
      const fields = d as { seats: number; electsDeputy: boolean; method: string };
      return { seats: String(fields.seats), electsDeputy: String(fields.electsDeputy), method: fields.method };
    },
    check: (d, facts, tr) => {
      const { seats } = d as { seats: number };
      if (facts.form !== 'committee') return seats === 1 ? [] : [{ field: 'seats', message: tr('form.start.seatsDirect', { seats }) }];
      const full = votingMembers(facts.roster).length;
      if (seats < COMMITTEE_MIN_SEATS || seats > COMMITTEE_MAX_SEATS)
        return [{ field: 'seats', message: tr('form.start.seatsRange', { seats, min: COMMITTEE_MIN_SEATS, max: COMMITTEE_MAX_SEATS }) }];
      if (requiredCandidates(seats) > full)
        return [{ field: 'seats', message: tr('form.start.seatsTooMany', { seats, needed: requiredCandidates(seats), full }) }];
      return [];
    },
  };
}

export const startRequestForm = startForm<'SUBMIT_START_REQUEST'>();
export const approveStartForm = startForm<'APPROVE_START'>();

export const mobilisationForm: DecisionForm<'RECORD_MOBILISATION'> = {
  render: (ctx) =>
    section(
      ctx.tr('form.mobilisation.legend'),
      html`${textField(ctx, {
        name: 'postedOn',
        type: 'date',
        label: ctx.tr('form.mobilisation.postedOn'),
        hint: ctx.tr('form.mobilisation.postedOnHint'),
        required: true,
        initial: todayOf(ctx),
      })}
      ${textArea(ctx, { name: 'democraticEvaluation', label: ctx.tr('form.mobilisation.evaluation'), rows: 4 })}`,
    ),
  read: (r) => ({ postedOn: r.date('postedOn', { required: true }), ...optional('democraticEvaluation', r.text('democraticEvaluation')) }),
  values: (d) => ({ postedOn: d.postedOn, democraticEvaluation: d.democraticEvaluation }),
};
