'use strict';
// The code points that all four faces of the PDF font map to a glyph, as [from, to] ranges.
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const FILES = [
  '400Regular/NotoSans_400Regular.ttf',
  '700Bold/NotoSans_700Bold.ttf',
  '400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  '700Bold_Italic/NotoSans_700Bold_Italic.ttf',
];

function fontCoverageRanges() {
  const fontkit = require('fontkit');
  const folder = dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));
  const sets = FILES.map((file) => new Set(fontkit.create(readFileSync(join(folder, file))).characterSet));
  const common = [...sets[0]].filter((code) => sets.every((set) => set.has(code))).sort((a, b) => a - b);
  const ranges = [];
  for (const code of common) {
    const last = ranges.at(-1);
    if (last && last[1] === code - 1) last[1] = code;
    else ranges.push([code, code]);
  }
  return ranges;
}

module.exports = { fontCoverageRanges };
