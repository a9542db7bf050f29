/**
 * The decision forms of the desk, one per decision type, shaped like the paper each replaces. A page uses them so:
 *
 * - GET: `renderDecisionFields({ type, role, facts, view, tr, locale })` inside its <form> with the CSRF field and
 *   the submit button (facts and view from the workflow's `facts` and `status` queries);
 * - POST: `readDecisionForm(type, body, facts, { tr })`; when not ok, render again with `values: body` and the errors;
 *   when ok, sign and send `{ ...decision, by }`; when the workflow refuses it, render again with `values: body` and
 *   `errors: refusalErrors(message, type, tr, readPaths(type, body, facts))`.
 */
import { html, type Html } from '../html';
import { translator, type Translate } from '../i18n';
import { decisionVerdict } from '../../machines/decisionRules';
import { DECISION_ROLES, decisionSchemas, type DecisionEvent, type DecisionType } from '../../machines/events';
import type { ElectionFacts } from '../../machines/facts';
import { attendanceForm, reduceSeatsForm, scrutineersForm } from './conference';
import { callConferenceForm } from './conferenceCall';
import { contextOf } from './context';
import { fieldId } from './fields';
import { fileObjectionForm, objectionFindingsForm, objectionRulingForm } from './objection';
import { FormReader } from './reader';
import { approveResultForm, cancelForm, refusePostponementForm, rejectResultForm, sendBackSlateForm, sendBackStartForm } from './reasons';
import { inspectionForm, massRecommendationForm, memberRecommendationForm, slateForm } from './recommendation';
import { fieldOfPath, reasonErrors } from './refusal';
import { handoverForm, plenaryForm } from './result';
import { confirmCountForm, roundForm } from './round';
import {
  approvePostponementForm,
  approveStartForm,
  fitToProceedForm,
  investigationForm,
  mobilisationForm,
  proposePostponementForm,
  startRequestForm,
} from './start';
import type { DecisionFields, DecisionForm, FieldError, FormBody, FormContext } from './types';

export { refusalErrors, withMemberNames } from './refusal';
export { fieldId } from './fields';
export type { DecisionFields, FieldError, FormBody, FormContext } from './types';

/** The form of each decision type, shaped like the paper it replaces. */
export const DECISION_FORMS: { [K in DecisionType]: DecisionForm<K> } = {
  RECORD_INVESTIGATION: investigationForm,
  PROPOSE_POSTPONEMENT: proposePostponementForm,
  APPROVE_POSTPONEMENT: approvePostponementForm,
  REFUSE_POSTPONEMENT: refusePostponementForm,
  REPORT_FIT_TO_PROCEED: fitToProceedForm,
  SUBMIT_START_REQUEST: startRequestForm,
  APPROVE_START: approveStartForm,
  SEND_BACK_START: sendBackStartForm,
  RECORD_MOBILISATION: mobilisationForm,
  RECORD_MEMBER_RECOMMENDATION: memberRecommendationForm,
  RECORD_MASS_RECOMMENDATION: massRecommendationForm,
  RECORD_INSPECTION: inspectionForm,
  APPROVE_SLATE: slateForm,
  SEND_BACK_SLATE: sendBackSlateForm,
  FILE_OBJECTION: fileObjectionForm,
  RECORD_OBJECTION_FINDINGS: objectionFindingsForm,
  RULE_OBJECTION: objectionRulingForm,
  CALL_CONFERENCE: callConferenceForm,
  RECORD_ATTENDANCE: attendanceForm,
  APPOINT_SCRUTINEERS: scrutineersForm,
  RECORD_ROUND: roundForm,
  CONFIRM_COUNT: confirmCountForm,
  REDUCE_SEATS: reduceSeatsForm,
  RECORD_PLENARY: plenaryForm,
  APPROVE_RESULT: approveResultForm,
  REJECT_RESULT: rejectResultForm,
  RECORD_HANDOVER: handoverForm,
  CANCEL: cancelForm,
};

// The table is keyed by type, so the form found takes this type's payload; TypeScript cannot follow the key into the union.
const formOf = (type: DecisionType) => DECISION_FORMS[type] as unknown as DecisionForm<DecisionType>;

/** The problems of a form, listed above it, each a link to its field (WCAG's error summary); focus it after a refusal. */
export function errorSummary(errors: readonly FieldError[], tr: Translate): Html {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
    <h2 id="error-summary-title">${tr('form.errors.title', { count: errors.length })}</h2>
    <ul>
      ${errors.map((e) => html`<li>${e.field ? html`<a href="#${fieldId(e.field)}">${e.message}</a>` : e.message}</li>`)}
    </ul>
  </div>`;
}

/**
 * The fields of one decision's form (fieldsets, figures, the error summary when there are errors), without the
 * <form> element, its CSRF field and the submit button, which the page around them gives.
 */
export function renderDecisionFields(ctx: FormContext): Html {
  return html`${errorSummary(ctx.errors ?? [], ctx.tr)}
    <div class="decision-fields" data-decision="${ctx.type}">${formOf(ctx.type).render(ctx)}</div>`;
}

/** The fields that send a decision: to fill a form from a decision (the request an approval answers), and for tests. */
export function formValues<K extends DecisionType>(type: K, decision: DecisionFields<K>, facts: ElectionFacts): FormBody {
  const body = (DECISION_FORMS[type] as unknown as DecisionForm<K>).values(decision, facts);
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

/** How a submitted form is read: in the person's language (Chinese unless told), on the desk's clock. */
export interface ReadOptions {
  tr?: Translate;
  now?: number;
}

/** The payload of a decision read from its form, without `by` (the desk adds the signed-in person), or why not. */
export type ReadResult = { ok: true; decision: Record<string, unknown> & { type: DecisionType } } | { ok: false; errors: FieldError[] };

/**
 * Reads a submitted form into the decision's payload as decisionSchemas has it, and checks it before it is sent:
 * each field parsed strictly, then the decision's schema, then the figures in the person's language (a round's and a
 * tally's arithmetic, the slate's ratio), then the workflow's own rule for the decision on the village's facts.
 * Each problem names the form field it is about ('' for the whole form).
 */
export function readDecisionForm(type: DecisionType, body: FormBody, facts: ElectionFacts, options: ReadOptions = {}): ReadResult {
  const tr = options.tr ?? translator('zh');
  const now = options.now ?? Date.now();
  const reader = new FormReader(body, tr, now);
  const fields = formOf(type).read(reader, facts);
  if (reader.errors.length > 0) return { ok: false, errors: reader.errors };
  const decision = { type, ...fields };
  // `by` is the signed-in person's, added by the desk: a stand-in lets the schema check everything else.
  const parsed = decisionSchemas[type].safeParse({ ...decision, by: { id: 'desk', role: DECISION_ROLES[type][0]! } });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        field: fieldOfPath(type, issue.path.map(String).join('.'), reader.paths),
        message: tr('form.error.schema', { problem: issue.message }),
      })),
    };
  }
  const event = { ...parsed.data, at: now } as DecisionEvent;
  const figures = formOf(type).check?.(event, facts, tr) ?? [];
  if (figures.length > 0) return { ok: false, errors: figures };
  // A count is confirmed by the signed-in scrutineer, whom only the workflow knows here.
  if (type !== 'CONFIRM_COUNT') {
    const verdict = decisionVerdict(contextOf(facts), event);
    if (!verdict.ok) return { ok: false, errors: reasonErrors(verdict.message, type, tr, 'form.rules', reader.paths) };
  }
  return { ok: true, decision };
}

/** The fields a form's submission fills, by payload path: for {@link refusalErrors} to place a refusal of list entries. */
export function readPaths(
  type: DecisionType,
  body: FormBody,
  facts: ElectionFacts,
  options: ReadOptions = {},
): ReadonlyMap<string, string> {
  const reader = new FormReader(body, options.tr ?? translator('zh'), options.now ?? Date.now());
  formOf(type).read(reader, facts);
  return reader.paths;
}
