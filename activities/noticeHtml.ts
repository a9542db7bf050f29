import type { NoticeInput } from './contract';
import type { RenderedNotice } from './delivery';
import { renderNotice } from './noticeText';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The notice's Markdown as a small HTML page: headings, bullet lists and paragraphs, every character escaped.
 * A stand-in until the notice renderer (activities/notices/) lands; the integrator replaces this one function.
 */
export function renderedNotice(notice: Pick<NoticeInput, 'kind' | 'facts' | 'town' | 'village' | 'term'>): RenderedNotice {
  const { title, body } = renderNotice(notice);
  return { title, markdown: body, html: markdownPage(title, body) };
}

/** Markdown blocks (split on blank lines) as HTML; only what renderNotice writes: `# ` headings, `- ` lists, paragraphs. */
export function markdownPage(title: string, markdown: string): string {
  const blocks = markdown.trim().split(/\n\s*\n/).map((block) => {
    const lines = block.split('\n');
    const heading = /^(#{1,6}) (.*)$/.exec(block);
    if (heading && lines.length === 1) return `<h${heading[1]!.length}>${escape(heading[2]!)}</h${heading[1]!.length}>`;
    if (lines.every((line) => line.startsWith('- '))) return `<ul>\n${lines.map((line) => `<li>${escape(line.slice(2))}</li>`).join('\n')}\n</ul>`;
    const listAt = lines.findIndex((line) => line.startsWith('- '));
    if (listAt > 0 && lines.slice(listAt).every((line) => line.startsWith('- '))) {
      return `<p>${lines.slice(0, listAt).map(escape).join('<br>\n')}</p>\n<ul>\n${lines.slice(listAt).map((line) => `<li>${escape(line.slice(2))}</li>`).join('\n')}\n</ul>`;
    }
    return `<p>${lines.map(escape).join('<br>\n')}</p>`;
  });
  return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${escape(title)}</title></head>\n<body>\n${blocks.join('\n')}\n</body>\n</html>\n`;
}
