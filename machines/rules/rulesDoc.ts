import { RULES, type RuleEntry } from './catalogue';
import { OFFICIAL_CALENDAR_YEARS, PROVISIONAL_CALENDAR_YEARS } from './holidays';

/** Path of the generated page, relative to the repository root. */
export const RULES_DOC_PATH = 'docs/rules.md';

function section(rule: RuleEntry): string[] {
  const lines = [`### ${rule.title}`, '', rule.statement, ''];
  if (rule.setting) lines.push(`- Town plan setting: ${rule.setting}`);
  if (rule.reading) lines.push(`- Reading: ${rule.reading}`);
  lines.push(
    rule.changed
      ? `- Versions: applies as stated from machine version ${rule.changed.since}; elections started on an earlier version keep their rule to the end: ${rule.changed.before}`
      : '- Versions: the same on every machine version',
  );
  const checks = rule.checks.map((check) => `\`${check.name}\``).join(', ');
  lines.push(
    checks
      ? `- Checked by: ${checks} (rule \`${rule.id}\`)`
      : `- Stated, not checked: no record of the election depends on it (rule \`${rule.id}\`)`,
  );
  const examples = rule.examples?.() ?? [];
  if (examples.length > 0) {
    lines.push('- Examples:');
    for (const example of examples) lines.push(`  - ${example}`);
  }
  lines.push('');
  return lines;
}

function datesByYear(dates: readonly string[]): string[] {
  const years = [...new Set(dates.map((d) => d.slice(0, 4)))].sort();
  return years.map(
    (year) =>
      `- ${year}: ${dates
        .filter((d) => d.startsWith(year))
        .map((d) => d.slice(5))
        .join(', ')}`,
  );
}

/** The rules page a town cadre reads, generated from the rule catalogue; the same text is checked by a test. */
export function renderRulesDoc(rules: readonly RuleEntry[] = RULES): string {
  const lines = [
    '# Election rules of the village Party branch re-election',
    '',
    '<!-- Generated from machines/rules/catalogue.ts by scripts/gen-docs.ts: do not edit by hand. -->',
    '<!-- Regenerate: npm run build && npm run docs -->',
    '',
    'Every rule the system applies when it checks a record or decides the next step.',
    '**National** rules come from the Party’s regulations on grassroots election work and are fixed.',
    '**Local** rules are the town’s own practice: each is a setting of the town plan, shown with its default.',
    'Where the regulations leave a point open, the reading the system uses is stated ("Reading").',
    'An election keeps the machine version it started on to its end: each rule says from which version it applies as stated,',
    'and what elections started earlier keep applying (version 1: as first published; version 2: the corrections of issue #12).',
    'Each check answers with a code and a sentence; the examples below are produced by the checks themselves.',
    '',
    'An election keeps the rules of the machine version it started on. Version 2 (every election started since issue #12)',
    'counts every date (posting day, period end, request date, age, membership) as the Beijing day (Asia/Shanghai, UTC+8,',
    'no daylight saving time), ends a period at 24:00 Beijing time of its last day, and shows times to people in Beijing',
    'time. Where a rule reads differently under version 1, its text says so.',
    '',
    '## National rules (fixed)',
    '',
    ...rules.filter((r) => r.kind === 'national').flatMap(section),
    '## Local rules (town plan)',
    '',
    ...rules.filter((r) => r.kind === 'local').flatMap(section),
    '## Working-day calendar',
    '',
    'Each year’s public holidays and make-up working days are data naming the State Council General Office notice they',
    'come from. A year without an official notice is provisional: every deadline counted over its working days says so',
    'wherever it is shown (the status view, the inbox, the publicity notice, the Temporal UI).',
    '',
    '### Official years',
    '',
    ...OFFICIAL_CALENDAR_YEARS.flatMap((y) => [
      `${y.year}: ${y.notice.title} (${y.notice.number}, issued ${y.notice.issuedOn}).`,
      '',
      ...datesByYear(y.holidays).map((line) => line.replace(/^- (\d{4})/, '- holidays $1')),
      ...datesByYear(y.makeUpWorkdays).map((line) => line.replace(/^- (\d{4})/, '- make-up working days $1')),
      '',
    ]),
    '### Provisional years',
    '',
    ...PROVISIONAL_CALENDAR_YEARS.flatMap((y) => [
      `${y.year}: ${y.basis}.`,
      '',
      ...datesByYear(y.holidays).map((line) => line.replace(/^- (\d{4})/, '- holidays $1')),
      '',
    ]),
    'Any other year: only Saturdays and Sundays are days off, provisionally.',
    '',
    '### Loading a notice',
    '',
    'When the State Council publishes a year’s notice, an office loads it with one command:',
    '`election calendar load FILE` (one fact per line: `year`, `title`, `number`, `issued`, then `holiday: FROM to TO` and',
    '`workday: DATE` lines; `election calendar --help` shows the format). Every line is checked (a real date of that',
    'year, a make-up working day on a Saturday or Sunday, no date twice or in both lists) and a wrong one is refused',
    'with its line number, loading nothing. The notice is kept in the outcome store and sent to every running election.',
    '',
    'How a running election learns of it, without breaking the replay of its history: the worker gives the stored',
    'notices to each election when it starts, by an activity whose answer the history keeps; and the command sends the',
    'notice to each running election as the `calendar` signal, which the workflow validates again and hands to the',
    'statechart as an event. From then on every period is counted with it, and a timer running over that year is',
    'counted again from the moment it started (a publicity ending on a newly announced holiday moves to the next',
    'working day). An election on machine version 1 keeps its town plan’s calendar and records the notice as refused.',
    '',
    'A notice’s days replace, for its year, the town plan’s `calendar.holidays` and `calendar.makeUpWorkdays`; the',
    'town plan’s lists still count for the years without one.',
    '',
  ];
  return lines.join('\n');
}
