import type { Messages } from '../catalogue';

/** The printed papers of a village: the print section of its page, and why a paper could not be printed. */
export const printMessages = {
  'print.heading': { zh: '打印文书', en: 'Print' },
  'print.intro': {
    zh: '以下文书据选举记录生成，可直接用 A4 纸打印，或下载 PDF 存档。选票不带任何记号；其他文书印有核验码，可用 election audit verify --code 核验。',
    en: 'These papers are made from the election’s record, ready to print on A4 or to download as PDF. Ballots carry no mark; every other paper carries a verification code that election audit verify --code checks. They are printed in Chinese.',
  },
  'print.none': { zh: '本村选举尚无可打印的文书。', en: 'No paper of this election can be printed yet.' },
  'print.round': { zh: '第{round}轮', en: 'round {round}' },
  'print.open': { zh: '打印', en: 'Print' },
  'print.openLabel': { zh: '打印“{title}”', en: 'Print “{title}”' },
  'print.pdf': { zh: 'PDF', en: 'PDF' },
  'print.pdfLabel': { zh: '下载“{title}”的 PDF', en: 'Download “{title}” as PDF' },
  'print.refused': {
    zh: '无法打印：{field} 为 {value}；可接受：{accepted}。',
    en: 'Cannot print: {field}: got {value}; accepted: {accepted}.',
  },
  'print.busy': {
    zh: '正在生成其他文书的 PDF，请稍后再试；网页版可直接打印。',
    en: 'Other papers are being made into PDFs just now: try again in a moment, or print the web version.',
  },
  'print.noChromium': {
    zh: '本机未安装 Chromium，无法生成 PDF：请管理员运行 bash scripts/install-browser.sh（或设置 CHROMIUM_PATH）。网页版仍可直接打印。',
    en: 'There is no Chromium here to make the PDF: an administrator runs bash scripts/install-browser.sh (or sets CHROMIUM_PATH). The web version still prints.',
  },
} satisfies Messages;
