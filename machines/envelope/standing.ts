import type { AssignedPerson, Instant, TrustedKey } from '../keyring';
import type { Role } from '../roles';

/**
 * Whether a key and a person's assignments hold at an instant of workflow time. Every comparison is written so that an
 * instant that cannot be read (NaN) refuses: a registry error never grants anything.
 */

const ms = (instant: Instant) => Date.parse(instant);

/** Whether `now` is before `instant` (false when the instant cannot be read). */
const before = (now: number, instant: Instant) => now < ms(instant);

/** Whether `now` is at or after `instant` (false when the instant cannot be read). */
const reached = (now: number, instant: Instant) => ms(instant) <= now;

/** Whether a key is revoked at `now`: from its revokedAt on (and whenever its revokedAt cannot be read). */
export const keyRevoked = (key: TrustedKey, now: number) => key.revokedAt !== undefined && !before(now, key.revokedAt);

/** Whether `now` is inside a key's validity: from validFrom, before validUntil when it has one. */
export const keyInForce = (key: TrustedKey, now: number) =>
  reached(now, key.validFrom) && (key.validUntil === undefined || before(now, key.validUntil));

/** The roles a person holds at `now`, each once, in the order of their assignments. */
export function rolesHeld(person: AssignedPerson, now: number): Role[] {
  const held = person.assignments.filter(
    (assignment) => reached(now, assignment.validFrom) && (assignment.validUntil === undefined || before(now, assignment.validUntil)),
  );
  return [...new Set(held.map((assignment) => assignment.role))];
}
