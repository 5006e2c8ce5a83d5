// Run by `npm install` (postinstall): small, checked edits to installed dependencies, for speed
// only (nothing here changes what any function returns). Each names the exact version it was
// written against; a different version or text is left alone with a warning, never half-edited.
//
// linkedom 0.18.15, EventTarget: every DOM node's constructor put a fresh Map of listeners into a
// module-wide WeakMap. A page is tens of thousands of nodes and nothing listens to them while we
// extract text, so a third of extraction time went to WeakMap insertions and the garbage
// collector's ephemeron work. The Map is now made by the first addEventListener; the readers of
// the WeakMap already allowed a node without one (invokeListeners) or now do (removeEventListener).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAZY_LISTENERS = [
  {
    find: '  constructor() {\n    wm.set(this, new Map);\n  }',
    replace: '  constructor() {\n    // readout: listener maps are made on first use (scripts/patch-dependencies.mjs)\n  }',
  },
  {
    find: '  addEventListener(type, listener, options) {\n    const map = wm.get(this);\n',
    replace: '  addEventListener(type, listener, options) {\n    let map = wm.get(this);\n    if (!map) wm.set(this, map = new Map);\n',
  },
  {
    find: '  removeEventListener(type, listener) {\n    const map = wm.get(this);\n    if (map.has(type)) {',
    replace: '  removeEventListener(type, listener) {\n    const map = wm.get(this);\n    if (map && map.has(type)) {',
  },
];

/** The dependency files edited, each with its package, version and edits. */
export const PATCHES = [
  { pkg: 'linkedom', version: '0.18.15', file: 'esm/interface/event-target.js', edits: LAZY_LISTENERS },
  { pkg: 'linkedom', version: '0.18.15', file: 'cjs/interface/event-target.js', edits: LAZY_LISTENERS },
];

/**
 * `text` with every edit applied: 'patched' when each `find` occurred exactly once, 'already' when
 * every `replace` is there instead, 'mismatch' (text unchanged) otherwise.
 */
export function applyEdits(text, edits) {
  if (edits.every((e) => text.includes(e.replace) && !text.includes(e.find))) return { status: 'already', text };
  let out = text;
  for (const e of edits) {
    const at = out.indexOf(e.find);
    if (at < 0 || out.indexOf(e.find, at + 1) >= 0) return { status: 'mismatch', text };
    out = out.slice(0, at) + e.replace + out.slice(at + e.find.length);
  }
  return { status: 'patched', text: out };
}

/** Applies PATCHES under the packages `resolveFrom` finds; returns one line per file. */
export function patchDependencies(resolveFrom = import.meta.url) {
  const require = createRequire(resolveFrom);
  const lines = [];
  for (const p of PATCHES) {
    let root;
    try {
      root = dirname(require.resolve(`${p.pkg}/package.json`));
    } catch {
      lines.push(`${p.pkg}: not installed; nothing to patch`);
      continue;
    }
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    if (version !== p.version) {
      lines.push(`warning: ${p.pkg} is ${version}, not ${p.version}: ${p.file} left as it is (check scripts/patch-dependencies.mjs against the new version)`);
      continue;
    }
    const path = join(root, p.file);
    const result = applyEdits(readFileSync(path, 'utf8'), p.edits);
    if (result.status === 'patched') writeFileSync(path, result.text);
    lines.push(result.status === 'mismatch'
      ? `warning: ${p.pkg} ${p.file} does not read as expected; left as it is (check scripts/patch-dependencies.mjs)`
      : `${p.pkg} ${p.file}: ${result.status === 'patched' ? 'patched' : 'already patched'}`);
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const line of patchDependencies()) console.log(`readout postinstall: ${line}`);
}
