import { escapeHtml } from '../../common/html';
import type { NoticeBlock, NoticeDocument } from './document';

const STYLE = `body{font-family:"Noto Serif","Songti SC",serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.5}
h1{font-size:1.6rem;text-align:center;margin-bottom:.25rem}h2{font-size:1.15rem;margin-top:1.5rem}
.election{text-align:center;font-style:italic;margin-top:0}.meta{color:#333}
table.facts{border-collapse:collapse;margin:.75rem 0}table.facts th,table.facts td{border:1px solid #999;padding:.3rem .6rem;text-align:left;vertical-align:top}
table.facts th{background:#f2f2f2;font-weight:600}.important{font-weight:700;border-left:4px solid #b00;padding-left:.75rem}
.empty{font-style:italic}footer{margin-top:2rem;border-top:1px solid #999;padding-top:.5rem;text-align:right}
@media print{body{margin:0;max-width:none;font-size:12pt}table.facts th{background:none}}`;

function block(b: NoticeBlock): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'important':
      return `<p class="important">${escapeHtml(b.text)}</p>`;
    case 'section':
      return `<h2>${escapeHtml(b.title)}</h2>`;
    case 'list':
      return b.items.length
        ? `<ul>\n${b.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('\n')}\n</ul>`
        : `<p class="empty">${escapeHtml(b.empty)}</p>`;
    case 'facts':
      return `<table class="facts">\n${b.rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n')}\n</table>`;
  }
}

/**
 * The notice as one self-contained HTML page for printing and posting: styles inline, nothing fetched
 * (the page's own Content-Security-Policy forbids it), every text escaped.
 */
export function renderHtml(doc: NoticeDocument): string {
  const meta = [`To: ${escapeHtml(doc.to)}`, ...(doc.dated ? [`Dated: ${escapeHtml(doc.dated)}`] : [])].join('<br>\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<article>
<h1>${escapeHtml(doc.title)}</h1>
<p class="election">${escapeHtml(doc.election)}</p>
<p class="meta">${meta}</p>
${doc.blocks.map(block).join('\n')}
<footer>${escapeHtml(doc.closing)}</footer>
</article>
</body>
</html>
`;
}
