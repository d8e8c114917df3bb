#!/usr/bin/env node
// Part of `npm run build`: shape the text every policy has (the built-in templates for the
// examples in both languages, the page furniture, dates and numbers, the preset glyphs) and
// write the runs to dist/render/pdf/prepared-layouts.json, so a single PDF build shapes only
// its own words; with each face's preset font subset, encoded, so a policy whose text needs
// no other glyph does not encode one (src/render/pdf/prepared-layouts.ts says why). Deleting the file is safe:
// builds are then as slow as without it, and the same bytes.
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const DIST = join(__dirname, '..', 'dist');
const { preparedLayoutsPath, serialiseLayouts } = require(join(DIST, 'render', 'pdf', 'prepared-layouts.js'));

async function main() {
  const path = preparedLayoutsPath();
  // Shape everything afresh: never from an older file.
  rmSync(path, { force: true });
  const { build } = require(DIST);
  const { renderPdf } = require(join(DIST, 'render', 'pdf'));
  const { parseDocument } = require(join(DIST, 'render', 'formats'));
  const { sharedLayouts } = require(join(DIST, 'render', 'pdf', 'speed-layer.js'));

  const out = mkdtempSync(join(tmpdir(), 'policygen-prepare-'));
  try {
    // --check writes nothing: it renders every example's policies in memory.
    const result = await build({
      inputs: [join(__dirname, '..', 'examples')],
      out,
      formats: ['pdf'],
      check: true,
      jobs: 1,
      today: '2026-11-25',
    });
    if (!result.organisations.every((organisation) => organisation.outputs.length > 0)) throw new Error('the examples did not build');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  // The words that change from home to home but come from a small set: dates, page numbers.
  for (const language of ['en', 'cy']) {
    // Emphasis selects the italic faces, so their preset glyphs are prepared too.
    const markdown = `# Dates\n\n*Italic* ***Bold italic***\n\n${furnitureWords(language)
      .map((word) => `${word}\n\n${word} ${word}`)
      .join('\n\n')}\n`;
    await renderPdf(parseDocument(markdown), {
      title: 'Dates',
      organisationName: 'Dates',
      language,
      images: [],
      nextReview: '1 April 2027',
      date: '2026-04-01',
    });
  }
  const file = serialiseLayouts(sharedLayouts(), presetSubsets());
  writeFileSync(path, JSON.stringify(file));
  const runs = Object.values(file.faces).reduce((sum, face) => sum + Object.keys(face.runs).length, 0);
  console.log(`prepared ${runs} PDF text layouts and ${Object.keys(file.subsets).length} font subsets in ${path}`);
}

/** Each face's subset as a document starts it (the preset glyphs), and its encoding. */
function presetSubsets() {
  const pdf = (name) => require(join(DIST, 'render', 'pdf', name));
  const { createPdfDocument, internals, loadPdfkit, registerParsedFont } = pdf('pdfkit-internals.js');
  const { presetSubsets: preset } = pdf('pdfkit-fixes.js');
  const { presetSubset } = pdf('speed-layer.js');
  const fonts = pdf('fonts.js').parseFonts();
  const doc = createPdfDocument(loadPdfkit(false), { autoFirstPage: true });
  for (const [name, font] of Object.entries(fonts)) registerParsedFont(doc, name, font);
  preset(doc);
  const subsets = new Map();
  for (const face of Object.keys(fonts)) {
    doc.font(face);
    subsets.set(face, presetSubset(internals(doc)._font));
  }
  return subsets;
}

/** Days, months in both languages, years and page numbers, as the footer and the policy's dates write them. */
function furnitureWords(language) {
  const { formatLongDate } = require(join(DIST, 'schedule'));
  const words = new Set();
  for (let year = 2024; year <= 2040; year++) {
    for (let month = 1; month <= 12; month++) {
      for (const day of [1, 15, 28, 29, 30, 31]) {
        const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        try {
          for (const word of formatLongDate(date, language).split(' ')) words.add(word);
        } catch {
          // not a real date (30 February)
        }
      }
    }
  }
  for (let day = 1; day <= 31; day++) words.add(String(day));
  for (let page = 1; page <= 60; page++) words.add(String(page));
  return [...words];
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
