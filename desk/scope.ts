import type { AssignmentRecord, PeopleRegistry } from '../activities/store';
import { DECISION_ROLES, type DecisionType } from '../machines/events';
import type { Role } from '../machines/roles';

/**
 * What a signed-in person may see and do: their current assignments in the people registry. The desk reads them again
 * on every request, so an assignment ended in the registry takes effect at once; the workflow checks the same
 * assignments again when it verifies the desk's signature.
 */
export interface PersonScope {
  personId: string;
  assignments: AssignmentRecord[];
  /** The county each town named by the person's county-wide assignments holds now. */
  countyTowns: Map<string, string[]>;
}

/** A village (or a whole town, without `village`). */
export interface Place {
  town: string;
  village?: string;
}

/** Whether an assignment is in force at an instant: started, not ended, not revoked. */
export const inForce = (a: AssignmentRecord, at: string) =>
  a.validFrom <= at && (a.validUntil === undefined || at < a.validUntil) && a.revokedAt === undefined;

/** The person's assignments in force now, and the towns of the counties they cover. */
export async function personScope(registry: PeopleRegistry, personId: string, now: Date = new Date()): Promise<PersonScope> {
  const at = now.toISOString();
  const assignments = (await registry.assignments()).filter((a) => a.personId === personId && inForce(a, at));
  const countyTowns = new Map<string, string[]>();
  for (const a of assignments) {
    if ('county' in a.scope && !countyTowns.has(a.scope.county))
      countyTowns.set(a.scope.county, await registry.countyTowns(a.scope.county));
  }
  return { personId, assignments, countyTowns };
}

/** Whether an assignment covers a place: a village is covered by its own, its town's or its county's assignment. */
function covers(scope: PersonScope, a: AssignmentRecord, place: Place): boolean {
  if ('county' in a.scope) return (scope.countyTowns.get(a.scope.county) ?? []).includes(place.town);
  if (a.scope.town !== place.town) return false;
  return a.scope.village === undefined || a.scope.village === place.village;
}

/** The roles the person holds over a village (or over a whole town when `village` is absent: town- and county-wide ones only). */
export function rolesAt(scope: PersonScope, place: Place): Role[] {
  return [...new Set(scope.assignments.filter((a) => covers(scope, a, place)).map((a) => a.role))];
}

/** Every role the person holds anywhere. */
export const allRoles = (scope: PersonScope): Role[] => [...new Set(scope.assignments.map((a) => a.role))];

/** Whether the person may see a village at all: some assignment of theirs covers it. */
export const maySee = (scope: PersonScope, place: Place): boolean =>
  scope.assignments.some(
    (a) => covers(scope, a, place) || ('town' in a.scope && place.village === undefined && a.scope.town === place.town),
  );

/** The towns the person's assignments reach (a village's town included), by name. */
export function townsOf(scope: PersonScope): string[] {
  const towns = new Set<string>();
  for (const a of scope.assignments) {
    if ('county' in a.scope) (scope.countyTowns.get(a.scope.county) ?? []).forEach((t) => towns.add(t));
    else towns.add(a.scope.town);
  }
  return [...towns].sort((a, b) => a.localeCompare(b, 'zh'));
}

/** The role in which the person may make a decision at a village, if any (the first of the decision's roles they hold). */
export function actingRole(scope: PersonScope, place: Place, type: DecisionType): Role | undefined {
  const held = rolesAt(scope, place);
  return DECISION_ROLES[type].find((role) => held.includes(role));
}

/** Whether the person keeps the people registry: the county organisation department does. */
export const keepsRegistry = (scope: PersonScope): boolean => scope.assignments.some((a) => a.role === 'county-org-dept');
