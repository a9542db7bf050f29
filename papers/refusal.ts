/** A paper that cannot be printed as asked: names the field, the value given and what would be accepted. */
export class PaperRefusal extends Error {
  constructor(
    /** The field of the request refused (kind, round, village, ...). */
    readonly field: string,
    /** The value given. */
    readonly value: unknown,
    /** What would be accepted instead. */
    readonly accepted: string,
  ) {
    super(`${field}: got ${JSON.stringify(value) ?? String(value)}; accepted: ${accepted}`);
    this.name = 'PaperRefusal';
  }
}
