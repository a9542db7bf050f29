import { z } from 'zod';
import { roleSchema } from './roles';
import { text } from './text';

/**
 * The keyring of one village's election: who may decide there, in which roles and when, and the public keys that may
 * sign for them. The outcome store's people registry resolves it for the village (assignments scoped to its county,
 * town or village); the workflow reads it through a local activity, so history holds what it verified against. It
 * is data only: `machines/envelope.ts` verifies a signed decision against it.
 */

// Patterns are tested in refinements, not with zod's .regex(): a worker that preloads this module freezes its schemas,
// and zod's regex check writes the pattern's lastIndex, which throws on a frozen RegExp.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const PUBLIC_KEY = /^[A-Za-z0-9_-]{43}$/;

/** An instant as the registry writes it: ISO 8601 in UTC with milliseconds, e.g. 2026-12-02T08:00:00.000Z. */
export const instantSchema = z.string().refine((value) => INSTANT.test(value), 'an ISO 8601 UTC instant such as 2026-12-02T08:00:00.000Z');

/** A key id: letters, digits, `-` and `_`, at most 64. */
export const keyIdSchema = z.string().refine((value) => KEY_ID.test(value), 'letters, digits, - and _, at most 64');

/** An Ed25519 public key: its 32 bytes in base64url without padding (43 characters). */
export const publicKeySchema = z
  .string()
  .refine((value) => PUBLIC_KEY.test(value), 'an Ed25519 public key: 32 bytes in base64url, 43 characters');

/** One role a person holds for this village, from `validFrom` until `validUntil` (open when absent). */
export const assignmentSchema = z
  .object({
    role: roleSchema,
    validFrom: instantSchema,
    validUntil: instantSchema.optional(),
  })
  .strict();

/** A person assigned to act on this village's election. */
export const assignedPersonSchema = z
  .object({
    personId: text('id', 'the person id'),
    name: text('name', "the person's name"),
    assignments: z.array(assignmentSchema).min(1).max(50),
  })
  .strict();

/**
 * Who holds a key: a person, who signs only as themself (in the roles they are assigned), or the approvers' desk,
 * which signs on behalf of any assigned person it has authenticated.
 */
export const keyOwnerSchema = z.union([
  z.object({ personId: text('id', 'the person id') }).strict(),
  z.object({ desk: text('id', "the desk's name") }).strict(),
]);

/** A public key that may sign this village's decisions, with its validity; a revoked key signs nothing from `revokedAt` on. */
export const trustedKeySchema = z
  .object({
    keyId: keyIdSchema,
    publicKey: publicKeySchema,
    owner: keyOwnerSchema,
    validFrom: instantSchema,
    validUntil: instantSchema.optional(),
    revokedAt: instantSchema.optional(),
  })
  .strict();

/** The keyring of one village's election, as the registry resolves it at `resolvedAt`. */
export const villageKeyringSchema = z
  .object({
    town: text('name', 'the town'),
    village: text('name', 'the village'),
    resolvedAt: instantSchema,
    people: z.array(assignedPersonSchema).max(1000),
    keys: z.array(trustedKeySchema).max(1000),
  })
  .strict();

export type Instant = z.infer<typeof instantSchema>;
export type Assignment = z.infer<typeof assignmentSchema>;
export type AssignedPerson = z.infer<typeof assignedPersonSchema>;
export type KeyOwner = z.infer<typeof keyOwnerSchema>;
export type TrustedKey = z.infer<typeof trustedKeySchema>;
export type VillageKeyring = z.infer<typeof villageKeyringSchema>;
