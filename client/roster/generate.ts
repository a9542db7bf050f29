import { type Member } from '../../machines/rules';
import { demoRoster } from '../demo/heluo';
import { type VillageFacts } from './shared';

const TOWN_NAMES = [
  'Heluo',
  'Qinglong',
  'Baisha',
  'Mapo',
  'Shuikou',
  'Yangzhuang',
  'Gaocheng',
  'Liangshui',
  'Xinzhai',
  'Huaishu',
  'Taoyuan',
  'Shimen',
];
const VILLAGE_HEADS = ['Bei', 'Nan', 'Dong', 'Xi', 'Shang', 'Xia', 'Qian', 'Hou', 'Da', 'Xiao'];
const VILLAGE_TAILS = ['zhuang', 'cun', 'wan', 'po', 'gou', 'zhai', 'ling', 'qiao', 'ping', 'shan'];

/** The county file format: `{ county?, term, towns: [{ town, plan?, villages: [...] }] }`. */
export interface CountyRosterFile {
  county?: string;
  term: number;
  towns: Array<{ town: string; plan?: unknown; villages: Array<{ village: string; roster: Member[]; method?: string } & VillageFacts> }>;
}

/**
 * A valid county roster for tests and demos: `towns` names (or a count of made-up towns) ×
 * `villagesPerTown` villages of 20–45 members from {@link demoRoster}, with the investigation facts and
 * seats filled in. The same seed gives the same file.
 */
export function generateCountyRoster(options: {
  towns: number | readonly string[];
  villagesPerTown: number;
  term: number;
  seed?: number;
  county?: string;
}): CountyRosterFile {
  const { villagesPerTown, term, seed = 1, county = 'Demo County' } = options;
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const townNames =
    typeof options.towns === 'number'
      ? Array.from(
          { length: options.towns },
          (_, i) => `${TOWN_NAMES[i % TOWN_NAMES.length]}${i >= TOWN_NAMES.length ? ` ${Math.floor(i / TOWN_NAMES.length) + 1}` : ''}`,
        )
      : [...options.towns];
  return {
    county,
    term,
    towns: townNames.map((town) => ({
      town,
      villages: Array.from({ length: villagesPerTown }, (_, v) => {
        const cycle = Math.floor(v / (VILLAGE_HEADS.length * VILLAGE_TAILS.length));
        const village = `${VILLAGE_HEADS[v % VILLAGE_HEADS.length]}${VILLAGE_TAILS[Math.floor(v / VILLAGE_HEADS.length) % VILLAGE_TAILS.length]}${cycle ? ` ${cycle + 1}` : ''}`;
        const size = 20 + Math.floor(next() * 26);
        const draw = next();
        return {
          village,
          roster: demoRoster(`${town}/${village}`, size, seed),
          ...(next() < 0.1 ? { method: 'two-recommendations-direct-election' } : {}),
          representatives: Math.round(size * 0.65),
          category: draw < 0.6 ? 'good' : draw < 0.9 ? 'medium' : 'poor',
          stable: next() >= 0.03,
          seats: size >= 35 ? 5 : 3,
        };
      }),
    })),
  };
}
