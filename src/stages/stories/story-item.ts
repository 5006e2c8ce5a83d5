// What the story and comparison stages read: one document with its analysis and its source.
import type { Analysis, Document, Source } from '../../domain/index.js';

export interface StoryItem {
  document: Document;
  analysis: Analysis;
  source: Source | null;
}

/** The source id an item is attributed to: its catalogue source, else the document's, else "unknown". */
export function sourceIdOf(item: StoryItem): string {
  return item.source?.id ?? item.document.sourceId ?? 'unknown';
}
