import { describe, expect, it } from 'vitest';
import type { Analysis, Document } from '../domain/index.js';
import { packRecords, restoreAnalysis, serialiseAnalysis, unpackRecords, withSpanTexts, withoutSpanTexts } from './analysis-serialiser.js';

const text = 'Xi Jinping spoke with Donald Trump. China will buy soybeans, Xinhua said.';
const document = { id: 'd1', text, contentHash: 'h1' } as Document;
const span = (phrase: string, from = 0): { start: number; end: number; text: string } => {
  const start = text.indexOf(phrase, from);
  return { start, end: start + phrase.length, text: phrase };
};

/** serialiseAnalysis gives a string (bytes only when a thread encodes it for the store). */
const jsonOf = (json: string | Uint8Array): string => (typeof json === 'string' ? json : new TextDecoder().decode(json));

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
    const digest = restoreAnalysis(JSON.parse(s.digest!), text);
    expect(digest.events).toEqual(analysis().events);
    expect(digest.quotes).toEqual([]);
    expect(restoreAnalysis(JSON.parse(jsonOf(s.json)), text)).toEqual(analysis());
    expect(s.json.length).toBeLessThan(JSON.stringify(analysis()).length);
  });

  it('writes a list of records with the same fields as one list of names and one of values', () => {
    const a = analysis();
    const many = { ...a, actors: [a.actors[0]!, { ...a.actors[0]!, id: 'trump', name: 'Donald Trump', mentions: [{ ...span('Donald Trump'), sentence: 0 }, { ...span('China'), sentence: 1 }] }] };
    const s = serialiseAnalysis(many, document);
    const json = jsonOf(s.json);
    expect(json).toContain('"actors":{"$k":["id","name","type","country","sector","mentions"],"$v":["xi-jinping","Xi Jinping"');
    // Two mentions, texts left out: packed too, inside the packed actor list.
    expect(json).toContain('{"$k":["start","end","sentence"],"$v":[22,34,0,36,41,1]}');
    expect(restoreAnalysis(JSON.parse(json), text)).toEqual(many);
  });
});

describe('packRecords', () => {
  const roundTrip = (v: unknown): unknown => unpackRecords(JSON.parse(JSON.stringify(packRecords(v))));

  it('restores every shape exactly: uniform, mixed, nested, empty, single, primitive and null values', () => {
    const cases: unknown[] = [
      [],
      [{ a: 1 }],
      [{ a: 1, b: 'x' }, { a: 2, b: 'y' }],
      [{ a: 1, b: 'x' }, { b: 'y', a: 2 }], // other order: left as it is
      [{ a: 1 }, { a: 1, b: 2 }], // other fields
      [{ a: 1 }, 'text', null, 3],
      [{}, {}],
      [{ a: [{ x: 1, y: [1, 2] }, { x: 2, y: [] }], b: null }, { a: [], b: { c: [{ d: 1 }, { d: 2 }] } }],
      [[{ a: 1 }, { a: 2 }], [{ b: 1 }, { b: 2 }]],
      { k: [{ v: 0.1 }, { v: -3e-9 }], s: ['a', 'b'], n: null, t: true },
      'plain', 42, null,
    ];
    for (const c of cases) expect(roundTrip(c)).toEqual(c);
  });

  it('leaves undefined fields out, as JSON does', () => {
    const withHoles = [{ a: 1, text: undefined, b: 2 }, { a: 3, b: 4, text: undefined }];
    expect(JSON.stringify(packRecords(withHoles))).toBe('{"$k":["a","b"],"$v":[1,2,3,4]}');
    expect(roundTrip(withHoles)).toEqual([{ a: 1, b: 2 }, { a: 3, b: 4 }]);
  });

  it('passes JSON written before packing unchanged', () => {
    const old = JSON.parse(JSON.stringify(withoutSpanTexts(analysis(), text))) as unknown;
    expect(unpackRecords(structuredClone(old))).toEqual(old);
    expect(restoreAnalysis(old, text)).toEqual(analysis());
  });
});
