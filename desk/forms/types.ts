import type { z } from 'zod';
import type { Html } from '../html';
import type { Locale, Translate } from '../i18n';
import type { DecisionOf, DecisionType, decisionSchemas } from '../../machines/events';
import type { ElectionFacts } from '../../machines/facts';
import type { Role } from '../../machines/roles';
import type { PublicView } from '../../machines/view';
import type { FormReader } from './reader';

/** A submitted form as @fastify/formbody parses it: a repeated name gives a list, a single one a string. */
export type FormBody = Record<string, string | string[] | undefined>;

/** A problem shown beside one field of a form (`field` is the field's name), or in the summary above the form (`field` ''). */
export interface FieldError {
  field: string;
  message: string;
}

/** What a decision's form is rendered from: the village's facts and view, the person's language, and what was sent before. */
export interface FormContext {
  type: DecisionType;
  role: Role;
  facts: ElectionFacts;
  view: PublicView;
  tr: Translate;
  locale: Locale;
  /** The fields as last submitted, to fill the form again after a refusal. */
  values?: FormBody;
  errors?: FieldError[];
  /** The desk's clock (ms), for the checks that depend on the day (ages, postponement dates); now unless given. */
  now?: number;
}

/** A decision's payload as a form gives it: everything but `type`, `by` and `at`. */
export type DecisionFields<K extends DecisionType> = Omit<z.input<(typeof decisionSchemas)[K]>, 'type' | 'by' | 'at'>;

/** One decision type's form: its fields, how they are read into the payload, and the payload written back as fields. */
export interface DecisionForm<K extends DecisionType> {
  render(ctx: FormContext): Html | Html[];
  /** The payload from the submitted fields, unchecked (the schema checks it next); problems the reader found are in `reader.errors`. */
  read(reader: FormReader, facts: ElectionFacts): Record<string, unknown>;
  /** The fields that would send this decision (to fill a form from a decision, and to check that the two agree). */
  values(decision: DecisionFields<K>, facts: ElectionFacts): FormBody;
  /** The checks of the figures the desk makes before sending, in the person's language. */
  check?(decision: DecisionOf<K>, facts: ElectionFacts, tr: Translate): FieldError[];
}
