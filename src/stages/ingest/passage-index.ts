// Passage hash → the documents holding it (up to a cap, oldest first), for syndication detection.
// A detector remembers thousands of documents of hundreds of passages each: millions of entries.
// In a Map each entry is a heap object the collector must trace, and short owner lists are arrays;
// here keys, owners and lists live in typed arrays (open addressing, linear probing), which is
// several times smaller and faster and leaves the garbage collector nothing to do.

const EMPTY = 0;
const MIN_CAPACITY = 1 << 10;

export class PassageIndex {
  /** Key + 1 per slot (0 = empty); keys are 30-bit passage hashes. */
  private keys: Int32Array;
  /** Per slot: the single owner (>= 0), or -(list + 1) for an owner list. */
  private vals: Int32Array;
  private mask: number;
  private count = 0;
  /** Owner lists: `maxOwners` handles per list, oldest first, with their lengths. */
  private lists: Int32Array;
  private listLen: Uint8Array;
  private listsUsed = 0;
  private freeLists: number[] = [];

  constructor(private readonly maxOwners: number, capacity = MIN_CAPACITY) {
    if (maxOwners < 1 || maxOwners > 255) throw new RangeError('maxOwners must be 1..255');
    let cap = MIN_CAPACITY;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.lists = new Int32Array(64 * maxOwners);
    this.listLen = new Uint8Array(64);
  }

  /** Passages held. */
  get size(): number {
    return this.count;
  }

  private slotOf(key: number): number {
    const k = key + 1;
    // Fibonacci hashing spreads the hash bits over the table.
    let i = Math.imul(k, 0x9e3779b1) >>> 0 & this.mask;
    for (;;) {
      const at = this.keys[i]!;
      if (at === k || at === EMPTY) return i;
      i = (i + 1) & this.mask;
    }
  }

  /** Where `key` is held, or -1 when no document holds it (read with ownerCount and owner). */
  find(key: number): number {
    const i = this.slotOf(key);
    return this.keys[i] === EMPTY ? -1 : i;
  }

  /** How many documents hold the key found at `slot`. */
  ownerCount(slot: number): number {
    const v = this.vals[slot]!;
    return v >= 0 ? 1 : this.listLen[-v - 1]!;
  }

  /** The `j`-th holder (0 = oldest) of the key found at `slot`. */
  owner(slot: number, j: number): number {
    const v = this.vals[slot]!;
    return v >= 0 ? v : this.lists[(-v - 1) * this.maxOwners + j]!;
  }

  /** Records `handle` as a holder of `key`, unless the key already has `maxOwners`. */
  add(key: number, handle: number): void {
    let i = this.slotOf(key);
    if (this.keys[i] === EMPTY) {
      if ((this.count + 1) * 2 > this.keys.length) {
        this.grow();
        i = this.slotOf(key);
      }
      this.keys[i] = key + 1;
      this.vals[i] = handle;
      this.count++;
      return;
    }
    const v = this.vals[i]!;
    if (v >= 0) {
      if (this.maxOwners === 1) return;
      const list = this.newList();
      const base = list * this.maxOwners;
      this.lists[base] = v;
      this.lists[base + 1] = handle;
      this.listLen[list] = 2;
      this.vals[i] = -list - 1;
      return;
    }
    const list = -v - 1;
    const n = this.listLen[list]!;
    if (n >= this.maxOwners) return;
    this.lists[list * this.maxOwners + n] = handle;
    this.listLen[list] = n + 1;
  }

  /** Forgets `handle` as a holder of `key` (and the key when it was the last holder). */
  remove(key: number, handle: number): void {
    const i = this.slotOf(key);
    if (this.keys[i] === EMPTY) return;
    const v = this.vals[i]!;
    if (v >= 0) {
      if (v === handle) this.deleteSlot(i);
      return;
    }
    const list = -v - 1;
    const base = list * this.maxOwners;
    const n = this.listLen[list]!;
    let at = -1;
    for (let j = 0; j < n; j++) if (this.lists[base + j] === handle) { at = j; break; }
    if (at < 0) return;
    this.lists.copyWithin(base + at, base + at + 1, base + n);
    if (n - 1 === 1) {
      this.vals[i] = this.lists[base]!;
      this.freeLists.push(list);
    } else {
      this.listLen[list] = n - 1;
    }
  }

  private newList(): number {
    const free = this.freeLists.pop();
    if (free !== undefined) return free;
    if (this.listsUsed === this.listLen.length) {
      const len = new Uint8Array(this.listLen.length * 2);
      len.set(this.listLen);
      this.listLen = len;
      const lists = new Int32Array(this.lists.length * 2);
      lists.set(this.lists);
      this.lists = lists;
    }
    return this.listsUsed++;
  }

  /** Backward-shift deletion: later entries of the probe run move up, so no tombstones build up. */
  private deleteSlot(i: number): void {
    const { keys, vals, mask } = this;
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = keys[j]!;
      if (k === EMPTY) break;
      const home = Math.imul(k, 0x9e3779b1) >>> 0 & mask;
      // Move the entry into the hole unless its home lies cyclically in (hole, j].
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (between) continue;
      keys[hole] = k;
      vals[hole] = vals[j]!;
      hole = j;
    }
    keys[hole] = EMPTY;
    vals[hole] = 0;
    this.count--;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.vals = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    for (let s = 0; s < oldKeys.length; s++) {
      const k = oldKeys[s]!;
      if (k === EMPTY) continue;
      let i = Math.imul(k, 0x9e3779b1) >>> 0 & this.mask;
      while (this.keys[i] !== EMPTY) i = (i + 1) & this.mask;
      this.keys[i] = k;
      this.vals[i] = oldVals[s]!;
    }
  }
}
