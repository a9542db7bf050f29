/**
 * The content model of a notice: one document per notice, from which the Markdown and the HTML
 * renderers both print, so that the two formats can never say different things.
 */

/** One block of a notice's body; every string is plain text that each renderer escapes for its format. */
export type NoticeBlock =
  | { kind: 'paragraph'; text: string }
  /** A sentence the reader must not miss (a deadline, a rule that voids a vote). */
  | { kind: 'important'; text: string }
  | { kind: 'list'; items: string[]; empty: string }
  /** Label and value pairs: the facts a board reader looks up (seats, dates, names). */
  | { kind: 'facts'; rows: Array<[label: string, value: string]> }
  | { kind: 'section'; title: string };

/** A notice as a document: heading, who it concerns and is for, the body, and where it comes from. */
export interface NoticeDocument {
  title: string;
  /** The village, town and term the notice belongs to, in one line. */
  election: string;
  /** Who the notice is addressed to. */
  to: string;
  /** The calendar date the notice was issued (YYYY-MM-DD), when known. */
  dated: string | null;
  blocks: NoticeBlock[];
  /** Who issues it, or what the reader should do with it. */
  closing: string;
}
