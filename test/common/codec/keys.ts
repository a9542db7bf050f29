import { randomBytes } from 'node:crypto';
import { parseKeyRing, type KeyRing } from '../../../common/codec';

/** A fresh base64 key of `bytes` bytes. */
export function freshKey(bytes = 32): string {
  return randomBytes(bytes).toString('base64');
}

/** A key ring from key ids and their base64 keys, `current` sealing. */
export function ring(current: string, keys: Record<string, string | { cipher: string; key: string }>): KeyRing {
  return parseKeyRing({ current, keys }, 'the test');
}

/** A roster as a start input carries it, with the personal data the codec must hide. */
export const roster = [
  {
    id: 'm01',
    name: '王军',
    pinyin: 'Wang Jun',
    gender: 'male',
    birthDate: '1968-03-12',
    standing: 'full',
    education: 'high-school',
    outgoingPost: 'secretary',
  },
  { id: 'm02', name: 'Li Fang', gender: 'female', birthDate: '1979-11-02', standing: 'suspended', education: 'college' },
  { id: 'm03', name: '张伟', gender: 'male', birthDate: '1972-05-20', standing: 'on-probation', education: 'junior-high-or-below' },
  { id: 'm04', name: 'Yang "Xiao" Hong', gender: 'female', birthDate: '1995-04-04', standing: 'probationary', education: 'college' },
];

/** A start input around the roster, with an excusal and an objection: everything here is personal data. */
export const startInput = {
  village: 'Qilipu',
  roster,
  excused: [{ memberId: 'm02', category: 'serving a sentence' }],
  objection: { by: 'Zhao Lei', grounds: 'vote buying witnessed on 2026-06-01' },
};

/** Every value in the roster and input that must not appear in clear text (ids, enums and all). */
export const personalValues: string[] = [
  ...roster.flatMap((member) => [member.name, member.birthDate, member.standing, member.education]),
  'Wang Jun',
  'serving a sentence',
  'Zhao Lei',
  'vote buying witnessed on 2026-06-01',
  'Qilipu',
];
