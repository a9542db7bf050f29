import { fill, LOCALES, type Locale, type Messages, type Params } from './catalogue';
import { authMessages } from './messages/auth';
import { codecMessages } from './messages/codec';
import { commonMessages } from './messages/common';
import { conferenceCallMessages } from './messages/conferenceCall';
import { explainMessages } from './messages/explain';
import { formMessages } from './messages/forms';
import { pageMessages } from './messages/pages';
import { printMessages } from './messages/print';

export { LOCALES, type Locale, type Message, type Params } from './catalogue';

/**
 * The message groups of the catalogue. A group is a module of `messages/` (one per part of the desk: common names,
 * sign-in, pages, forms, receipts); a key is used in one group only, which a test checks.
 */
export const MESSAGE_GROUPS = {
  commonMessages,
  pageMessages,
  authMessages,
  explainMessages,
  formMessages,
  codecMessages,
  conferenceCallMessages,
  printMessages,
} as const;

type Groups = typeof MESSAGE_GROUPS;
/** Every key of the catalogue. */
export type MessageKey = { [G in keyof Groups]: keyof Groups[G] & string }[keyof Groups];

/** The whole catalogue, keyed. */
export const CATALOGUE: Record<MessageKey, { zh: string; en: string }> = Object.assign({}, ...Object.values(MESSAGE_GROUPS)) as Record<
  MessageKey,
  { zh: string; en: string }
>;

/** The default language: the desk speaks Simplified Chinese unless asked otherwise. */
export const DEFAULT_LOCALE: Locale = 'zh';

/** A message in a language, placeholders filled. */
export function t(locale: Locale, key: MessageKey, params?: Params): string {
  return fill(CATALOGUE[key][locale], params);
}

/** A translator bound to one language, as a page renders with. */
export type Translate = (key: MessageKey, params?: Params) => string;
export const translator =
  (locale: Locale): Translate =>
  (key, params) =>
    t(locale, key, params);

/** Whether a string is one of the catalogue's keys (for keys built from ids: `stage.${id}`). */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(CATALOGUE, key);

/**
 * The language to answer in: the one the person chose (a cookie or `?lang=`), else the first of the browser's
 * Accept-Language that the desk speaks, else Chinese.
 */
export function negotiateLocale(chosen: string | undefined, acceptLanguage: string | undefined): Locale {
  if (chosen && (LOCALES as readonly string[]).includes(chosen)) return chosen as Locale;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const base = tag.split('-')[0];
    if ((LOCALES as readonly string[]).includes(base!)) return base as Locale;
  }
  return DEFAULT_LOCALE;
}

const BEIJING = 'Asia/Shanghai';
const formats = {
  zh: {
    date: new Intl.DateTimeFormat('zh-CN', { timeZone: BEIJING, year: 'numeric', month: 'long', day: 'numeric' }),
    dateTime: new Intl.DateTimeFormat('zh-CN', {
      timeZone: BEIJING,
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }),
  },
  en: {
    date: new Intl.DateTimeFormat('en-GB', { timeZone: BEIJING, year: 'numeric', month: 'short', day: 'numeric' }),
    dateTime: new Intl.DateTimeFormat('en-GB', {
      timeZone: BEIJING,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }),
  },
} satisfies Record<Locale, Record<'date' | 'dateTime', Intl.DateTimeFormat>>;

/** An instant in Beijing time as people there write it: 2026年12月3日 14:05, or 3 Dec 2026, 14:05 (Beijing). */
export function beijingDateTime(locale: Locale, instant: string | number | Date): string {
  const text = formats[locale].dateTime.format(new Date(instant));
  return locale === 'zh' ? text : `${text} (Beijing)`;
}

/** A Beijing day (an ISO date such as 2026-12-03, or an instant) in the usual form: 2026年12月3日, or 3 Dec 2026. */
export function beijingDate(locale: Locale, day: string | number | Date): string {
  // A bare ISO date is a Beijing day already: read it at Beijing noon so that no time zone moves it.
  const instant = typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T12:00:00+08:00` : day;
  return formats[locale].date.format(new Date(instant));
}

/** Groups checked by the catalogue's test: that no key is in two of them. */
export const messageGroups = (): Messages[] => Object.values(MESSAGE_GROUPS);
