import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { AddressFreeLogger, jsonLogLine, withoutAddresses } from '../../worker/logger';

/** An address-free logger over the SDK's own, writing its entries to a list. */
function capturing(): { logger: AddressFreeLogger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return { logger: new AddressFreeLogger(new DefaultLogger('TRACE', (entry) => entries.push(entry))), entries };
}

describe("the worker's logs", () => {
  it('carry the ids of a failed delivery, never the mail server’s quote of the recipient’s address', () => {
    const { logger, entries } = capturing();
    const answer = new Error('550 5.1.1 <wang.fang@qilipu.example.cn>: Recipient address rejected: User unknown');
    logger.warn('Activity failed', {
      error: answer,
      activityType: 'deliverToRecipient',
      workflowId: 'reelection/2026/Heluo/Qilipu/step/3/0/delivery',
    });
    const [entry] = entries;
    const text = JSON.stringify(entry!.meta);
    expect(text).not.toContain('wang.fang');
    expect(text).toContain('550 5.1.1 <(an e-mail address)>: Recipient address rejected');
    expect(entry!.meta).toMatchObject({ activityType: 'deliverToRecipient', workflowId: 'reelection/2026/Heluo/Qilipu/step/3/0/delivery' });
  });

  it('take a webhook’s URL out of the message and of nested metadata', () => {
    const { logger, entries } = capturing();
    logger.info('posting to https://hooks.example.org/people/li-si?token=abc failed', {
      attempts: [{ to: 'https://hooks.example.org/people/li-si?token=abc', status: 502 }],
    });
    expect(entries[0]!.message).toBe('posting to (a URL) failed');
    expect(entries[0]!.meta).toMatchObject({ attempts: [{ to: '(a URL)', status: 502 }] });
  });

  it('keep the SDK’s timestamp and level as they were', () => {
    const { logger, entries } = capturing();
    logger.error('a plain message', { notice: 'reelection/2026/Heluo/Qilipu/step/3/0' });
    expect(entries[0]).toMatchObject({
      level: 'ERROR',
      message: 'a plain message',
      meta: { notice: 'reelection/2026/Heluo/Qilipu/step/3/0' },
    });
    expect(typeof entries[0]!.timestampNanos).toBe('bigint');
  });

  it('leave ids, dates and workflow ids alone', () => {
    expect(withoutAddresses('m04 at 2026-11-24, reelection/2026/Heluo/Qilipu, key a1b2')).toBe(
      'm04 at 2026-11-24, reelection/2026/Heluo/Qilipu, key a1b2',
    );
  });
});

describe("the worker's log lines", () => {
  it('are one JSON object each: time, level and message, then the SDK’s ids as they came', () => {
    const lines: string[] = [];
    const logger = new AddressFreeLogger(new DefaultLogger('INFO', (entry) => lines.push(jsonLogLine(entry))));
    logger.warn('decision refused', {
      workflowId: 'reelection/2026/Heluo/Qilipu',
      runId: '01a23c72-0f90-7da2-b5b6-fd332a8efcee',
      activityType: 'recordRefusal',
      attempt: 2n,
      code: 'NOT_NOW',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'WARN',
      message: 'decision refused',
      workflowId: 'reelection/2026/Heluo/Qilipu',
      runId: '01a23c72-0f90-7da2-b5b6-fd332a8efcee',
      activityType: 'recordRefusal',
      attempt: '2',
      code: 'NOT_NOW',
    });
  });

  it('withhold a person’s name, recipient or address under any key that holds one, however deep, and strip addresses elsewhere', () => {
    const lines: string[] = [];
    const logger = new AddressFreeLogger(new DefaultLogger('INFO', (entry) => lines.push(jsonLogLine(entry))));
    logger.info('signed start verified for li.si@qilipu.example.cn', {
      personId: 'm04',
      by: { id: 'm04', name: '李四', role: 'town-committee' },
      deliveries: [{ recipient: 'wang.fang@qilipu.example.cn', channel: 'email' }],
      error: new Error('posting to https://hooks.example.org/people/li-si failed'),
    });
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(lines[0]).not.toMatch(/李四|li\.si|wang\.fang|hooks\.example/);
    expect(entry).toMatchObject({
      message: 'signed start verified for (an e-mail address)',
      personId: 'm04',
      by: { id: 'm04', name: '(withheld)', role: 'town-committee' },
      deliveries: [{ recipient: '(withheld)', channel: 'email' }],
      error: { name: 'Error', message: 'posting to (a URL) failed' },
    });
  });

  it('keep the message and level when the entry carries no metadata', () => {
    const line = jsonLogLine({ level: 'INFO', message: 'Worker state changed', timestampNanos: 1_764_720_000_000_000_000n });
    expect(JSON.parse(line)).toEqual({ time: '2025-12-03T00:00:00.000Z', level: 'INFO', message: 'Worker state changed' });
  });
});
