import { escapeHtml } from '../common/html';
import { chartSvg } from './charts';
import type { Block } from './document';
import type { TownReport } from './townReport';

const STYLE = `body{font-family:sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.warning{background:#fff3cd;border:2px solid #c0392b;padding:.5rem 1rem}
section.inconsistencies{border-left:6px solid #c0392b;padding-left:1rem}figure{margin:.5rem 0 1.5rem}figcaption{font-size:.9rem;color:#555}`;

function blockHtml(block: Block, report: TownReport): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'warning':
      return `<p class="warning" role="alert"><strong>Warning:</strong> ${escapeHtml(block.text)}</p>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'table': {
      const head = `<tr>${block.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
      const body = block.rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
      return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
    }
    case 'chart':
      return `<figure class="chart" data-chart="${block.chart}">${chartSvg(block.chart, report.committee)}<figcaption>${escapeHtml(block.title)}</figcaption></figure>`;
  }
}

/**
 * The summary as one self-contained HTML file: styles inline, charts as inline SVG rendered on the server,
 * nothing fetched from anywhere when it is opened.
 */
export function renderHtml(blocks: Block[], report: TownReport): string {
  const title = blocks.find((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading')?.text ?? report.town;
  const inconsistent = report.inconsistencies.length > 0;
  const body: string[] = [];
  let inSection = false;
  for (const block of blocks) {
    // The inconsistencies heading opens a marked section that closes at the next section heading.
    if (block.kind === 'heading' && block.level <= 2 && inSection) {
      body.push('</section>');
      inSection = false;
    }
    if (inconsistent && block.kind === 'heading' && block.text.startsWith('Inconsistencies')) {
      body.push('<section class="inconsistencies" id="inconsistencies">');
      inSection = true;
    }
    body.push(blockHtml(block, report));
  }
  if (inSection) body.push('</section>');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
