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

export function createLanguageDetector(options: LanguageDetectorOptions): (text: string) => DetectedLanguage {
  const stop = new Set(options.englishStopwords.map((w) => w.toLowerCase()));
  return function detect(text: string): DetectedLanguage {
    const n = Math.min(text.length, options.sample);
    let latin = 0, han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0, hebrew = 0, letters = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f)) latin++;
      else if (c >= 0x4e00 && c <= 0x9fff) han++;
      else if (c >= 0x3040 && c <= 0x30ff) kana++;
      else if (c >= 0xac00 && c <= 0xd7af) hangul++;
      else if (c >= 0x400 && c <= 0x4ff) cyrillic++;
      else if (c >= 0x600 && c <= 0x6ff) arabic++;
      else if (c >= 0x590 && c <= 0x5ff) hebrew++;
      else continue;
      letters++;
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
    let words = 0;
    let hits = 0;
    let ws = -1;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? text.charCodeAt(i) : 32;
      const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
      if (letter) {
        if (ws < 0) ws = i;
      } else if (ws >= 0) {
        words++;
        // Function words are short: only those are looked up.
        if (i - ws <= 5 && stop.has(text.slice(ws, i).toLowerCase())) hits++;
        ws = -1;
      }
    }
    const ratio = words > 0 ? hits / words : 0;
    if (ratio >= 0.12) return { lang: 'en', confidence: Math.min(1, ratio / 0.3) };
    return { lang: 'und', confidence: 1 - ratio / 0.12 };
  };
}
