import type { DecisionType } from '../../machines/events';

/** A village's page: its term, town and village in the path, each encoded. */
export const villageHref = (v: { term: number; town: string; village: string }) =>
  `/v/${v.term}/${encodeURIComponent(v.town)}/${encodeURIComponent(v.village)}`;

/** The form of one decision for a village. */
export const decideHref = (v: { term: number; town: string; village: string }, type: DecisionType) => `${villageHref(v)}/decide/${type}`;

/** A town's page. */
export const townHref = (town: string) => `/towns/${encodeURIComponent(town)}`;

/** A workflow's page in the Temporal Web UI. */
export const temporalHref = (ui: string, namespace: string, workflowId: string) =>
  `${ui.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;

/** One printed paper of a village (its round for a ballot or count sheet), as a page of its own or as PDF. */
export const printHref = (v: { term: number; town: string; village: string }, paper: { kind: string; round?: number }, format?: 'pdf') => {
  const query = new URLSearchParams({
    ...(paper.round !== undefined ? { round: String(paper.round) } : {}),
    ...(format ? { format } : {}),
  }).toString();
  return `${villageHref(v)}/print/${encodeURIComponent(paper.kind)}${query ? `?${query}` : ''}`;
};
