import { encodeCanonical, utf8 } from '../canonical';
import type { DecisionEvent } from '../events';
import type { AssignedPerson, TrustedKey, VillageKeyring } from '../keyring';
import type { Role } from '../roles';
import { LIMITS } from '../limits';
import { describeZodIssues } from '../rules/issues';
import { cut, echo } from '../text';
import { fromBase64url } from './base64url';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, signatureValid } from './ed25519';
import { CLOCK_SKEW_MS, ENVELOPE_LIFETIME_MAX_MS, envelopeSchema, SIGNING_DOMAIN, type Envelope } from './schema';
import { keyInForce, keyRevoked, rolesHeld } from './standing';

/** Why an envelope was refused, one code per kind of failure (the README's trust model lists them). */
export type EnvelopeRefusalCode =
  | 'UNSIGNED'
  | 'NOT_ENTITLED_TO_START'
  | 'MALFORMED_ENVELOPE'
  | 'WRONG_WORKFLOW'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'NOT_YET_VALID'
  | 'EXPIRED'
  | 'KEY_NOT_VALID'
  | 'KEY_REVOKED'
  | 'DECISION_ID_USED'
  | 'ACTOR_NOT_ASSIGNED'
  | 'KEY_NOT_ALLOWED'
  | 'UNCHECKABLE';

/** An envelope refused: its code and a sentence naming the field, the value and what is accepted. */
export interface EnvelopeRefusal {
  ok: false;
  code: EnvelopeRefusalCode;
  reason: string;
}

/** An envelope verified: the decision as the election takes it, `by` from the keyring, never from the sender. */
export interface VerifiedDecision {
  ok: true;
  event: DecisionEvent;
  decisionId: string;
  keyId: string;
}

export type Verification = VerifiedDecision | EnvelopeRefusal;

/** What an envelope is verified against: this election, its workflow time, its keyring and the decision ids it has taken. */
export interface VerificationContext {
  workflowId: string;
  /** Workflow time in milliseconds (Date.now() in the workflow), never the machine's clock. */
  now: number;
  keyring: VillageKeyring;
  /** Whether this election already took a decision with this id. */
  decisionIdsUsed: (decisionId: string) => boolean;
}

const ENVELOPE_FORM = 'a signed decision envelope {v, workflowId, decisionId, decision, actor, issuedAt, expiresAt, keyId, signature}';

const refuse = (code: EnvelopeRefusalCode, reason: string): EnvelopeRefusal => ({ ok: false, code, reason });

const instant = (ms: number) => new Date(ms).toISOString();

const minutes = (ms: number) => `${ms / 60_000} minutes`;

/**
 * Verifies a signed decision for one election, deterministically (workflow time only), in the workflow sandbox.
 * Cheap checks of form come first, then the signature, and only then anything that trusts what the envelope says:
 * its dates, its key's standing, its decision id, its actor. Never throws, whatever `raw` is.
 */
export function verifyEnvelope(raw: unknown, context: VerificationContext): Verification {
  let verification: Verification;
  try {
    verification = judge(raw, context);
  } catch (err) {
    const why = err instanceof Error ? err.message : echo(err);
    verification = refuse('UNCHECKABLE', `the envelope could not be checked (${cut(why, 200)}); nothing was changed`);
  }
  return verification.ok ? verification : { ...verification, reason: cut(verification.reason, LIMITS.refusalReasonLength) };
}

function judge(raw: unknown, context: VerificationContext): Verification {
  const { now } = context;
  if (!Number.isFinite(now)) return refuse('UNCHECKABLE', `now: got ${echo(now)}; accepted: the workflow time in milliseconds`);

  const form = checkForm(raw, context);
  if (!form.ok) return form;
  const { envelope, key, signed } = form;

  const publicKey = fromBase64url(key.publicKey, PUBLIC_KEY_BYTES);
  if (!publicKey)
    return refuse(
      'KEY_NOT_VALID',
      `keyId: got "${key.keyId}", whose registered public key cannot be read; ask the registry to re-issue it`,
    );
  const signature = fromBase64url(envelope.signature, SIGNATURE_BYTES);
  if (!signature || !signatureValid(signature, signed, publicKey)) {
    return refuse(
      'BAD_SIGNATURE',
      `signature: got ${echo(envelope.signature)}, which is not key "${key.keyId}"'s signature over this envelope; accepted: the signature of the envelope exactly as signed (any change to the decision, actor, dates or key id breaks it)`,
    );
  }
  return trustedChecks(envelope, key, context);
}

type Form = { ok: true; envelope: Envelope; key: TrustedKey; signed: Uint8Array } | EnvelopeRefusal;

/** The checks that trust nothing the envelope says: its form, its canonical encoding, its election and whether its key is known. */
function checkForm(raw: unknown, context: VerificationContext): Form {
  if (raw === undefined || raw === null) return refuse('UNSIGNED', `envelope: got nothing; accepted: ${ENVELOPE_FORM}`);
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return refuse('MALFORMED_ENVELOPE', `envelope: got ${echo(raw)}; accepted: ${ENVELOPE_FORM}`);
  }
  const fields = raw as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(fields, 'signature')) {
    const type = Object.prototype.hasOwnProperty.call(fields, 'type') ? fields.type : undefined;
    const what = type !== undefined ? `a bare decision (type ${echo(type)}) with no signature` : 'an object with no signature';
    return refuse('UNSIGNED', `signature: got ${what}; accepted: ${ENVELOPE_FORM}, signed by a key of this village's keyring`);
  }
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) return refuse('MALFORMED_ENVELOPE', describeZodIssues(parsed.error, raw).join('; '));
  const envelope = parsed.data;

  const issuedAt = Date.parse(envelope.issuedAt);
  const lifetime = Date.parse(envelope.expiresAt) - issuedAt;
  if (!(lifetime > 0 && lifetime <= ENVELOPE_LIFETIME_MAX_MS)) {
    return refuse(
      'MALFORMED_ENVELOPE',
      `expiresAt: got "${envelope.expiresAt}" for issuedAt "${envelope.issuedAt}"; accepted: after issuedAt, by at most ${ENVELOPE_LIFETIME_MAX_MS / 86_400_000} days`,
    );
  }
  // The bytes signed are those of the envelope as it arrived: the parsed one may differ (names trimmed, defaults filled).
  const { signature: _signature, ...body } = fields;
  const canonical = encodeCanonical(body);
  if (!canonical.ok) return refuse('MALFORMED_ENVELOPE', canonical.problem);

  if (envelope.workflowId !== context.workflowId) {
    return refuse(
      'WRONG_WORKFLOW',
      `workflowId: got ${echo(envelope.workflowId)}; accepted: ${echo(context.workflowId)}, this election: an envelope is signed for one election only`,
    );
  }
  const key = context.keyring.keys.find((trusted) => trusted.keyId === envelope.keyId);
  if (!key) {
    return refuse(
      'UNKNOWN_KEY',
      `keyId: got "${envelope.keyId}"; accepted: a key the registry trusts for ${context.keyring.village} (${context.keyring.town}) as of ${context.keyring.resolvedAt}`,
    );
  }
  return { ok: true, envelope, key, signed: utf8(SIGNING_DOMAIN + canonical.json) };
}

/** The checks that take the signed envelope at its word: its dates, its key's standing, its decision id and its actor. */
function trustedChecks(envelope: Envelope, key: TrustedKey, context: VerificationContext): Verification {
  const { now, keyring } = context;
  const timely = timelyChecks(envelope, key, now);
  if (timely) return timely;
  if (context.decisionIdsUsed(envelope.decisionId)) {
    return refuse(
      'DECISION_ID_USED',
      `decisionId: got "${envelope.decisionId}", which this election has already received; accepted: a decision id not used before (a signed decision is taken once: sign a new one)`,
    );
  }
  const actor = actorChecks(envelope.actor, key, now, keyring);
  if (!actor.ok) return actor;
  const { person, role } = actor;
  const event = { ...envelope.decision, by: { id: person.personId, name: person.name, role } } as DecisionEvent;
  return { ok: true, event, decisionId: envelope.decisionId, keyId: key.keyId };
}

/** What a signed message claims about its own validity: when it was issued and until when it holds. */
interface Dated {
  issuedAt: string;
  expiresAt: string;
}

/**
 * Whether a signed message and its key hold at workflow time `now`: issued, not expired, the key neither revoked nor
 * out of its validity. `again` says what the signer does about an expired one. Undefined when all hold.
 */
export function timelyChecks(signed: Dated, key: TrustedKey, now: number, again = 'sign the decision again'): EnvelopeRefusal | undefined {
  const at = `at this election's time ${instant(now)}`;
  const skew = `allowing ${minutes(CLOCK_SKEW_MS)} of clock difference`;
  if (Date.parse(signed.issuedAt) > now + CLOCK_SKEW_MS) {
    return refuse('NOT_YET_VALID', `issuedAt: got "${signed.issuedAt}"; accepted: an envelope issued by ${instant(now)}, ${skew}`);
  }
  if (now >= Date.parse(signed.expiresAt) + CLOCK_SKEW_MS) {
    return refuse('EXPIRED', `expiresAt: got "${signed.expiresAt}"; accepted: an envelope not yet expired ${at}, ${skew}: ${again}`);
  }
  if (keyRevoked(key, now)) {
    return refuse('KEY_REVOKED', `keyId: got "${key.keyId}", revoked at ${key.revokedAt}; accepted: a key not revoked ${at}`);
  }
  if (!keyInForce(key, now)) {
    const until = key.validUntil ? ` until ${key.validUntil}` : '';
    return refuse('KEY_NOT_VALID', `keyId: got "${key.keyId}", valid from ${key.validFrom}${until}; accepted: a key valid ${at}`);
  }
  return undefined;
}

/**
 * Whether the actor a signed message claims holds: a person of the keyring, signing with their own key or the desk's,
 * in a role they hold at `now`. Gives the person from the keyring, never from the message.
 */
export function actorChecks(
  actor: { personId: string; role: Role },
  key: TrustedKey,
  now: number,
  keyring: VillageKeyring,
): { ok: true; person: AssignedPerson; role: Role } | EnvelopeRefusal {
  const at = `at this election's time ${instant(now)}`;
  const { personId, role } = actor;
  const person = keyring.people.find((assigned) => assigned.personId === personId);
  if (!person) {
    return refuse(
      'ACTOR_NOT_ASSIGNED',
      `actor.personId: got ${echo(personId)}; accepted: a person assigned to ${keyring.village}'s election`,
    );
  }
  const owner = key.owner;
  if ('personId' in owner && owner.personId !== personId) {
    return refuse(
      'KEY_NOT_ALLOWED',
      `keyId: got "${key.keyId}", the key of ${echo(owner.personId)}; accepted: a key of ${echo(personId)} (actor.personId) or of the desk: a person's key signs only for that person`,
    );
  }
  const held = rolesHeld(person, now);
  if (!held.includes(role)) {
    const roles = held.length > 0 ? held.join(', ') : 'none';
    // The desk vouches for a person it authenticated, so the fault is the person's assignment; a person's own key is held to its owner's roles.
    return 'desk' in owner
      ? refuse(
          'ACTOR_NOT_ASSIGNED',
          `actor.role: got "${role}"; accepted: a role ${echo(personId)} holds for ${keyring.village} ${at}: ${roles}`,
        )
      : refuse(
          'KEY_NOT_ALLOWED',
          `actor.role: got "${role}"; key "${key.keyId}" signs only in the roles its owner ${echo(personId)} holds ${at}: ${roles}`,
        );
  }
  return { ok: true, person, role };
}
