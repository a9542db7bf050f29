import type { Block } from './document';

const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function blockText(block: Block): string | undefined {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${block.text}`;
    case 'paragraph':
      return block.text;
    case 'warning':
      return `> **Warning:** ${block.text}`;
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'table':
      return [block.headers, block.headers.map(() => '---'), ...block.rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
    case 'chart':
      // Markdown has no charts: the tables above each one carry the same figures.
      return undefined;
  }
}

/** The summary as Markdown (GitHub tables). */
export function renderMarkdown(blocks: Block[]): string {
  return `${blocks
    .map(blockText)
    .filter((text): text is string => text !== undefined)
    .join('\n\n')}\n`;
}
