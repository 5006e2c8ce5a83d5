// Dates found in metadata come in many shapes; we store ISO 8601. Offsets are kept when given
// because the local date of an official statement matters ("Beijing time").
import * as chrono from 'chrono-node';

const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A metadata date as ISO 8601 (offset kept), or null when it is not a plausible date. */
export function normaliseDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  if (!v) return null;
  const m = ISO_LIKE.exec(v);
  if (m) {
    const [, y, mo, d, h, mi, s, z] = m;
    if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
    if (h === undefined) return `${y}-${mo}-${d}`;
    const zone = z ? (z.toUpperCase() === 'Z' ? 'Z' : z.includes(':') ? z : `${z.slice(0, 3)}:${z.slice(3)}`) : '';
    return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${zone}`;
  }
  if (/^\d{10,13}$/.test(v)) {
    const n = Number(v);
    const ms = v.length === 13 ? n : n * 1000;
    const dt = new Date(ms);
    return Number.isNaN(dt.getTime()) ? null : dt.toISOString();
  }
  const parsed = Date.parse(v);
  if (!Number.isNaN(parsed)) {
    const dt = new Date(parsed);
    const year = dt.getUTCFullYear();
    if (year >= 1900 && year <= 2200) return dt.toISOString();
  }
  return null;
}

/** The instant of an ISO date for comparison; date-only values compare as UTC midnight. */
export function dateInstant(value: string | null): number | null {
  if (!value) return null;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(t) ? null : t;
}

/**
 * A dateline near the start of visible text ("BEIJING, Nov. 24 (Xinhua) --", "November 24, 2025"),
 * as YYYY-MM-DD. Only full dates with a year, or month-day datelines resolved against `ref`.
 */
export function findDateline(text: string, ref: Date): string | null {
  const head = text.slice(0, 400);
  const results = chrono.en.strict.parse(head, ref, { forwardDate: false });
  for (const r of results) {
    if (!r.start.isCertain('day') || !r.start.isCertain('month')) continue;
    const d = r.start.date();
    if (!r.start.isCertain('year') && d.getTime() > ref.getTime() + 86_400_000) continue;
    const y = r.start.get('year');
    const mo = r.start.get('month');
    const day = r.start.get('day');
    if (y === null || mo === null || day === null) continue;
    return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  return null;
}
