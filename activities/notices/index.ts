export { renderNotice } from './render';
export type { NoticeSource } from './content';
