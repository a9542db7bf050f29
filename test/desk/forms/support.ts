import { renderDecisionFields, readDecisionForm, formValues, type FormBody } from '../../../desk/forms';
import { translator, type Locale } from '../../../desk/i18n';
import { decisionSchemas, DECISION_ROLES, type DecisionType } from '../../../machines/events';
import { electionFacts, type ElectionFacts } from '../../../machines/facts';
import { publicView, type PublicView } from '../../../machines/view';
import { at, fire, input, person, scriptFor, scripted, send, start, whereIs, type Run } from '../../machines/fixtures';

/** One control of rendered markup: its tag, attributes, and for a select its options' values. */
export interface Control {
  tag: 'input' | 'select' | 'textarea';
  attrs: Record<string, string>;
  options: string[];
}

const unescape = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function attributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of source.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) attrs[m[1]!] = unescape(m[2] ?? '');
  return attrs;
}

/** Every input, select and textarea of the markup, read crudely with regular expressions (the desk's markup is regular). */
export function controlsOf(markup: string): Control[] {
  const controls: Control[] = [];
  for (const m of markup.matchAll(/<(input|textarea)\b([^>]*?)\/?>/g)) {
    controls.push({ tag: m[1] as Control['tag'], attrs: attributes(m[2]!), options: [] });
  }
  for (const m of markup.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const options = [...m[2]!.matchAll(/<option\b([^>]*)>/g)].map((o) => attributes(o[1]!).value ?? '');
    controls.push({ tag: 'select', attrs: attributes(m[1]!), options });
  }
  return controls;
}

/** Ids of the elements with a label: `<label for>`, or named by aria-labelledby pointing at elements that exist. */
export function unlabelled(markup: string): string[] {
  const labelled = new Set([...markup.matchAll(/<label\b[^>]*\bfor="([^"]*)"/g)].map((m) => unescape(m[1]!)));
  const ids = new Set([...markup.matchAll(/\bid="([^"]*)"/g)].map((m) => unescape(m[1]!)));
  return controlsOf(markup)
    .filter((c) => c.attrs.type !== 'hidden')
    .filter((c) => {
      if (c.attrs.id && labelled.has(c.attrs.id)) return false;
      const by = c.attrs['aria-labelledby'];
      return !(by && by.split(' ').every((id) => ids.has(id)));
    })
    .map((c) => c.attrs.id ?? c.attrs.name ?? '?');
}

/** Problems of a body against the form that was rendered: a name no control has, a value no box or option offers. */
export function bodyMisfits(markup: string, body: FormBody): string[] {
  const controls = controlsOf(markup);
  const problems: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    const named = controls.filter((c) => c.attrs.name === name);
    if (named.length === 0) {
      problems.push(`no control named ${name}`);
      continue;
    }
    for (const v of Array.isArray(value) ? value : [value ?? '']) {
      const choosing = named.filter((c) => c.tag === 'select' || c.attrs.type === 'checkbox' || c.attrs.type === 'radio');
      if (choosing.length === 0) continue;
      const offered = choosing.flatMap((c) => (c.tag === 'select' ? c.options : [c.attrs.value ?? '']));
      if (!offered.includes(v)) problems.push(`${name}: ${v} is not offered (${offered.join(', ')})`);
    }
  }
  return problems;
}

/** The facts and view of a run, as the desk reads them from the workflow's queries. */
export function factsOf(run: Run): { facts: ElectionFacts; view: PublicView } {
  return { facts: electionFacts(run.snapshot), view: publicView(run.snapshot, { timers: [], decisions: [], refusals: [] }) };
}

/**
 * A decision made through its form: the payload written into the form's fields, every field checked against the
 * markup rendered for this village, the fields read back into a decision; fails the test with the form's errors.
 */
export function throughForm(facts: ElectionFacts, view: PublicView, payload: Record<string, unknown>, locale: Locale = 'zh') {
  const { by, type, at: _at, ...fields } = payload as { by: unknown; type: DecisionType; at?: number };
  const tr = translator(locale);
  const body = formValues(type, fields as never, facts);
  const markup = renderDecisionFields({ type, role: DECISION_ROLES[type][0]!, facts, view, tr, locale, now: at }).toString();
  const misfits = bodyMisfits(markup, body);
  if (misfits.length) throw new Error(`${type}: the form does not offer ${misfits.join('; ')}`);
  const read = readDecisionForm(type, body, facts, { tr, now: at });
  if (!read.ok) throw new Error(`${type} refused by its form: ${JSON.stringify(read.errors)}`);
  const decision = { ...read.decision, by };
  expect(decisionSchemas[type].parse(decision)).toEqual(decisionSchemas[type].parse({ ...payload, at: undefined }));
  return { decision, body, markup };
}

/** Sends a decision to a run through its form. */
export function sendThroughForm(run: Run, payload: Record<string, unknown>, locale: Locale = 'zh'): Run {
  const { facts, view } = factsOf(run);
  return send(run, throughForm(facts, view, payload, locale).decision);
}

/**
 * The facts and view at the moment each decision type is made, from one village driven by the scripted office (and
 * an objection filed during its publicity); a decision off the scripted path takes the facts of the stage it is made in.
 */
export function factsForEveryType(given = input()): Record<DecisionType, { facts: ElectionFacts; view: PublicView }> {
  const found = new Map<DecisionType, { facts: ElectionFacts; view: PublicView }>();
  let run = start(given);
  const script = scriptFor(given);
  found.set('CANCEL', factsOf(run));
  while (run.snapshot.status === 'active') {
    if (whereIs(run.snapshot).startsWith('publicity') && !found.has('FILE_OBJECTION')) {
      found.set('FILE_OBJECTION', factsOf(run));
      const candidateId = run.snapshot.context.candidates[0]!;
      let objected = send(run, {
        type: 'FILE_OBJECTION',
        by: person('village-branch'),
        candidateId,
        grounds: 'owes rent',
        filedBy: 'Li Si',
      });
      found.set('RECORD_OBJECTION_FINDINGS', factsOf(objected));
      objected = send(objected, { type: 'RECORD_OBJECTION_FINDINGS', by: person('inspection-team'), findings: 'the rent was paid' });
      found.set('RULE_OBJECTION', factsOf(objected));
    }
    const decision = scripted(run.snapshot, script);
    if (decision) {
      if (!found.has(decision.type)) found.set(decision.type, factsOf(run));
      run = send(run, decision);
      continue;
    }
    const due = [...run.timers.entries()].sort(([, a], [, b]) => (a.delay ?? 0) - (b.delay ?? 0))[0]!;
    run = fire(run, due[0]);
  }
  const like = (type: DecisionType) => found.get(type)!;
  const offPath: Partial<Record<DecisionType, DecisionType>> = {
    PROPOSE_POSTPONEMENT: 'RECORD_INVESTIGATION',
    APPROVE_POSTPONEMENT: 'RECORD_INVESTIGATION',
    REFUSE_POSTPONEMENT: 'RECORD_INVESTIGATION',
    REPORT_FIT_TO_PROCEED: 'RECORD_INVESTIGATION',
    SEND_BACK_START: 'APPROVE_START',
    SEND_BACK_SLATE: 'APPROVE_SLATE',
    REDUCE_SEATS: 'RECORD_ROUND',
    REJECT_RESULT: 'APPROVE_RESULT',
  };
  for (const [type, from] of Object.entries(offPath)) found.set(type as DecisionType, like(from));
  return Object.fromEntries(found) as Record<DecisionType, { facts: ElectionFacts; view: PublicView }>;
}
