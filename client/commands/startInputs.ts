import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';

/**
 * Whether a village's election already runs with the input the office would start it with. The running input is read
 * from the first event of its current run's history, the input its workflow really runs on (a memo or a search
 * attribute could say anything its starter wrote); the start signature is left out, since each signing has its own time.
 */

/** The running run's start input, as its history holds it. */
export async function runningInput(client: Client, workflowId: string): Promise<unknown> {
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId },
    maximumPageSize: 1,
  });
  const payloads = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  return decodeFromPayloadsAtIndex(client.options.loadedDataConverter, 0, payloads);
}

/** The input without its start signature, as JSON with keys in order at every level: equal inputs give equal text. */
function comparable(input: unknown): string {
  const copy = JSON.parse(JSON.stringify(input ?? null)) as unknown;
  if (copy && typeof copy === 'object' && !Array.isArray(copy)) delete (copy as Record<string, unknown>).startSignature;
  return sorted(copy);
}

function sorted(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sorted).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${sorted(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A short fingerprint of an input (SHA-256 of its comparable form, first 16 hex digits), to tell two inputs apart at a glance. */
export const inputDigest = (input: unknown) => createHash('sha256').update(comparable(input)).digest('hex').slice(0, 16);

const fieldsOf = (input: unknown): Record<string, unknown> =>
  input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};

const shown = (value: unknown) => {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/**
 * Where the running input differs from the office's, field by field (the roster member by member); empty when they
 * are the same input. Each line names the field and both values, the running one first.
 */
export function inputDifferences(running: unknown, ours: unknown): string[] {
  if (comparable(running) === comparable(ours)) return [];
  const theirs = fieldsOf(running);
  const mine = fieldsOf(ours);
  const lines: string[] = [];
  const keys = [...new Set([...Object.keys(theirs), ...Object.keys(mine)])].filter((key) => key !== 'startSignature').sort();
  for (const key of keys) {
    if (comparable(theirs[key]) === comparable(mine[key])) continue;
    if (key === 'roster' && Array.isArray(theirs[key]) && Array.isArray(mine[key]))
      lines.push(...rosterDifferences(theirs[key], mine[key]));
    else lines.push(`${key}: running ${shown(theirs[key])}, yours ${shown(mine[key])}`);
  }
  const signer = fieldsOf(fieldsOf(running).startSignature).actor;
  lines.push(
    `running input ${inputDigest(running)} (${signer ? `start signed as ${shown(signer)}` : 'start not signed'}), yours ${inputDigest(ours)}`,
  );
  return lines;
}

/** Members only in one roster, and members whose entries differ, by member id. */
function rosterDifferences(running: unknown[], ours: unknown[]): string[] {
  const idOf = (member: unknown, i: number) => {
    const id = fieldsOf(member).id;
    return typeof id === 'string' ? id : `#${i + 1}`;
  };
  const byId = (roster: unknown[]) => new Map(roster.map((member, i) => [idOf(member, i), member]));
  const theirs = byId(running);
  const mine = byId(ours);
  const only = (a: Map<string, unknown>, b: Map<string, unknown>) => [...a.keys()].filter((id) => !b.has(id));
  const changed = [...theirs.keys()].filter((id) => mine.has(id) && comparable(theirs.get(id)) !== comparable(mine.get(id)));
  const lines = [`roster: ${running.length} members running, ${ours.length} in yours`];
  const list = (ids: string[]) => (ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', '));
  if (only(theirs, mine).length) lines.push(`roster: only in the running input: ${list(only(theirs, mine))}`);
  if (only(mine, theirs).length) lines.push(`roster: only in yours: ${list(only(mine, theirs))}`);
  if (changed.length) lines.push(`roster: members whose entries differ: ${list(changed)}`);
  return lines;
}
