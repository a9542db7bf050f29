import { ID_SEPARATOR, type Explanation } from '../../machines/explain';
import type { DecisionRecord } from '../../machines/view';
import { isMessageKey, t, type Locale, type MessageKey } from './index';

/** How a member is named in a sentence: the desk passes the roster's names; without one, the member id is shown. */
export type NameOf = (memberId: string) => string;

const label = (locale: Locale, key: string, fallback: string) => (isMessageKey(key) ? t(locale, key) : fallback);

/**
 * An explanation's params made ready for its message (the convention of machines/explain.ts): member ids by name, lists
 * joined as the language joins them (with the total when the list was cut), stages, roles and ballot kinds by their labels.
 */
function shown(locale: Locale, params: Explanation['params'], names: NameOf): Record<string, string | number> {
  const join = (items: string[]) => items.join(t(locale, 'explain.list.separator'));
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      const text = String(value);
      if (name.endsWith('Ids')) {
        const listed = text ? text.split(ID_SEPARATOR) : [];
        const total = Number(params[name.slice(0, -3)] ?? listed.length);
        const more = total > listed.length ? t(locale, 'explain.list.more', { count: total }) : '';
        return [name, `${join(listed.map(names))}${more}`];
      }
      if (name.endsWith('Id')) return [name, names(text)];
      if (name === 'stage') return [name, label(locale, `stage.${text}`, text)];
      if (name === 'roles') return [name, join(text.split(ID_SEPARATOR).map((role) => label(locale, `role.${role}`, role)))];
      if (name === 'kind') return [name, label(locale, `explain.kind.${text}`, text)];
      return [name, value];
    }),
  );
}

/** Each explanation as a sentence in `locale`; a key the catalogue does not know (a newer worker's) is shown as the key. */
export function explainLines(locale: Locale, explanations: readonly Explanation[], names: NameOf = (id) => id): string[] {
  return explanations.map((e) => (isMessageKey(e.key) ? t(locale, e.key as MessageKey, shown(locale, e.params, names)) : e.key));
}

/** The explanations as one passage in `locale`: what a decision led to and why, members by `names`. */
export function explainText(locale: Locale, explanations: readonly Explanation[], names?: NameOf): string {
  return explainLines(locale, explanations, names).join(locale === 'zh' ? '' : ' ');
}

/** What followed each decision record that says so, as a passage by its sequence number: the village page's timeline. */
export function followedBySeq(locale: Locale, records: readonly DecisionRecord[], names?: NameOf): Map<number, string> {
  return new Map(records.filter((r) => r.followed?.length).map((r) => [r.seq, explainText(locale, r.followed!, names)]));
}
