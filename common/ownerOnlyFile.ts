import { closeSync, fstatSync, openSync, readFileSync, writeFileSync } from 'node:fs';

/** The mode of a file holding a secret (a signing key, the codec's keys): its owner reads and writes it, nobody else. */
export const OWNER_ONLY_MODE = 0o600;

/**
 * Reads a file that holds a secret; refuses one that others may read, as ssh does. `what` names the file in the
 * refusal ("key file", "desk key file", ...).
 */
export function readOwnerOnlyFile(file: string, what: string): string {
  const fd = openSync(file, 'r');
  try {
    const mode = fstatSync(fd).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new Error(
        `${what} ${file}: readable by others (mode ${mode.toString(8)}); accepted: readable by its owner only (chmod 600 ${file})`,
      );
    }
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates a file that holds a secret, readable by its owner only from the moment it exists, and never over an existing
 * file (a key overwritten is lost): an existing one throws EEXIST.
 */
export function createOwnerOnlyFile(file: string, text: string): void {
  const fd = openSync(file, 'wx', OWNER_ONLY_MODE);
  try {
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
