import type { Messages } from '../catalogue';

/** The form that calls the Party member conference (召开党员大会) with its date, time and place (from machine version 3). */
export const conferenceCallMessages = {
  'conferenceCall.legend': { zh: '确定党员大会召开的日期、时间和地点', en: 'Call the Party member conference' },
  'conferenceCall.intro': {
    zh: '确定后即向全体有表决权的党员发出会议通知，通知写明日期、时间和地点。',
    en: 'Once called, the notice with the date, time and place goes to every member with a vote.',
  },
  'conferenceCall.date': { zh: '召开日期', en: 'Date of the conference' },
  'conferenceCall.dateHint': {
    zh: '按北京时间的日期填写。须提前{leadDays}天通知：今天确定的，最早为{earliest}。',
    en: 'The day in Beijing. The members must be told {leadDays} day(s) ahead: called today, {earliest} at the earliest.',
  },
  'conferenceCall.time': { zh: '召开时间', en: 'Time of the conference' },
  'conferenceCall.timeHint': { zh: '北京时间，24小时制，例如 09:00。', en: 'Beijing time, 24-hour clock, for example 09:00.' },
  'conferenceCall.place': { zh: '召开地点', en: 'Place of the conference' },
  'conferenceCall.placeHint': { zh: '例如：村党群服务中心会议室。', en: 'For example: the meeting room of the village service centre.' },
  'conferenceCall.renotice': {
    zh: '上次党员大会到会人数未超过应到会人数的五分之四，须重新确定日期、时间和地点并通知。',
    en: 'The last conference did not reach its quorum: it is called again with a new date, time and place.',
  },
} satisfies Messages;
