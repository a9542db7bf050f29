import type { NoticeInput } from './contract';
import { renderNotice as renderDocument } from './notices/render';

/**
 * The outbox's title and Markdown body of a notice, kept for `createActivities` until the integrator
 * wires `activities/notices` into `sendNotice`; the texts themselves live in `activities/notices/content.ts`.
 */
export function renderNotice(notice: Pick<NoticeInput, 'kind' | 'audience' | 'facts' | 'town' | 'village' | 'term'> & { at?: string }): {
  title: string;
  body: string;
} {
  const { title, markdown } = renderDocument(notice);
  return { title, body: markdown };
}
