import { closeSync, fchmodSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Client } from '@temporalio/client';
import { connectClient, connectionSettings } from '../../common/connection';
import { electionWorkflowId } from '../../workflows/contract';

/** Exit codes of the `election` command; `inconsistent` is `report`'s when the records disagree (the report is still written). */
export const EXIT = { ok: 0, failed: 1, badInput: 2, refused: 3, inconsistent: 4 } as const;

/** An error the CLI reports without a stack: its message, the problems it lists, its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

/** Bad input from the person at the terminal (exit 2). */
export const badInput = (message: string, problems: string[] = []) => new CliError(message, EXIT.badInput, problems);

/** One `election` sub-command. */
export interface Command {
  name: string;
  summary: string;
  /** Usage lines and option descriptions. */
  usage: string;
  /** Extra help derived from the machine module, so it never drifts from it. */
  details?: () => string;
  run(args: string[]): Promise<number>;
}

/** Options every command that talks to Temporal understands. */
export const CONNECTION_OPTIONS = {
  address: { type: 'string' },
  namespace: { type: 'string' },
} as const;

/** `--json`: machine-readable output for scripts. */
export const JSON_OPTION = { json: { type: 'boolean' } } as const;

/** Help lines of {@link CONNECTION_OPTIONS}. */
export const CONNECTION_USAGE = `  --address HOST:PORT   Temporal frontend (default: TEMPORAL_ADDRESS or the Temporal config profile, else localhost:7233)
  --namespace NS        Temporal namespace (default: TEMPORAL_NAMESPACE, else "default")`;

/** parseArgs in strict mode, its errors turned into exit-2 errors naming the command's help. */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw badInput(`${message} (see: election ${command} --help)`);
  }
}

/** A required string option, or exit 2 naming it. */
export function required(values: Record<string, unknown>, name: string, accepted: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw badInput(`--${name}: got nothing; expected ${accepted}`);
  return value;
}

/** A whole number option such as --term or --port, or exit 2 naming it. */
export function wholeNumber(name: string, value: string | undefined, accepted: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw badInput(`--${name}: got nothing; expected ${accepted}`);
  }
  if (!/^\d+$/.test(value.trim())) throw badInput(`--${name}: got ${JSON.stringify(value)}; expected ${accepted}`);
  return Number(value);
}

/** Reads and parses a JSON file, or exit 2 naming the option, the file and what went wrong. */
export function readJsonFile(option: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw badInput(
      `--${option}: cannot read ${JSON.stringify(file)} (${(err as NodeJS.ErrnoException).code ?? String(err)}); expected a readable JSON file`,
    );
  }
  return parseJson(option, text, `the file ${file}`);
}

/** Parses JSON text given on the command line or in a file, or exit 2. */
export function parseJson(option: string, text: string, where = 'the value'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badInput(`--${option}: ${where} is not valid JSON (${(err as Error).message}); expected JSON such as {"reason": "..."}`);
  }
}

/** The workflow id named by --workflow-id, or by --village, --town and --term together. */
export function workflowIdFrom(values: { 'workflow-id'?: string; village?: string; town?: string; term?: string }): string {
  if (values['workflow-id']) {
    if (values.village || values.town || values.term) {
      throw badInput('--workflow-id: give either --workflow-id or --village/--town/--term, not both');
    }
    return values['workflow-id'];
  }
  const missing = (['village', 'town', 'term'] as const).filter((k) => !values[k]);
  if (missing.length) {
    throw badInput(
      `${missing.map((m) => `--${m}`).join(', ')}: got nothing; expected --village V --town T --term YEAR (or --workflow-id ID)`,
    );
  }
  const term = wholeNumber('term', values.term, 'a year such as 2026');
  return electionWorkflowId(term, values.town!, values.village!);
}

/** The election as the person named it on the command line, for messages: `--town T --village V --term YEAR` or `--workflow-id ID`. */
export function selectorText(values: { 'workflow-id'?: string; village?: string; town?: string; term?: string }): string {
  const word = (value: string) => (/^[\w./:@-]+$/.test(value) ? value : JSON.stringify(value));
  if (values['workflow-id']) return `--workflow-id ${word(values['workflow-id'])}`;
  return `--town ${word(values.town ?? '')} --village ${word(values.village ?? '')} --term ${word(values.term ?? '')}`;
}

/** The options {@link workflowIdFrom} reads. */
export const WORKFLOW_SELECTOR_OPTIONS = {
  village: { type: 'string' },
  town: { type: 'string' },
  term: { type: 'string' },
  'workflow-id': { type: 'string' },
} as const;

/** Connects, runs fn, closes the connection; an unreachable server becomes one clear error. */
export async function withClient<T>(values: { address?: string; namespace?: string }, fn: (client: Client) => Promise<T>): Promise<T> {
  let client: Client;
  try {
    client = await connectClient({ address: values.address, namespace: values.namespace });
  } catch (err) {
    const { connectionOptions } = connectionSettings(values);
    throw new CliError(
      `cannot reach Temporal at ${connectionOptions.address ?? 'localhost:7233'} (${(err as Error).message}); start it with \`election dev\`, or pass --address / set TEMPORAL_ADDRESS`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.connection.close().catch(() => undefined);
  }
}

/** An error's message with the server's explanation, if it gave one (e.g. "no poller seen for task queue"). */
export function explain(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { details?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.details === 'string' && cause.details ? cause.details : undefined;
  return detail && !err.message.includes(detail) ? `${err.message}: ${detail}` : err.message;
}

/** Mode of every file the CLI writes (reports, diagrams): they carry names and dates of birth, so for their owner only. */
export const WRITTEN_FILE_MODE = 0o600;

/**
 * Writes text (or bytes: a PDF, a picture) to a file readable by its owner only. The mode is set on the open descriptor before anything is
 * written, so a file that existed with wider permissions never holds the new text while others can read it.
 */
export function writePrivateFile(file: string, text: string | Uint8Array): void {
  const fd = openSync(file, 'w', WRITTEN_FILE_MODE);
  try {
    fchmodSync(fd, WRITTEN_FILE_MODE);
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** Prints a line to stdout. */
export const say = (line = '') => process.stdout.write(`${line}\n`);
