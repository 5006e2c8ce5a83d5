import { describe, expect, it } from 'vitest';
import type { Analysis, Document } from '../domain/index.js';
import { serialiseAnalysis, withSpanTexts, withoutSpanTexts } from './analysis-serialiser.js';

const text = 'Xi Jinping spoke with Donald Trump. China will buy soybeans, Xinhua said.';
const document = { id: 'd1', text, contentHash: 'h1' } as Document;
const span = (phrase: string, from = 0): { start: number; end: number; text: string } => {
  const start = text.indexOf(phrase, from);
  return { start, end: start + phrase.length, text: phrase };
};

const analysis = (): Analysis => ({
  documentId: 'd1', lang: 'en',
  sentences: [{ start: 0, end: 35, index: 0, paragraph: 0 }],
  actors: [{ id: 'xi-jinping', name: 'Xi Jinping', type: 'person', country: 'CHN', sector: 'GOV', mentions: [{ ...span('Xi Jinping'), sentence: 0 }] }],
  issues: [{ id: 'agriculture', label: 'Agriculture', weight: 1, mentions: [span('soybeans')] }],
  quotes: [{ ...span('China will buy soybeans'), speaker: 'xinhua', speakerName: 'Xinhua', cue: 'said', direct: false, via: null, sentence: 1 }],
  // A claim whose text was tidied: it no longer matches its offsets, so it must be kept as is.
  claims: [{ start: 36, end: 74, text: 'China will buy soybeans (Xinhua)', holder: 'china', holderName: 'China', via: 'xinhua', modality: 'reported', issues: ['agriculture'], sentence: 1 }],
  events: [{ ...span('spoke with'), type: 'CONSULT', mode: 'phone', context: [], cameo: '04', goldstein: 1, actors: ['xi-jinping'], recipients: ['donald-trump'], date: null, sentence: 0 }],
  commitments: [{ ...span('will buy soybeans'), actor: 'china', action: 'purchase', object: 'soybeans', amount: null, unit: null, period: null, sentence: 1 }],
  provenance: [{ stage: 'actors', version: '1', inputHash: 'h1' }],
});

describe('analysis serialiser', () => {
  it('leaves out span texts the document already holds and restores them exactly', () => {
    const json = JSON.stringify(withoutSpanTexts(analysis(), text));
    expect(json).not.toContain('"text":"spoke with"');
    expect(json).not.toContain('"text":"Xi Jinping"');
    expect(json).toContain('"text":"China will buy soybeans (Xinhua)"');
    expect(withSpanTexts(JSON.parse(json) as Analysis, text)).toEqual(analysis());
  });

  it('does not change the analysis it is given', () => {
    const a = analysis();
    withoutSpanTexts(a, text);
    expect(a).toEqual(analysis());
  });

  it('passes rows written with every text unchanged', () => {
    expect(withSpanTexts(analysis(), text)).toEqual(analysis());
  });

  it('serialises the analysis and its digest, keyed by input hash and stage versions', () => {
    const s = serialiseAnalysis(analysis(), document);
    expect(s.inputHash).toBe('h1');
    expect(s.stageVersions).toBe('actors@1');
    const digest = withSpanTexts(JSON.parse(s.digest!) as Analysis, text);
    expect(digest.events).toEqual(analysis().events);
    expect(digest.quotes).toEqual([]);
    expect(s.json.length).toBeLessThan(JSON.stringify(analysis()).length);
  });
});
