import { RULES, type RuleEntry } from './catalogue';
import { DEFAULT_HOLIDAYS, DEFAULT_MAKE_UP_WORKDAYS } from './holidays';

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
    '## National rules (fixed)',
    '',
    ...rules.filter((r) => r.kind === 'national').flatMap(section),
    '## Local rules (town plan)',
    '',
    ...rules.filter((r) => r.kind === 'local').flatMap(section),
    '## Default working-day calendar',
    '',
    'Public holidays (days off):',
    '',
    ...datesByYear(DEFAULT_HOLIDAYS),
    '',
    'Make-up working days (Saturdays or Sundays worked):',
    '',
    ...datesByYear(DEFAULT_MAKE_UP_WORKDAYS),
    '',
    '2026 follows the State Council notice of 4 November 2025. 2027 is an assumption until the State Council',
    'publishes its notice: the statutory holidays only, with a weekday off in lieu of each that falls on a weekend,',
    'and no make-up working days. A town replaces these lists in its plan (`calendar.holidays`,',
    '`calendar.makeUpWorkdays`). Outside the years listed, only Saturdays and Sundays are days off.',
    '',
  ];
  return lines.join('\n');
}
