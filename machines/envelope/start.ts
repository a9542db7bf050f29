import { z } from 'zod';
import { encodeCanonical, utf8 } from '../canonical';
import type { VillageKeyring } from '../keyring';
import { LIMITS } from '../limits';
import { describeZodIssues } from '../rules/issues';
import type { Role } from '../roles';
import { cut, echo } from '../text';
import { fromBase64url } from './base64url';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, signatureValid } from './ed25519';
import { ENVELOPE_LIFETIME_MAX_MS, envelopeActorSchema, envelopeBodySchema, signatureSchema } from './schema';
import { actorChecks, timelyChecks, type EnvelopeRefusal, type EnvelopeRefusalCode } from './verify';

/**
 * A signed start (issue #14): the start input of an election with signed decisions carries `startSignature`, an
 * Ed25519 signature over the canonical encoding of the whole input (roster, approvers, plan, term, town, village,
 * machine version, everything but the signature itself), bound to the election's workflow id. The workflow verifies
 * it against its village's keyring in its first task, before anything is recorded.
 */

/** The start signature's format version. */
export const START_SIGNATURE_VERSION = 1;

/** What precedes the canonical JSON in the signed bytes: a start's signature never passes for a decision's, nor the reverse. */
export const START_SIGNING_DOMAIN = 'village-reelection/start/v1\n';

/** Who may start a village's election: the town Party committee (乡镇党委), which approves the start request. */
export const START_ROLE = 'town-committee' satisfies Role;

/** What is signed besides the input itself: who starts, for which workflow, valid when, with which key. */
export const startSignatureBodySchema = z
  .object({
    v: z.literal(START_SIGNATURE_VERSION, { error: `accepted: the start signature version ${START_SIGNATURE_VERSION}` }),
    workflowId: envelopeBodySchema.shape.workflowId,
    actor: envelopeActorSchema,
    issuedAt: envelopeBodySchema.shape.issuedAt,
    expiresAt: envelopeBodySchema.shape.expiresAt,
    keyId: envelopeBodySchema.shape.keyId,
  })
  .strict();

/** The start input's `startSignature`: the signature of key `keyId` over `startSigningBytes` of the input without it. */
export const startSignatureSchema = startSignatureBodySchema.extend({ signature: signatureSchema }).strict();

export type StartSignatureBody = z.infer<typeof startSignatureBodySchema>;
export type StartSignature = z.infer<typeof startSignatureSchema>;

/**
 * The bytes a start's signature covers: the domain line, then the canonical JSON of the start input whose
 * `startSignature` holds everything but `signature`, in UTF-8. Throws when the input is not canonical.
 */
export function startSigningBytes(unsigned: Record<string, unknown>): Uint8Array {
  const canonical = encodeCanonical(unsigned);
  if (!canonical.ok) throw new Error(`not canonical JSON: ${canonical.problem}`);
  return utf8(START_SIGNING_DOMAIN + canonical.json);
}

/** What a start is verified against: the workflow id it runs under, the one its village's election must have, the time it was started, the keyring. */
export interface StartVerificationContext {
  workflowId: string;
  /** `reelection/<term>/<town>/<village>` of the input: a signed start is valid under its own village's id only. */
  villageWorkflowId: string;
  /** When Temporal started the run, in milliseconds (workflow time, never the machine's clock). */
  now: number;
  keyring: VillageKeyring;
}

/** A start verified: who started it (from the keyring) and with which key. */
export interface VerifiedStart {
  ok: true;
  keyId: string;
  by: { id: string; name: string; role: Role };
}

export type StartVerification = VerifiedStart | EnvelopeRefusal;

const START_FORM =
  'startSignature {v, workflowId, actor: {personId, role}, issuedAt, expiresAt, keyId, signature}, signed by a town Party committee member (election start --key FILE)';

const refuse = (code: EnvelopeRefusalCode, reason: string): EnvelopeRefusal => ({ ok: false, code, reason });

/**
 * Verifies the start input of an election with signed decisions, deterministically, in the workflow sandbox: form and
 * signature first, then what the signature vouches for (dates, key, actor, the role entitled to start). Never throws.
 */
export function verifyStart(raw: unknown, context: StartVerificationContext): StartVerification {
  let verification: StartVerification;
  try {
    verification = judgeStart(raw, context);
  } catch (err) {
    const why = err instanceof Error ? err.message : echo(err);
    verification = refuse('UNCHECKABLE', `the start could not be checked (${cut(why, 200)})`);
  }
  return verification.ok ? verification : { ...verification, reason: cut(verification.reason, LIMITS.refusalReasonLength) };
}

function judgeStart(raw: unknown, context: StartVerificationContext): StartVerification {
  const { now, keyring } = context;
  if (!Number.isFinite(now)) return refuse('UNCHECKABLE', `now: got ${echo(now)}; accepted: the workflow time in milliseconds`);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return refuse('MALFORMED_ENVELOPE', `input: got ${echo(raw)}; accepted: an election input with ${START_FORM}`);
  }
  const input = raw as Record<string, unknown>;
  if (input.startSignature === undefined) {
    return refuse('UNSIGNED', `startSignature: got nothing; accepted: ${START_FORM}`);
  }
  const parsed = startSignatureSchema.safeParse(input.startSignature);
  if (!parsed.success) {
    const issues = describeZodIssues(parsed.error, input.startSignature).map((issue) => `startSignature.${issue}`);
    return refuse('MALFORMED_ENVELOPE', issues.join('; '));
  }
  const signed = parsed.data;
  const lifetime = Date.parse(signed.expiresAt) - Date.parse(signed.issuedAt);
  if (!(lifetime > 0 && lifetime <= ENVELOPE_LIFETIME_MAX_MS)) {
    return refuse(
      'MALFORMED_ENVELOPE',
      `startSignature.expiresAt: got "${signed.expiresAt}" for issuedAt "${signed.issuedAt}"; accepted: after issuedAt, by at most ${ENVELOPE_LIFETIME_MAX_MS / 86_400_000} days`,
    );
  }
  // The bytes signed are those of the input as it arrived, not as parsed (names trimmed, defaults filled).
  const { signature: _signature, ...body } = input.startSignature as Record<string, unknown>;
  const canonical = encodeCanonical({ ...input, startSignature: body });
  if (!canonical.ok) return refuse('MALFORMED_ENVELOPE', canonical.problem);
  if (signed.workflowId !== context.workflowId || context.workflowId !== context.villageWorkflowId) {
    return refuse(
      'WRONG_WORKFLOW',
      `startSignature.workflowId: got ${echo(signed.workflowId)} for a run under ${echo(context.workflowId)}; accepted: ${echo(context.villageWorkflowId)}, the workflow id of this village's election, signed and started under it`,
    );
  }
  const key = keyring.keys.find((trusted) => trusted.keyId === signed.keyId);
  if (!key) {
    return refuse(
      'UNKNOWN_KEY',
      `startSignature.keyId: got "${signed.keyId}"; accepted: a key the registry trusts for ${keyring.village} (${keyring.town}) as of ${keyring.resolvedAt}`,
    );
  }
  const publicKey = fromBase64url(key.publicKey, PUBLIC_KEY_BYTES);
  if (!publicKey) return refuse('KEY_NOT_VALID', `startSignature.keyId: got "${key.keyId}", whose registered public key cannot be read`);
  const signature = fromBase64url(signed.signature, SIGNATURE_BYTES);
  const bytes = utf8(START_SIGNING_DOMAIN + canonical.json);
  if (!signature || !signatureValid(signature, bytes, publicKey)) {
    return refuse(
      'BAD_SIGNATURE',
      `startSignature.signature: got ${echo(signed.signature)}, which is not key "${key.keyId}"'s signature over this start input; accepted: the signature of the input exactly as signed (any change to the roster, approvers, plan or any other field breaks it)`,
    );
  }
  const timely = timelyChecks(signed, key, now, 'sign the start again');
  if (timely) return timely;
  const actor = actorChecks(signed.actor, key, now, keyring);
  if (!actor.ok) return actor;
  if (actor.role !== START_ROLE) {
    return refuse(
      'NOT_ENTITLED_TO_START',
      `startSignature.actor.role: got "${actor.role}"; accepted: "${START_ROLE}", the town Party committee, which alone starts a village's election`,
    );
  }
  return { ok: true, keyId: key.keyId, by: { id: actor.person.personId, name: actor.person.name, role: actor.role } };
}
