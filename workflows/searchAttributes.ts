import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The custom search attributes operators filter on in the Temporal UI and the inbox queries. */
export const searchAttributes = {
  town: defineSearchAttributeKey('Town', SearchAttributeType.KEYWORD),
  village: defineSearchAttributeKey('Village', SearchAttributeType.KEYWORD),
  term: defineSearchAttributeKey('Term', SearchAttributeType.INT),
  stage: defineSearchAttributeKey('ElectionStage', SearchAttributeType.KEYWORD),
  awaitingRole: defineSearchAttributeKey('AwaitingRole', SearchAttributeType.KEYWORD_LIST),
  category: defineSearchAttributeKey('Category', SearchAttributeType.KEYWORD),
  postponed: defineSearchAttributeKey('Postponed', SearchAttributeType.BOOL),
} as const;

/** Name and type of each, as `temporal operator search-attribute create` and the dev server take them. */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, string> = {
  Town: 'Keyword',
  Village: 'Keyword',
  Term: 'Int',
  ElectionStage: 'Keyword',
  AwaitingRole: 'KeywordList',
  Category: 'Keyword',
  Postponed: 'Bool',
};
