import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Name and type of each custom search attribute: the dev server registers these, the workflow upserts them. */
export const SEARCH_ATTRIBUTES = {
  Town: 'Keyword',
  Village: 'Keyword',
  Term: 'Int',
  ElectionStage: 'Keyword',
  AwaitingRole: 'KeywordList',
  Category: 'Keyword',
  Postponed: 'Bool',
} as const;

/** The typed keys the workflow upserts and the client filters on; a test holds them to the table above. */
export const searchAttributes = {
  town: defineSearchAttributeKey('Town', SearchAttributeType.KEYWORD),
  village: defineSearchAttributeKey('Village', SearchAttributeType.KEYWORD),
  term: defineSearchAttributeKey('Term', SearchAttributeType.INT),
  stage: defineSearchAttributeKey('ElectionStage', SearchAttributeType.KEYWORD),
  awaitingRole: defineSearchAttributeKey('AwaitingRole', SearchAttributeType.KEYWORD_LIST),
  category: defineSearchAttributeKey('Category', SearchAttributeType.KEYWORD),
  postponed: defineSearchAttributeKey('Postponed', SearchAttributeType.BOOL),
};
