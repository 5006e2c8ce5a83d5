export { createHttpFetcher, guardedLookup, DEFAULT_USER_AGENT, type HttpFetcherOptions } from './http-fetcher.js';
export { blockedAddressReason } from './address-guard.js';
export { parseFeed, type FeedItem, type ParsedFeed, type ParseFeedOptions, type FeedFormat } from './feed-parser.js';
export { createFeedPoller, nextFeedState, initialFeedState, DEFAULT_POLL_POLICY, type FeedPoller, type FeedPollerOptions, type PollOutcome, type PollPolicy, type PollSummary } from './feed-poller.js';
export { parseOpml, buildOpml, opmlToSourceEntries, type OpmlDocument, type OpmlOutline } from './opml.js';
export { normaliseUrl, hostOf } from './url-normaliser.js';
export { createNearDuplicateIndex, type NearDuplicateIndex, type NearDuplicateHit } from './near-duplicates.js';
export { createSyndicationDetector, type SyndicationDetector, type SyndicationKind, type SyndicationMatch } from './syndication.js';
export { diffSentences, type TextDiff, type SentenceChange } from './text-diff.js';
