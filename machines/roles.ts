import { z } from 'zod';
import { text } from './text';

/** Every role that may act on a village's election; see the domain reference, "Who takes part". */
export const ROLES = ['town-committee', 'county-org-dept', 'guidance-group', 'inspection-team', 'village-branch', 'scrutineer'] as const;

export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** What each role is, in a town cadre's words (for CLI help and docs). */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  'town-committee': 'the town Party committee (乡镇党委): approves start, slate, objections and results; may cancel',
  'county-org-dept': "the county Party committee's organisation department: approves postponement; receives filings",
  'guidance-group': 'the town cadres assigned to the village (包村指导组): record investigation, tallies, attendance, ballots',
  'inspection-team': 'the inspection team and joint-review departments: record inspection verdicts and objection findings',
  'village-branch': 'the outgoing village branch committee: submits the start request, records the handover',
  scrutineer: 'members chosen at the conference who are not candidates: confirm the count of each ballot round',
};

/** The person behind a decision or record: every one names who made it and in which role. */
export const actorSchema = z.object({
  id: text('id', 'the person id'),
  name: text('name', "the person's name").optional(),
  role: roleSchema,
});
export type Actor = z.infer<typeof actorSchema>;
