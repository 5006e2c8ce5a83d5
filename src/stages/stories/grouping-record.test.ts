import { describe, expect, it } from 'vitest';
import { fixtureItems } from '../../../fixtures/stories/corpus.js';
import { createGroupingReader, isGroupingRecord, joinRecordJson, type GroupingRecord } from './grouping-record.js';
import { loadStopwords } from './stopwords.js';
import { createStoryGrouper, groupingReaderFor, groupStories } from './story-grouper.js';

const stopwords = loadStopwords();
const options = { stopwords, shingleSize: 6, sketchSize: 32, leadSentences: 2, titleTerms: false };

describe('grouping records', () => {
  it('group exactly as the documents they were read from, after a trip through JSON', () => {
    const items = fixtureItems();
    const expected = groupStories(items, { stopwords });
    // As a regroup does: records made elsewhere (here a separate reader), stored as JSON, read back.
    const reader = groupingReaderFor({ stopwords });
    const records = items.map((i) => JSON.parse(JSON.stringify(reader.read(i))) as unknown);
    const grouper = createStoryGrouper({ stopwords });
    for (const r of records) {
      expect(isGroupingRecord(r)).toBe(true);
      expect(grouper.observeRecord(r as GroupingRecord)).toBe(true);
    }
    const at = (i: (typeof items)[number]) => Date.parse(i.document.publishedAt ?? i.document.fetchedAt);
    const order = [...items].sort((a, b) => at(a) - at(b) || (a.document.id < b.document.id ? -1 : 1)).map((i) => i.document.id);
    for (const id of order) grouper.addObserved(id);
    grouper.refine(order);
    expect(grouper.stories()).toEqual(expected);
  });

  it('are refused by a grouper with other stop words or options, so a stale record is never used', () => {
    const item = fixtureItems()[0]!;
    const record = groupingReaderFor({ stopwords }).read(item);
    expect(createStoryGrouper({ stopwords: [...stopwords, 'soybeans'] }).observeRecord(record)).toBe(false);
    expect(createStoryGrouper({ stopwords, shingleSize: 5 }).observeRecord(record)).toBe(false);
    expect(createStoryGrouper({ stopwords, refinePasses: 3 }).observeRecord(record)).toBe(true);
    expect(createStoryGrouper({ stopwords }).reader.key).toBe(record.key);
  });

  it('hold salient terms with counts, a sketch, and the analysis parts grouping reads', () => {
    const item = fixtureItems().find((i) => i.document.id === 'mfa-readout-1124')!;
    const r = createGroupingReader(options).read(item);
    expect(r.id).toBe(item.document.id);
    expect(r.terms.length).toBe(r.counts.length);
    expect(r.terms).not.toContain('the');
    expect(r.counts.every((n) => Number.isInteger(n) && n > 0)).toBe(true);
    expect(r.sketch).toHaveLength(32);
    expect(r.actors).toEqual([...new Set(item.analysis.actors.map((a) => a.id))]);
    expect(r.events[0]).toMatchObject({ type: 'CONSULT', mode: 'phone' });
    expect(r.issues).toEqual(item.analysis.issues.map((i) => ({ id: i.id, weight: i.weight })));
    expect(r.titleTerms).toEqual([]);
  });

  it('are checked for shape before they are trusted', () => {
    expect(isGroupingRecord(null)).toBe(false);
    expect(isGroupingRecord({ key: 'g1', id: 'x' })).toBe(false);
    const r = groupingReaderFor({ stopwords }).read(fixtureItems()[0]!);
    expect(isGroupingRecord({ ...r, counts: [...r.counts, 1] })).toBe(false);
    expect(isGroupingRecord(JSON.parse(JSON.stringify(r)))).toBe(true);
  });

  it('are the same made whole or in two parts joined as JSON (analysis part on one thread, text part on another)', () => {
    const reader = createGroupingReader({ ...options, titleTerms: true });
    for (const item of fixtureItems()) {
      const joined = JSON.parse(joinRecordJson(JSON.stringify(reader.readAnalysis(item)), reader.readTextWords(item.document).part)) as unknown;
      expect(joined).toEqual(JSON.parse(JSON.stringify(reader.read(item))));
      expect(isGroupingRecord(joined)).toBe(true);
    }
    expect(() => joinRecordJson('[1]', reader.readTextWords(fixtureItems()[0]!.document).part)).toThrow(/JSON object/);
  });
});
