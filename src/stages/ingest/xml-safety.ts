// XML that is safe to hand to a parser: the DOCTYPE is removed after its internal entities are
// expanded under a budget (billion-laughs fails fast, before any string is built), external
// entities are never resolved, and a light well-formedness check says whether the feed is "bozo".
import { ReadoutError } from '../../domain/errors.js';

export interface EntityLimits {
  /** Largest expansion of any one entity, in characters. */
  maxEntityChars: number;
  /** Largest total growth of the document from entity substitution. */
  maxTotalChars: number;
  maxDepth: number;
  maxDeclarations: number;
}

export const DEFAULT_ENTITY_LIMITS: EntityLimits = {
  maxEntityChars: 64 * 1024,
  maxTotalChars: 1024 * 1024,
  maxDepth: 8,
  maxDeclarations: 512,
};

export interface SafeXml {
  xml: string;
  warnings: string[];
  /** Names of the entities the DOCTYPE declared (internal and external). */
  declared: Set<string>;
}

const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Find the DOCTYPE declaration, including an internal subset in brackets. */
function findDoctype(xml: string): { start: number; end: number; subset: string } | null {
  const start = xml.search(/<!DOCTYPE/i);
  if (start < 0) return null;
  let i = start + 9;
  let subsetStart = -1;
  let quote: string | null = null;
  for (; i < xml.length; i++) {
    const c = xml[i];
    if (quote) { if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'") { quote = c; continue; }
    if (c === '[' && subsetStart < 0) { subsetStart = i + 1; continue; }
    if (c === ']' && subsetStart >= 0) {
      const close = xml.indexOf('>', i);
      if (close < 0) return null;
      return { start, end: close + 1, subset: xml.slice(subsetStart, i) };
    }
    if (c === '>' && subsetStart < 0) return { start, end: i + 1, subset: '' };
  }
  return null;
}

/**
 * Remove the DOCTYPE and substitute its internal general entities, within `limits`.
 * Throws E_PARSE when the expansion would exceed a limit or entities recurse.
 */
export function defuseXml(xml: string, limits: EntityLimits = DEFAULT_ENTITY_LIMITS): SafeXml {
  const warnings: string[] = [];
  const doctype = findDoctype(xml);
  if (!doctype) return { xml, warnings, declared: new Set() };
  const internal = new Map<string, string>();
  const external = new Set<string>();
  const decl = /<!ENTITY\s+(%\s+)?([^\s"'>]+)\s+(?:(SYSTEM|PUBLIC)\b[^>]*|"([^"]*)"|'([^']*)')\s*>/gi;
  let m: RegExpExecArray | null;
  let count = 0;
  while ((m = decl.exec(doctype.subset))) {
    if (++count > limits.maxDeclarations) {
      throw new ReadoutError('E_PARSE', `the XML declares more than ${limits.maxDeclarations} entities; refusing it as a likely entity-expansion attack`);
    }
    const name = m[2]!;
    if (m[1]) { warnings.push(`parameter entity %${name}; ignored`); continue; }
    if (m[3]) { external.add(name); warnings.push(`external entity &${name}; not resolved`); continue; }
    if (!internal.has(name)) internal.set(name, m[4] ?? m[5] ?? '');
  }

  // Sizes first, memoised, so that nested definitions are measured without being built.
  const size = new Map<string, number>();
  const measuring = new Set<string>();
  const measure = (name: string, depth: number): number => {
    const known = size.get(name);
    if (known !== undefined) return known;
    if (depth > limits.maxDepth) throw new ReadoutError('E_PARSE', `XML entities nest deeper than ${limits.maxDepth} levels; refusing a likely entity-expansion attack`);
    if (measuring.has(name)) throw new ReadoutError('E_PARSE', `XML entity &${name}; refers to itself`);
    measuring.add(name);
    const value = internal.get(name) ?? '';
    let total = 0;
    let last = 0;
    for (const ref of value.matchAll(/&([A-Za-z_][\w.-]*);/g)) {
      total += ref.index - last;
      last = ref.index + ref[0].length;
      const r = ref[1]!;
      total += internal.has(r) ? measure(r, depth + 1) : ref[0].length;
      if (total > limits.maxEntityChars) {
        throw new ReadoutError('E_PARSE', `XML entity &${name}; expands beyond ${limits.maxEntityChars} characters (billion-laughs pattern); refusing the document`);
      }
    }
    total += value.length - last;
    measuring.delete(name);
    size.set(name, total);
    return total;
  };
  for (const name of internal.keys()) measure(name, 0);

  const declared = new Set([...internal.keys(), ...external]);
  const body = xml.slice(0, doctype.start) + xml.slice(doctype.end);
  if (internal.size === 0 && external.size === 0) return { xml: body, warnings, declared };

  // Budget over the whole document, counted before substituting.
  let growth = 0;
  for (const ref of body.matchAll(/&([A-Za-z_][\w.-]*);/g)) {
    const n = ref[1]!;
    if (PREDEFINED.has(n)) continue;
    const s = size.get(n);
    if (s !== undefined) growth += s;
    if (growth > limits.maxTotalChars) {
      throw new ReadoutError('E_PARSE', `XML entity references expand beyond ${limits.maxTotalChars} characters; refusing a likely entity-expansion attack`);
    }
  }
  const expanded = new Map<string, string>();
  const expand = (name: string): string => {
    const done = expanded.get(name);
    if (done !== undefined) return done;
    const v = (internal.get(name) ?? '').replace(/&([A-Za-z_][\w.-]*);/g, (all, r: string) => (internal.has(r) ? expand(r) : external.has(r) ? '' : all));
    expanded.set(name, v);
    return v;
  };
  const out = body.replace(/&([A-Za-z_][\w.-]*);/g, (all, n: string) => (internal.has(n) ? expand(n) : external.has(n) ? '' : all));
  return { xml: out, warnings, declared };
}

/**
 * A light well-formedness check: balanced tags, quoted attributes, known entities.
 * Returns the first problem found, or null. Not a validator; it mirrors feedparser's "bozo" flag.
 */
export function wellFormednessProblem(xml: string, declaredEntities: ReadonlySet<string> = new Set()): string | null {
  const stack: string[] = [];
  const re = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>|<\/?([A-Za-z_][\w:.-]*)([^>]*)>|<|&([^;\s<&]{0,40});?/g;
  let m: RegExpExecArray | null;
  let sawRoot = false;
  while ((m = re.exec(xml))) {
    const tok = m[0];
    if (tok === '<') return `stray "<" at offset ${m.index}`;
    if (tok.startsWith('&')) {
      if (!tok.endsWith(';')) return `unterminated entity reference at offset ${m.index}`;
      const name = m[3] ?? '';
      if (name.startsWith('#')) {
        if (!/^#(?:\d+|x[0-9a-fA-F]+)$/.test(name)) return `malformed character reference &${name};`;
        continue;
      }
      if (!PREDEFINED.has(name) && !declaredEntities.has(name)) return `undefined entity &${name};`;
      continue;
    }
    const name = m[1];
    if (!name) continue;
    const attrs = m[2] ?? '';
    if (/=\s*[^"'\s>]/.test(attrs.replace(/"[^"]*"|'[^']*'/g, '""'))) return `unquoted attribute in <${name}>`;
    if (tok.startsWith('</')) {
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open ?? 'nothing'}>`;
    } else if (!attrs.trimEnd().endsWith('/')) {
      if (stack.length === 0 && sawRoot) return 'more than one root element';
      stack.push(name);
      sawRoot = true;
    } else {
      sawRoot = true;
    }
  }
  if (stack.length) return `<${stack[stack.length - 1]}> is never closed`;
  if (!sawRoot) return 'no root element';
  return null;
}
