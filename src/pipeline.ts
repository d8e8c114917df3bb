/**
 * The pipeline for one organisation: load → validate → schedule → render. Writing is left
 * to the caller, so `build` writes and `validate` does not, from the same steps.
 */
import { hasErrors, type Diagnostic } from './diagnostics';
import { organisationGlyphWarnings } from './glyph-warnings';
import { BUILT_IN_TEMPLATES, displayPathFor, loadLogo, loadOrganisationFile, loadTemplateLibraries, type InputFile } from './load';
import {
  buildView,
  COMPUTED_PLACEHOLDERS,
  FIELD_GROUP,
  ImageDecodeError,
  isSmallLogo,
  LETTERHEAD_LOGO,
  MAX_ENLARGEMENT,
  renderMarkdown,
  type EmbeddedImage,
} from './render';
import { formatLongDate, scheduleReview, type ReviewSchedule } from './schedule';
import {
  checkPlaceholders,
  closest,
  diagnosticAtPath,
  FIELD_PREFIX,
  logoPathOf,
  validateOrganisation,
  validateTemplateLibrary,
  type CalendarDate,
  type Locale,
  type Organisation,
  type PlaceholderProblem,
  type TemplateLibrary,
} from './validate';
import { outputPath, type OutputFile } from './write';

/** Output formats. HTML and PDF are made from the rendered Markdown, parsed once into a document model. */
export const FORMATS = ['md', 'html', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

/** Load the built-in templates and any extra libraries (later ones override earlier ones), and check them. */
export async function prepareTemplateLibrary(
  extraFolders: readonly string[],
  cwd: string,
): Promise<{ library: TemplateLibrary; diagnostics: Diagnostic[] }> {
  const loaded = await loadTemplateLibraries([BUILT_IN_TEMPLATES, ...extraFolders], cwd);
  const checked = validateTemplateLibrary(loaded.library);
  return { library: checked.library, diagnostics: [...loaded.diagnostics, ...checked.diagnostics] };
}

/** What the pipeline made of one organisation file. */
export interface OrganisationOutcome {
  file: string;
  organisation?: Organisation;
  schedules: ReviewSchedule[];
  /** Empty when there is any error: an organisation is built whole or not at all. */
  outputs: OutputFile[];
  diagnostics: Diagnostic[];
}

export interface ProcessOptions {
  library: TemplateLibrary;
  today: CalendarDate;
  formats: readonly Format[];
  /** Absolute output folder. */
  outDir: string;
  cwd: string;
  /** Only work out review dates (for `due`): no logo, no rendering, no outputs. */
  scheduleOnly?: boolean;
  /** The locale of organisations whose file does not give one (from a config file). */
  defaultLocale?: Locale;
  /** Warn about values the PDF's font cannot show (GLYPH_MISSING): for validate, and builds that make PDFs. */
  warnMissingGlyphs?: boolean;
}

/** Run one organisation file through every stage but writing. */
export async function processOrganisation(input: InputFile, options: ProcessOptions): Promise<OrganisationOutcome> {
  const outcome: OrganisationOutcome = { file: input.displayPath, schedules: [], outputs: [], diagnostics: [] };
  const fail = (diagnostics: Diagnostic[]) => {
    outcome.diagnostics.push(...diagnostics);
    outcome.outputs = [];
    return outcome;
  };

  const loaded = loadOrganisationFile(input.absolutePath, input.displayPath);
  outcome.diagnostics.push(...loaded.diagnostics);
  if (!loaded.ok) return outcome;

  const templateIds = options.library.templates.map((template) => template.id);
  const validated = validateOrganisation(loaded.loaded, templateIds, options.defaultLocale);
  outcome.diagnostics.push(...validated.diagnostics);
  const organisation = validated.organisation;
  if (!organisation || hasErrors(outcome.diagnostics)) return outcome;
  outcome.organisation = organisation;

  if (options.scheduleOnly) {
    outcome.schedules = options.library.templates.map((template) => scheduleReview(organisation.review, template, options.today));
    return outcome;
  }

  if (options.warnMissingGlyphs) outcome.diagnostics.push(...organisationGlyphWarnings(organisation, options.library));

  const logoPath = logoPathOf(organisation);
  if (logoPath) {
    const logo = loadLogo(logoPath);
    if (!logo.ok) return fail([logoDiagnostic(organisation, logo)]);
    organisation.logo = logo.image;
    if (isSmallLogo(logo.image.width, logo.image.height)) outcome.diagnostics.push(smallLogoWarning(organisation, logo.image));
  }

  const folderName = organisation.outputName;
  const place = (fileName: string): OutputFile | Diagnostic => {
    const path = outputPath(options.outDir, folderName, fileName);
    if (!path) {
      return {
        code: 'OUTPUT_NAME_CLASH',
        severity: 'error',
        file: input.displayPath,
        message: `cannot write an output named "${folderName}/${fileName}": the name is hidden or leaves the output folder`,
        hint: 'rename the organisation file',
      };
    }
    return { path, displayPath: displayPathFor(path, options.cwd), contents: '' };
  };

  const logoFile = organisation.logo ? logoFileName(organisation.logo.type) : undefined;
  const errors: Diagnostic[] = [];
  for (const template of options.library.templates) {
    const schedule = scheduleReview(organisation.review, template, options.today);
    outcome.schedules.push(schedule);
    const view = buildView(organisation, schedule, options.today, logoFile ? { href: logoFile } : undefined);

    const names = Object.keys(view);
    const vocabulary = {
      values: new Set(names.filter((name) => view[name] !== FIELD_GROUP)),
      groups: new Set(names.filter((name) => view[name] === FIELD_GROUP)),
      fieldPrefix: FIELD_PREFIX,
    };
    const unknown = checkPlaceholders(template.tags, options.library.partials, vocabulary, (problem) =>
      explainPlaceholderProblem(problem, organisation, vocabulary),
    );
    if (unknown.length > 0) {
      errors.push(...unknown);
      continue;
    }
    const markdown = renderMarkdown(template, view, options.library.partials);
    let rendered: Array<[Format, string | Uint8Array]>;
    try {
      rendered = await renderFormats(markdown, options.formats, { title: template.title, organisation, schedule });
    } catch (error) {
      // An image that passed its checks and still would not decode: this home's logo, not a bug.
      if (!(error instanceof ImageDecodeError)) throw error;
      return fail([logoDiagnostic(organisation, { reason: 'not-image', detail: `cannot be decoded: ${error.message}` })]);
    }
    for (const [format, contents] of rendered) {
      const placed = place(`${template.id}.${format}`);
      if ('code' in placed) errors.push(placed);
      else outcome.outputs.push({ ...placed, contents });
    }
  }
  // Markdown refers to the logo beside it; HTML and PDF embed it.
  if (organisation.logo && logoFile && options.formats.includes('md')) {
    const placed = place(logoFile);
    if ('code' in placed) errors.push(placed);
    else outcome.outputs.push({ ...placed, contents: organisation.logo.bytes });
  }
  if (errors.length > 0) return fail(errors);

  outcome.diagnostics.push(...reviewWarnings(organisation, outcome.schedules, options.today));
  return outcome;
}

/**
 * Each requested format from one policy's Markdown. HTML and PDF walk the same document
 * model; their writers are loaded only when asked for.
 */
async function renderFormats(
  markdown: string,
  formats: readonly Format[],
  context: { title: string; organisation: Organisation; schedule: ReviewSchedule },
): Promise<Array<[Format, string | Uint8Array]>> {
  const results: Array<[Format, string | Uint8Array]> = [];
  if (formats.includes('md')) results.push(['md', markdown]);
  if (!formats.includes('html') && !formats.includes('pdf')) return results;

  const { organisation } = context;

  const { parseDocument, renderHtml } = require('./render/formats') as typeof import('./render/formats');
  const document = parseDocument(markdown);
  const logo = organisation.logo;
  const images: EmbeddedImage[] = logo
    ? [
        {
          href: logoFileName(logo.type),
          mimeType: logo.type === 'png' ? 'image/png' : 'image/jpeg',
          bytes: logo.bytes,
          width: logo.width,
          height: logo.height,
        },
      ]
    : [];
  const common = { title: context.title, organisationName: organisation.fields.name, locale: organisation.locale, images };
  if (formats.includes('html')) results.push(['html', renderHtml(document, common)]);
  if (formats.includes('pdf')) {
    const { renderPdf } = require('./render/pdf') as typeof import('./render/pdf');
    const nextReview = formatLongDate(context.schedule.nextReview, organisation.locale);
    // Some logos are embedded in a form pdfkit takes correctly (see LogoImage.pdfBytes); HTML shows the file itself.
    const pdfImages = images.map((image) => (logo?.pdfBytes ? { ...image, bytes: logo.pdfBytes } : image));
    const pdfOptions = { ...common, images: pdfImages, nextReview, date: context.schedule.lastReviewed };
    results.push(['pdf', await renderPdf(document, pdfOptions)]);
  }
  return results;
}

/** A problem with the logo file, at the organisation's `logo:` line. */
function logoDiagnostic(
  organisation: Organisation,
  problem: { reason: 'not-found' | 'not-image' | 'unreadable'; detail: string },
): Diagnostic {
  return diagnosticAtPath(organisation.yaml, ['organisation', 'logo'], 'value', {
    code: problem.reason === 'not-image' ? 'LOGO_NOT_IMAGE' : problem.reason === 'not-found' ? 'LOGO_NOT_FOUND' : 'FILE_UNREADABLE',
    path: 'organisation.logo',
    message: `the logo file ${organisation.fields.logo} ${problem.detail}`,
    hint: logoHint(problem),
  });
}

/** What to do about a logo problem; a refused kind of image says so in its own message. */
function logoHint(problem: { reason: 'not-found' | 'not-image' | 'unreadable'; detail: string }): string | undefined {
  if (problem.reason === 'not-found') return 'the path is relative to this YAML file';
  if (problem.reason !== 'not-image') return undefined;
  if (/^(is a damaged|cannot be decoded)/.test(problem.detail)) return 'open it in an image editor and save it again, as a PNG or JPEG';
  if (/^is (not|a folder)/.test(problem.detail)) return 'use a PNG or JPEG image';
  return undefined;
}

function smallLogoWarning(organisation: Organisation, logo: { width: number; height: number }): Diagnostic {
  const shown = Math.min(MAX_ENLARGEMENT, LETTERHEAD_LOGO.width / logo.width, LETTERHEAD_LOGO.height / logo.height);
  const [width, height] = [Math.round(logo.width * shown), Math.round(logo.height * shown)];
  return diagnosticAtPath(organisation.yaml, ['organisation', 'logo'], 'value', {
    code: 'LOGO_SMALL',
    severity: 'warning',
    path: 'organisation.logo',
    message: `the logo is only ${logo.width}×${logo.height} pixels: the PDF letterhead shows it at ${width}×${height} points, soft in print, where there is room for ${LETTERHEAD_LOGO.width}×${LETTERHEAD_LOGO.height}`,
    hint: `use a larger image, at least ${LETTERHEAD_LOGO.height} pixels tall or ${LETTERHEAD_LOGO.width} wide (two or three times that prints sharply)`,
  });
}

/** The logo is written, and referred to, as logo.png or logo.jpg beside the policies. */
function logoFileName(type: 'png' | 'jpeg'): string {
  return `logo.${type === 'png' ? 'png' : 'jpg'}`;
}

function explainPlaceholderProblem(
  problem: PlaceholderProblem,
  organisation: Organisation,
  vocabulary: { values: Set<string>; groups: Set<string> },
): { message: string; hint?: string } {
  const { name } = problem;
  const values = [...vocabulary.values];
  const didYouMean = (candidates: string[]) => {
    const suggestion = closest(name, candidates);
    return suggestion ? `did you mean {{${suggestion}}}?` : undefined;
  };
  if (problem.kind === 'group-as-value') {
    const members = values.filter((value) => value.startsWith(`${name}_`));
    return {
      message: `{{${name}}} is a group of fields in ${organisation.file}, not a single value`,
      hint: `use its fields: ${members.map((member) => `{{${member}}}`).join(', ')}`,
    };
  }
  if (problem.kind === 'impossible-section') {
    return {
      message: `{{#${name}}} can never be true: sections test organisation fields (${FIELD_PREFIX}…)`,
      hint: didYouMean([...values, ...vocabulary.groups]) ?? `check the name`,
    };
  }
  if (name.startsWith(FIELD_PREFIX)) {
    const field = name.slice(FIELD_PREFIX.length);
    if (field === 'logo') {
      return {
        message: `{{${name}}} is not defined: ${organisation.file} has no organisation.logo`,
        hint: `add "logo: ./logo.png" under organisation: in ${organisation.file}, or use {{#${name}}}…{{/${name}}} to show it only when there is one`,
      };
    }
    const where = field.includes('_') ? `organisation.${field} (or organisation.${field.replace(/_/g, '.')})` : `organisation.${field}`;
    return {
      message: `{{${name}}} is not defined: ${organisation.file} has no ${where}`,
      hint: didYouMean(values) ?? `add "${field}:" under organisation: in ${organisation.file}`,
    };
  }
  return {
    message: `{{${name}}} is not a known placeholder`,
    hint: didYouMean(values) ?? `placeholders are org_field_* (from the organisation file) and ${COMPUTED_PLACEHOLDERS.join(', ')}`,
  };
}

/** Dates that are probably mistakes: still built, but the user is told. */
function reviewWarnings(organisation: Organisation, schedules: ReviewSchedule[], today: CalendarDate): Diagnostic[] {
  const lastReviewed = organisation.review.lastReviewed;
  if (lastReviewed !== undefined && lastReviewed > today) {
    return [
      diagnosticAtPath(organisation.yaml, ['review', 'last_reviewed'], 'value', {
        code: 'LAST_REVIEW_IN_FUTURE',
        severity: 'warning',
        message: `the last review (${formatLongDate(lastReviewed, 'en-GB')}) is after today (${formatLongDate(today, 'en-GB')})`,
        hint: 'check the year',
      }),
    ];
  }
  return schedules
    .filter((schedule) => schedule.lastReviewedGiven && schedule.nextReview < today)
    .map((schedule) => {
      const days = -schedule.daysLeft;
      return diagnosticAtPath(
        organisation.yaml,
        schedule.reason.kind === 'trigger' ? ['review', 'triggers', schedule.reason.index, 'date'] : ['review', 'last_reviewed'],
        'value',
        {
          code: 'REVIEW_OVERDUE',
          severity: 'warning',
          message: `${schedule.policyId}: the review was due on ${formatLongDate(schedule.nextReview, 'en-GB')}, ${days} day${days === 1 ? '' : 's'} ago`,
          hint: 'review the policy, then update review.last_reviewed',
        },
      );
    });
}
