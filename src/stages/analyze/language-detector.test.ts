import { describe, expect, it } from 'vitest';
import { createLanguageDetector } from './language-detector.js';

describe('language detector', () => {
  const detect = createLanguageDetector({ englishStopwords: ['the', 'and', 'of', "don't", 'between'], sample: 4000 });

  it('counts the word that ends the sample', () => {
    // Eight words, the only function word last: 1/8 is above the 12% threshold only if it counts.
    expect(detect('Lorem ipsum dolor sit amet consectetur adipiscing the').lang).toBe('en');
    expect(detect('Lorem ipsum dolor sit amet consectetur adipiscing elit').lang).toBe('und');
  });

  it('matches function words whatever their case, and only short ones', () => {
    expect(detect('THE Lorem AND ipsum OF dolor').lang).toBe('en');
    // "between" is longer than the words looked up; "don't" is two words here.
    expect(detect('Lorem between ipsum between dolor between sit between amet between').lang).toBe('und');
  });

  it('tells scripts apart', () => {
    expect(detect('中华人民共和国外交部发言人').lang).toBe('zh');
    expect(detect('Министерство иностранных дел').lang).toBe('ru');
    expect(detect('12345 !!!').lang).toBe('und');
  });
});
