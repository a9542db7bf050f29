import { DefaultLogger, type LogLevel, type LogMetadata, type Logger } from '@temporalio/worker';

// What a mail server's or a receiver's answer may quote back: the recipient's address, the webhook's URL.
const EMAIL_ADDRESS = /[^\s<>"'(),;:@[\]]+@[^\s<>"'(),;:@[\]]+\.[^\s<>"'(),;:@[\]]+/g;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"']+/gi;

/** Text with every e-mail address and URL replaced by what it is: a log carries ids, never where a person is reached. */
export function withoutAddresses(text: string): string {
  return text.replace(URL, '(a URL)').replace(EMAIL_ADDRESS, '(an e-mail address)');
}

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
    copy[key] = typeof key === 'symbol' ? entry : addressFree(entry, depth + 1);
  }
  return copy;
}

/**
 * The worker's logger: the SDK's, with e-mail addresses and URLs taken out of each message and its metadata. A delivery
 * that fails logs the mail server's or receiver's answer (which may quote the address), and the SDK logs each failed
 * activity with its error; the outcome store's delivery ledger keeps the recipient.
 */
export class AddressFreeLogger implements Logger {
  constructor(private readonly inner: Logger = new DefaultLogger('INFO')) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.inner.log(level, withoutAddresses(message), meta === undefined ? undefined : (addressFree(meta) as LogMetadata));
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
