import { FONT_COVERAGE } from './font-coverage';

let ranges: Array<[number, number]> | undefined;

function isCovered(code: number): boolean {
  ranges ??= FONT_COVERAGE.split(',').map((range) => {
    const [from = '', to = from] = range.split('-');
    return [parseInt(from, 16), parseInt(to, 16)] as [number, number];
  });
  let [low, high] = [0, ranges.length - 1];
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [from, to] = ranges[middle]!;
    if (code < from) high = middle - 1;
    else if (code > to) low = middle + 1;
    else return true;
  }
  return false;
}

/** Where in `text` each character the PDF font cannot show first appears, in order, each once. */
export function findMissingGlyphs(text: string): Array<{ character: string; offset: number }> {
  const found = new Map<string, number>();
  let offset = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    // Line breaks, tabs and other controls are never drawn as glyphs.
    if (code >= 0x20 && !found.has(character) && !isCovered(code)) found.set(character, offset);
    offset += character.length;
  }
  return [...found].map(([character, at]) => ({ character, offset: at }));
}

/** `U+4E2D 中, U+1F600 😀`, and how many more after the first eight. */
export function describeGlyphs(characters: readonly string[]): string {
  const named = characters.slice(0, 8).map((character) => {
    const hex = character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `U+${hex} ${character}`;
  });
  const more = characters.length - named.length;
  return named.join(', ') + (more > 0 ? ` and ${more} more` : '');
}
