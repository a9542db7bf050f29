import { DefaultLogger, type LogEntry, type LogLevel, type LogMetadata, type Logger } from '@temporalio/worker';
import { addressFree, withoutAddresses } from '../common/addresses';

export { addressFree, withoutAddresses } from '../common/addresses';

/**
 * One log entry as one line of JSON: `time` (ISO), `level`, `message`, then the SDK's metadata as it is (workflowId,
 * runId, workflowType, activityType, attempt, taskQueue, namespace...) and the call's own ids. A log shipper reads
 * fields, never a formatted line; a value JSON cannot hold (a bigint) is written as text.
 */
export function jsonLogLine(entry: LogEntry): string {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  const fields = { ...(entry.meta ?? {}), time, level: entry.level, message: entry.message };
  return JSON.stringify(fields, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/** Writes each entry as a line of JSON to standard error, where the SDK's own logger writes. */
export const writeJsonLine = (entry: LogEntry): void => {
  process.stderr.write(`${jsonLogLine(entry)}\n`);
};

/**
 * The worker's logger: the SDK's, with e-mail addresses and URLs taken out of each message and its metadata and personal keys
 * withheld (PERSONAL_KEYS), writing JSON lines by default. A delivery that fails logs the mail server's or receiver's answer (which may quote the address), and the SDK logs each failed
 * activity with its error; the outcome store's delivery ledger keeps the recipient.
 */
export class AddressFreeLogger implements Logger {
  constructor(private readonly inner: Logger = new DefaultLogger('INFO', writeJsonLine)) {}

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
