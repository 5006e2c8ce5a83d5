export type { StoryItem } from './story-item.js';
export { sourceIdOf } from './story-item.js';
export {
  createStoryGrouper, groupingReaderFor, groupStories, storyGrouperOptionsSchema, STORY_STAGE_VERSION,
  type StoryGrouper, type StoryGrouperOptions,
} from './story-grouper.js';
export { isGroupingRecord, type GroupingReader, type GroupingRecord } from './grouping-record.js';
export {
  eventSignatures, headlineActors, mainEventOf, relateEvents, DEFAULT_EVENT_RANKING,
  type EventContext, type EventSignature, type EventRelation, type EventRanking,
} from './main-event.js';
export { loadStopwords } from './stopwords.js';
