/**
 * The pipeline for one organisation: load → validate → schedule → render. Each stage does
 * its own work; this module only joins them. Writing is left to the caller, so `build`
 * writes and `validate` does not, from the same steps.
 */
import { hasErrors, type Diagnostic } from './diagnostics';
import type { Format } from './formats';
import type { Language } from './languages';
import { BUILT_IN_TEMPLATES, loadLogo, loadOrganisationFile, loadTemplateLibraries, type InputFile } from './load';
import {
  buildView,
  ImageDecodeError,
  isSmallLogo,
  logoFileName,
  organisationGlyphWarnings,
  renderFormats,
  renderMarkdown,
  smallLogoWarning,
  vocabularyOf,
} from './render';
import { reviewWarnings, scheduleReview, type ReviewSchedule } from './schedule';
import {
  checkTemplateForOrganisation,
  logoDiagnostic,
  logoPathOf,
  unusedFieldWarnings,
  validateOrganisation,
  validateTemplateLibrary,
  type CalendarDate,
  missingTranslations,
  type Organisation,
  type TemplateLibrary,
} from './validate';
import { placeOutput, type OutputFile } from './write';

/** Load the built-in templates and any extra libraries (later ones override earlier ones), and check them. */
export async function prepareTemplateLibrary(
  extraFolders: readonly string[],
  cwd: string,
): Promise<{ library: TemplateLibrary; diagnostics: Diagnostic[] }> {
  const loaded = await loadTemplateLibraries([BUILT_IN_TEMPLATES, ...extraFolders], cwd);
  const checked = validateTemplateLibrary(loaded.library);
  return { library: checked.library, diagnostics: [...loaded.diagnostics, ...checked.diagnostics] };
}

/** What the pipeline made of one organisation file, before anything is written. */
export interface RenderedOrganisation {
  file: string;
  organisation?: Organisation;
  reviews: ReviewSchedule[];
  /** Empty when there is any error: an organisation is built whole or not at all. */
  outputs: RenderedOutput[];
  diagnostics: Diagnostic[];
}

/** One output file, and the policy document it is (the logo beside Markdown files is none). */
export interface RenderedOutput extends OutputFile {
  document?: { policy: string; language: Language; title: string; format: Format };
}

export interface PipelineOptions {
  library: TemplateLibrary;
  today: CalendarDate;
  formats: readonly Format[];
  /** Absolute output folder. */
  outDir: string;
  cwd: string;
  /** Only work out review dates (for `due`): no logo, no rendering, no outputs. */
  scheduleOnly?: boolean;
  /** The languages of organisations whose file does not give them (from a config file). */
  defaultLanguages?: readonly Language[];
  /** Warn about values the PDF's font cannot show (GLYPH_MISSING): for validate, and builds that make PDFs. */
  warnMissingGlyphs?: boolean;
}

/** Run one organisation file through every stage but writing. */
export async function processOrganisation(input: InputFile, options: PipelineOptions): Promise<RenderedOrganisation> {
  const rendered: RenderedOrganisation = { file: input.displayPath, reviews: [], outputs: [], diagnostics: [] };
  const fail = (diagnostics: Diagnostic[]) => {
    rendered.diagnostics.push(...diagnostics);
    rendered.outputs = [];
    return rendered;
  };

  const loaded = loadOrganisationFile(input.absolutePath, input.displayPath);
  rendered.diagnostics.push(...loaded.diagnostics);
  if (!loaded.ok) return rendered;

  const policies = options.library.policies;
  const validated = validateOrganisation(
    loaded.loaded,
    policies.map((policy) => policy.primary),
    options.defaultLanguages,
  );
  rendered.diagnostics.push(...validated.diagnostics);
  const organisation = validated.organisation;
  if (!organisation || hasErrors(rendered.diagnostics)) return rendered;
  rendered.organisation = organisation;

  // A review covers the policy in every language: its dates are the policy's, not a translation's.
  rendered.reviews = policies.map((policy) => scheduleReview(organisation.review, policy.primary, options.today));
  if (options.scheduleOnly) return rendered;
  // Never a silent English fallback: a home that asks for Welsh gets Welsh, or is not built.
  const missing = missingTranslations(organisation, options.library);
  if (missing.length > 0) return fail(missing);
  rendered.diagnostics.push(...unusedFieldWarnings(organisation, options.library.usedNames));

  if (options.warnMissingGlyphs) rendered.diagnostics.push(...organisationGlyphWarnings(organisation, options.library));

  const logoPath = logoPathOf(organisation);
  if (logoPath) {
    const logo = loadLogo(logoPath);
    if (!logo.ok) return fail([logoDiagnostic(organisation, logo)]);
    organisation.logo = logo.image;
    if (isSmallLogo(logo.image.width, logo.image.height)) rendered.diagnostics.push(smallLogoWarning(organisation, logo.image));
  }

  const place = (fileName: string, contents: string | Uint8Array) =>
    placeOutput(
      { outDir: options.outDir, folder: organisation.outputName, fileName, cwd: options.cwd, organisationFile: input.displayPath },
      contents,
    );
  const logoFile = organisation.logo ? logoFileName(organisation.logo.type) : undefined;
  const errors: Diagnostic[] = [];
  // One language keeps <id>.<ext>; several give <id>.<language>.<ext>, each HTML page linking to the others.
  const languages = organisation.languages;
  const fileName = (id: string, language: Language, extension: string) =>
    languages.length > 1 ? `${id}.${language}.${extension}` : `${id}.${extension}`;
  for (const [index, policy] of policies.entries()) {
    const review = rendered.reviews[index]!;
    for (const language of languages) {
      const template = policy.templates.get(language)!;
      const view = buildView(organisation, review, options.today, logoFile ? { href: logoFile } : undefined, language);
      const unknown = checkTemplateForOrganisation(template, options.library.partials, organisation, vocabularyOf(view));
      if (unknown.length > 0) {
        errors.push(...unknown);
        continue;
      }
      const markdown = renderMarkdown(template, view, options.library.partials);
      const alternates = languages
        .filter((other) => other !== language)
        .map((other) => ({ language: other, href: fileName(policy.id, other, 'html') }));
      let formats: Array<[Format, string | Uint8Array]>;
      try {
        formats = await renderFormats(markdown, options.formats, { title: template.title, organisation, review, language, alternates });
      } catch (error) {
        // An image that passed its checks and still would not decode: this home's logo, not a bug.
        if (!(error instanceof ImageDecodeError)) throw error;
        return fail([logoDiagnostic(organisation, { ok: false, reason: 'not-image', detail: `cannot be decoded: ${error.message}` })]);
      }
      for (const [format, contents] of formats) {
        const placed = place(fileName(policy.id, language, format), contents);
        if ('code' in placed) errors.push(placed);
        else rendered.outputs.push({ ...placed, document: { policy: policy.id, language, title: template.title, format } });
      }
    }
  }
  // Markdown refers to the logo beside it; HTML and PDF embed it.
  if (organisation.logo && logoFile && options.formats.includes('md')) {
    const placed = place(logoFile, organisation.logo.bytes);
    if ('code' in placed) errors.push(placed);
    else rendered.outputs.push(placed);
  }
  if (errors.length > 0) return fail(errors);

  rendered.diagnostics.push(...reviewWarnings(organisation, rendered.reviews, options.today));
  return rendered;
}
