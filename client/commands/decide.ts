import {
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { z } from 'zod';
import { DECISION_ROLES, DECISION_TYPES, decisionEventSchema, decisionSchemas, type DecisionType } from '../../machines/events';
import { describeZodIssues } from '../../machines/input';
import { decisionSignal } from '../../workflows/contract';
import { DECISION_EXAMPLES } from '../decisionExamples';
import { formatReceipt, toJson } from '../format';
import { memberNames } from '../memberNames';
import { sendDecision, takesSignedDecisions } from '../sendDecision';
import { readKeyFile, signDecision, type KeyFile } from '../signing';
import {
  badInput,
  CliError,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  EXIT,
  JSON_OPTION,
  parse,
  parseJson,
  readJsonFile,
  required,
  say,
  selectorText,
  withClient,
  WORKFLOW_SELECTOR_OPTIONS,
  workflowIdFrom,
  type Command,
} from './common';
import { noRunningElection } from './notFound';

/** The payload fields of a decision type, from its zod schema: `name` required, `name?` optional. */
export function payloadFields(type: DecisionType): string[] {
  const shape = (decisionSchemas[type] as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  return Object.entries(shape)
    .filter(([name]) => name !== 'type' && name !== 'by' && name !== 'at')
    .map(([name, schema]) => `${name}${schema.safeParse(undefined).success ? '?' : ''}`);
}

/** Builds the decision from the options and checks it as the workflow will (exit 2 with every problem). */
function buildDecision(values: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const type = required(values, 'type', `a decision type: ${DECISION_TYPES.join(', ')}`);
  if (!DECISION_TYPES.includes(type as DecisionType)) {
    throw badInput(`--type: got ${JSON.stringify(type)}; expected one of ${DECISION_TYPES.join(', ')}`);
  }
  const allowed = DECISION_ROLES[type as DecisionType];
  const id = required(values, 'by-id', 'the id of the person making the decision');
  const role = required(values, 'by-role', `the role in which they act; ${type} is made by ${allowed.join(' or ')}`);
  if (values.payload !== undefined && values['payload-file'] !== undefined) {
    throw badInput('--payload: give either --payload or --payload-file, not both');
  }
  const payload =
    values.payload !== undefined
      ? parseJson('payload', values.payload as string)
      : values['payload-file'] !== undefined
        ? readJsonFile('payload-file', values['payload-file'] as string)
        : {};
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    throw badInput(
      `--payload: got ${JSON.stringify(payload)}; expected a JSON object with the fields of ${type}: ${payloadFields(type as DecisionType).join(', ') || '(none)'}`,
    );
  }
  const by = { id, role, ...(values['by-name'] ? { name: values['by-name'] } : {}) };
  const decision = { ...payload, type, by };
  const parsed = decisionEventSchema.safeParse(decision);
  const problems = parsed.success ? [] : describeZodIssues(parsed.error, decision);
  if (!allowed.includes(role as never) && !problems.some((p) => p.startsWith('by.role')))
    problems.push(`by.role: got ${JSON.stringify(role)}; expected ${allowed.join(' or ')} (who may make ${type})`);
  if (problems.length) throw badInput(`the ${type} decision has ${problems.length} problem(s); nothing was sent`, problems);
  return decision;
}

const UPDATE_DEADLINE_MS = 30_000;

/** The key file of --key, read before anything is sent; --by-id must be its person, and --by-name is the registry's to say. */
function signerOf(file: string, values: Record<string, string | boolean | undefined>): KeyFile {
  let keyFile: KeyFile;
  try {
    keyFile = readKeyFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === undefined ? (err as Error).message : `cannot read it (${code})`;
    throw badInput(`--key: got ${JSON.stringify(file)}: ${why}; expected a key file written by election keys create`);
  }
  if (values['by-id'] !== undefined && values['by-id'] !== keyFile.personId)
    throw badInput(
      `--by-id: got ${JSON.stringify(values['by-id'])}; expected ${JSON.stringify(keyFile.personId)}, the person whose key --key is (a key signs only for its owner)`,
    );
  if (values['by-name'] !== undefined)
    throw badInput(
      `--by-name: got ${JSON.stringify(values['by-name'])} with --key; expected no --by-name: a signed decision's author is named by the registry`,
    );
  return keyFile;
}

/** A decision for an election that takes only signed ones: the envelope, or a refusal before anything is sent. */
function signedFor(workflowId: string, decision: Record<string, unknown>, keyFile: KeyFile | undefined, file?: string): unknown {
  const { by, ...rest } = decision as { by: { id: string; role: string } };
  if (!keyFile)
    throw badInput(
      `--key: got nothing; ${workflowId} takes only signed decisions (it was started with "signedDecisions": true); expected --key FILE, the key file of a person assigned to its village as ${by.role} (election keys create --person ID --out FILE); nothing was sent`,
    );
  try {
    return signDecision({ workflowId, decision: rest, actor: { personId: by.id, role: by.role as never }, signer: { keyFile } });
  } catch (err) {
    throw badInput(`--key: ${file}: ${(err as Error).message}; nothing was sent`);
  }
}

/** A decision for an election that takes unsigned ones: the decision itself; a key would only get it refused there. */
function unsignedFor(workflowId: string, decision: Record<string, unknown>, file?: string): unknown {
  if (file !== undefined)
    throw badInput(
      `--key: got ${JSON.stringify(file)}; ${workflowId} takes unsigned decisions only (it was started without "signedDecisions"); expected no --key (give --by-id); nothing was sent`,
    );
  return decision;
}

const options = {
  ...CONNECTION_OPTIONS,
  ...JSON_OPTION,
  ...WORKFLOW_SELECTOR_OPTIONS,
  type: { type: 'string' },
  'by-id': { type: 'string' },
  'by-role': { type: 'string' },
  'by-name': { type: 'string' },
  payload: { type: 'string' },
  'payload-file': { type: 'string' },
  signal: { type: 'boolean' },
  key: { type: 'string' },
} as const;

/** `election decide`: one decision, checked here, then sent as an update (or a signal). */
export const decideCommand: Command = {
  name: 'decide',
  summary: 'send a decision or record to a village’s election',
  usage: `election decide --village V --town T --term YEAR --type TYPE --by-id ID --by-role ROLE [--by-name NAME]
                [--payload JSON | --payload-file FILE] [--signal] [--json]
election decide --village V --town T --term YEAR --type TYPE --key FILE --by-role ROLE [--payload ...]
election decide --workflow-id ID --type TYPE ...

  --type TYPE        the decision (see the list below)
  --by-id ID         who makes it; --by-role the role they act in; --by-name their name (optional)
  --key FILE         sign the decision with this person's key file (written by \`election keys create\`; readable by
                     its owner only): the decision goes as an envelope signed for this election alone, valid for an
                     hour, and the workflow takes its author from the village's keyring. --by-id defaults to the key's
                     person (another id is refused), --by-name is not taken. An election started with
                     "signedDecisions": true takes nothing else: without --key it is refused here, before sending;
                     an election started without it takes unsigned decisions only, and --key is refused
  --payload JSON     the decision's fields as a JSON object, e.g. '{"reason": "..."}'
  --payload-file F   the same, from a file
  --signal           send as a signal (fire and forget; a refusal is recorded, see \`election status\`)
  --json             print the receipt as JSON
${CONNECTION_USAGE}

The decision is checked here first (exit 2), then by the workflow: a refusal prints the workflow's
reason and exits 3.`,
  details: () =>
    [
      'Decision types: who may make each, its payload fields (? = optional) and an example payload:',
      ...DECISION_TYPES.flatMap((t) => [
        '',
        `  ${t}   by ${DECISION_ROLES[t].join(' | ')}`,
        `    fields:  ${payloadFields(t).join(', ') || '(none)'}`,
        `    example: --payload '${JSON.stringify(DECISION_EXAMPLES[t])}'`,
      ]),
    ].join('\n'),
  async run(args) {
    const { values } = parse('decide', args, options);
    const workflowId = workflowIdFrom(values);
    const keyFile = values.key === undefined ? undefined : signerOf(values.key, values);
    const decision = buildDecision(keyFile ? { ...values, 'by-id': values['by-id'] ?? keyFile.personId } : values);
    return withClient(values, async (client) => {
      const handle = client.workflow.getHandle(workflowId);
      try {
        const signed = await takesSignedDecisions(client, workflowId);
        if (signed === undefined) throw new WorkflowNotFoundError('no such election', workflowId, undefined);
        const sent = signed ? signedFor(workflowId, decision, keyFile, values.key) : unsignedFor(workflowId, decision, values.key);
        const envelope =
          sent === decision ? {} : { signed: { keyId: keyFile!.keyId, decisionId: (sent as { decisionId: string }).decisionId } };
        if (values.signal) {
          await handle.signal(decisionSignal, sent);
          if (values.json) say(toJson({ workflowId, sent: 'signal', decision, ...envelope }));
          else say(`signal sent to ${workflowId}: ${decision.type}; if the workflow refuses it, \`election status\` lists the reason`);
          return EXIT.ok;
        }
        const receipt = await sendDecision(client, handle, sent, { deadline: Date.now() + UPDATE_DEADLINE_MS });
        if (values.json) say(toJson({ workflowId, accepted: true, receipt, ...envelope }));
        else say(`${workflowId}: ${formatReceipt(receipt, await memberNames(client, workflowId))}`);
        return EXIT.ok;
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
          if (values.json) say(toJson({ workflowId, accepted: false, code: err.cause.type, reason: err.cause.message }));
          throw new CliError(`refused by the workflow ${workflowId} [${err.cause.type ?? 'REFUSED'}]: ${err.cause.message}`, EXIT.refused);
        }
        if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
          throw new CliError(
            `no answer from ${workflowId} within ${UPDATE_DEADLINE_MS / 1000} s (is an election worker running? \`election dev\` starts one); the decision may still be applied when a worker picks it up: check \`election status\``,
          );
        }
        if (err instanceof WorkflowNotFoundError) {
          throw await noRunningElection(
            client,
            workflowId,
            selectorText(values),
            `the ${String(decision.type)} ${values.signal ? 'signal' : 'decision'}`,
          );
        }
        throw err;
      }
    });
  },
};
