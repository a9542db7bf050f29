import type { z } from 'zod';
import { countyNameSchema, RegistryRefusal, type Scope } from '../../activities/store';
import { electionInputSchema } from '../../machines/input';
import { BEIJING_OFFSET_MS, isIsoDate, MS_PER_DAY, toDayNumber } from '../../machines/rules/isoDate';
import { echo } from '../../machines/text';
import { acceptedBy } from '../roster';
import { badInput } from '../commands/common';

/** What the `election people` and `election keys` commands read from their options, each checked with its record's schema. */

/** The option that gave each field the registry may refuse, so a refusal names what the person typed. */
const OPTION_OF: Record<string, string> = {
  id: '--id',
  name: '--name',
  contact: '--contact',
  personId: '--person',
  'owner.personId': '--person',
  'owner.desk': '--desk',
  role: '--role',
  'scope.county': '--county',
  'scope.town': '--town',
  'scope.village': '--village',
  validFrom: '--from',
  validUntil: '--until',
  by: '--by',
  assignment: '--assignment',
  keyId: '--key',
  publicKey: '--public-key',
};

/** An option's value checked with a schema, or exit 2 naming the option, the value and what is accepted. */
export function checked<S extends z.ZodType>(option: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw badInput(`${option}: got ${echo(value)}; expected ${acceptedBy(parsed.error.issues[0]!)}`);
}

/** A required option, or exit 2 naming it and what it takes. */
export function given(values: Record<string, unknown>, name: string, accepted: string): string {
  const value = values[name];
  if (typeof value !== 'string') throw badInput(`--${name}: got nothing; expected ${accepted}`);
  return value;
}

/** Runs a change of the registry; its refusal becomes exit 2 naming the option the refused value came from. */
export async function asCommandLine<T>(change: Promise<T>): Promise<T> {
  try {
    return await change;
  } catch (err) {
    if (!(err instanceof RegistryRefusal)) throw err;
    throw badInput(`${OPTION_OF[err.field] ?? err.field}: got ${echo(err.value)}; expected ${err.accepted}`);
  }
}

const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

/** Whether text is a Beijing day the registry takes: YYYY-MM-DD, a real date, from 2000 to 2100. */
export function isRegistryDay(day: string): boolean {
  return isIsoDate(day) && Number(day.slice(0, 4)) >= FIRST_YEAR && Number(day.slice(0, 4)) <= LAST_YEAR;
}

/** The accepted form of a day, as a refusal says it. */
export const DAY_ACCEPTED = `a Beijing day written YYYY-MM-DD, such as 2026-03-02 (years ${FIRST_YEAR} to ${LAST_YEAR})`;

/** The instant a Beijing day begins: 00:00 Beijing time, 16:00 UTC the day before (China keeps no daylight saving time). */
export const beijingDayStart = (day: string) => new Date(toDayNumber(day) * MS_PER_DAY - BEIJING_OFFSET_MS).toISOString();

/** A `--from` or `--until` day as the instant it begins, or exit 2 naming the option. */
export function dayOption(option: string, value: string): string {
  if (!isRegistryDay(value)) throw badInput(`${option}: got ${echo(value)}; expected ${DAY_ACCEPTED}`);
  return beijingDayStart(value);
}

/** The scope `--county C`, or `--town T [--village V]`, or exit 2 saying which to give. */
export function scopeOptions(values: { county?: string; town?: string; village?: string }): Scope {
  const { county, town, village } = values;
  if (county !== undefined && (town !== undefined || village !== undefined))
    throw badInput('--county and --town: got both; expected --county C (every village of its towns) or --town T [--village V]');
  if (county === undefined && town === undefined)
    throw badInput(
      village === undefined
        ? '--county or --town: got neither; expected --county C, --town T (its villages) or --town T --village V (one village)'
        : '--village: got it without --town; expected --town T --village V (village names repeat across towns)',
    );
  if (county !== undefined) return { county: checked('--county', countyNameSchema, county) };
  const townName = checked('--town', electionInputSchema.shape.town, town);
  return village === undefined
    ? { town: townName }
    : { town: townName, village: checked('--village', electionInputSchema.shape.village, village) };
}
