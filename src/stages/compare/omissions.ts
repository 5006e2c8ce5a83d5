// Issues a source leaves out although most other sources, or the other side's government, cover them.
import type { Omission } from '../../domain/index.js';
import { covers, type EmphasisMatrix } from './emphasis.js';
import { describeSource, type SourceInfo } from './story-view.js';

export interface OmissionOptions {
  /** A source covers an issue when the issue has at least this share of its attention. */
  minShare: number;
  /** Share of the other sources that must cover an issue for its absence to count. */
  majority: number;
}

export function omissions(emphasis: EmphasisMatrix, sources: SourceInfo[], opt: OmissionOptions): Omission[] {
  const issues = new Set<string>();
  for (const s of sources) for (const i of Object.keys(emphasis[s.id] ?? {})) issues.add(i);
  const out: Omission[] = [];
  for (const issue of [...issues].sort()) {
    const covering = sources.filter((s) => covers(emphasis, s.id, issue, opt.minShare));
    if (covering.length < 2 && !covering.some((s) => s.kind === 'government')) continue;
    for (const s of sources) {
      if (covers(emphasis, s.id, issue, opt.minShare)) continue;
      // A source with no issues at all (a one-line confirmation) omits nothing in particular.
      if (Object.keys(emphasis[s.id] ?? {}).length === 0) continue;
      const others = sources.filter((o) => o.id !== s.id);
      const otherCovering = covering.filter((o) => o.id !== s.id);
      const otherGov = s.kind === 'government' || s.kind === 'state-media'
        ? otherCovering.filter((o) => o.kind === 'government' && o.country !== null && o.country !== s.country)
        : [];
      const share = others.length > 0 ? otherCovering.length / others.length : 0;
      const byMajority = otherCovering.length >= 2 && share > opt.majority;
      if (!byMajority && otherGov.length === 0) continue;
      const named = otherGov.length > 0 ? otherGov : otherCovering.filter((o) => o.kind === 'government').slice(0, 2);
      const rest = otherCovering.length - named.length;
      const parts = named.map(describeSource);
      const reason = named.length > 0
        ? `covered by ${parts.join(', ')}${rest > 0 ? ` and ${rest} of ${others.length - named.length} other sources` : ''}`
        : `covered by ${otherCovering.length} of ${others.length} other sources`;
      out.push({ source: s.id, issue, coveredBy: otherCovering.map((o) => o.id), reason });
    }
  }
  return out;
}
