/**
 * Splits a comma list whose items may be schedules (`--shift "(0:(0), 48:(4)), 0"`,
 * `--layers "a:(0:(1), 48:(0)), b"`): only commas outside parentheses separate items, and an item
 * wrapped whole in parentheses is unwrapped, so keyframes, whose own commas would split the list,
 * are written inside one pair of parentheses.
 */
export function splitTopLevel(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items.map((item) => item.trim());
}

/** `(0:(0), 48:(4))` -> `0:(0), 48:(4)`; `(1)+(2)` stays as it is (its parentheses are not one pair). */
export function unwrapParentheses(item: string): string {
  const text = item.trim();
  if (!text.startsWith('(') || !text.endsWith(')')) return text;
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    if (depth === 0) return text;
  }
  return text.slice(1, -1).trim();
}
