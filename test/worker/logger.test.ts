import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { AddressFreeLogger, withoutAddresses } from '../../worker/logger';

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
