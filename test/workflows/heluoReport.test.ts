import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTownReport, readTownOutcomes, renderReport, type TownReport } from '../../report';
import { main } from '../../client/cli';
import { addYears, ageOn, isoDateOfMs, TERM_YEARS, type Member } from '../../machines/rules';
import { decodeMember, HELUO_TOWN, heluoTown } from '../fixtures/heluo/town';
import { driveUntil, startVillage, useElectionWorker } from '../support/election';

const env = useElectionWorker();

describe("Heluo Town's summary report, built through the real workflows", () => {
  let report: TownReport;
  const today = isoDateOfMs(Date.now());
  const villages = heluoTown(today);

  beforeAll(async () => {
    // All 17 villages at once, each moved on by the scripted office with the village's own tallies.
    await Promise.all(
      villages.map(async (village) => {
        const handle = await startVillage(env.client, env.taskQueue, village.input);
        const final = await driveUntil(handle, village.script, (view) => view.status !== 'running', village.override);
        expect({ village: village.spec.village, stage: final.stage, elected: final.elected }).toEqual({
          village: village.spec.village,
          stage: 'completed',
          elected: village.committee,
        });
      }),
    );
    const { term, outcomes } = await readTownOutcomes(env.store, { town: 'Heluo' });
    report = buildTownReport({ town: 'Heluo', term, outcomes, running: [] });
  }, 90_000);

  it('has all 17 villages completed and no inconsistency', () => {
    expect(report.term).toBe(2026);
    expect(report.villages.due).toBe(17);
    expect(report.villages.completed).toHaveLength(17);
    expect(report.villages.postponed).toEqual([]);
    expect(report.villages.cancelled).toEqual([]);
    expect(report.villages.running).toEqual([]);
    expect(report.inconsistencies).toEqual([]);
  });

  it('has 595 Party members with 430 taking part (72.3%) and 394 representatives with 323 (82%)', () => {
    expect(report.participation.members).toEqual({ count: 430, of: 595, percent: 72.3 });
    expect(report.participation.representatives.count).toBe(323);
    expect(report.participation.representatives.of).toBe(394);
    expect(Math.round(report.participation.representatives.percent!)).toBe(82);
    expect(report.participation.probationaryMembers).toBe(34);
  });

  it('has 61 members elected: 17 secretaries, 9 deputies and 35 members, from a competitive slate', () => {
    expect(report.committee.posts).toEqual({ secretaries: 17, deputies: 9, members: 35 });
    // Each village: the committee and a runner-up pass the threshold, one more nominee does not.
    expect(report.slate).toEqual({ nomineesRecommended: 61 + 2 * 17, nomineesPassing: 61 + 17, candidates: 61 + 17, elected: 61 });
  });

  it('has 54 men (89%) and 7 women (11%)', () => {
    const { male, female } = report.committee.gender.groups;
    const wholePercent = (s: { count: number; of: number }) => Math.round((s.count * 100) / s.of);
    expect([male.count, wholePercent(male), female.count, wholePercent(female)]).toEqual([54, 89, 7, 11]);
    // One decimal, as the report prints them: 88.5% and 11.5% (the source rounds 11.48% to 11%).
    expect([male.percent, female.percent]).toEqual([88.5, 11.5]);
  });

  it('has 9 college, 26 high school and 26 junior high members', () => {
    const e = report.committee.education.groups;
    expect([e.college.count, e['high-school'].count, e['junior-high-or-below'].count]).toEqual([9, 26, 26]);
    // The source prints 14% / 43% / 43%; 9 of 61 is 14.8%.
    expect([e.college.percent, e['high-school'].percent, e['junior-high-or-below'].percent]).toEqual([14.8, 42.6, 42.6]);
  });

  it('has 15 secretaries re-elected, and counts ages on the completion date', () => {
    expect(report.committee.reelectedSecretaries).toEqual({ count: 15, of: 17, percent: 88.2 });
    const ages = HELUO_TOWN.flatMap((v) => v.committee.map((code) => decodeMember(code).age));
    const band = (from: number, to: number) => ages.filter((a) => a >= from && a <= to).length;
    const groups = report.committee.ageBands.groups;
    expect([groups['35-and-under'].count, groups['36-45'].count, groups['46-54'].count, groups['55-and-over'].count]).toEqual([
      band(0, 35),
      band(36, 45),
      band(46, 54),
      band(55, 200),
    ]);
    expect(report.committee.averageAge).toBe(Math.round((ages.reduce((a, b) => a + b, 0) / ages.length) * 10) / 10);
    expect(report.committee.secretariesChairingVillageCommittee.count).toBe(10);
  });

  it('compares the average age with the previous term on the basis it names', () => {
    const { basis, averageAge, people } = report.committee.previousTerm;
    const outgoing = villages.flatMap((v) =>
      (v.input.roster as Member[]).filter((m) => m.outgoingPost && (basis === 'outgoing-committee' || v.committee.includes(m.id))),
    );
    const ages = outgoing.map((m) => ageOn(m.birthDate, addYears(today, -TERM_YEARS)));
    expect(['outgoing-committee', 're-elected-members-only']).toContain(basis);
    expect(people).toBe(ages.length);
    expect(averageAge).toBe(Math.round((ages.reduce((a, b) => a + b, 0) / ages.length) * 10) / 10);
  });

  it('prints the figures in Markdown, and through `election report` into a self-contained HTML file', async () => {
    const md = renderReport(report, 'md');
    expect(md).toContain('| Party members (full members, with a vote) | 595 | 430 | 72.3% |');
    expect(md).toContain('| Villager representatives | 394 | 323 | 82.0% |');
    expect(md).toContain('| Re-elected secretaries (outgoing secretary elected secretary again) | 15 of 17 (88.2%) |');

    const out = join(mkdtempSync(join(tmpdir(), 'report-')), 'heluo.html');
    const code = await main(['report', '--town', 'Heluo', '--format', 'html', '--out', out, '--store', env.store.location, '--offline']);
    expect(code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.match(/<svg/g)).toHaveLength(3);
    expect(html).toContain('<td>Men</td><td>54</td><td>88.5%</td>');
  });
});
