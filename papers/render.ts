import { html, trusted, type Html } from '../desk/html';
import type { Block, PaperModel, SignatureLine } from './model';

/** The print stylesheet: A4, 20 mm margins, a Chinese serif font stack; no external resource. */
const STYLE = `@page { size: A4; margin: 20mm }
html { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "AR PL UMing CN", "WenQuanYi Micro Hei", serif; font-size: 12pt; color: #000; background: #fff }
body { margin: 0 }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4mm }
.election { text-align: center; margin: 0 0 6mm }
table { border-collapse: collapse; width: 100%; margin: 0 0 5mm; page-break-inside: avoid }
th, td { border: 1px solid #000; padding: 2mm 3mm; text-align: left; vertical-align: top }
th { font-weight: bold }
caption { text-align: left; font-weight: bold; padding: 0 0 2mm }
table.fields th { width: 35% }
table.ballot td, table.ballot th { text-align: center; min-width: 18mm }
table.ballot td.box { height: 14mm }
table.writein td { height: 12mm }
h2 { font-size: 12pt; font-weight: bold; margin: 0 0 2mm }
ol.rules { margin: 0 0 5mm; padding-left: 6mm }
p.text { margin: 0 0 4mm; line-height: 1.7 }
table.signatures td { height: 12mm }
.code { margin-top: 8mm; font-family: "DejaVu Sans Mono", monospace; font-size: 10pt; text-align: right }
.date { text-align: right; margin: 4mm 0 }`;

function block(b: Block): Html {
  switch (b.type) {
    case 'text':
      return html`<p class="text">${b.text}</p>`;
    case 'fields':
      return html`<table class="fields">
        <tbody>
          ${b.rows.map(
            ([label, value]) =>
              html`<tr>
                <th scope="row">${label}</th>
                <td>${value}</td>
              </tr>`,
          )}
        </tbody>
      </table>`;
    case 'table':
      return html`<table>
        ${
          b.caption
            ? html`<caption>
                ${b.caption}
              </caption>`
            : ''
        }
        <thead>
          <tr>
            ${b.head.map((h) => html`<th scope="col">${h}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${b.rows.map(
            (row) =>
              html`<tr>
                ${row.map((cell) => html`<td>${cell}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>`;
    case 'rules':
      return html`<section>
        <h2 class="caption">${b.caption}</h2>
        <ol class="rules">
          ${b.items.map((item) => html`<li>${item}</li>`)}
        </ol>
      </section>`;
    case 'ballot':
      return html`<table class="ballot">
          <caption>
            候选人姓名（按姓氏笔画为序）
          </caption>
          <tbody>
            <tr>
              ${b.candidates.map((name) => html`<th scope="col" class="candidate">${name}</th>`)}
            </tr>
            <tr>
              ${b.candidates.map(() => html`<td class="box"></td>`)}
            </tr>
          </tbody>
        </table>
        ${
          b.writeInLines > 0
            ? html`<table class="writein">
                <caption>
                  另选人姓名
                </caption>
                <tbody>
                  <tr>
                    ${Array.from({ length: b.writeInLines }, () => html`<td class="writein"></td>`)}
                  </tr>
                  <tr>
                    ${Array.from({ length: b.writeInLines }, () => html`<td class="box"></td>`)}
                  </tr>
                </tbody>
              </table>`
            : ''
        }`;
    case 'lines':
      return html`<table class="writein">
        <caption>
          ${b.caption}
        </caption>
        <tbody>
          ${Array.from(
            { length: b.count },
            (_, i) =>
              html`<tr>
                <th scope="row">${i + 1}</th>
                <td></td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }
}

function signatures(lines: SignatureLine[]): Html | '' {
  if (!lines.length) return '';
  return html`<table class="signatures">
    <caption>
      签字
    </caption>
    <thead>
      <tr>
        <th scope="col">职责</th>
        <th scope="col">姓名</th>
        <th scope="col">记录时间（北京时间）</th>
        <th scope="col">签名密钥</th>
        <th scope="col">签名</th>
      </tr>
    </thead>
    <tbody>
      ${lines.map(
        (s) =>
          html`<tr>
            <td>${s.role}</td>
            <td>${s.name}</td>
            <td>${s.at ?? ''}</td>
            <td>${s.keyId ?? ''}</td>
            <td class="ink"></td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/**
 * A paper as a complete print-ready HTML5 document: every value escaped (names are hostile input), no script and no
 * external resource. The verification code is printed unless `withCode` is false (a ballot must carry no mark).
 */
export function renderPaper(model: PaperModel, code: string, withCode: boolean): string {
  const election = `${model.town} ${model.village} ${model.term}年换届选举${model.round !== undefined ? ` 第${model.round}轮` : ''}`;
  const doc = html`<!DOCTYPE html>
    <html lang="zh-Hans">
      <head>
        <meta charset="utf-8" />
        <title>${model.title} · ${model.village}</title>
        <style>
          ${trusted(STYLE)}
        </style>
      </head>
      <body>
        <main class="paper paper-${model.kind}">
          <h1>${model.title}</h1>
          <p class="election">${election}</p>
          ${model.blocks.map(block)}
          <p class="date">日期：${model.date}</p>
          ${signatures(model.signatures)}
          ${withCode ? html`<p class="code">核验码 ${code}（election audit verify --code ${code}）</p>` : ''}
        </main>
      </body>
    </html> `;
  return doc.value;
}
