import type { NoticeBlock, NoticeDocument } from './document';

/** Backslash-escapes what Markdown would read as markup, so a name can never become a link, a tag or emphasis. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ')
    .replace(/^[-+](?=\s|$)/, (c) => `\\${c}`)
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

function block(b: NoticeBlock): string {
  switch (b.kind) {
    case 'paragraph':
      return escapeMarkdown(b.text);
    case 'important':
      return `**${escapeMarkdown(b.text)}**`;
    case 'section':
      return `## ${escapeMarkdown(b.title)}`;
    case 'list':
      return b.items.length ? b.items.map((item) => `- ${escapeMarkdown(item)}`).join('\n') : `_${escapeMarkdown(b.empty)}_`;
    case 'facts':
      return b.rows.map(([label, value]) => `- **${escapeMarkdown(label)}:** ${escapeMarkdown(value)}`).join('\n');
  }
}

/** The notice as Markdown: what the outbox stores and the e-mail's text part carries. */
export function renderMarkdown(doc: NoticeDocument): string {
  const meta = [`To: ${escapeMarkdown(doc.to)}`, ...(doc.dated ? [`Dated: ${doc.dated}`] : [])].join('  \n');
  return (
    [
      `# ${escapeMarkdown(doc.title)}`,
      `_${escapeMarkdown(doc.election)}_`,
      meta,
      ...doc.blocks.map(block),
      '---',
      escapeMarkdown(doc.closing),
    ].join('\n\n') + '\n'
  );
}
