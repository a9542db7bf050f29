import { defaultPayloadConverter, type DataConverter, type Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectDataDir } from '../projectPaths';
import { EncryptionCodec } from './encryptionCodec';
import type { KeyRing, KeySource } from './keyRing';
import { generateDevelopmentKeys, keyFileSource, keySourceFromEnvironment, KEYS_FILE_VARIABLE, KEYS_INLINE_VARIABLE } from './keySources';

/** The file holding the failure converter, for the worker's bundle and for every data converter. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failureConverter');

/** Name of the development key file in the project's data folder (git-ignored), which set-up creates. */
export const DEVELOPMENT_KEYS_FILE = 'codec-keys.json';

/** Where the development key file is: data/codec-keys.json (or under ELECTION_DATA_DIR). */
export function developmentKeysFile(): string {
  return join(projectDataDir(), DEVELOPMENT_KEYS_FILE);
}

/**
 * The codec's keys as configured: ELECTION_CODEC_KEYS_FILE or ELECTION_CODEC_KEYS, else the development key file when
 * it exists; undefined when there is none.
 */
export function configuredKeySource(env: NodeJS.ProcessEnv = process.env): KeySource | undefined {
  const fromEnvironment = keySourceFromEnvironment(env);
  if (fromEnvironment) return fromEnvironment;
  const file = developmentKeysFile();
  return existsSync(file) ? keyFileSource(file) : undefined;
}

/** Why nothing starts without keys, and how to give it some. */
export class MissingCodecKeysError extends Error {
  constructor() {
    super(
      `no codec keys: personal data would reach Temporal in clear text. Accepted: ${KEYS_FILE_VARIABLE} naming a key file, ` +
        `${KEYS_INLINE_VARIABLE} holding its JSON, or a development key file at ${developmentKeysFile()} ` +
        `(bash scripts/setup.sh or \`election codec init\` creates one)`,
    );
  }
}

/** The configured key ring; refuses to go on without one. */
export async function loadConfiguredKeys(env: NodeJS.ProcessEnv = process.env): Promise<KeyRing> {
  const source = configuredKeySource(env);
  if (!source) throw new MissingCodecKeysError();
  return source.load();
}

/** The development key file, created when there is none and no keys are configured otherwise; its path. */
export function ensureDevelopmentKeys(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (keySourceFromEnvironment(env)) return undefined;
  const file = developmentKeysFile();
  if (!existsSync(file)) generateDevelopmentKeys(file);
  return file;
}

/**
 * The data converter of everything that talks to Temporal (worker, CLI, desk, tests, benchmark): JSON payloads sealed
 * by the encryption codec, failures with their message and stack among the sealed attributes.
 */
export function electionDataConverter(keys: KeyRing): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/** The data converter with the configured keys (see configuredKeySource); refuses without keys. */
export async function configuredDataConverter(env: NodeJS.ProcessEnv = process.env): Promise<DataConverter> {
  return electionDataConverter(await loadConfiguredKeys(env));
}

/**
 * The values of payloads read from a raw history: opened with the data converter's codecs (the last codec applied
 * opens first) and parsed as the SDK's default converter would. Payloads the codec did not seal pass through as they are.
 */
export async function openedValues(
  payloads: readonly temporal.api.common.v1.IPayload[] | null | undefined,
  dataConverter: DataConverter,
): Promise<unknown[]> {
  let opened = [...(payloads ?? [])] as Payload[];
  for (const codec of [...(dataConverter.payloadCodecs ?? [])].reverse()) opened = await codec.decode(opened);
  return opened.map((payload) => defaultPayloadConverter.fromPayload(payload));
}
