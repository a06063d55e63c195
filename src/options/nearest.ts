/** Levenshtein distance, for "did you mean" lists. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

/** The candidates nearest to a mistyped name, nearest first. */
export function nearest(name: string, candidates: readonly string[], count = 3): string[] {
  return [...candidates].sort((x, y) => distance(name, x) - distance(name, y)).slice(0, count);
}
