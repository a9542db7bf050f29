import { closeSync, fchmodSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { keyIdSchema, publicKeySchema } from '../../machines/keyring';
import { text } from '../../machines/text';
import { WRITTEN_FILE_MODE } from '../commands/common';

/** What a personal key file holds: the key's id, its owner, its public half and its secret seed (base64url, 32 bytes). */
export const keyFileSchema = z
  .object({
    format: z.literal('election-ed25519-key/1'),
    keyId: keyIdSchema,
    personId: text('id', 'the person id'),
    publicKey: publicKeySchema,
    secretKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'accepted: an Ed25519 secret key seed: 32 bytes in base64url, 43 characters'),
  })
  .strict();
export type KeyFile = z.infer<typeof keyFileSchema>;

/** A key file that could not be written: the file exists already, or its folder cannot be written. */
export class KeyFileError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * Writes a private key to a new file readable by its owner only. The file is created exclusively (an existing file,
 * a key perhaps, is never overwritten) with mode 0600, set again on the descriptor before the key is written, so no
 * umask and no race leaves it readable by others. `undo` removes it again, for a key whose registration failed.
 */
export function writeKeyFile(file: string, key: KeyFile): { undo: () => void } {
  const content = `${JSON.stringify(keyFileSchema.parse(key), null, 2)}\n`;
  let fd: number;
  try {
    fd = openSync(file, 'wx', WRITTEN_FILE_MODE);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new KeyFileError(code === 'EEXIST' ? 'the file exists (a key file is never overwritten)' : `cannot create it (${code})`, code);
  }
  let written = false;
  try {
    fchmodSync(fd, WRITTEN_FILE_MODE);
    writeSync(fd, content);
    fsyncSync(fd);
    written = true;
  } finally {
    closeSync(fd);
    if (!written) unlinkSync(file);
  }
  return { undo: () => unlinkSync(file) };
}
