import { z } from 'zod';
import { electionInputSchema } from '../../machines/input';
import { instantSchema, keyIdSchema, keyOwnerSchema, publicKeySchema } from '../../machines/keyring';
import { roleSchema } from '../../machines/roles';
import { text } from '../../machines/text';

/**
 * The records of the people registry (activities/store/registry.ts), one schema each: what a change carries in, and
 * what a read gives back. Names follow the election's: a town and a village are written as a start input writes them.
 */

/** A person's id, as a signed decision names its author. */
export const personIdSchema = text('id', 'the person id');

/** A desk's name, as a desk's key names its owner. */
export const deskNameSchema = text('id', "the desk's name");

/** A county's name, as `election people county` sets it. */
export const countyNameSchema = text('name', 'the county name');

/** A person of the registry. */
export const personSchema = z
  .object({
    id: personIdSchema,
    name: text('name', "the person's name"),
    contact: text('name', "the person's contact (a telephone number or an address)").optional(),
  })
  .strict();

/** What an assignment covers: the villages of a county's towns, the villages of a town, or one village. */
export const scopeSchema = z.union([
  z.object({ county: countyNameSchema }).strict(),
  z.object({ town: electionInputSchema.shape.town, village: electionInputSchema.shape.village.optional() }).strict(),
]);

const assignmentTerms = { role: roleSchema, scope: scopeSchema, validFrom: instantSchema, validUntil: instantSchema.optional() };
const assignmentFields = { personId: personIdSchema, ...assignmentTerms };

const endsAfterItStarts = (a: { validFrom: string; validUntil?: string }) => a.validUntil === undefined || a.validUntil > a.validFrom;
const ENDS_AFTER = { message: 'accepted: an end after the start', path: ['validUntil'] };

/** A role given to a person over a scope, from `validFrom` until `validUntil` (open when absent). */
export const newAssignmentSchema = z.object(assignmentFields).strict().refine(endsAfterItStarts, ENDS_AFTER);

/** An assignment as the registry keeps it: numbered, with who made it and, once revoked, who revoked it and when. */
export const assignmentRecordSchema = z
  .object({
    id: z.number().int().positive(),
    ...assignmentFields,
    assignedAt: instantSchema,
    assignedBy: personIdSchema,
    revokedAt: instantSchema.optional(),
    revokedBy: personIdSchema.optional(),
  })
  .strict();

/** An assignment's terms without its person: a line of an imported file gives its person beside them. */
export const assignmentTermsSchema = z.object(assignmentTerms).strict().refine(endsAfterItStarts, ENDS_AFTER);

/** One line of an imported people file: a person, and the assignment the line gives them (a line may give none). */
export const importLineSchema = z
  .object({ line: z.number().int().positive(), person: personSchema, assignment: assignmentTermsSchema.optional() })
  .strict();

const keyFields = {
  keyId: keyIdSchema,
  publicKey: publicKeySchema,
  owner: keyOwnerSchema,
  validFrom: instantSchema,
  validUntil: instantSchema.optional(),
};

/** A public key to register, a person's own or the approvers' desk's. */
export const newKeySchema = z.object(keyFields).strict().refine(endsAfterItStarts, ENDS_AFTER);

/** A public key as the registry keeps it, with who registered it and, once revoked, who revoked it and when. */
export const keyRecordSchema = z
  .object({
    ...keyFields,
    registeredAt: instantSchema,
    registeredBy: personIdSchema,
    revokedAt: instantSchema.optional(),
    revokedBy: personIdSchema.optional(),
  })
  .strict();

/** The kinds of change the registry records. */
export const CHANGE_KINDS = [
  'person-added',
  'assignment-made',
  'assignment-revoked',
  'key-registered',
  'key-revoked',
  'town-county-set',
  'people-imported',
] as const;

/** Who makes a change of the registry (a registered person) and when. */
export const changeAuthorSchema = z.object({ by: personIdSchema, at: instantSchema }).strict();

/** One change of the registry as its log keeps it: when, by whom, what kind, of what, and the change itself. */
export const changeRecordSchema = z
  .object({
    id: z.number().int().positive(),
    at: instantSchema,
    by: personIdSchema,
    kind: z.enum(CHANGE_KINDS),
    subject: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .strict();

export type Person = z.infer<typeof personSchema>;
export type Scope = z.infer<typeof scopeSchema>;
export type NewAssignment = z.infer<typeof newAssignmentSchema>;
export type AssignmentRecord = z.infer<typeof assignmentRecordSchema>;
export type AssignmentTerms = z.infer<typeof assignmentTermsSchema>;
export type ImportLine = z.infer<typeof importLineSchema>;
export type NewKey = z.infer<typeof newKeySchema>;
export type KeyRecord = z.infer<typeof keyRecordSchema>;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export type ChangeAuthor = z.infer<typeof changeAuthorSchema>;
export type ChangeRecord = z.infer<typeof changeRecordSchema>;
