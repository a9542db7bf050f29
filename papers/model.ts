import type { PaperKind } from './kinds';

/** A line of a paper: a label and its value, both as printed. */
export type Field = readonly [label: string, value: string];

/** One part of a paper's body, in print order. */
export type Block =
  | { type: 'text'; text: string }
  | { type: 'fields'; rows: Field[] }
  | { type: 'table'; caption?: string; head: string[]; rows: string[][] }
  | { type: 'rules'; caption: string; items: string[] }
  /** A ballot's voting part: the candidates with an empty box each, and empty lines to write a name in. */
  | { type: 'ballot'; candidates: string[]; writeInLines: number }
  /** Empty lines for names a voter writes (a recommendation ballot). */
  | { type: 'lines'; caption: string; count: number };

/**
 * A signature line: who signs in which role, and, when the paper prints their recorded decision, when it was taken
 * and the key id it was signed with (absent for an unsigned election); the ink signature goes on the blank line.
 */
export interface SignatureLine {
  role: string;
  name: string;
  at?: string;
  keyId?: string;
}

/**
 * A paper's canonical model: everything it prints, made from the record alone, so that the same record gives the same
 * model (and the same verification code) and an altered record a different one. Plain JSON.
 */
export interface PaperModel {
  kind: PaperKind;
  title: string;
  town: string;
  village: string;
  term: number;
  round?: number;
  /** The paper's date: a Beijing day (YYYY-MM-DD), or NOT_RECORDED. */
  date: string;
  blocks: Block[];
  signatures: SignatureLine[];
}

/** What a paper prints for a fact the record does not hold (never an invented value). */
export const NOT_RECORDED = '未记录 / not recorded';
