import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createOwnerOnlyFile, OWNER_ONLY_MODE, readOwnerOnlyFile } from '../ownerOnlyFile';
import { AES_256_GCM, DEFAULT_CIPHERS, type PayloadCipher } from './cipher';
import { parseKeyRing, type KeyRing, type KeyRingFile, type KeySource } from './keyRing';

/** The environment variable naming the codec's key file. */
export const KEYS_FILE_VARIABLE = 'ELECTION_CODEC_KEYS_FILE';
/** The environment variable holding the key file's JSON itself (for a container that mounts no file). */
export const KEYS_INLINE_VARIABLE = 'ELECTION_CODEC_KEYS';

/** Mode of the codec's key file: its owner reads it, nobody else. */
export const CODEC_KEY_FILE_MODE = OWNER_ONLY_MODE;

/** JSON text to parse; the parser's own message quotes the text around the fault, which may be a key, so it is dropped. */
function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`codec keys in ${source}: not JSON; accepted: {"current": "<key id>", "keys": {"<key id>": "<base64 key>"}}`);
  }
}

/** Reads the codec's key file; refuses one that others may read (as ssh does with a private key). */
export function readKeyRingFile(file: string, ciphers: readonly PayloadCipher[] = DEFAULT_CIPHERS): KeyRing {
  const contents = readOwnerOnlyFile(file, 'codec key file');
  return parseKeyRing(parseJson(contents, file), file, ciphers);
}

/** The key file at `file` as a key source. */
export function keyFileSource(file: string, ciphers: readonly PayloadCipher[] = DEFAULT_CIPHERS): KeySource {
  return { description: file, load: async () => readKeyRingFile(file, ciphers) };
}

/** Keys given as the key file's JSON text, e.g. from an environment variable named by `description`. */
export function inlineKeySource(json: string, description: string, ciphers: readonly PayloadCipher[] = DEFAULT_CIPHERS): KeySource {
  return { description, load: async () => parseKeyRing(parseJson(json, description), description, ciphers) };
}

/**
 * The key source the environment configures: the file ELECTION_CODEC_KEYS_FILE names, or the JSON in
 * ELECTION_CODEC_KEYS; undefined when neither is set (the caller decides whether running without a codec is allowed).
 * Both set is refused: which keys encrypt must never be a guess.
 */
export function keySourceFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  ciphers: readonly PayloadCipher[] = DEFAULT_CIPHERS,
): KeySource | undefined {
  const file = env[KEYS_FILE_VARIABLE];
  const inline = env[KEYS_INLINE_VARIABLE];
  if (file && inline) {
    throw new Error(`codec keys: both ${KEYS_FILE_VARIABLE} and ${KEYS_INLINE_VARIABLE} are set; accepted: one of them`);
  }
  if (file) return keyFileSource(file, ciphers);
  if (inline) return inlineKeySource(inline, KEYS_INLINE_VARIABLE, ciphers);
  return undefined;
}

/** A new key id: a prefix, the UTC day and a few random hex digits (ids are labels, never secrets). */
function newKeyId(prefix: string): string {
  return `${prefix}-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
}

/**
 * Rotates the key file: adds a fresh AES-256-GCM key and makes it current; every key already listed stays, so payloads
 * sealed under them still open. The file is replaced in one rename, readable by its owner only. Returns the new id.
 */
export function rotateKeyFile(file: string): { previous: string; current: string } {
  const contents = JSON.parse(readOwnerOnlyFile(file, 'codec key file')) as KeyRingFile;
  const ring = parseKeyRing(contents, file);
  const keyId = newKeyId('key');
  const next: KeyRingFile = {
    current: keyId,
    keys: { ...contents.keys, [keyId]: { cipher: AES_256_GCM.name, key: randomBytes(AES_256_GCM.keyBytes).toString('base64') } },
  };
  parseKeyRing(next, file);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.new`;
  createOwnerOnlyFile(temporary, `${JSON.stringify(next, null, 2)}\n`);
  try {
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
  return { previous: ring.current.id, current: keyId };
}

/**
 * Writes a fresh development key file (one AES-256-GCM key, current) readable by its owner only, never over an
 * existing file: an overwritten key loses every history sealed under it. Returns the new key's id.
 */
export function generateDevelopmentKeys(file: string): string {
  const keyId = newKeyId('dev');
  const contents: KeyRingFile = {
    current: keyId,
    keys: { [keyId]: { cipher: AES_256_GCM.name, key: randomBytes(AES_256_GCM.keyBytes).toString('base64') } },
  };
  parseKeyRing(contents, file);
  mkdirSync(dirname(file), { recursive: true });
  try {
    createOwnerOnlyFile(file, `${JSON.stringify(contents, null, 2)}\n`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new Error(`codec key file ${file}: already exists; it is kept (its keys may still be needed to read histories)`, {
        cause: err,
      });
    }
    throw err;
  }
  return keyId;
}
