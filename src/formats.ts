/**
 * The output formats, said once: the CLI, the library API and the config file all check
 * against this list (the config schema's enum is tested to match it). HTML, PDF and Word
 * are made from the rendered Markdown, parsed once into a document model.
 */
export const FORMATS = ['md', 'html', 'pdf', 'docx'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(value: unknown): value is Format {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value);
}
