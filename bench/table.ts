/** One Markdown table row; a missing or NaN figure shows as a dash. */
export const row = (cells: (string | number | undefined)[]) =>
  `| ${cells.map((c) => (c === undefined || Number.isNaN(c) ? '–' : String(c))).join(' | ')} |`;

/** A Markdown table's header row and its rule. */
export const header = (cells: string[]) => [row(cells), row(cells.map(() => '---'))];
