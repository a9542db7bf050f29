import { z } from 'zod';
import { canonicalJson, utf8 } from '../canonical';
import { DECISION_TYPES, decisionSchemas, type DecisionEvent, type DecisionType } from '../events';
import { instantSchema, keyIdSchema } from '../keyring';
import { roleSchema } from '../roles';
import { text } from '../text';
import { base64urlLength } from './base64url';
import { SIGNATURE_BYTES } from './ed25519';

/** The envelope's format version, the first field of every envelope. */
export const ENVELOPE_VERSION = 1;

/** What precedes the canonical JSON in the signed bytes: a signature over a decision can never pass for one over anything else. */
export const SIGNING_DOMAIN = 'village-reelection/decision/v1\n';

/** The longest an envelope may stay valid, from issuedAt to expiresAt: a signed decision not sent within a week is signed again. */
export const ENVELOPE_LIFETIME_MAX_MS = 7 * 24 * 60 * 60 * 1000;

/** How far the signer's clock may differ from the election's workflow time, either way, before issuedAt or expiresAt counts. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

// Patterns are tested in refinements, never with zod's .regex(), whose check writes the pattern's lastIndex: a worker
// that preloads this module freezes its schemas, and a frozen RegExp refuses the write.
const DECISION_ID = /^[A-Za-z0-9_-]{22,64}$/;
const SIGNATURE = new RegExp(`^[A-Za-z0-9_-]{${base64urlLength(SIGNATURE_BYTES)}}$`);

/** An instant of the registry's form that is also a day of the calendar (the form alone accepts 2026-02-30). */
export const calendarInstantSchema = z
  .string({ error: 'accepted: an instant as text, such as 2026-12-02T08:00:00.000Z' })
  .pipe(instantSchema)
  .refine((value) => {
    const ms = Date.parse(value);
    return Number.isFinite(ms) && new Date(ms).toISOString() === value;
  }, 'accepted: an instant of the calendar, such as 2026-12-02T08:00:00.000Z');

/** A decision's own id, unique per decision: 16 or more random bytes in base64url (22+ characters), or a UUID. */
export const decisionIdSchema = z
  .string({ error: 'accepted: a decision id as text' })
  .refine(
    (value) => DECISION_ID.test(value),
    'accepted: a decision id of 22 to 64 letters, digits, - and _ (16 random bytes in base64url, or a UUID)',
  );

/** An Ed25519 signature: 64 bytes in base64url without padding (86 characters). */
export const signatureSchema = z
  .string({ error: 'accepted: a signature as text' })
  .refine((value) => SIGNATURE.test(value), 'accepted: an Ed25519 signature: 64 bytes in base64url, 86 characters');

/** Who the decision is made by, as the signer claims it: the keyring decides whether it holds. */
export const envelopeActorSchema = z.object({ personId: text('id', 'the person id'), role: roleSchema }).strict();

/** The decision carried in an envelope, per type: the decision event without `by` (the verified actor gives it) or `at` (the workflow stamps it). */
export const envelopeDecisionSchemas = {} as Record<DecisionType, z.ZodType>;
for (const type of DECISION_TYPES) envelopeDecisionSchemas[type] = (decisionSchemas[type] as z.ZodObject).omit({ by: true, at: true });

/** A decision in an envelope, parsed by its `type`. */
export type EnvelopeDecision = { [K in DecisionType]: Omit<Extract<DecisionEvent, { type: K }>, 'by' | 'at'> }[DecisionType];

const typeAccepted = `accepted: a decision whose type is one of ${DECISION_TYPES.join(', ')}`;

/** Any decision of an envelope: its `type` picks the schema, and an unknown type is named with the list of known ones. */
export const envelopeDecisionSchema = z.unknown().transform((raw, ctx): EnvelopeDecision => {
  const type = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(envelopeDecisionSchemas, type)) {
    ctx.addIssue({ code: 'custom', path: ['type'], message: typeAccepted });
    return z.NEVER;
  }
  const parsed = envelopeDecisionSchemas[type as DecisionType].safeParse(raw);
  if (!parsed.success) {
    // Passed on as they are (paths under `decision`), so that unknown fields are listed by name.
    ctx.issues.push(...(parsed.error.issues as typeof ctx.issues));
    return z.NEVER;
  }
  return parsed.data as EnvelopeDecision;
});

/** What is signed: everything in the envelope but the signature. */
export const envelopeBodySchema = z
  .object({
    v: z.literal(ENVELOPE_VERSION, { error: `accepted: the envelope version ${ENVELOPE_VERSION}` }),
    workflowId: z
      .string({ error: "accepted: the election's workflow id as text" })
      .min(1, "accepted: the election's workflow id")
      .max(1000, "accepted: a workflow id of at most 1,000 characters, as Temporal's"),
    decisionId: decisionIdSchema,
    decision: envelopeDecisionSchema,
    actor: envelopeActorSchema,
    issuedAt: calendarInstantSchema,
    expiresAt: calendarInstantSchema,
    keyId: z.string({ error: 'accepted: a key id as text' }).pipe(keyIdSchema),
  })
  .strict();

/**
 * A signed decision: the decision, who makes it in which role, for which election, valid from issuedAt to expiresAt,
 * and the Ed25519 signature of the key `keyId` over `signingBytes` of everything else.
 */
export const envelopeSchema = envelopeBodySchema.extend({ signature: signatureSchema }).strict();

export type EnvelopeBody = z.infer<typeof envelopeBodySchema>;
export type Envelope = z.infer<typeof envelopeSchema>;

/** The bytes a signature covers: the domain line, then the body's canonical JSON, in UTF-8. Throws when the body is not canonical. */
export function signingBytes(body: EnvelopeBody): Uint8Array {
  return utf8(SIGNING_DOMAIN + canonicalJson(body));
}
