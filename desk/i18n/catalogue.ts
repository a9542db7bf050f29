/**
 * The desk's strings, one catalogue: each message holds its Simplified Chinese and its English side by side, so that
 * neither can be missing. Placeholders are `{name}`; a test checks that both sides use the same ones.
 */
export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** One message in both languages. */
export interface Message {
  zh: string;
  en: string;
}

/** A group of messages under their keys (a module of `messages/`). */
export type Messages = Record<string, Message>;

/** What fills a message's placeholders. */
export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; a placeholder without a value stays visible, so that a missing one is seen, not hidden. */
export function fill(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
