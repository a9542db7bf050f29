import { noticeDocument } from '../../../activities/notices/content';
import { renderNotice } from '../../../activities/notices';

const publicity = (at: string, facts: Record<string, unknown> = {}) => ({
  kind: 'candidate-publicity' as const,
  audience: 'village-board' as const,
  town: 'Heluo',
  village: 'Xishan',
  term: 2026,
  at,
  facts: { town: 'Heluo', village: 'Xishan', term: 2026, candidates: ['Zhang Wei', 'Li Na'], ...facts },
});

describe('dates on a notice', () => {
  it('dates a notice with its Beijing day: issued Sunday 23:30 UTC, it is dated Monday', () => {
    expect(noticeDocument(publicity('2026-03-01T23:30:00.000Z')).dated).toBe('2026-03-02');
    expect(noticeDocument(publicity('2026-03-01T15:59:59.000Z')).dated).toBe('2026-03-01');
  });

  it('gives the publicity period to the end of its last day in Beijing time, and says when it is provisional', () => {
    const provisional =
      'provisional: counted over 2027, for which no State Council holiday notice is loaded (its holidays are assumed); the date may move when the notice is loaded';
    const { markdown } = renderNotice(publicity('2026-12-28T02:00:00.000Z', { from: '2026-12-29', until: '2027-01-05', provisional }));
    expect(markdown).toContain('- **First day of the publicity:** 2026-12-29');
    expect(markdown).toContain('- **Last day of the publicity:** 2027-01-05 (to the end of the day, Beijing time)');
    expect(markdown).toContain(`The last day is ${provisional}.`);
  });
});
