import type { Member } from '../../machines/rules';

/** One part of a Chinese name: in characters, and in pinyin as a roster writes it (capitalised, no tone marks). */
export interface NamePart {
  readonly zh: string;
  readonly pinyin: string;
}

/** A member's name as the demo's rosters write it: `name` in characters (王建华), `pinyin` beside it ("Wang Jianhua"). */
export type PersonName = Pick<Member, 'name'> & { pinyin: string };

const parts = (text: string): NamePart[] =>
  text
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [zh, pinyin] = pair.split(':');
      return { zh: zh!, pinyin: pinyin! };
    });

/**
 * Common surnames, among them 丁 马 王 白 刘 张 李 (2 to 7 strokes), so a demo ballot exercises the order of
 * surname strokes (姓氏笔画).
 */
export const SURNAMES: readonly NamePart[] = parts(`
  王:Wang 李:Li 张:Zhang 刘:Liu 陈:Chen 杨:Yang 赵:Zhao 黄:Huang 周:Zhou 吴:Wu 徐:Xu 孙:Sun 马:Ma 朱:Zhu 胡:Hu 郭:Guo
  丁:Ding 白:Bai 何:He 高:Gao 罗:Luo 郑:Zheng 梁:Liang 宋:Song 谢:Xie 韩:Han 唐:Tang 冯:Feng 董:Dong 程:Cheng 于:Yu 曹:Cao
`);

/**
 * Given names of one or two characters, as villagers born between the 1950s and the early 2000s are named, by the
 * gender of the member who bears them (none needs an apostrophe in pinyin).
 */
export const GIVEN_NAMES: Readonly<Record<Member['gender'], readonly NamePart[]>> = {
  male: parts(`
    伟:Wei 强:Qiang 军:Jun 磊:Lei 涛:Tao 刚:Gang 勇:Yong 斌:Bin 杰:Jie 鹏:Peng 超:Chao 明:Ming 辉:Hui 平:Ping 浩:Hao
    建国:Jianguo 建华:Jianhua 建军:Jianjun 国强:Guoqiang 志强:Zhiqiang 志刚:Zhigang 卫东:Weidong 红军:Hongjun 永福:Yongfu
    德胜:Desheng 海涛:Haitao 文斌:Wenbin 振华:Zhenhua 春生:Chunsheng 保国:Baoguo 明亮:Mingliang 俊杰:Junjie
    晓东:Xiaodong 新民:Xinmin 铁柱:Tiezhu 金山:Jinshan 宏伟:Hongwei 学军:Xuejun 向阳:Xiangyang 玉林:Yulin 福生:Fusheng
    天明:Tianming 少华:Shaohua 国庆:Guoqing 长海:Changhai 立新:Lixin 卫国:Weiguo
  `),
  female: parts(`
    静:Jing 敏:Min 芳:Fang 娜:Na 丽:Li 艳:Yan 霞:Xia 婷:Ting 雪:Xue 秀英:Xiuying 桂兰:Guilan 玉梅:Yumei 凤霞:Fengxia
    淑珍:Shuzhen 丽娟:Lijuan 红梅:Hongmei 春花:Chunhua 海燕:Haiyan 晓丽:Xiaoli 慧敏:Huimin 翠花:Cuihua 金凤:Jinfeng
    素芬:Sufen 爱华:Aihua 巧云:Qiaoyun 美玲:Meiling 桂英:Guiying 小红:Xiaohong 秋菊:Qiuju 丽萍:Liping 玉兰:Yulan
  `),
};

/** Which surname and given name to start from (any whole numbers: they wrap around the lists), and the bearer's gender. */
export interface NameDraw {
  surname: number;
  given: number;
  gender: Member['gender'];
}

/**
 * Names the members of one roster, never giving a name twice: the desk and the printed papers let people choose a
 * member by name, and two members of one village with the same name would make a ballot ambiguous. A name already
 * given moves on to the next given name, then to the next surname, in a fixed order, so the same draws always give
 * the same names. Throws once every name for a gender is taken (nearly a thousand for either).
 */
export function uniqueNamer(): (draw: NameDraw) => PersonName {
  const taken = new Set<string>();
  return ({ surname, given: first, gender }) => {
    const surnames = SURNAMES.length;
    const names = GIVEN_NAMES[gender];
    for (let step = 0; step < surnames * names.length; step++) {
      const family = SURNAMES[(((surname + Math.floor((first + step) / names.length)) % surnames) + surnames) % surnames]!;
      const own = names[(((first + step) % names.length) + names.length) % names.length]!;
      const name = `${family.zh}${own.zh}`;
      if (taken.has(name)) continue;
      taken.add(name);
      return { name, pinyin: `${family.pinyin} ${own.pinyin}` };
    }
    throw new RangeError(`every ${gender} name of the demo lists is taken (${surnames * names.length}); accepted: a smaller roster`);
  };
}
