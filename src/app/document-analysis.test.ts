import { describe, expect, it } from 'vitest';
import { fixtureItems } from '../../fixtures/stories/corpus.js';
import { loadStopwords } from '../stages/stories/stopwords.js';
import { groupingReaderFor } from '../stages/stories/story-grouper.js';
import { tokenize, wordHashes } from '../stages/stories/text-features.js';
import { completeForStore, prepareForStore } from './document-analysis.js';

const stopwords = loadStopwords();
const analysed = (i: number) => {
  const item = structuredClone(fixtureItems()[i]!);
  return { document: item.document, source: null, analysis: item.analysis, report: [], createdSource: false, labels: {} };
};

describe('prepareForStore and completeForStore', () => {
  it('store the record the reader makes whole, though its parts are made apart', () => {
    const reader = groupingReaderFor({ stopwords });
    const whole = reader.read({ ...fixtureItems()[3]!, source: null });
    const prepared = prepareForStore(analysed(3), reader);
    expect(prepared.serialised.grouping).toBeNull();
    expect(prepared.serialised.digest).toBeNull();
    const done = completeForStore(prepared, reader);
    expect(JSON.parse(done.serialised.grouping as string)).toEqual(JSON.parse(JSON.stringify(whole)));
    expect(done.serialised.json).toBe(prepared.serialised.json);
    // The word hashes the text part was read from, for syndication.
    expect([...done.words]).toEqual([...wordHashes(tokenize(prepared.document.text))]);
  });

  it('store no record when the part was made by a reader with other stop words (regrouping then reads the document in full)', () => {
    const prepared = prepareForStore(analysed(0), groupingReaderFor({ stopwords: [...stopwords, 'soybeans'] }));
    expect(completeForStore(prepared, groupingReaderFor({ stopwords })).serialised.grouping).toBeNull();
  });
});
