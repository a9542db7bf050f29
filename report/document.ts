import { plural } from '../machines/rules';
import { stageLabel } from '../machines/stages';
import { CONSISTENCY_CHECKS } from './checks';
import {
  AGE_BANDS,
  EDUCATION_LEVELS,
  GENDERS,
  PREVIOUS_TERM_BASIS_TEXT,
  type Breakdown,
  type CommitteeProfile,
  type Share,
} from './profile';
import type { TownReport, VillageReport } from './townReport';

/** A piece of the report that every format renders its own way; the content is decided here once. */
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'warning'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; headers: string[]; rows: string[][] }
  | { kind: 'chart'; chart: ChartKind; title: string };

export type ChartKind = 'age-bands' | 'gender' | 'education';

const DASH = '–';

/** "72.3%", or a dash when there is nothing to share. */
export const percentText = (s: Share | undefined) => (s?.percent === null || s === undefined ? DASH : `${s.percent.toFixed(1)}%`);
const countText = (n: number | undefined) => (n === undefined ? DASH : String(n));
const ofText = (s: Share | undefined) => (s === undefined ? DASH : `${s.count} of ${s.of} (${percentText(s)})`);
const yearsText = (n: number | null) => (n === null ? DASH : `${n.toFixed(1)}`);
const changeText = (n: number | null) =>
  n === null ? DASH : n === 0 ? 'no change' : `${n > 0 ? '+' : '−'}${Math.abs(n).toFixed(1)} years`;

function breakdownRows<K extends string>(b: Breakdown<K>, labels: readonly { key: K; label: string }[]): string[][] {
  const rows = labels.map(({ key, label }) => [label, String(b.groups[key].count), percentText(b.groups[key])]);
  if (b.missing.length) rows.push(['Not recorded', String(b.missing.length), DASH]);
  rows.push(['Total', String(labels.reduce((t, { key }) => t + b.groups[key].count, 0)), `of ${b.total} elected`]);
  return rows;
}

const slash = <K extends string>(b: Breakdown<K> | undefined, labels: readonly { key: K }[]) =>
  b === undefined ? DASH : labels.map(({ key }) => b.groups[key].count).join(' / ');

function statusText(v: VillageReport): string {
  if (v.status === 'running') return `running${v.stage ? `: ${stageLabel(v.stage)}` : ''}`;
  if (v.status === 'postponed') return `postponed${v.postponement?.until ? ` until ${v.postponement.until}` : ''}`;
  return v.status;
}

function inconsistencyBlocks(report: TownReport): Block[] {
  const { inconsistencies } = report;
  if (inconsistencies.length === 0) {
    return [
      { kind: 'heading', level: 2, text: 'Consistency checks' },
      { kind: 'paragraph', text: `All ${CONSISTENCY_CHECKS.length} checks agree:` },
      { kind: 'list', items: report.checks.map((c) => c.rule) },
    ];
  }
  return [
    { kind: 'heading', level: 2, text: `Inconsistencies (${inconsistencies.length})` },
    {
      kind: 'warning',
      text: `The inputs of this summary disagree in ${inconsistencies.length} place(s). The figures below are printed as recorded; correct the records before the summary is used.`,
    },
    { kind: 'list', items: inconsistencies.map((i) => `${i.village ?? 'Town totals'} · ${i.check}: ${i.message}`) },
    {
      kind: 'paragraph',
      text: `Checks that agree: ${
        report.checks
          .filter((c) => c.failures === 0)
          .map((c) => c.code)
          .join(', ') || 'none'
      }.`,
    },
  ];
}

function villageBlocks(report: TownReport): Block[] {
  const v = report.villages;
  const running = v.runningKnown
    ? v.running.map((r) => `${r.village}${r.stage ? ` (${stageLabel(r.stage)})` : ''}`).join(', ') || DASH
    : 'not known: Temporal was not asked which elections are running';
  return [
    { kind: 'heading', level: 2, text: 'Villages' },
    {
      kind: 'table',
      headers: ['', 'Villages', 'Which'],
      rows: [
        ['Due', String(v.due), ''],
        ['Completed', String(v.completed.length), ''],
        [
          'Postponed',
          String(v.postponed.length),
          v.postponed.map((p) => `${p.village}${p.until ? ` (until ${p.until}${p.reason ? `: ${p.reason}` : ''})` : ''}`).join(', ') ||
            DASH,
        ],
        [
          'Cancelled',
          String(v.cancelled.length),
          v.cancelled.map((c) => `${c.village}${c.reason ? ` (${c.reason})` : ''}`).join(', ') || DASH,
        ],
        ['Still running', v.runningKnown ? String(v.running.length) : '?', running],
      ],
    },
  ];
}

function committeeBlocks(c: CommitteeProfile): Block[] {
  return [
    { kind: 'heading', level: 2, text: 'The new committees' },
    {
      kind: 'table',
      headers: ['Post', 'People'],
      rows: [
        ['Secretaries', String(c.posts.secretaries)],
        ['Deputy secretaries', String(c.posts.deputies)],
        ['Members', String(c.posts.members)],
        ['Total', `${c.posts.secretaries + c.posts.deputies + c.posts.members} (members elected: ${c.elected})`],
      ],
    },
    { kind: 'heading', level: 3, text: 'Men and women' },
    { kind: 'table', headers: ['', 'People', 'Share'], rows: breakdownRows(c.gender, GENDERS) },
    { kind: 'chart', chart: 'gender', title: 'Men and women' },
    { kind: 'heading', level: 3, text: 'Age' },
    { kind: 'table', headers: ['Age band', 'People', 'Share'], rows: breakdownRows(c.ageBands, AGE_BANDS) },
    { kind: 'chart', chart: 'age-bands', title: 'Age bands' },
    {
      kind: 'paragraph',
      text:
        `Average age ${yearsText(c.averageAge)} years (on each village's completion date). ` +
        `Previous term ${yearsText(c.previousTerm.averageAge)} years, change ${changeText(c.previousTerm.change)}; ` +
        `basis: ${PREVIOUS_TERM_BASIS_TEXT[c.previousTerm.basis]} (${plural(c.previousTerm.people, 'person', 'people')}).`,
    },
    { kind: 'heading', level: 3, text: 'Education' },
    { kind: 'table', headers: ['Level', 'People', 'Share'], rows: breakdownRows(c.education, EDUCATION_LEVELS) },
    { kind: 'chart', chart: 'education', title: 'Education' },
    { kind: 'heading', level: 3, text: 'Continuity and cross posts' },
    {
      kind: 'table',
      headers: ['', 'People'],
      rows: [
        ['Re-elected secretaries (outgoing secretary elected secretary again)', ofText(c.reelectedSecretaries)],
        ['Re-elected members (on the outgoing committee in any post)', ofText(c.reelectedMembers)],
        ["Holding a post on the villagers' committee too (交叉任职)", ofText(c.crossPostHolders)],
        ["Secretaries who also chair the villagers' committee (一肩挑)", ofText(c.secretariesChairingVillageCommittee)],
      ],
    },
  ];
}

function byVillageBlocks(report: TownReport): Block[] {
  const villages = report.byVillage;
  return [
    { kind: 'heading', level: 2, text: 'By village' },
    { kind: 'heading', level: 3, text: 'Participation and slate' },
    {
      kind: 'table',
      headers: [
        'Village',
        'Status',
        'Party members',
        'Took part',
        'Rate',
        'Representatives',
        'Took part',
        'Rate',
        'Recommended',
        'Passing',
        'Candidates',
        'Elected',
      ],
      rows: villages.map((v) => [
        v.village,
        statusText(v),
        countText(v.members),
        countText(v.memberParticipation?.count),
        percentText(v.memberParticipation),
        countText(v.representatives),
        countText(v.representativeParticipation?.count),
        percentText(v.representativeParticipation),
        countText(v.nomineesRecommended),
        countText(v.nomineesPassing),
        countText(v.candidates),
        countText(v.committee?.elected),
      ]),
    },
    { kind: 'heading', level: 3, text: 'New committees' },
    {
      kind: 'table',
      headers: [
        'Village',
        'Secretary',
        'Deputy',
        'Sec / dep / mem',
        'Men / women',
        '≤35 / 36–45 / 46–54 / ≥55',
        'Average age',
        'College / high school / junior high',
        'Secretary re-elected',
        'Re-elected members',
        'Cross posts',
        '一肩挑',
      ],
      rows: villages
        .filter((v) => v.committee)
        .map((v) => {
          const c = v.committee!;
          return [
            v.village,
            v.secretary ? (v.secretary.name ?? v.secretary.id) : DASH,
            v.deputy ? (v.deputy.name ?? v.deputy.id) : DASH,
            `${c.posts.secretaries} / ${c.posts.deputies} / ${c.posts.members}`,
            slash(c.gender, GENDERS),
            slash(c.ageBands, AGE_BANDS),
            yearsText(c.averageAge),
            slash(c.education, EDUCATION_LEVELS),
            c.reelectedSecretaries.count ? 'yes' : 'no',
            String(c.reelectedMembers.count),
            String(c.crossPostHolders.count),
            c.secretariesChairingVillageCommittee.count ? 'yes' : 'no',
          ];
        }),
    },
  ];
}

/** The warnings the elections recorded (targets not met, exceptions granted), village by village; none: no section. */
function warningBlocks(report: TownReport): Block[] {
  const warnings = report.warnings ?? [];
  if (warnings.length === 0) return [];
  return [
    { kind: 'heading', level: 2, text: `Targets and exceptions (${warnings.length})` },
    { kind: 'list', items: warnings.map((w) => `${w.village} · ${w.code}: ${w.message}`) },
  ];
}

/** The whole summary as blocks, in reading order: inconsistencies first, so they are never missed. */
export function reportBlocks(report: TownReport): Block[] {
  const p = report.participation;
  const term = report.term === null ? 'no term on record' : `term ${report.term}`;
  return [
    { kind: 'heading', level: 1, text: `${report.town}: village Party branch re-elections, ${term}` },
    {
      kind: 'paragraph',
      text: `Summary built from the outcome store${report.asOf ? `, figures as of ${report.asOf}` : ''}. Figures on people cover the ${p.villages} completed village(s).`,
    },
    ...inconsistencyBlocks(report),
    ...warningBlocks(report),
    ...villageBlocks(report),
    { kind: 'heading', level: 2, text: 'Participation' },
    {
      kind: 'table',
      headers: ['', 'Total', 'Took part', 'Rate'],
      rows: [
        ['Party members (full members, with a vote)', String(p.members.of), String(p.members.count), percentText(p.members)],
        ['Villager representatives', String(p.representatives.of), String(p.representatives.count), percentText(p.representatives)],
      ],
    },
    {
      kind: 'paragraph',
      text: `Took part: in the Party member recommendation (党员推荐) and the mass recommendation (群众推荐). Probationary members, without a vote: ${p.probationaryMembers}.`,
    },
    { kind: 'heading', level: 2, text: 'Recommendation and election' },
    {
      kind: 'table',
      headers: ['', 'People'],
      rows: [
        ['Nominees recommended', String(report.slate.nomineesRecommended)],
        ['Nominees passing the threshold', String(report.slate.nomineesPassing)],
        ['Candidates', String(report.slate.candidates)],
        ['Members elected', String(report.slate.elected)],
      ],
    },
    ...committeeBlocks(report.committee),
    ...byVillageBlocks(report),
  ];
}
