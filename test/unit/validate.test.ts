import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrganisationText, parseTemplateText } from '../../src/load';
import { formatDiagnostic } from '../../src/format-diagnostic';
import { checkPlaceholders, validateOrganisation, validateTemplateLibrary } from '../../src/validate';
import { organisationYaml, REPO } from '../helpers';

function check(text: string, templateIds = ['social-media']) {
  const parsed = parseOrganisationText(text, '/homes/home.yaml', 'home.yaml');
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const validated = validateOrganisation(
    parsed.loaded,
    templateIds.map((id) => ({ id, file: `templates/${id}.md` })),
  );
  return { organisation: validated.organisation, diagnostics: [...parsed.diagnostics, ...validated.diagnostics] };
}

/** The diagnostics as `line:column CODE message`, the facts a user sees. */
function summary(text: string, templateIds?: string[]) {
  return check(text, templateIds).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
}

describe('organisation files', () => {
  test('a valid file becomes an Organisation with defaults filled in', () => {
    const { organisation, diagnostics } = check(organisationYaml());
    expect(diagnostics).toEqual([]);
    expect(organisation).toMatchObject({
      outputName: 'home',
      fields: { name: 'Cartref Gofal Tŷ Gwyn', registration_no: 'W0012345' },
      review: { lastReviewed: '2026-04-01', intervalMonths: 12, policyIntervals: new Map(), triggers: [] },
      locale: 'en-GB',
    });
  });

  test('an unquoted registration number is reported at its value, with "quote it"', () => {
    const { diagnostics } = check(organisationYaml().replace('registration_no: "W0012345"', 'registration_no: 012345'));
    expect(diagnostics).toHaveLength(1);
    expect(formatDiagnostic(diagnostics[0]!)).toBe(
      [
        'home.yaml:3:20: error: organisation.registration_no must be text, not the number 12345 [TYPE_MISMATCH]',
        '  3 |   registration_no: 012345',
        '    |                    ^^^^^^',
        '  hint: quote it, as registration_no: "012345", or the leading zero is lost (YAML reads 012345 as the number 12345)',
      ].join('\n'),
    );
  });

  test('YAML syntax errors name line and column', () => {
    expect(summary('organisation:\n  name: "Tŷ Gwyn\n')).toEqual(['2:9 YAML_SYNTAX this quoted text is never closed with "']);
    expect(summary('organisation:\n\tname: x\n')).toEqual(['2:1 YAML_SYNTAX tabs are not allowed as indentation in YAML']);
    expect(summary('organisation:\n  name: a\n  name: b\n')).toEqual(['3:3 YAML_SYNTAX this key appears twice in the same mapping']);
  });

  test('an empty file says so', () => {
    expect(summary('')).toEqual(['1:1 EMPTY_FILE the file is empty']);
    expect(summary('# only a comment\n')).toEqual(['1:1 EMPTY_FILE the file is empty']);
  });

  test('a byte-order mark and CRLF line endings are fine', () => {
    expect(check(organisationYaml().replace(/\n/g, '\r\n')).diagnostics).toEqual([]);
  });

  test('schema violations are positioned at the field', () => {
    const text = [
      'organisation:',
      '  name: ""',
      '  registration_no: "W1"',
      '  registered_manager:',
      '    first_name: Ann',
      '  phone: 01248 123456',
      'review:',
      '  last_reviewed: 2026-02-30',
      '  interval_months: 13',
      '  polices: {}',
      '  triggers:',
      '    - date: 2026-09-01T10:00:00',
      '      reason: New guidance',
      'locale: fr',
      '',
    ].join('\n');
    expect(summary(text)).toEqual([
      '2:9 INVALID_VALUE organisation.name must not be blank',
      '4:3 REQUIRED_FIELD_MISSING organisation.registered_manager is missing "last_name"',
      '8:18 INVALID_VALUE review.last_reviewed: 2026-02-30 is not a real date',
      '9:20 INVALID_VALUE review.interval_months must be from 1 to 12, not 13',
      '10:3 UNKNOWN_FIELD unknown field "polices" in review',
      '12:13 INVALID_VALUE review.triggers[0].date must be a calendar date, not a timestamp',
      '14:9 INVALID_VALUE locale must be one of "en-GB", "cy", not the text "fr"',
    ]);
    // "01248 123456" has a space, so YAML keeps it as text: no error for phone.
  });

  test('blank text is refused, whitespace included', () => {
    const text = organisationYaml()
      .replace('first_name: Siân', 'first_name: "   "')
      .replace('  registered_manager:', '  fax: ""\n  registered_manager:');
    expect(summary(text)).toEqual([
      '4:8 INVALID_VALUE organisation.fax must not be blank',
      '6:17 INVALID_VALUE organisation.registered_manager.first_name must not be blank',
    ]);
  });

  test('a YAML timestamp is explained, not called a group of fields', () => {
    const { diagnostics } = check(organisationYaml().replace('last_reviewed: 2026-04-01', 'last_reviewed: !!timestamp 2026-04-01'));
    expect(diagnostics).toEqual([
      expect.objectContaining({
        message: 'review.last_reviewed must be text, not a timestamp',
        hint: 'write the date as plain YYYY-MM-DD, without a !!timestamp tag or a %YAML 1.1 line',
      }),
    ]);
  });

  test('suggests the field a typo meant', () => {
    const { diagnostics } = check(organisationYaml().replace('review:', 'reveiw:'));
    expect(diagnostics[0]).toMatchObject({ code: 'UNKNOWN_FIELD', line: 7, column: 1, hint: 'did you mean "review"?' });
    const missing = check(organisationYaml().replace('registration_no', 'registation_no')).diagnostics;
    expect(missing[0]).toMatchObject({ code: 'REQUIRED_FIELD_MISSING', hint: 'is "registation_no" a misspelling of "registration_no"?' });
  });

  test('a file that is a list, not a mapping', () => {
    expect(summary('- organisation\n')).toEqual(['1:1 TYPE_MISMATCH the file must be a group of indented fields, not a list']);
  });

  test('custom fields must be text, with a hint for numbers', () => {
    const { diagnostics } = check(organisationYaml().replace('  registered_manager:', '  beds: 24\n  registered_manager:'));
    expect(diagnostics[0]).toMatchObject({ code: 'TYPE_MISMATCH', line: 4, column: 9, hint: 'quote it: beds: "24"' });
  });

  test('policy ids must exist, with a suggestion', () => {
    const text = organisationYaml({
      extra: '  policies:\n    social-meda: { interval_months: 6 }\n  triggers:\n    - { date: 2026-09-01, reason: x, policies: [fire] }',
    });
    expect(check(text).diagnostics.map((d) => [d.line, d.column, d.code, d.hint])).toEqual([
      [10, 5, 'UNKNOWN_POLICY', 'did you mean "social-media"?'],
      [12, 49, 'UNKNOWN_POLICY', 'known ids: social-media'],
    ]);
  });

  test('a trigger on or before the last review is a warning, not an error', () => {
    const { organisation, diagnostics } = check(organisationYaml({ extra: '  triggers:\n    - { date: 2026-03-01, reason: old news }' }));
    expect(organisation).toBeDefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'TRIGGER_BEFORE_LAST_REVIEW', severity: 'warning', line: 10, column: 15 }),
    ]);
  });

  test("a per-policy interval longer than the organisation's is a warning", () => {
    const text = organisationYaml({ extra: '  interval_months: 6\n  policies:\n    social-media: { interval_months: 12 }' });
    const { organisation, diagnostics } = check(text);
    expect(organisation?.review.intervalMonths).toBe(6);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'INTERVAL_IGNORED', severity: 'warning', line: 11, column: 38 })]);
  });

  test('two fields that become the same placeholder clash', () => {
    const text = organisationYaml().replace('  registered_manager:', '  registered_manager_first_name: Ann\n  registered_manager:');
    expect(summary(text)).toEqual([
      '6:5 FIELD_NAME_CLASH organisation.registered_manager.first_name and organisation.registered_manager_first_name both become {{org_field_registered_manager_first_name}}',
    ]);
  });
});

function library(files: Record<string, string>, partials: Record<string, string> = {}) {
  const templates = Object.entries(files).map(([id, text]) => parseTemplateText(text, id, `templates/${id}.md`));
  const loadDiagnostics = templates.flatMap((t) => t.diagnostics);
  const checked = validateTemplateLibrary({
    templates: templates.flatMap((t) => (t.template ? [t.template] : [])),
    partials: new Map(Object.entries(partials).map(([name, body]) => [name, { name, file: `templates/partials/${name}.md`, body }])),
  });
  return { library: checked.library, diagnostics: [...loadDiagnostics, ...checked.diagnostics] };
}

describe('templates', () => {
  test('front matter gives the title and an optional shorter interval', () => {
    const { library: lib, diagnostics } = library({
      fire: '---\nid: fire\ntitle: Fire Safety Policy\nreview_interval_months: 6\n---\n# Fire\n',
    });
    expect(diagnostics).toEqual([]);
    expect(lib.templates[0]).toMatchObject({
      id: 'fire',
      title: 'Fire Safety Policy',
      reviewIntervalMonths: 6,
      body: '# Fire\n',
      bodyLineOffset: 5,
    });
  });

  test('front matter errors are positioned in the template file', () => {
    const { diagnostics } = library({
      fire: '---\ntitle: Fire\nreview_interval_months: 24\n---\nx\n',
      none: '# No front matter\n',
      wrong: '---\nid: right\ntitle: X\n---\nx\n',
      extra: '---\ntitle: X\nauthor: me\n---\nx\n',
      empty: '---\n---\nx\n',
    });
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      'templates/none.md:1:1 TEMPLATE_FRONT_MATTER a template starts with YAML front matter between two "---" lines',
      'templates/fire.md:3:25 TEMPLATE_FRONT_MATTER review_interval_months must be from 1 to 12, not 24',
      'templates/wrong.md:2:5 TEMPLATE_FRONT_MATTER the id "right" does not match the file name, which gives "wrong"',
      'templates/extra.md:3:1 TEMPLATE_FRONT_MATTER unknown field "author"',
      'templates/empty.md:2:1 TEMPLATE_FRONT_MATTER the front matter is empty; it needs at least a title',
    ]);
  });

  test('an unclosed section is a syntax error at its line in the file', () => {
    const { diagnostics } = library({ fire: '---\ntitle: Fire\n---\n# Fire\n\n{{#org_field_logo}}\nlogo\n' });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'TEMPLATE_SYNTAX',
        file: 'templates/fire.md',
        line: 6,
        column: 1,
        message: 'the section {{#org_field_logo}} is never closed with {{/org_field_logo}}',
      }),
    ]);
  });

  test('an unclosed tag and a delimiter change point at the tag itself', () => {
    const { diagnostics } = library({
      open: '---\ntitle: Open\n---\n# Open\n\nHello {{org_field_name\nmore text\n',
      delims: '---\ntitle: Delims\n---\n# Delims\n\n{{= x =}}\n',
    });
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual([
      'templates/open.md:6:7 this tag is never closed with }}',
      'templates/delims.md:6:1 this delimiter change is not valid; policy templates use {{ and }}',
    ]);
  });

  test('a missing partial is an error at the tag', () => {
    const { diagnostics } = library({ fire: '---\ntitle: Fire\n---\n# Fire\n\n{{> sign-off}}\n' });
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'PARTIAL_NOT_FOUND', line: 6, column: 1, message: 'there is no partial "sign-off"' }),
    ]);
  });

  test('unknown placeholders are found in the body, in partials, and in sections that will print', () => {
    const { library: lib } = library(
      {
        fire: '---\ntitle: Fire\n---\n# {{org_field_name}}\n\n{{org_field_adress}}\n{{#org_field_logo}}{{org_field_x}}{{/org_field_logo}}\n{{^org_field_fax}}{{org_field_y}}{{/org_field_fax}}\n{{> sign-off}}\n',
      },
      { 'sign-off': 'Signed: {{org_field_signatory}}\n' },
    );
    const vocabulary = { values: new Set(['org_field_name', 'org_field_address']), groups: new Set<string>(), fieldPrefix: 'org_field_' };
    const diagnostics = checkPlaceholders(lib.templates[0]!.tags, lib.partials, vocabulary, (p) => ({ message: `${p.kind} ${p.name}` }));
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual([
      'templates/fire.md:6:1 undefined-value org_field_adress',
      // {{org_field_x}} is inside a section over an undefined field: it can never print.
      'templates/fire.md:8:19 undefined-value org_field_y',
      'templates/partials/sign-off.md:1:9 undefined-value org_field_signatory',
    ]);
  });

  test('a group of fields opens a section but cannot be printed, and a section name must be a field', () => {
    const { library: lib } = library({
      visit:
        '---\ntitle: Visiting\n---\n{{#org_field_address}}Town: {{org_field_address_town}}{{/org_field_address}}\n{{org_field_address}}\n{{#org_feild_logo}}x{{/org_feild_logo}}\n',
    });
    const vocabulary = { values: new Set(['org_field_address_town']), groups: new Set(['org_field_address']), fieldPrefix: 'org_field_' };
    const diagnostics = checkPlaceholders(lib.templates[0]!.tags, lib.partials, vocabulary, (p) => ({ message: `${p.kind} ${p.name}` }));
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '5:1 group-as-value org_field_address',
      '6:1 impossible-section org_feild_logo',
    ]);
  });
});

describe('the schemas', () => {
  // Editors show these descriptions as help while the user types: none may be missing.
  test.each(['organisation', 'template'])('%s.schema.json describes every property', (name) => {
    const schema = JSON.parse(readFileSync(join(REPO, 'schemas', `${name}.schema.json`), 'utf8')) as object;
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      for (const [key, child] of Object.entries((record.properties as object | undefined) ?? {})) {
        if (!(child as { description?: string }).description) undescribed.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      for (const key of ['items', 'additionalProperties']) walk(record[key], `${path}[${key}]`);
      for (const [key, child] of Object.entries((record.$defs as object | undefined) ?? {})) walk(child, `$defs.${key}`);
    };
    walk(schema, name);
    expect(undescribed).toEqual([]);
  });
});
