/**
 * How wide each column of a table is, from what its cells hold: the same rule for the PDF
 * (with the font's real widths) and Word (with widths estimated from the text), close to
 * what a browser does for the HTML page's full-width table.
 *
 * `min` is each column's narrowest width (its longest word, which is never broken while it
 * can be helped), `max` its widest (its longest cell on one line), both with padding.
 */
export function distributeColumns(min: readonly number[], max: readonly number[], available: number): number[] {
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  const widest = max.map((value, index) => Math.max(value, min[index]!));
  const totalMax = sum(widest);
  const totalMin = sum(min);
  if (totalMax <= 0) return widest.map(() => available / Math.max(1, widest.length));
  // Everything fits on one line: the table still fills the text width, shared out as the cells are long.
  if (totalMax <= available) return widest.map((value) => value + ((available - totalMax) * value) / totalMax);
  // Some cells wrap: each column gets its longest word, then a share of what is left by how much more it would like.
  if (totalMin <= available) {
    const wants = totalMax - totalMin;
    return min.map((value, index) => value + ((available - totalMin) * (widest[index]! - value)) / wants);
  }
  // Even the longest words do not fit side by side: narrower columns, and long words broken.
  return min.map((value) => (value * available) / totalMin);
}
