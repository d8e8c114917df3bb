import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ParsedFont } from './pdfkit-internals';

/*
 * Noto Sans (SIL Open Font License, from @expo-google-fonts/noto-sans) covers Welsh ŵ and ŷ,
 * which pdfkit's built-in Helvetica corrupts. Parsing a font costs far more than laying out
 * a policy, so each face is parsed once per process and the parsed object is handed to
 * every document.
 */

/** The faces the writer uses, by the name it selects them with. */
export type FaceName = 'regular' | 'bold' | 'italic' | 'boldItalic';

export const FACE_FILES: Record<FaceName, string> = {
  regular: '400Regular/NotoSans_400Regular.ttf',
  bold: '700Bold/NotoSans_700Bold.ttf',
  italic: '400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  boldItalic: '700Bold_Italic/NotoSans_700Bold_Italic.ttf',
};

let files: Record<FaceName, Buffer> | undefined;
let parsed: Record<FaceName, ParsedFont> | undefined;

/** The font files' bytes, read once per process. */
export function fontFiles(): Record<FaceName, Buffer> {
  if (!files) {
    const folder = dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));
    const read = {} as Record<FaceName, Buffer>;
    for (const [face, file] of Object.entries(FACE_FILES) as Array<[FaceName, string]>) read[face] = readFileSync(join(folder, file));
    files = read;
  }
  return files;
}

/** Every face, parsed once per process and shared by every document. */
export function loadFonts(): Record<FaceName, ParsedFont> {
  parsed ??= parseFonts();
  return parsed;
}

/** Every face, parsed anew: what plain pdfkit use does for each document. */
export function parseFonts(): Record<FaceName, ParsedFont> {
  const fontkit = require('fontkit') as { create(buffer: Uint8Array): ParsedFont };
  const faces = {} as Record<FaceName, ParsedFont>;
  for (const [face, bytes] of Object.entries(fontFiles()) as Array<[FaceName, Buffer]>) faces[face] = fontkit.create(bytes);
  return faces;
}
