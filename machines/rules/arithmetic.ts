/**
 * Number text for verdict messages. The rules decide with integer arithmetic only; these helpers just write
 * the figures so that the sentence a cadre reads never contradicts the decision (no 80.0% that is "more than 4/5").
 */

/** Whether every value is a whole number ≥ 0, the only kind of count a record may carry. */
export function areCounts(...values: number[]): boolean {
  return values.every((v) => Number.isSafeInteger(v) && v >= 0);
}

/** numerator/denominator × whole as text: exact when it is, otherwise "≈" and two decimals. */
export function scaledText(numerator: number, denominator: number, whole: number): string {
  const product = numerator * whole;
  if (product % denominator === 0) return String(product / denominator);
  if ((product * 100) % denominator === 0) return String(product / denominator);
  return `≈${(product / denominator).toFixed(2)}`;
}

/** A share as a percentage: exact when it is, otherwise "about" and at most two decimals. */
export function percentText(part: number, whole: number): string {
  if (whole === 0) return 'no share (nobody counted)';
  const hundredfold = part * 100;
  if (hundredfold % whole === 0) return `${hundredfold / whole}%`;
  return `about ${Number((hundredfold / whole).toFixed(2))}%`;
}

/** "1 vote" / "2 votes": messages are read by people, not parsed. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Joins ids or names for a sentence, with a fixed placeholder for none. */
export function listText(items: readonly string[], none = 'none'): string {
  return items.length === 0 ? none : items.join(', ');
}
