import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';

/** The signature algorithms the desk accepts on an ID token; `none` and HMAC never. */
export const ID_TOKEN_ALGORITHMS = ['RS256', 'ES256'] as const;

/** The claims of an ID token the desk reads. */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  nonce?: string;
  azp?: string;
  amr?: string[];
  acr?: string;
  [claim: string]: unknown;
}

/** An ID token refused, saying which check failed (for the sign-in log; the person sees only that it was refused). */
export class IdTokenRefusal extends Error {
  override name = 'IdTokenRefusal';
}

const json = (part: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new IdTokenRefusal('not a JSON object');
  return value as Record<string, unknown>;
};

/** What an ID token must be: signed by one of these keys, for this client, from this issuer, with this nonce, now. */
export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  nonce: string;
  /** Seconds since the epoch. */
  now: number;
  leewaySeconds: number;
  /** The provider's keys (JWKS); `refresh` fetches them again once when the token's key id is not among them. */
  keys: () => Promise<JsonWebKey[]>;
  refresh: () => Promise<JsonWebKey[]>;
}

/**
 * Verifies a compact JWS ID token (OpenID Connect Core §3.1.3.7): the algorithm is RS256 or ES256 and matches the
 * key; the signature; `iss`, `aud` (and `azp` when there are several audiences), `exp` and `iat` with a little leeway,
 * and the `nonce` sent. Returns the claims, or throws IdTokenRefusal naming the first check failed.
 */
export async function verifyIdToken(token: string, expect: IdTokenExpectations): Promise<IdTokenClaims> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new IdTokenRefusal('not a compact JWS (three parts)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = json(headerPart);
    claims = json(payloadPart);
  } catch (err) {
    throw new IdTokenRefusal(`unreadable: ${(err as Error).message}`);
  }
  const alg = header.alg;
  if (!(ID_TOKEN_ALGORITHMS as readonly unknown[]).includes(alg)) throw new IdTokenRefusal(`algorithm ${String(alg)} not accepted`);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const fits = (k: JsonWebKey) =>
    (kid === undefined || k.kid === kid) && (alg === 'RS256' ? k.kty === 'RSA' : k.kty === 'EC' && k.crv === 'P-256');
  let jwk = (await expect.keys()).find(fits);
  if (!jwk && kid !== undefined) jwk = (await expect.refresh()).find(fits);
  if (!jwk) throw new IdTokenRefusal(`no key ${kid ?? ''} of the provider fits ${String(alg)}`);
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  const good =
    alg === 'RS256' ? verify('sha256', signed, key, signature) : verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature);
  if (!good) throw new IdTokenRefusal('signature does not verify');

  if (claims.iss !== expect.issuer) throw new IdTokenRefusal(`iss ${JSON.stringify(claims.iss)}; expected ${expect.issuer}`);
  const aud = claims.aud;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(expect.clientId)) throw new IdTokenRefusal(`aud ${JSON.stringify(aud)} does not name this client`);
  if (audiences.length > 1 && claims.azp !== expect.clientId)
    throw new IdTokenRefusal(`azp ${JSON.stringify(claims.azp)} is not this client`);
  const { exp, iat } = claims;
  if (typeof exp !== 'number' || exp + expect.leewaySeconds <= expect.now) throw new IdTokenRefusal(`expired (exp ${String(exp)})`);
  if (typeof iat !== 'number' || iat - expect.leewaySeconds > expect.now)
    throw new IdTokenRefusal(`issued in the future (iat ${String(iat)})`);
  if (typeof claims.sub !== 'string' || !claims.sub) throw new IdTokenRefusal('no sub');
  if (claims.nonce !== expect.nonce) throw new IdTokenRefusal('nonce is not the one sent');
  return claims as IdTokenClaims;
}
