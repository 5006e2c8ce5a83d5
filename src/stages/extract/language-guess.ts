// A coarse language guess from the writing system, used only when the input declares none.
// Latin-script text is reported as English only when English function words dominate.

const ENGLISH_FUNCTION_WORDS = new Set(['the', 'and', 'of', 'to', 'in', 'a', 'is', 'that', 'for', 'on', 'with', 'as', 'was', 'by', 'said', 'he', 'it', 'at', 'from', 'his', 'are', 'be', 'have', 'has', 'will']);

export function guessLanguage(text: string): string | null {
  const sample = text.slice(0, 5000);
  let han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0, latin = 0, hebrew = 0;
  for (const ch of sample) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x4e00 && c <= 0x9fff) han++;
    else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if (c >= 0xac00 && c <= 0xd7a3) hangul++;
    else if (c >= 0x0400 && c <= 0x04ff) cyrillic++;
    else if (c >= 0x0600 && c <= 0x06ff) arabic++;
    else if (c >= 0x0590 && c <= 0x05ff) hebrew++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) latin++;
  }
  const total = han + kana + hangul + cyrillic + arabic + latin + hebrew;
  if (total < 20) return null;
  if (kana > total * 0.05) return 'ja';
  if (hangul > total * 0.2) return 'ko';
  if (han > total * 0.2) return 'zh';
  if (cyrillic > total * 0.3) return 'ru';
  if (arabic > total * 0.3) return 'ar';
  if (hebrew > total * 0.3) return 'he';
  if (latin > total * 0.5) {
    const words = sample.toLowerCase().match(/[a-z]+/g) ?? [];
    if (words.length < 10) return null;
    const hits = words.filter((w) => ENGLISH_FUNCTION_WORDS.has(w)).length;
    return hits / words.length > 0.15 ? 'en' : null;
  }
  return null;
}
