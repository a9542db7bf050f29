import { NOTICE_FILE_EXAMPLE, readCalendarNotice } from '../../client/calendarNotice';

/** A notice file for 2027 as an office types it (the dates are the test's own). */
const FILE = `# 国务院办公厅关于2027年部分节假日安排的通知
year: 2027
title: 国务院办公厅关于2027年部分节假日安排的通知
number: 国办发明电〔2026〕99号
issued: 2026-11-10
holiday: 2027-01-01 to 2027-01-03   元旦
holiday: 2027-02-06 to 2027-02-13   春节
workday: 2027-02-20                 春节调休上班
holiday: 2027-10-01 to 2027-10-07   国庆节
`;

/** The file with line `n` (1-based) replaced. */
const withLine = (n: number, text: string) =>
  FILE.split('\n')
    .map((line, i) => (i === n - 1 ? text : line))
    .join('\n');

describe('a State Council holiday notice file', () => {
  it('reads the year, the notice it names, the holidays of each range and the make-up working days', () => {
    const read = readCalendarNotice(FILE);
    expect(read).toEqual({
      ok: true,
      year: {
        year: 2027,
        notice: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: '国办发明电〔2026〕99号', issuedOn: '2026-11-10' },
        holidays: expect.arrayContaining(['2027-01-01', '2027-01-03', '2027-02-06', '2027-02-13', '2027-10-07']),
        makeUpWorkdays: ['2027-02-20'],
      },
    });
    if (read.ok) expect(read.year.holidays).toHaveLength(3 + 8 + 7);
  });

  it('reads the example shown in the help', () => {
    expect(readCalendarNotice(NOTICE_FILE_EXAMPLE).ok).toBe(true);
  });

  it.each([
    [6, 'holiday: 2027-02-30', 'line 6: holiday: got "2027-02-30"; accepted: a date YYYY-MM-DD or a range'],
    [
      8,
      'workday: 2027-02-17',
      'line 8: workday: got 2027-02-17; accepted: a Saturday or Sunday worked in exchange (2027-02-17 is a Wednesday',
    ],
    [8, 'workday: 2027-02-07', 'line 8: workday: got 2027-02-07; accepted: a day either off or worked, not both'],
    [9, 'holiday: 2028-10-01', 'line 9: holiday: got 2028-10-01; accepted: a date of the notice for 2027'],
    [
      9,
      'holiday: 2027-10-07 to 2027-10-01',
      'line 9: holiday: got "2027-10-07 to 2027-10-01"; accepted: a range whose end is not before its start',
    ],
    [9, 'holiday: 2027-01-02', 'line 9: holiday: got 2027-01-02; accepted: each date once'],
    [9, 'holday: 2027-10-01', 'line 9: got "holday: 2027-10-01"; accepted: a line "KEY: VALUE" with KEY one of year, title'],
    [2, 'year: 27', 'line 2: year: got "27"; accepted: a year such as 2027'],
    [5, 'issued: 2026-11-31', 'line 5: issued: got "2026-11-31"; accepted: a calendar date written YYYY-MM-DD'],
    [
      3,
      'title: 国务院办公厅关于部分节假日安排的通知',
      'line 3: notice.title: got "国务院办公厅关于部分节假日安排的通知"; accepted: the title of the notice for 2027',
    ],
  ])('refuses line %i as "%s", naming its line', (line, text, problem) => {
    const read = readCalendarNotice(withLine(line, text));
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems.join('\n')).toContain(problem);
  });

  it('lists every wrong line at once and a missing fact by name', () => {
    const read = readCalendarNotice(withLine(4, '# no number').replace('holiday: 2027-10-01 to 2027-10-07', 'holiday: 2027-13-01'));
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problems).toEqual([
        expect.stringMatching(/^number: missing; accepted: a line "number: …"/),
        expect.stringMatching(/^line 9: holiday: got "2027-13-01"/),
      ]);
    }
  });
});
