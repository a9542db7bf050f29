import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createOwnerOnlyFile, OWNER_ONLY_MODE, readOwnerOnlyFile } from '../common/ownerOnlyFile';
import { describeZodIssues } from '../machines/rules/issues';
import {
  ENVELOPE_LIFETIME_MAX_MS,
  ENVELOPE_VERSION,
  envelopeBodySchema,
  fromBase64url,
  publicKeyOf,
  SECRET_KEY_BYTES,
  signingBytes,
  signMessage,
  START_ROLE,
  START_SIGNATURE_VERSION,
  startSignatureBodySchema,
  startSigningBytes,
  toBase64url,
  type Envelope,
  type EnvelopeDecision,
  type StartSignature,
} from '../machines/envelope';
import type { ElectionInputRaw } from '../machines/input';
import { keyIdSchema, publicKeySchema } from '../machines/keyring';
import type { Role } from '../machines/roles';
import { text } from '../machines/text';
import { electionWorkflowId } from '../workflows/contract';

/**
 * Signing decisions on a person's or the desk's behalf, for Node callers (the CLI, the desk, the demo's scripted office,
 * the tests), and the key file a person's private key lives in. The workflow verifies with machines/envelope.ts.
 */

/** How long an envelope stays valid when the caller does not say: long enough for a worker that is briefly down, short enough to expire unused. */
export const DEFAULT_ENVELOPE_TTL_MS = 60 * 60 * 1000;

/** Mode of a key file: its owner reads it, nobody else. */
export const KEY_FILE_MODE = OWNER_ONLY_MODE;

/** A secret key: the 32-byte Ed25519 seed in base64url without padding (43 characters). */
const secretKeySchema = z
  .string()
  .refine((value) => /^[A-Za-z0-9_-]{43}$/.test(value), 'an Ed25519 secret key: 32 bytes in base64url, 43 characters');

/**
 * A person's key file (written by `election keys create`, read to sign): the key id the registry knows it by, whose it
 * is, the secret key and its public key, which the registry holds too. A file whose public key is not its secret
 * key's is refused, so a key pair cannot be mixed up in a copy.
 */
export const keyFileSchema = z
  .object({
    v: z.literal(1, { error: 'the key file version 1' }),
    keyId: keyIdSchema,
    personId: text('id', 'the person id'),
    secretKey: secretKeySchema,
    publicKey: publicKeySchema,
  })
  .strict()
  .superRefine((file, ctx) => {
    const secret = fromBase64url(file.secretKey, SECRET_KEY_BYTES);
    if (!secret) {
      ctx.addIssue({ code: 'custom', path: ['secretKey'], message: 'the canonical base64url of 32 bytes' });
    } else if (toBase64url(publicKeyOf(secret)) !== file.publicKey) {
      ctx.addIssue({ code: 'custom', path: ['publicKey'], message: "the public key of this file's secret key" });
    }
  });
export type KeyFile = z.infer<typeof keyFileSchema>;

/** A new key pair for a person, as its key file holds it (from the system's random source). */
export function createKeyFile(keyId: string, personId: string): KeyFile {
  const secret = new Uint8Array(randomBytes(SECRET_KEY_BYTES));
  return keyFileSchema.parse({ v: 1, keyId, personId, secretKey: toBase64url(secret), publicKey: toBase64url(publicKeyOf(secret)) });
}

/**
 * Writes a key file readable by its owner only, never over an existing file (an overwritten key is lost, and the
 * registry would still trust the old public key). The mode is set when the file is created, before the key is written.
 */
export function writeKeyFile(file: string, key: KeyFile): void {
  const checked = keyFileSchema.parse(key);
  createOwnerOnlyFile(file, `${JSON.stringify(checked, null, 2)}\n`);
}

/** Reads a key file; refuses one that others may read (as ssh does), and one that is not a key file, naming the field. */
export function readKeyFile(file: string): KeyFile {
  const contents = readOwnerOnlyFile(file, 'key file');
  let json: unknown;
  try {
    json = JSON.parse(contents);
  } catch (err) {
    // The parser's message quotes the text around the error, which may be the secret key: it stays in `cause`.
    throw new Error(`key file ${file}: not JSON; accepted: a key file written by election keys create`, { cause: err });
  }
  const parsed = keyFileSchema.safeParse(json);
  // The secret key is never quoted back: a problem names its field only.
  const shown = parsed.success ? json : { ...(json as object), secretKey: '(not shown)' };
  if (!parsed.success) throw new Error(`key file ${file}: ${describeZodIssues(parsed.error, shown).join('; ')}`);
  return parsed.data;
}

/** The signer: a person's key file, or a key id and its secret key (the desk's). */
export type Signer = { keyFile: KeyFile } | { keyId: string; secretKey: string };

/** What to sign: the decision (its type and fields, without `by`) for one election, by a person in a role. */
export interface DecisionToSign {
  workflowId: string;
  decision: EnvelopeDecision | Record<string, unknown>;
  actor: { personId: string; role: Role };
  signer: Signer;
  /** The signer's time in milliseconds (default: now): the envelope is valid from then. */
  now?: number;
  /** How long the envelope stays valid (default one hour, at most seven days). */
  ttlMs?: number;
  /** Default: 16 fresh random bytes. Given only to sign the same decision again after a lost reply. */
  decisionId?: string;
}

/**
 * Builds and signs a decision's envelope. The decision is checked and normalised (NFC, trimmed names, defaults) by
 * the envelope's own schema before signing, so what is signed is what the workflow will read; a wrong decision, or a
 * person's key signing for someone else, throws here rather than being refused later.
 */
export function signDecision(request: DecisionToSign): Envelope {
  const { keyId, secret } = signingKey(request.signer, request.actor.personId);
  const { now, ttlMs } = validity(request);
  const draft = {
    v: ENVELOPE_VERSION,
    workflowId: request.workflowId,
    decisionId: request.decisionId ?? toBase64url(new Uint8Array(randomBytes(16))),
    decision: request.decision,
    actor: request.actor,
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlMs).toISOString(),
    keyId,
  };
  const parsed = envelopeBodySchema.safeParse(draft);
  if (!parsed.success) throw new Error(`the decision cannot be signed: ${describeZodIssues(parsed.error, draft).join('; ')}`);
  // Signed as it will travel: as JSON, in which a field set to undefined is no field at all.
  const body = JSON.parse(JSON.stringify(parsed.data)) as typeof parsed.data;
  return { ...body, signature: toBase64url(signMessage(signingBytes(body), secret)) };
}

/** The key id and secret of a signer; a person's key signs only for its owner. */
function signingKey(signer: Signer, personId: string): { keyId: string; secret: Uint8Array } {
  const keyId = 'keyFile' in signer ? signer.keyFile.keyId : signer.keyId;
  const secret = fromBase64url('keyFile' in signer ? signer.keyFile.secretKey : signer.secretKey, SECRET_KEY_BYTES);
  if (!secret) throw new Error('secretKey: accepted: an Ed25519 secret key, 32 bytes in base64url (43 characters)');
  if ('keyFile' in signer && signer.keyFile.personId !== personId) {
    throw new Error(
      `actor.personId: got ${JSON.stringify(personId)}; key ${keyId} is ${JSON.stringify(signer.keyFile.personId)}'s and signs only for them`,
    );
  }
  return { keyId, secret };
}

/** When a signed message is issued and for how long it holds (checked: at most seven days). */
function validity(request: { now?: number; ttlMs?: number }): { now: number; ttlMs: number } {
  const now = request.now ?? Date.now();
  const ttlMs = request.ttlMs ?? DEFAULT_ENVELOPE_TTL_MS;
  if (!Number.isInteger(ttlMs) || ttlMs <= 0 || ttlMs > ENVELOPE_LIFETIME_MAX_MS) {
    throw new Error(`ttlMs: got ${ttlMs}; accepted: a whole number of milliseconds from 1 to ${ENVELOPE_LIFETIME_MAX_MS} (seven days)`);
  }
  return { now, ttlMs };
}

/** What to sign to start an election with signed decisions: its whole start input, by a town Party committee member. */
export interface StartToSign {
  /** The start input exactly as it will be sent (machineVersion included), with signedDecisions: true. */
  input: ElectionInputRaw;
  signer: Signer;
  /** Who starts: by default the key file's person; required with the desk's key. The role is always the town committee's. */
  personId?: string;
  /** Default: the village's own id, reelection/<term>/<town>/<village>, the only one the workflow accepts. */
  workflowId?: string;
  /** The signer's time in milliseconds (default: now). */
  now?: number;
  /** How long the signed start may wait to be started (default one hour, at most seven days). */
  ttlMs?: number;
}

/**
 * Signs a start: returns the input with `startSignature`, an Ed25519 signature over the canonical JSON of the whole
 * input (roster, approvers, plan, machine version, everything) bound to the election's workflow id. Pass the result
 * as the workflow's argument unchanged: `startElection(client, signStart({ input, signer: { keyFile } }), ...)`, or
 * `startElection(..., { signer })`, which signs for you. Throws when the input is not for signed decisions or not
 * canonical (text not in NFC), or a person's key would sign for someone else.
 */
export function signStart(request: StartToSign): ElectionInputRaw & { startSignature: StartSignature } {
  // Signed as it will travel: as JSON, in which a field set to undefined is no field at all; an older signature goes.
  const { startSignature: _old, ...input } = JSON.parse(JSON.stringify(request.input)) as ElectionInputRaw;
  if (input.signedDecisions !== true) {
    throw new Error(
      `signedDecisions: got ${JSON.stringify(input.signedDecisions)}; accepted: true (only an election with signed decisions checks a signed start)`,
    );
  }
  const { signer } = request;
  const personId = request.personId ?? ('keyFile' in signer ? signer.keyFile.personId : undefined);
  if (personId === undefined) throw new Error("personId: got nothing; accepted: the person the desk's key starts the election for");
  const { keyId, secret } = signingKey(signer, personId);
  const { now, ttlMs } = validity(request);
  const draft = {
    v: START_SIGNATURE_VERSION,
    workflowId: request.workflowId ?? electionWorkflowId(input.term, input.town, input.village),
    actor: { personId, role: START_ROLE },
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlMs).toISOString(),
    keyId,
  };
  const parsed = startSignatureBodySchema.safeParse(draft);
  if (!parsed.success) throw new Error(`the start cannot be signed: ${describeZodIssues(parsed.error, draft).join('; ')}`);
  const body = parsed.data;
  const signature = toBase64url(signMessage(startSigningBytes({ ...input, startSignature: body }), secret));
  return { ...input, startSignature: { ...body, signature } };
}
