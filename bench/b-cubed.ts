// B-cubed precision and recall of a clustering against gold labels (Bagga & Baldwin 1998).

export interface BCubed { precision: number; recall: number; f1: number }

/** `predicted` and `gold` map each item to its cluster label; only items in both are scored. */
export function bCubed(predicted: Map<string, string>, gold: Map<string, string>): BCubed {
  const ids = [...gold.keys()].filter((id) => predicted.has(id));
  const byPred = new Map<string, string[]>();
  const byGold = new Map<string, string[]>();
  for (const id of ids) {
    const p = predicted.get(id)!;
    const g = gold.get(id)!;
    (byPred.get(p) ?? byPred.set(p, []).get(p)!).push(id);
    (byGold.get(g) ?? byGold.set(g, []).get(g)!).push(id);
  }
  let precision = 0;
  let recall = 0;
  for (const id of ids) {
    const pc = byPred.get(predicted.get(id)!)!;
    const gc = byGold.get(gold.get(id)!)!;
    const g = gold.get(id)!;
    const p = predicted.get(id)!;
    const both = pc.filter((x) => gold.get(x) === g).length;
    precision += both / pc.length;
    recall += gc.filter((x) => predicted.get(x) === p).length / gc.length;
  }
  const n = ids.length || 1;
  precision /= n;
  recall /= n;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}
