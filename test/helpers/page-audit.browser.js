// Runs inside the page (page.evaluate): a small accessibility audit in the spirit of axe. Plain
// JavaScript because the test program has no DOM types; it returns {problems, checkedPairs}.
(() => {
    const problems = [];
    const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`;

    for (const img of Array.from(document.querySelectorAll('img'))) {
      if (!img.hasAttribute('alt')) problems.push(`img without alt: ${img.src}`);
    }
    for (const svg of Array.from(document.querySelectorAll('svg'))) {
      if (svg.parentElement?.closest('svg')) continue;
      if (svg.getAttribute('aria-hidden') === 'true') continue;
      const named = (svg.getAttribute('aria-label') ?? '').trim() !== '' || svg.hasAttribute('aria-labelledby')
        || Array.from(svg.children).some((c) => c.tagName.toLowerCase() === 'title' && (c.textContent ?? '').trim() !== '');
      if (!named) problems.push(`svg without title or aria-label: ${describe(svg)}`);
    }
    for (const el of Array.from(document.querySelectorAll('input, select, textarea'))) {
      const input = el;
      if (input.type === 'hidden' || input.type === 'submit' || input.type === 'button') continue;
      const labelled = (input.labels?.length ?? 0) > 0 || (input.getAttribute('aria-label') ?? '').trim() !== '' || input.hasAttribute('aria-labelledby');
      if (!labelled) problems.push(`form control without label: ${describe(el)}`);
    }
    for (const el of Array.from(document.querySelectorAll('a, button'))) {
      const name = (el.textContent ?? '').trim() || el.getAttribute('aria-label') || el.getAttribute('title');
      if (!name) problems.push(`link or button without a name: ${describe(el)}`);
    }
    for (const frame of Array.from(document.querySelectorAll('iframe'))) {
      if (!(frame.getAttribute('title') ?? '').trim()) problems.push('iframe without title');
    }
    if (document.querySelectorAll('main').length !== 1) problems.push('expected exactly one <main>');
    if (!document.querySelector('nav')) problems.push('no <nav> landmark');
    if (!document.querySelector('header')) problems.push('no <header> landmark');
    if (!document.documentElement.lang) problems.push('<html> has no lang');

    const levels = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).map((h) => Number(h.tagName[1]));
    if (levels.filter((l) => l === 1).length !== 1) problems.push(`expected one h1, found ${levels.filter((l) => l === 1).length}`);
    if (levels[0] !== 1) problems.push(`first heading is h${levels[0]}`);
    levels.forEach((l, i) => {
      const prev = levels[i - 1];
      if (prev !== undefined && l > prev + 1) problems.push(`heading level skips from h${prev} to h${l}`);
    });

    const parse = (c) => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
      if (!m) return null;
      return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
    };
    const luminance = ([r, g, b]) => {
      const ch = (v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c[3] > 0.5) return c;
      }
      return [255, 255, 255, 1];
    };
    let checkedPairs = 0;
    const seen = new Set();
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const hasText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (!hasText) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      // The skip link is off-screen until focused; it is checked in its focused state separately.
      if (rect.bottom < 0) continue;
      const inSvg = el instanceof SVGElement;
      const fg = parse(inSvg ? style.fill : style.color);
      if (!fg) continue;
      const bg = background(inSvg ? (el.closest('svg')?.parentElement ?? el) : el);
      const l1 = luminance(fg);
      const l2 = luminance(bg);
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      checkedPairs++;
      const key = `${style.color}|${bg.join(',')}`;
      if (ratio < needed && !seen.has(key)) {
        seen.add(key);
        problems.push(`contrast ${ratio.toFixed(2)}:1 < ${needed}:1 for ${describe(el)} (${inSvg ? style.fill : style.color} on rgb(${bg.slice(0, 3).join(',')}))`);
      }
    }
    return { problems, checkedPairs };
})();
