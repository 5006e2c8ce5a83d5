/** How differently a story's sources weigh the issues, 0..1, as a labelled bar. */
export function DivergenceBar({ value }: { value: number }) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  const label = `Divergence ${pct} out of 100`;
  return (
    <svg className="divergence" viewBox="0 0 100 10" width="120" height="12" role="img" aria-label={label}>
      <title>{label}</title>
      <rect x="0" y="0" width="100" height="10" rx="2" fill="#e6e6e6" />
      <rect x="0" y="0" width={pct} height="10" rx="2" fill={pct > 60 ? '#b3321f' : pct > 30 ? '#a86a00' : '#2e7d32'} />
    </svg>
  );
}
