// Language of a document: script counts decide for non-Latin scripts; for Latin text the share of
// English function words decides between "en" and "und" (unknown Latin-script language).
export interface LanguageDetectorOptions {
  englishStopwords: readonly string[];
  /** Characters examined (from the start of the text). */
  sample: number;
}

export interface DetectedLanguage {
  lang: string;
  /** 0..1 */
  confidence: number;
}

/** Function words are looked up only when they are this short. */
const MAX_STOPWORD = 5;

/**
 * A number for a lowercase ASCII word of 1..MAX_STOPWORD letters (base 27, digits 1..26, so no two
 * words share one), or -1 for anything else: the detector compares numbers instead of slicing and
 * lowercasing every short word of the sample.
 */
function shortWordCode(w: string): number {
  if (w.length === 0 || w.length > MAX_STOPWORD) return -1;
  let code = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 97 || c > 122) return -1;
    code = code * 27 + (c - 96);
  }
  return code;
}

export function createLanguageDetector(options: LanguageDetectorOptions): (text: string) => DetectedLanguage {
  // Only stopwords that can equal a short ASCII word of the text (see below) can ever be hit.
  const stop = new Set<number>();
  for (const w of options.englishStopwords) {
    const code = shortWordCode(w.toLowerCase());
    if (code >= 0) stop.add(code);
  }
  return function detect(text: string): DetectedLanguage {
    const n = Math.min(text.length, options.sample);
    let latin = 0, han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0, hebrew = 0, letters = 0;
    // One pass counts scripts and, for Latin text, ASCII words and English function words among them.
    let words = 0;
    let hits = 0;
    let ws = -1;
    // The lowercased word read so far as a shortWordCode (valid while it has at most 5 letters).
    let code = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
        latin++;
        letters++;
        if (ws < 0) {
          ws = i;
          code = 0;
        }
        if (i - ws < MAX_STOPWORD) code = code * 27 + ((c | 0x20) - 96);
        continue;
      }
      if (ws >= 0) {
        words++;
        // Function words are short: only those are looked up.
        if (i - ws <= MAX_STOPWORD && stop.has(code)) hits++;
        ws = -1;
      }
      if (c >= 0xc0 && c <= 0x24f) latin++;
      else if (c >= 0x4e00 && c <= 0x9fff) han++;
      else if (c >= 0x3040 && c <= 0x30ff) kana++;
      else if (c >= 0xac00 && c <= 0xd7af) hangul++;
      else if (c >= 0x400 && c <= 0x4ff) cyrillic++;
      else if (c >= 0x600 && c <= 0x6ff) arabic++;
      else if (c >= 0x590 && c <= 0x5ff) hebrew++;
      else continue;
      letters++;
    }
    if (ws >= 0) {
      words++;
      if (n - ws <= MAX_STOPWORD && stop.has(code)) hits++;
    }
    if (letters === 0) return { lang: 'und', confidence: 0 };
    // CJK characters carry about as much as a Latin word: weigh them up.
    const scores: [string, number][] = [
      ['ja', kana * 3 + (kana > 0 ? han : 0)],
      ['zh', kana > 0 ? 0 : han * 3],
      ['ko', hangul * 3],
      ['ru', cyrillic],
      ['ar', arabic],
      ['he', hebrew],
    ];
    const top = scores.reduce((a, b) => (b[1] > a[1] ? b : a));
    if (top[1] > latin) return { lang: top[0], confidence: Math.min(1, top[1] / (letters * 3)) };
    const ratio = words > 0 ? hits / words : 0;
    if (ratio >= 0.12) return { lang: 'en', confidence: Math.min(1, ratio / 0.3) };
    return { lang: 'und', confidence: 1 - ratio / 0.12 };
  };
}
