import { z } from 'zod';
import { townPlanSchema } from './rules/townPlan';

/** Path of the generated page, relative to the repository root. */
export const TOWN_PLAN_DOC_PATH = 'docs/town-plan.md';

/** The part of a JSON Schema node this page reads. */
interface Node {
  type?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  properties?: Record<string, Node>;
}

/** What a field accepts, from its type and bounds. */
function accepted(node: Node): string {
  if (node.type === 'integer') {
    const max = node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? ` to ${node.maximum}` : ' or more';
    return `whole number, ${node.minimum ?? 0}${max}`;
  }
  if (node.type === 'array') return `list of dates (YYYY-MM-DD)${node.maxItems !== undefined ? `, at most ${node.maxItems}` : ''}`;
  return node.type ?? 'any';
}

/** A default as a reader needs it: a list of dates by its size and span, not every date. */
function defaultText(node: Node): string {
  const value = node.default;
  if (value === undefined) return '(none)';
  if (Array.isArray(value)) return value.length ? `${value.length} dates, ${value[0]} to ${value.at(-1)}` : 'none';
  return `\`${JSON.stringify(value)}\``;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** One row per field under `prefix`, nested objects flattened to dotted paths. */
function rows(properties: Record<string, Node>, prefix = ''): string[] {
  return Object.entries(properties).flatMap(([name, node]) => {
    const path = `${prefix}${name}`;
    if (node.type === 'object' && node.properties) {
      const heading = `| \`${path}\` | object | ${node.default === undefined ? '(none)' : 'all defaults'} | ${cell(node.description ?? '')} |`;
      const inner = Object.fromEntries(
        Object.entries(node.properties).map(([key, child]) => [
          key,
          { ...child, description: child.description ?? `The \`${key}\` timer's length, replacing its period.` },
        ]),
      );
      return [heading, ...rows(inner, `${path}.`)];
    }
    return [`| \`${path}\` | ${accepted(node)} | ${defaultText(node)} | ${cell(node.description ?? '')} |`];
  });
}

/** The town plan's page (docs/town-plan.md): every field with what it accepts, its default and its meaning, from the schema. */
export function renderTownPlanDoc(): string {
  const schema = z.toJSONSchema(townPlanSchema, { io: 'input', unrepresentable: 'any' }) as Node;
  return [
    '# The town plan',
    '',
    '<!-- Generated from machines/rules/townPlan.ts by `npm run docs`; a test fails when it is stale. Do not edit by hand. -->',
    '',
    "A town's local rules: practice that varies between towns, each with its default. National rules are fixed in code",
    '(see [rules.md](rules.md)). An election takes its plan in its start input (`plan`); `{}` is the whole default plan, and',
    'any field left out takes its default. A field not listed here is refused, so a misspelt setting is never ignored;',
    'a value out of bounds is refused naming the field, the value and what is accepted.',
    '',
    '| Field | Accepts | Default | Meaning |',
    '| --- | --- | --- | --- |',
    ...rows(schema.properties ?? {}),
    '',
  ].join('\n');
}
