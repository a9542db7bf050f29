import { DefaultFailureConverter } from '@temporalio/common';

/**
 * The failure converter of the worker (inside the workflow sandbox too: the bundle loads this file by its path), the
 * CLI and the desk. A failure's message and stack can carry personal data (a refusal names the field and the value),
 * so they travel in the failure's encoded attributes, which the payload codec seals; the history shows
 * "Encoded failure". Imports nothing but the SDK: the sandbox loads it.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
