// The index the story grouper finds candidate stories in: for each day, which stories have a
// document with a given key (an actor, a salient term, a main event) on that day. A document's
// candidates are the stories sharing the most weighted keys with it within a window of days, so
// finding them costs the same whether 40 or 100,000 documents came before. Entries are never
// removed (a document moved by refinement leaves its old story listed): callers check on use.

export class CandidateIndex {
  // day → key → story indexes, each once
  private readonly postings = new Map<number, Map<number, number[]>>();
  // Scratch, by story index: summed key weights, and the query that last touched the story.
  private hitWeight = new Float64Array(256);
  private hitQuery = new Int32Array(256);
  private query = 0;
  private readonly touched: number[] = [];

  /** Records that story `story` has a document with these keys on `day`. */
  add(story: number, day: number, keys: ArrayLike<number>): void {
    let bucket = this.postings.get(day);
    if (!bucket) this.postings.set(day, (bucket = new Map()));
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const list = bucket.get(key);
      if (!list) bucket.set(key, [story]);
      else if (list[list.length - 1] !== story && !list.includes(story)) list.push(story);
    }
  }

  /**
   * The (at most) `max` stories with the highest summed weight of keys shared within
   * `day ± windowDays` (a key counts once per day it is shared), best first, ties by lower index.
   */
  top(day: number, windowDays: number, keys: ArrayLike<number>, weights: ArrayLike<number>, max: number): number[] {
    this.query++;
    const touched = this.touched;
    touched.length = 0;
    for (let d = day - windowDays; d <= day + windowDays; d++) {
      const bucket = this.postings.get(d);
      if (!bucket) continue;
      for (let k = 0; k < keys.length; k++) {
        const list = bucket.get(keys[k]!);
        if (!list) continue;
        const w = weights[k]!;
        for (const idx of list) {
          if (idx >= this.hitQuery.length) this.grow(idx + 1);
          if (this.hitQuery[idx] !== this.query) {
            this.hitQuery[idx] = this.query;
            this.hitWeight[idx] = 0;
            touched.push(idx);
          }
          this.hitWeight[idx] = this.hitWeight[idx]! + w;
        }
      }
    }
    // A selection of the best few, not a sort of every story touched.
    const out: number[] = [];
    while (out.length < max) {
      let pick = -1;
      let pickWeight = -Infinity;
      for (const idx of touched) {
        const w = this.hitWeight[idx]!;
        if (w > pickWeight || (w === pickWeight && idx < pick)) {
          pick = idx;
          pickWeight = w;
        }
      }
      if (pick < 0) break;
      out.push(pick);
      // Taken: out of the running for the next pick.
      this.hitWeight[pick] = -Infinity;
    }
    return out;
  }

  private grow(min: number): void {
    let size = this.hitQuery.length;
    while (size < min) size *= 2;
    const w = new Float64Array(size);
    w.set(this.hitWeight);
    this.hitWeight = w;
    const q = new Int32Array(size);
    q.set(this.hitQuery);
    this.hitQuery = q;
  }
}
