import { describe, expect, it } from 'vitest';
import { PassageIndex } from './passage-index.js';

const ownersOf = (index: PassageIndex, key: number): number[] => {
  const slot = index.find(key);
  if (slot < 0) return [];
  return Array.from({ length: index.ownerCount(slot) }, (_, j) => index.owner(slot, j));
};

describe('PassageIndex', () => {
  it('keeps the oldest holders of a passage up to the cap', () => {
    const index = new PassageIndex(3);
    for (const h of [5, 6, 7, 8]) index.add(42, h);
    expect(ownersOf(index, 42)).toEqual([5, 6, 7]);
    expect(ownersOf(index, 43)).toEqual([]);
    index.remove(42, 6);
    expect(ownersOf(index, 42)).toEqual([5, 7]);
    index.remove(42, 5);
    expect(ownersOf(index, 42)).toEqual([7]);
    index.remove(42, 7);
    expect(ownersOf(index, 42)).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('holds one owner per key with a cap of one', () => {
    const index = new PassageIndex(1);
    index.add(1, 10);
    index.add(1, 11);
    expect(ownersOf(index, 1)).toEqual([10]);
  });

  it('agrees with a Map model through growth, collisions and deletions', () => {
    const cap = 4;
    const index = new PassageIndex(cap, 16);
    const model = new Map<number, number[]>();
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    // Few distinct keys, some sharing low bits, so probe runs collide and wrap.
    const keyOf = (): number => (rand(3000) * 1024 + rand(4)) & 0x3fffffff;
    const live: [number, number][] = [];
    for (let step = 0; step < 60_000; step++) {
      if (live.length > 0 && rand(3) === 0) {
        const [key, handle] = live.splice(rand(live.length), 1)[0]!;
        index.remove(key, handle);
        const list = (model.get(key) ?? []).filter((h) => h !== handle);
        if (list.length === 0) model.delete(key);
        else model.set(key, list);
      } else {
        const key = keyOf();
        const handle = step;
        index.add(key, handle);
        const list = model.get(key) ?? [];
        if (list.length < cap) {
          list.push(handle);
          model.set(key, list);
          live.push([key, handle]);
        }
      }
      if (step % 5000 === 0) for (const [k, v] of model) expect(ownersOf(index, k)).toEqual(v);
    }
    expect(index.size).toBe(model.size);
    for (const [k, v] of model) expect(ownersOf(index, k)).toEqual(v);
  });
});
