import { WORKFLOW_TYPE } from '../workflows/contract';
import { searchAttributes } from '../workflows/searchAttributes';

/** A visibility query string literal: double quotes and backslashes escaped. */
export const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The visibility query over this project's search attributes. */
export function electionQuery(filter: { town?: string; village?: string; stage?: string; term?: number }): string {
  const parts = [`WorkflowType = ${quoted(WORKFLOW_TYPE)}`];
  if (filter.town) parts.push(`${searchAttributes.town.name} = ${quoted(filter.town)}`);
  if (filter.village) parts.push(`${searchAttributes.village.name} = ${quoted(filter.village)}`);
  if (filter.term !== undefined) parts.push(`${searchAttributes.term.name} = ${filter.term}`);
  if (filter.stage) parts.push(`${searchAttributes.stage.name} = ${quoted(filter.stage)}`);
  return parts.join(' AND ');
}
