// DOM to plain text that keeps paragraph structure: block elements end paragraphs ("\n\n"),
// <br> ends a line, inline whitespace collapses as a browser would render it.
import { tidyText } from './text-normaliser.js';

/** The minimal DOM surface we walk; linkedom nodes satisfy it. */
export interface TextNodeLike {
  nodeType: number;
  nodeName: string;
  nodeValue?: string | null;
  childNodes: ArrayLike<TextNodeLike>;
}

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CAPTION', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET',
  'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN',
  'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TFOOT', 'THEAD', 'TR', 'UL', 'BODY', 'HTML',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'HEAD', 'TITLE', 'IFRAME', 'OBJECT', 'CANVAS', 'SELECT', 'BUTTON']);
const CELL = new Set(['TD', 'TH']);

export function domToText(root: TextNodeLike): string {
  const parts: string[] = [];
  const walk = (node: TextNodeLike): void => {
    if (node.nodeType === 3) {
      const v = node.nodeValue ?? '';
      if (v) parts.push(v.replace(/[ \t\n\r\f]+/g, ' '));
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) return;
    if (name === 'BR') { parts.push('\n'); return; }
    const block = BLOCK.has(name);
    if (block) parts.push('\n\n');
    else if (CELL.has(name)) parts.push(' ');
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) walk(kids[i]!);
    if (block) parts.push('\n\n');
    else if (CELL.has(name)) parts.push(' ');
  };
  walk(root);
  return tidyText(parts.join(''));
}
