import { createHash } from 'node:crypto';
import { encodeCanonical } from '../machines/canonical';
import type { PaperModel } from './model';
import type { PaperRequest } from './kinds';

/** What a hashed model begins with: a later definition of the code is a new domain, never read as this one. */
export const PAPER_DOMAIN = 'village-reelection/printed-paper/v1';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The code's written form: three groups of four Crockford base32 characters. */
export const CODE_FORM = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** SHA-256 (hex) of a paper's request and canonical model: what a verification rebuilds and compares. */
export function modelHash(request: PaperRequest, model: PaperModel): string {
  const subject = { domain: PAPER_DOMAIN, request: requestOf(request), model };
  const canonical = encodeCanonical(subject);
  const text = canonical.ok ? canonical.json : JSON.stringify(subject);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The request as it is hashed and registered: its five fields and nothing else. */
export const requestOf = (r: PaperRequest): PaperRequest => ({
  kind: r.kind,
  town: r.town,
  village: r.village,
  term: r.term,
  ...(r.round !== undefined ? { round: r.round } : {}),
});

/** The verification code of a model hash: its first 60 bits in Crockford base32, grouped 4-4-4. */
export function codeOf(hash: string): string {
  let bits = BigInt(`0x${hash.slice(0, 15)}`);
  let out = '';
  for (let i = 0; i < 12; i += 1) {
    out = CROCKFORD[Number(bits & 31n)]! + out;
    bits >>= 5n;
  }
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`;
}

/** A code as typed (lower case, without dashes, O for 0, I or L for 1) in its written form; undefined when it cannot be one. */
export function normaliseCode(typed: string): string | undefined {
  const plain = typed.toUpperCase().replace(/[-\s]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(plain)) return undefined;
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`;
}
