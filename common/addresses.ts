// What a mail server's or a receiver's answer may quote back: the recipient's address, the webhook's URL.
const EMAIL_ADDRESS = /[^\s<>"'(),;:@[\]]+@[^\s<>"'(),;:@[\]]+\.[^\s<>"'(),;:@[\]]+/g;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"']+/gi;

/** Text with every e-mail address and URL replaced by what it is: a log carries ids, never where a person is reached. */
export function withoutAddresses(text: string): string {
  return text.replace(URL, '(a URL)').replace(EMAIL_ADDRESS, '(an e-mail address)');
}

/**
 * Metadata keys that hold a person's name or where they are reached, whatever logs them: withheld from every entry,
 * at any depth. The election's own log calls carry ids only; this keeps a careless one from leaking the roster.
 */
const PERSONAL_KEYS = new Set(['name', 'names', 'roster', 'recipient', 'recipients', 'email', 'address', 'phone']);

/**
 * A log entry's metadata with addresses taken out of every string in it, errors included (their message, stack and
 * cause); symbol keys (the SDK's timestamp) are kept as they are.
 */
export function addressFree(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return withoutAddresses(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return {
      name: value.name,
      message: withoutAddresses(value.message),
      ...(value.stack ? { stack: withoutAddresses(value.stack) } : {}),
      ...(cause !== undefined ? { cause: addressFree(cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((entry) => addressFree(entry, depth + 1));
  const copy: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(value)) {
    const entry = (value as Record<string | symbol, unknown>)[key];
    if (typeof key === 'string' && PERSONAL_KEYS.has(key.toLowerCase())) copy[key] = '(withheld)';
    else copy[key] = typeof key === 'symbol' ? entry : addressFree(entry, depth + 1);
  }
  return copy;
}
