import type { ElectionInputRaw } from '../../machines/input';
import type { Member } from '../../machines/rules';
import { GIVEN_NAMES, SURNAMES, uniqueNamer } from './names';

/**
 * Heluo Town's 17 villages, after the worked example in the domain reference. Luokou, Qilipu,
 * Shuanghuaishu and Lucun are named in the source; the others are invented. Luokou pilots the direct
 * election of the secretary; Dongzhuang is the village the demo postpones.
 */
export const HELUO_VILLAGES = [
  { name: 'Luokou', members: 41, representatives: 26, method: 'two-recommendations-direct-election' },
  { name: 'Qilipu', members: 38, representatives: 24 },
  { name: 'Shuanghuaishu', members: 36, representatives: 25 },
  { name: 'Lucun', members: 40, representatives: 27 },
  { name: 'Heluo', members: 45, representatives: 30 },
  { name: 'Beiguan', members: 33, representatives: 22 },
  { name: 'Nanwan', members: 31, representatives: 21 },
  { name: 'Xishan', members: 35, representatives: 23 },
  { name: 'Dongzhuang', members: 29, representatives: 20, postponed: true },
  { name: 'Liujiagou', members: 34, representatives: 22 },
  { name: 'Wangzhai', members: 37, representatives: 24 },
  { name: 'Zhaoling', members: 32, representatives: 21 },
  { name: 'Baiyangshu', members: 30, representatives: 20 },
  { name: 'Huangtupo', members: 36, representatives: 23 },
  { name: 'Shiqiao', members: 34, representatives: 22 },
  { name: 'Gaoping', members: 35, representatives: 23 },
  { name: 'Qianzhai', members: 29, representatives: 20 },
] as const;

/**
 * A deterministic roster (the same village, size and seed give the same members): mostly full members, a few
 * probationary, ages and education spread as in the seed summary. Members are named in Chinese characters with their
 * pinyin beside (王建华, "Wang Jianhua"), and no name is given twice in one roster (see {@link uniqueNamer}).
 */
export function demoRoster(village: string, size: number, seed = 1): Member[] {
  let state = [...village].reduce((acc, ch) => (acc * 31 + ch.charCodeAt(0)) >>> 0, seed);
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const nameOf = uniqueNamer();
  return Array.from({ length: size }, (_, i) => {
    const age = 24 + Math.floor(next() * 50);
    const birthYear = 2026 - age;
    const joinYear = Math.min(2024, birthYear + 20 + Math.floor(next() * 15));
    const standing = i >= size - 2 ? 'probationary' : 'full';
    const education = next() < 0.15 ? 'college' : next() < 0.5 ? 'high-school' : 'junior-high-or-below';
    const gender = i % 7 === 3 ? 'female' : 'male';
    // Two draws for the name, where the earlier pinyin-only rosters drew theirs, so every other field stays as it was.
    const surname = next();
    const given = next();
    return {
      id: `m${String(i + 1).padStart(2, '0')}`,
      ...nameOf({ surname: Math.floor(surname * SURNAMES.length), given: Math.floor(given * GIVEN_NAMES[gender].length), gender }),
      gender,
      birthDate: `${birthYear}-0${1 + (i % 9)}-1${i % 10}`,
      joinedParty: `${standing === 'probationary' ? 2026 : joinYear}-07-01`,
      standing,
      education,
      ...(i === 0 ? { outgoingPost: 'secretary' as const, villageCommitteePost: 'chair' as const } : {}),
      ...(i === 1 ? { outgoingPost: 'deputy' as const } : {}),
      ...(i >= 2 && i < 5 ? { outgoingPost: 'member' as const } : {}),
    } satisfies Member;
  });
}

/** The start input of one Heluo village, with a town plan whose timers last seconds (labelled as a demo plan). */
export function heluoInput(village: (typeof HELUO_VILLAGES)[number], term = 2026, timerMs = 3000): ElectionInputRaw {
  return {
    town: 'Heluo',
    village: village.name,
    term,
    method: 'method' in village ? village.method : 'two-recommendations-one-election',
    roster: demoRoster(village.name, village.members),
    approvers: {},
    plan: {
      durationOverridesMs: {
        publicity: timerMs,
        conferenceNotice: timerMs,
        approvalReminder: 60 * timerMs,
        approvalEscalation: 120 * timerMs,
        postponementReminder: 60 * timerMs,
        postponementLimit: 120 * timerMs,
      },
    },
  };
}
