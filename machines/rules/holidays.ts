/**
 * The default working-day calendar: Chinese public holidays (法定节假日) and make-up working days (调休上班).
 *
 * 2026 is the State Council General Office's notice of 4 November 2025, day for day.
 *
 * 2027 had not been published when this was written (the notice usually comes in November of the year
 * before). The 2027 lists are an ASSUMPTION: only the statutory days of the national holiday regulation
 * (New Year 1 day; Spring Festival 4 days: eve to third day; Qingming 1; Labour Day 2; Dragon Boat 1;
 * Mid-Autumn 1; National Day 3), each one falling on a weekend replaced by the next working day (补休,
 * art. 6 of the regulation), and NO bridging swaps, hence no make-up working days. The State Council will
 * almost certainly add bridging days and make-up Saturdays/Sundays: replace these lists in the town plan
 * when the notice is out. Assumed lunar dates: Spring Festival eve Friday 5 February, Qingming Monday
 * 5 April, Dragon Boat Wednesday 9 June, Mid-Autumn Wednesday 15 September.
 *
 * Outside 2026 and 2027 only Saturdays and Sundays are days off.
 */

/** Days off for holidays, 2026 (published) and 2027 (assumed, see the file comment). */
export const DEFAULT_HOLIDAYS: readonly string[] = [
  // 2026, State Council notice of 2025-11-04
  '2026-01-01',
  '2026-01-02',
  '2026-01-03',
  '2026-02-15',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20',
  '2026-02-21',
  '2026-02-22',
  '2026-02-23',
  '2026-04-04',
  '2026-04-05',
  '2026-04-06',
  '2026-05-01',
  '2026-05-02',
  '2026-05-03',
  '2026-05-04',
  '2026-05-05',
  '2026-06-19',
  '2026-06-20',
  '2026-06-21',
  '2026-09-25',
  '2026-09-26',
  '2026-09-27',
  '2026-10-01',
  '2026-10-02',
  '2026-10-03',
  '2026-10-04',
  '2026-10-05',
  '2026-10-06',
  '2026-10-07',
  // 2027, assumed: statutory days plus a weekday in lieu of each falling on a weekend
  '2027-01-01',
  '2027-02-05',
  '2027-02-06',
  '2027-02-07',
  '2027-02-08',
  '2027-02-09',
  '2027-02-10',
  '2027-04-05',
  '2027-05-01',
  '2027-05-02',
  '2027-05-03',
  '2027-05-04',
  '2027-06-09',
  '2027-09-15',
  '2027-10-01',
  '2027-10-02',
  '2027-10-03',
  '2027-10-04',
  '2027-10-05',
];

/** Saturdays and Sundays worked in exchange for bridging days: 2026 only (none assumed for 2027). */
export const DEFAULT_MAKE_UP_WORKDAYS: readonly string[] = [
  '2026-01-04',
  '2026-02-14',
  '2026-02-28',
  '2026-05-09',
  '2026-09-20',
  '2026-10-10',
];
