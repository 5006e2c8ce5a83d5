// The install-time edits to dependencies: applied exactly, idempotent, refused on unexpected
// text, present in the installed tree, and without effect on what the edited code does.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { PATCHES, applyEdits } from './patch-dependencies.mjs';

const edits = [
  { find: 'const a = 1;', replace: 'const a = 2;' },
  { find: 'f(a);', replace: 'g(a);' },
];

describe('applyEdits', () => {
  it('applies every edit once, then reports the text as already patched', () => {
    const once = applyEdits('x\nconst a = 1;\nf(a);\n', edits);
    expect(once).toEqual({ status: 'patched', text: 'x\nconst a = 2;\ng(a);\n' });
    expect(applyEdits(once.text, edits)).toEqual({ status: 'already', text: once.text });
  });

  it('leaves text it does not recognise, or would edit ambiguously, unchanged', () => {
    expect(applyEdits('const a = 1;\n', edits)).toEqual({ status: 'mismatch', text: 'const a = 1;\n' });
    const twice = 'const a = 1;\nconst a = 1;\nf(a);\n';
    expect(applyEdits(twice, edits)).toEqual({ status: 'mismatch', text: twice });
  });
});

describe('the installed dependencies', () => {
  it('carry every patch (npm install runs scripts/patch-dependencies.mjs)', () => {
    const require = createRequire(import.meta.url);
    for (const p of PATCHES) {
      const root = dirname(require.resolve(`${p.pkg}/package.json`));
      const text = readFileSync(join(root, p.file), 'utf8');
      expect(applyEdits(text, p.edits).status, `${p.pkg}/${p.file}: run \`node scripts/patch-dependencies.mjs\``).toBe('already');
    }
  });

  it('linkedom nodes still add, dispatch to and remove event listeners', () => {
    const { document, Event } = parseHTML('<p id="a">x</p>');
    const p = document.getElementById('a')!;
    const seen: string[] = [];
    const listener = (e: { type: string }): void => { seen.push(e.type); };
    p.removeEventListener('ping', listener); // none yet: nothing to remove, no error
    p.dispatchEvent(new Event('ping')); // none yet: nobody called
    p.addEventListener('ping', listener);
    p.dispatchEvent(new Event('ping'));
    p.removeEventListener('ping', listener);
    p.dispatchEvent(new Event('ping'));
    expect(seen).toEqual(['ping']);
  });
});
