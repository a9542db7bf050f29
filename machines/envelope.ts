/**
 * Signed decisions (issue #14): a decision travels in an envelope signed with Ed25519 over its canonical encoding,
 * and the workflow verifies it against the village's keyring, in the sandbox, by workflow time. This module is what
 * the rest of the engine imports; the parts live in machines/envelope/.
 */
export { base64urlLength, fromBase64url, toBase64url } from './envelope/base64url';
export { PUBLIC_KEY_BYTES, publicKeyOf, SECRET_KEY_BYTES, SIGNATURE_BYTES, signatureValid, signMessage } from './envelope/ed25519';
export {
  calendarInstantSchema,
  CLOCK_SKEW_MS,
  decisionIdSchema,
  ENVELOPE_LIFETIME_MAX_MS,
  ENVELOPE_VERSION,
  envelopeActorSchema,
  envelopeBodySchema,
  envelopeDecisionSchema,
  envelopeSchema,
  SIGNING_DOMAIN,
  signatureSchema,
  signingBytes,
  type Envelope,
  type EnvelopeBody,
  type EnvelopeDecision,
} from './envelope/schema';
export {
  verifyEnvelope,
  type EnvelopeRefusal,
  type EnvelopeRefusalCode,
  type Verification,
  type VerificationContext,
  type VerifiedDecision,
} from './envelope/verify';
export {
  START_ROLE,
  START_SIGNATURE_VERSION,
  START_SIGNING_DOMAIN,
  startSignatureBodySchema,
  startSignatureSchema,
  startSigningBytes,
  verifyStart,
  type StartSignature,
  type StartSignatureBody,
  type StartVerification,
  type StartVerificationContext,
  type VerifiedStart,
} from './envelope/start';
