import type { RenderedNotice } from '../delivery';
import { noticeDocument, type NoticeSource } from './content';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';

/** Renders a notice as a village board would post it: one document, printed as Markdown and as an HTML page. */
export function renderNotice(input: NoticeSource): RenderedNotice {
  const doc = noticeDocument(input);
  return { title: doc.title, markdown: renderMarkdown(doc), html: renderHtml(doc) };
}
