/**
 * Number text for verdict messages. The rules decide with integer arithmetic only; these helpers just write
 * the figures so that the sentence a cadre reads never contradicts the decision (no 80.0% that is "more than 4/5").
 */

/** Whether every value is a whole number ≥ 0, the only kind of count a record may carry. */
export function areCounts(...values: number[]): boolean {
  return values.every((v) => Number.isSafeInteger(v) && v >= 0);
}

/** Whether a fraction written in lowest terms would have a decimal expansion that ends (its denominator divides a power of 10). */
function terminates(numerator: number, denominator: number): boolean {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) return false;
  let rest = denominator / gcd(Math.abs(numerator), denominator);
  for (const factor of [2, 5]) while (rest % factor === 0) rest /= factor;
  return rest === 1;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** numerator/denominator × whole as text: exact (12.5, 0.125) when the decimal ends, otherwise "≈" and two decimals. */
export function scaledText(numerator: number, denominator: number, whole: number): string {
  const product = numerator * whole;
  if (terminates(product, denominator)) return String(product / denominator);
  return `≈${(product / denominator).toFixed(2)}`;
}

/** A share as a percentage: exact when its decimal ends (12.5%, 3.125%), otherwise "about" and at most two decimals. */
export function percentText(part: number, whole: number): string {
  if (whole === 0) return 'no share (nobody counted)';
  const hundredfold = part * 100;
  if (terminates(hundredfold, whole)) return `${hundredfold / whole}%`;
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
