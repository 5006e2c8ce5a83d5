export { renderBrief, type BriefInput } from './render-brief.js';
export { briefContent, type BriefContent, type BriefSide, type Excerpt } from './brief-content.js';
