import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { PeopleRegistry } from '../activities/store';
import { createOwnerOnlyFile, readOwnerOnlyFile } from '../common/ownerOnlyFile';
import { keyIdFor } from '../client/keys/ed25519';
import { fromBase64url, publicKeyOf, SECRET_KEY_BYTES, toBase64url } from '../machines/envelope';
import { keyIdSchema, publicKeySchema } from '../machines/keyring';
import { describeZodIssues } from '../machines/rules/issues';
import { text } from '../machines/text';

/**
 * The desk's own signing key: it signs each decision on behalf of the person it has authenticated, and the workflow
 * takes it only because the registry lists it as a desk's key and the person as assigned. Its file lives beside the
 * desk, readable by the desk's user only.
 */
export const deskKeyFileSchema = z
  .object({
    v: z.literal(1, { error: 'the desk key file version 1' }),
    desk: text('id', "the desk's name"),
    keyId: keyIdSchema,
    secretKey: z.string().refine((v) => fromBase64url(v, SECRET_KEY_BYTES) !== undefined, 'an Ed25519 secret key: 32 bytes in base64url'),
    publicKey: publicKeySchema,
  })
  .strict()
  .superRefine((file, ctx) => {
    const secret = fromBase64url(file.secretKey, SECRET_KEY_BYTES);
    if (secret && toBase64url(publicKeyOf(secret)) !== file.publicKey)
      ctx.addIssue({ code: 'custom', path: ['publicKey'], message: "the public key of this file's secret key" });
  });
export type DeskKeyFile = z.infer<typeof deskKeyFileSchema>;

/** Reads the desk's key file, or creates it (mode 0600, never over another file) when it does not exist. */
export function loadOrCreateDeskKey(file: string, desk: string): { key: DeskKeyFile; created: boolean } {
  if (existsSync(file)) {
    const contents = readOwnerOnlyFile(file, 'desk key file');
    let json: unknown;
    try {
      json = JSON.parse(contents);
    } catch (err) {
      throw new Error(`desk key file ${file}: not JSON; accepted: a file the desk wrote`, { cause: err });
    }
    const parsed = deskKeyFileSchema.safeParse(json);
    if (!parsed.success)
      throw new Error(
        `desk key file ${file}: ${describeZodIssues(parsed.error, { ...(json as object), secretKey: '(not shown)' }).join('; ')}`,
      );
    return { key: parsed.data, created: false };
  }
  const secret = new Uint8Array(randomBytes(SECRET_KEY_BYTES));
  const publicKey = toBase64url(publicKeyOf(secret));
  const key = deskKeyFileSchema.parse({ v: 1, desk, keyId: keyIdFor(publicKey), secretKey: toBase64url(secret), publicKey });
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  createOwnerOnlyFile(file, `${JSON.stringify(key, null, 2)}\n`);
  return { key, created: true };
}

/** Whether the registry trusts the desk's key now (registered for this desk, not revoked, in its validity). */
export async function deskKeyRegistered(registry: PeopleRegistry, key: DeskKeyFile, now = new Date()): Promise<boolean> {
  const at = now.toISOString();
  return (await registry.keys()).some(
    (k) =>
      k.keyId === key.keyId &&
      k.publicKey === key.publicKey &&
      'desk' in k.owner &&
      k.owner.desk === key.desk &&
      k.validFrom <= at &&
      (k.validUntil === undefined || at < k.validUntil) &&
      (k.revokedAt === undefined || at < k.revokedAt),
  );
}

/** The command that registers the desk's key, for the county organisation department to run when it is not yet trusted. */
export const registerCommand = (key: DeskKeyFile) => `election keys register --desk ${key.desk} --public-key=${key.publicKey} --by PERSON`;
