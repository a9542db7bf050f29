/**
 * The payload codec that keeps personal data encrypted outside the worker: the codec, its ciphers, its key ring and
 * where the keys come from. Node only (node:crypto): the worker, the CLI, the desk and the codec server use it, never
 * the workflow sandbox, which sees payloads already decoded.
 */
export { AES_256_GCM, DEFAULT_CIPHERS, opensslGcmCipher, SM4_GCM, type PayloadCipher } from './cipher';
export {
  CIPHER_METADATA,
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  isSealed,
  KEY_ID_METADATA,
  PayloadDecryptionError,
  sealedWorkflowId,
  WORKFLOW_ID_METADATA,
} from './encryptionCodec';
export { KEY_ID_PATTERN, keyRingFileSchema, parseKeyRing, type CodecKey, type KeyRing, type KeyRingFile, type KeySource } from './keyRing';
export {
  CODEC_KEY_FILE_MODE,
  generateDevelopmentKeys,
  inlineKeySource,
  keyFileSource,
  KEYS_FILE_VARIABLE,
  KEYS_INLINE_VARIABLE,
  keySourceFromEnvironment,
  readKeyRingFile,
  rotateKeyFile,
} from './keySources';
export {
  configuredDataConverter,
  configuredKeySource,
  developmentKeysFile,
  DEVELOPMENT_KEYS_FILE,
  electionDataConverter,
  ensureDevelopmentKeys,
  FAILURE_CONVERTER_PATH,
  loadConfiguredKeys,
  MissingCodecKeysError,
  openedValues,
} from './dataConverter';
