export { createComparer, comparerOptionsSchema, type Comparer, type ComparerOptions } from './comparer.js';
export { renderComparison } from './render-comparison.js';
export { sourceEmphasis, type DocumentIssues, type EmphasisMatrix } from './emphasis.js';
export {
  loadCompareLexicon, toneFileSchema, compareCueFileSchema,
  type CompareLexicon, type CompareCues, type ToneLexicon,
} from './compare-lexicon.js';
export type { CatalogueSource } from './story-view.js';
export { escapeHtml, escapeMarkdown, safeHref, anchorId } from './html-escape.js';
