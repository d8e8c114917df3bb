/**
 * The output formats, said once: the CLI, the library API and the config file all check
 * against this list (the config schema's enum is tested to match it). HTML and PDF are
 * made from the rendered Markdown, parsed once into a document model.
 */
export const FORMATS = ['md', 'html', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(value: unknown): value is Format {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value);
}
