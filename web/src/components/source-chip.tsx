import { kindColour } from './palette.ts';

/** A source's name with its kind, coloured by kind and labelled so colour is never the only cue. */
export function SourceChip({ name, kind, country }: { name: string; kind: string | null; country?: string | null }) {
  const c = kindColour(kind);
  return (
    <span className="chip" style={{ backgroundColor: c.bg, color: c.fg, borderColor: c.stroke }}>
      <span className="chip-kind">{kind ?? 'unknown'}</span>
      {' '}{name}{country ? ` (${country})` : ''}
    </span>
  );
}
