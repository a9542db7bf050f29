import { LIMITS } from '../machines/limits';
import type { RefusalVia } from '../machines/events';
import { actorSchema } from '../machines/roles';
import { cut, echo } from '../machines/text';
import type { RefusalRecord } from '../machines/view';

/**
 * The refusals a village keeps: the latest LIMITS.refusalsKept and how many there were in all. Junk signals alone
 * must not grow what the workflow holds and carries at continue-as-new; every refusal is in the store all the same.
 */
export class RefusalLog {
  /** The latest refusals, oldest first; the status view lists them. */
  readonly kept: RefusalRecord[];
  /** Every refusal since the election began, across continue-as-new: the number of the next is `total + 1`. */
  total: number;

  /** A new log, or the one a previous run carried (runs before the cap carried every refusal and no count). */
  constructor(carried?: { refusals: RefusalRecord[]; refusalCount?: number }) {
    this.kept = (carried?.refusals ?? []).slice(-LIMITS.refusalsKept);
    this.total = carried?.refusalCount ?? carried?.refusals.length ?? 0;
  }

  /** Keeps a refusal, dropping the oldest past the cap, and returns its number (its store key is `refusal/<number>`). */
  add(record: RefusalRecord): number {
    this.total += 1;
    this.kept.push(record);
    if (this.kept.length > LIMITS.refusalsKept) this.kept.splice(0, this.kept.length - LIMITS.refusalsKept);
    return this.total;
  }
}

/**
 * The record of a refused message, whatever it held: its type quoted when it is not a plain word (an object with a
 * `toString` key, a megabyte of text), its sender only when well-formed, its reason cut short.
 */
export function refusalRecord(raw: unknown, code: string, reason: string, via: RefusalVia, at: string): RefusalRecord {
  const event = (raw ?? {}) as { type?: unknown; by?: unknown };
  const type = typeof event.type === 'string' && /^[\w-]{1,64}$/.test(event.type) ? event.type : echo(event.type);
  const actor = actorSchema.safeParse(event.by);
  return {
    at,
    type,
    by: actor.success ? actor.data : undefined,
    code: cut(code, 64),
    reason: cut(reason, LIMITS.refusalReasonLength),
    via,
  };
}
