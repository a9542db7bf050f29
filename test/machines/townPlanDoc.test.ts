import * as fs from 'fs';
import * as path from 'path';
import { defaultTownPlan } from '../../machines/rules';
import { renderTownPlanDoc, TOWN_PLAN_DOC_PATH } from '../../machines/townPlanDoc';
import { TIMER_PERIODS } from '../../machines/timers';

/** Every field of a plan as a dotted path, nested objects included. */
function paths(value: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    child && typeof child === 'object' && !Array.isArray(child)
      ? [`${prefix}${key}`, ...paths(child as Record<string, unknown>, `${prefix}${key}.`)]
      : [`${prefix}${key}`],
  );
}

describe('the town plan page', () => {
  it('is committed up to date with the town plan schema', () => {
    const onDisk = fs.readFileSync(path.join(__dirname, '../..', TOWN_PLAN_DOC_PATH), 'utf8');
    if (onDisk !== renderTownPlanDoc()) {
      throw new Error(
        `${TOWN_PLAN_DOC_PATH} is stale: the town plan schema changed since it was generated; run \`npm run build && npm run docs\` and commit it`,
      );
    }
  });

  it('lists every field of the plan, with its default, and every duration override', () => {
    const page = renderTownPlanDoc();
    for (const field of paths(defaultTownPlan()))
      expect({ field, listed: page.includes(`| \`${field}\` |`) }).toEqual({ field, listed: true });
    for (const period of TIMER_PERIODS) expect(page).toContain(`| \`durationOverridesMs.${period}\` |`);
    expect(page).toContain('| `publicityWorkingDays` | whole number, 0 to 60 | `5` |');
    expect(page).toContain('| `eligibility.maxAgeNewMember` | whole number, 18 to 100 | `45` |');
  });
});
