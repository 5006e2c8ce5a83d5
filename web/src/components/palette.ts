// Colours of source kinds and series. Every pair used with text passes WCAG AA (4.5:1) against
// the white page; series colours are also told apart by labels, never by colour alone.
export const KIND_COLOURS: Record<string, { bg: string; fg: string; stroke: string }> = {
  government: { bg: '#e3ecf7', fg: '#123e6b', stroke: '#1f5fa3' },
  'state-media': { bg: '#fbe4e1', fg: '#7a1d12', stroke: '#b3321f' },
  wire: { bg: '#e4f2e6', fg: '#1d5325', stroke: '#2e7d32' },
  press: { bg: '#f3e8f8', fg: '#5a2373', stroke: '#7b3a9a' },
  commentary: { bg: '#fff1d6', fg: '#6b4500', stroke: '#a86a00' },
  other: { bg: '#ececec', fg: '#333333', stroke: '#666666' },
};

export function kindColour(kind: string | null | undefined): { bg: string; fg: string; stroke: string } {
  return KIND_COLOURS[kind ?? 'other'] ?? { bg: '#ececec', fg: '#333333', stroke: '#666666' };
}

export const SERIES = ['#1f5fa3', '#b3321f', '#2e7d32', '#7b3a9a', '#a86a00', '#00707a', '#5c5c5c'];

export function seriesColour(i: number): string {
  return SERIES[i % SERIES.length] ?? '#5c5c5c';
}

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of #1a1a1a. */
const DARK_TEXT_LUMINANCE = channel(0x1a);

/** Heat from white to deep blue for a share 0..1, with a text colour that stays readable. */
export function heat(share: number): { bg: string; fg: string } {
  const t = Math.max(0, Math.min(1, share));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  const rgb = [mix(255, 16), mix(255, 63), mix(255, 115)] as const;
  // Pick whichever text colour contrasts more with this cell (WCAG relative luminance).
  const lum = (0.2126 * channel(rgb[0])) + (0.7152 * channel(rgb[1])) + (0.0722 * channel(rgb[2]));
  const onWhite = 1.05 / (lum + 0.05);
  const onDark = (lum + 0.05) / (DARK_TEXT_LUMINANCE + 0.05);
  return { bg: `rgb(${rgb.join(', ')})`, fg: onWhite > onDark ? '#ffffff' : '#1a1a1a' };
}
