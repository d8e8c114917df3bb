/**
 * The pipeline for one organisation: load → validate → schedule → render. Each stage does
 * its own work; this module only joins them. Writing is left to the caller, so `build`
 * writes and `validate` does not, from the same steps.
 */
import { hasErrors, type Diagnostic } from './diagnostics';
import type { Format } from './formats';
import type { Language } from './languages';
import {
  BUILT_IN_TEMPLATES,
  loadLogo,
  loadOrganisationFile,
  loadTemplateLibraries,
  parseYamlSource,
  yamlToData,
  type InputFile,
} from './load';
import {
  buildView,
  ImageDecodeError,
  isSmallLogo,
  logoFileName,
  organisationGlyphWarnings,
  PolicySet,
  renderFormats,
  renderPolicySet,
  type PolicySetEntry,
  renderMarkdown,
  smallLogoWarning,
  vocabularyOf,
} from './render';
import { reviewWarnings, scheduleReview, type ReviewSchedule } from './schedule';
import {
  checkGroupDefaults,
  checkTemplateForOrganisation,
  groupDefaultsOf,
  mergeWithDefaults,
  policiesFor,
  validateConfig,
  type ConfigDefaults,
  type GroupDefaults,
  type Policy,
  logoDiagnostic,
  logoPathOf,
  unusedFieldWarnings,
  validateOrganisation,
  validateTemplateLibrary,
  type CalendarDate,
  missingTranslations,
  type Organisation,
  type Template,
  type TemplateImage,
  type TemplateLibrary,
  partialsIn,
} from './validate';
import { placeOutput, readEarlierOutput, type OutputFile } from './write';

/** Load the built-in templates and any extra libraries (later ones override earlier ones), and check them. */
export async function prepareTemplateLibrary(
  extraFolders: readonly string[],
  cwd: string,
): Promise<{ library: TemplateLibrary; diagnostics: Diagnostic[] }> {
  const loaded = await loadTemplateLibraries([BUILT_IN_TEMPLATES, ...extraFolders], cwd);
  const checked = validateTemplateLibrary(loaded.library);
  return { library: checked.library, diagnostics: [...loaded.diagnostics, ...checked.diagnostics] };
}

/**
 * A care group's defaults, from the text of the config file they are written in: read,
 * checked against the config schema, and against the library (policy ids), once per run.
 */
export function prepareGroupDefaults(
  source: ConfigDefaults,
  library: TemplateLibrary,
): { defaults?: GroupDefaults; diagnostics: Diagnostic[] } {
  const parsed = parseYamlSource(source.text, source.file);
  if (hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const data = yamlToData(parsed.yaml);
  if (!data.ok) return { diagnostics: [data.diagnostic] };
  const loaded = { file: source.file, absolutePath: source.absolutePath, yaml: parsed.yaml, data: data.data ?? {} };
  const validated = validateConfig(loaded);
  const defaults = validated.config && groupDefaultsOf(loaded);
  if (!defaults || hasErrors(validated.diagnostics)) return { diagnostics: validated.diagnostics };
  return {
    defaults,
    diagnostics: checkGroupDefaults(
      defaults,
      library.policies.map((policy) => policy.primary),
    ),
  };
}

/**
 * The defaults a run checked, read again from the same text in a worker thread (the YAML
 * tree does not cross threads); one thread builds many homes, so it reads them once.
 */
export function groupDefaultsFrom(source: ConfigDefaults): GroupDefaults {
  if (lastDefaults?.source.text !== source.text || lastDefaults.source.absolutePath !== source.absolutePath) {
    const parsed = parseYamlSource(source.text, source.file);
    const data = yamlToData(parsed.yaml);
    const defaults = data.ok && groupDefaultsOf({ ...source, yaml: parsed.yaml, data: data.data });
    if (!defaults) throw new Error(`the defaults in ${source.file} were checked, and cannot be read again`);
    lastDefaults = { source, defaults };
  }
  return lastDefaults.defaults;
}

let lastDefaults: { source: ConfigDefaults; defaults: GroupDefaults } | undefined;

/** What the pipeline made of one organisation file, before anything is written. */
export interface RenderedOrganisation {
  file: string;
  organisation?: Organisation;
  /** The library's policies this organisation has (its `policies:` choice), in id order: what it builds and reviews. */
  policies: Policy[];
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
  /** A care group's defaults, merged into every organisation file (its own values win). */
  defaults?: GroupDefaults;
  /** Warn about values the PDF's font cannot show (GLYPH_MISSING): for validate, and builds that make PDFs. */
  warnMissingGlyphs?: boolean;
  /** Also build each language's policy manual, `policy-pack[.<language>].pdf`. */
  pack?: boolean;
  /** Policy ids that come first in the manual and the index, in this order; the rest follow by title. */
  order?: readonly string[];
}

/** Run one organisation file through every stage but writing. */
export async function processOrganisation(input: InputFile, options: PipelineOptions): Promise<RenderedOrganisation> {
  const rendered: RenderedOrganisation = { file: input.displayPath, policies: [], reviews: [], outputs: [], diagnostics: [] };
  const fail = (diagnostics: Diagnostic[]) => {
    rendered.diagnostics.push(...diagnostics);
    rendered.outputs = [];
    return rendered;
  };

  const loaded = loadOrganisationFile(input.absolutePath, input.displayPath);
  rendered.diagnostics.push(...loaded.diagnostics);
  if (!loaded.ok) return rendered;

  const validated = validateOrganisation(
    options.defaults ? mergeWithDefaults(loaded.loaded, options.defaults) : loaded.loaded,
    options.library.policies.map((policy) => policy.primary),
    options.defaultLanguages,
  );
  rendered.diagnostics.push(...validated.diagnostics);
  const organisation = validated.organisation;
  if (!organisation || hasErrors(rendered.diagnostics)) return rendered;
  rendered.organisation = organisation;
  const policies = policiesFor(organisation, options.library.policies);
  rendered.policies = policies;

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
  // Pictures from the template library that the Markdown files show, copied beside them once.
  const copied = new Set<string>();
  // One language keeps <id>.<ext>; several give <id>.<language>.<ext>, each HTML page linking to the others.
  const languages = organisation.languages;
  const fileName = (id: string, language: Language, extension: string) =>
    languages.length > 1 ? `${id}.${language}.${extension}` : `${id}.${extension}`;
  // What the manual and the index need of each policy, by language.
  const set = new PolicySet(languages);
  for (const [index, policy] of policies.entries()) {
    const review = rendered.reviews[index]!;
    for (const language of languages) {
      const template = policy.templates.get(language)!;
      const view = buildView(organisation, review, options.today, logoFile ? { href: logoFile } : undefined, language, template);
      const unknown = checkTemplateForOrganisation(template, options.library.partials, organisation, vocabularyOf(view));
      if (unknown.length > 0) {
        errors.push(...unknown);
        continue;
      }
      const markdown = renderMarkdown(template, view, options.library.partials);
      const alternates = languages
        .filter((other) => other !== language)
        .map((other) => ({ language: other, href: fileName(policy.id, other, 'html') }));
      const pictures = picturesOf(template, options.library);
      let formats: Array<[Format, string | Uint8Array]>;
      try {
        formats = await renderFormats(markdown, options.formats, {
          title: template.title,
          organisation,
          review,
          language,
          alternates,
          pictures,
        });
      } catch (error) {
        // An image that passed its checks and still would not decode: this home's logo, not a bug.
        if (!(error instanceof ImageDecodeError)) throw error;
        return fail([logoDiagnostic(organisation, { ok: false, reason: 'not-image', detail: `cannot be decoded: ${error.message}` })]);
      }
      const built: PolicySetEntry['files'] = [];
      for (const [format, contents] of formats) {
        const placed = place(fileName(policy.id, language, format), contents);
        if ('code' in placed) errors.push(placed);
        else rendered.outputs.push({ ...placed, document: { policy: policy.id, language, title: template.title, format } });
        built.push({ format, href: fileName(policy.id, language, format) });
      }
      if (options.formats.includes('md')) {
        for (const picture of pictures) {
          // A picture inside a section this home does not show is not in its Markdown: no copy.
          if (copied.has(picture.href) || !markdown.includes(`](${picture.href}`)) continue;
          copied.add(picture.href);
          const placed = place(picture.href, picture.bytes);
          if ('code' in placed) errors.push(placed);
          else rendered.outputs.push(placed);
        }
      }
      set.add(language, { id: policy.id, template, review, markdown, pictures, files: built });
    }
  }
  if (options.pack || options.formats.includes('html')) {
    let made: Array<[string, string | Uint8Array]>;
    try {
      made = await renderPolicySet(
        set,
        organisation,
        {
          ...options,
          // A manual is dated the day it was compiled: one already built and still the same keeps its day.
          earlierManual: (name) => readEarlierOutput(options.outDir, organisation.outputName, name, MAX_MANUAL_BYTES),
        },
        (language, extension, base) => fileName(base, language, extension),
      );
    } catch (error) {
      if (!(error instanceof ImageDecodeError)) throw error;
      return fail([logoDiagnostic(organisation, { ok: false, reason: 'not-image', detail: `cannot be decoded: ${error.message}` })]);
    }
    for (const [name, contents] of made) {
      const placed = place(name, contents);
      if ('code' in placed) errors.push(placed);
      else rendered.outputs.push(placed);
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

// Far above any manual policygen makes (a 30-policy manual is about 600 KB): a bigger file is compiled anew.
const MAX_MANUAL_BYTES = 256 * 1024 * 1024;

/** The pictures a template may show: its own, and those of the partials of its language. */
function picturesOf(template: Template, library: TemplateLibrary): TemplateImage[] {
  const pictures = new Map(template.images.map((image) => [image.href, image]));
  for (const partial of partialsIn(library.partials, template.language).values()) {
    for (const image of partial.images) pictures.set(image.href, image);
  }
  return [...pictures.values()];
}
