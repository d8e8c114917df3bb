/**
 * How wide each column of a table is, from what its cells hold: the same rule for the PDF
 * (with the font's real widths) and Word (with widths estimated from the text). It is a
 * browser's rule for a full-width table, with one change: a column narrow enough to have
 * its fair share of the width is never wrapped to make room for the others, so a "Type"
 * or "Telephone" column stays on one line beside a column of long sentences.
 *
 * `min` is each column's narrowest width (its longest word, which is never broken while it
 * can be helped), `max` its widest (its longest cell on one line), both with padding.
 */
export function distributeColumns(min: readonly number[], max: readonly number[], available: number): number[] {
  const widest = max.map((value, index) => Math.max(value, min[index]!));
  if (sum(widest) <= available) return share(min, widest, available);
  const fair = available / Math.max(1, widest.length);
  const narrow = widest.map((value) => value <= fair);
  const rest = available - sum(widest.filter((_, index) => narrow[index]));
  const others = (values: readonly number[]) => values.filter((_, index) => !narrow[index]);
  // When the wide columns' longest words would not fit beside the narrow columns whole, every column gives way.
  if (!narrow.some(Boolean) || sum(others(min)) > rest) return share(min, widest, available);
  const shared = share(others(min), others(widest), rest);
  let next = 0;
  return widest.map((value, index) => (narrow[index] ? value : shared[next++]!));
}

/** A browser's rule for a full-width table's columns. */
function share(min: readonly number[], max: readonly number[], available: number): number[] {
  const totalMax = sum(max);
  const totalMin = sum(min);
  if (totalMax <= 0) return max.map(() => available / Math.max(1, max.length));
  // Everything fits on one line: the table still fills the text width, shared out as the cells are long.
  if (totalMax <= available) return max.map((value) => value + ((available - totalMax) * value) / totalMax);
  // Some cells wrap: each column gets its longest word, then a share of what is left by how much more it would like.
  if (totalMin <= available) {
    const wants = totalMax - totalMin;
    return min.map((value, index) => value + ((available - totalMin) * (max[index]! - value)) / wants);
  }
  // Even the longest words do not fit side by side: narrower in proportion, and long words broken.
  return min.map((value) => (value * available) / totalMin);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
