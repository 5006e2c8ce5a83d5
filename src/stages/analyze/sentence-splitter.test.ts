import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cueFileSchema } from '../../knowledge/index.js';
import { createSentenceSplitter } from './sentence-splitter.js';

const cues = cueFileSchema.parse(parse(readFileSync(new URL('../../../data/cues.yaml', import.meta.url), 'utf8')));
const split = createSentenceSplitter(cues);
const texts = (t: string): string[] => split(t).sentences.map((s) => t.slice(s.start, s.end));

describe('sentence splitter', () => {
  it('does not break after abbreviations, titles, initials or decimals', () => {
    const t = 'Gen. Zhang met Mr. Lee in Washington, D.C. on Nov. 3 and the U.S. side said growth was 4.5 percent. Donald J. Trump agreed.';
    expect(texts(t)).toEqual(['Gen. Zhang met Mr. Lee in Washington, D.C. on Nov. 3 and the U.S. side said growth was 4.5 percent.', 'Donald J. Trump agreed.']);
  });

  it('breaks after U.S. when a sentence opener follows', () => {
    expect(texts('Tariffs were lifted by the U.S. The move surprised markets.')).toHaveLength(2);
  });

  it('keeps closing quotes with their sentence, for every kind of mark', () => {
    for (const [open, close] of [['"', '"'], ['\u201c', '\u201d'], ['\u2018', '\u2019'], ['\u00ab', '\u00bb'], ['\u300c', '\u300d']]) {
      const t = `He said: ${open}We will win.${close} Then he left.`;
      expect(texts(t)).toEqual([`He said: ${open}We will win.${close}`, 'Then he left.']);
    }
  });

  it('does not split a quote followed by its attribution', () => {
    expect(texts('\u201cWe want peace,\u201d she said. \u201cReally?\u201d he asked.')).toHaveLength(2);
  });

  it('takes a dateline out of the first sentence and reports its agency', () => {
    const t = 'BEIJING, Nov. 25 (Xinhua) -- Chinese President Xi Jinping spoke with Trump. They discussed trade.';
    const r = split(t);
    expect(r.sentences).toHaveLength(2);
    expect(t.slice(r.sentences[0]!.start, r.sentences[0]!.end)).toBe('Chinese President Xi Jinping spoke with Trump.');
    expect(r.datelines[0]!.agency?.text).toBe('Xinhua');
    expect(t.slice(r.datelines[0]!.agency!.start, r.datelines[0]!.agency!.end)).toBe('Xinhua');
  });

  it('joins hard-wrapped lines and separates bullets and blank-line paragraphs', () => {
    const t = 'China will purchase at least 12 million metric tons (MMT) of U.S.\nsoybeans during the last two months of 2025.\n\n-   China will suspend controls.\n-   China will issue licenses.';
    const r = split(t);
    expect(r.paragraphs).toHaveLength(3);
    expect(texts(t)).toEqual([
      'China will purchase at least 12 million metric tons (MMT) of U.S.\nsoybeans during the last two months of 2025.',
      'China will suspend controls.',
      'China will issue licenses.',
    ]);
  });

  it('splits Chinese and Japanese full stops', () => {
    expect(texts('高市首相は発言した。中国は反発した。')).toHaveLength(2);
  });
});
