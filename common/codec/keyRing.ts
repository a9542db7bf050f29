import { z } from 'zod';
import { DEFAULT_CIPHERS, type PayloadCipher } from './cipher';

/** A key id as it travels in a payload's metadata and names a key in the key file: short, plain, never secret. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const KEY_ID_ACCEPTED = 'accepted: a key id of letters, digits, ".", "_" and "-", 1 to 64 characters, beginning with a letter or digit';
const keyIdSchema = z.string().regex(KEY_ID_PATTERN, { error: KEY_ID_ACCEPTED });

/** True for standard base64 with padding that decodes to bytes and back to the same text (no stray characters). */
function isCanonicalBase64(text: string): boolean {
  return text.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text) && Buffer.from(text, 'base64').toString('base64') === text;
}

const keyMaterialSchema = z.string({ error: 'accepted: the key in base64' }).refine(isCanonicalBase64, {
  error: 'accepted: the key in standard base64 with padding (e.g. from `openssl rand -base64 32`)',
});

/** One key: its base64 text (an AES-256-GCM key), or `{ cipher, key }` for a key of another cipher such as sm4-gcm. */
const keyEntrySchema = z.preprocess(
  (entry) => (typeof entry === 'string' ? { key: entry } : entry),
  z.strictObject({
    cipher: z.string({ error: 'accepted: a cipher name such as aes-256-gcm or sm4-gcm' }).default(DEFAULT_CIPHERS[0]!.name),
    key: keyMaterialSchema,
  }),
);

/**
 * The codec's key file (or the same JSON inline in ELECTION_CODEC_KEYS): `current` encrypts new payloads, every key
 * listed decrypts. Rotation: add a key, make it current, keep the old one until no history needs it.
 * `{"current": "k2", "keys": {"k1": "<base64 of 32 bytes>", "k2": {"cipher": "sm4-gcm", "key": "<base64 of 16 bytes>"}}}`
 */
export const keyRingFileSchema = z
  .strictObject({
    current: keyIdSchema,
    keys: z.record(keyIdSchema, keyEntrySchema),
  })
  .superRefine((file, ctx) => {
    if (!Object.hasOwn(file.keys, file.current)) {
      const listed = Object.keys(file.keys).join(', ') || 'none';
      ctx.addIssue({ code: 'custom', path: ['current'], message: `accepted: the id of a key in keys (listed: ${listed})` });
    }
  });
export type KeyRingFile = z.infer<typeof keyRingFileSchema>;

/** A key the codec holds: its id, its cipher and its bytes. */
export interface CodecKey {
  readonly id: string;
  readonly cipher: PayloadCipher;
  readonly key: Uint8Array;
}

/** The codec's keys: `current` seals new payloads; any key in `keys` (current included) opens the payloads naming it. */
export interface KeyRing {
  readonly current: CodecKey;
  readonly keys: ReadonlyMap<string, CodecKey>;
}

/**
 * Where the codec's keys come from. The key file and the environment are sources (keySources.ts); an office with a
 * key management service supplies its own: fetch or unwrap the keys in `load`, then hand their JSON to parseKeyRing.
 */
export interface KeySource {
  /** Where the keys come from, for messages (a file's path, a variable's name); never the keys. */
  readonly description: string;
  load(): Promise<KeyRing>;
}

/** A path segment as a message shows it: a key id as written; anything else (it may be a misplaced key) only by its size. */
function shownSegment(segment: PropertyKey): string {
  const text = String(segment);
  return KEY_ID_PATTERN.test(text) ? text : `(a name of ${text.length} characters)`;
}

/** One line per issue naming its field and what is accepted; values are never quoted, since a value may be a key. */
function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(shownSegment).join('.') || '(the whole file)';
    if (issue.code === 'unrecognized_keys') {
      return `${field}: unknown field(s) ${issue.keys.map(shownSegment).join(', ')}; accepted: current and keys (a key: its base64, or cipher and key)`;
    }
    // A bad name in `keys` is reported by the record as a whole ("Invalid key in record"): say what a key id is.
    return `${field}: ${issue.code === 'invalid_key' ? KEY_ID_ACCEPTED : issue.message}`;
  });
}

/**
 * Checks a key file's JSON and turns it into a key ring; `source` names where it came from in errors, which name the
 * field and what is accepted and never quote a key. `ciphers` are the ciphers its keys may name (default: AES-256-GCM
 * and SM4-GCM); a key naming a cipher this Node cannot run is refused here rather than at the first payload.
 */
export function parseKeyRing(json: unknown, source: string, ciphers: readonly PayloadCipher[] = DEFAULT_CIPHERS): KeyRing {
  const parsed = keyRingFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`codec keys in ${source}: ${describeIssues(parsed.error).join('; ')}`);
  const problems: string[] = [];
  const keys = new Map<string, CodecKey>();
  for (const [id, entry] of Object.entries(parsed.data.keys)) {
    const cipher = ciphers.find((known) => known.name === entry.cipher);
    if (!cipher) {
      problems.push(`keys.${id}.cipher: not a cipher this codec knows; accepted: ${ciphers.map((known) => known.name).join(', ')}`);
      continue;
    }
    const unavailable = cipher.unavailable();
    if (unavailable) {
      problems.push(`keys.${id}.cipher: ${cipher.name} cannot run here: ${unavailable}`);
      continue;
    }
    const key = Buffer.from(entry.key, 'base64');
    if (key.length !== cipher.keyBytes) {
      problems.push(`keys.${id}.key: ${key.length} bytes; accepted: ${cipher.keyBytes} bytes in base64 for ${cipher.name}`);
      continue;
    }
    keys.set(id, { id, cipher, key });
  }
  const current = keys.get(parsed.data.current);
  if (problems.length > 0 || !current) throw new Error(`codec keys in ${source}: ${problems.join('; ')}`);
  return { current, keys };
}
