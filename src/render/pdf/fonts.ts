import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/*
 * Noto Sans (SIL Open Font License, from @expo-google-fonts/noto-sans) covers Welsh ŵ and ŷ,
 * which pdfkit's built-in Helvetica corrupts. Parsing a font costs far more than laying out
 * a policy, so each face is parsed once per process and the parsed object is handed to
 * every document.
 */

/** The faces the writer uses, by the name it selects them with. */
export type FaceName = 'regular' | 'bold' | 'italic' | 'boldItalic';

const FILES: Record<FaceName, string> = {
  regular: '400Regular/NotoSans_400Regular.ttf',
  bold: '700Bold/NotoSans_700Bold.ttf',
  italic: '400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  boldItalic: '700Bold_Italic/NotoSans_700Bold_Italic.ttf',
};

/** A parsed fontkit font; pdfkit accepts one wherever it accepts a font file. */
export type ParsedFont = { layout: (...args: unknown[]) => unknown };

let parsed: Record<FaceName, ParsedFont> | undefined;

export function loadFonts(): Record<FaceName, ParsedFont> {
  if (!parsed) {
    const fontkit = require('fontkit') as { create(buffer: Uint8Array): ParsedFont };
    const folder = dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));
    const faces = {} as Record<FaceName, ParsedFont>;
    for (const [face, file] of Object.entries(FILES) as Array<[FaceName, string]>) {
      faces[face] = fontkit.create(readFileSync(join(folder, file)));
    }
    parsed = faces;
  }
  return parsed;
}
