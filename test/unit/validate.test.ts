import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrganisationText, parseTemplateText } from '../../src/load';
import { formatDiagnostic } from '../../src/format-diagnostic';
import { checkPlaceholders, textIn, validateOrganisation, validateTemplateLibrary } from '../../src/validate';
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
      review: { lastReviewed: '2026-04-01', intervalMonths: 12, policies: new Map(), triggers: [] },
      languages: ['en'],
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
    expect(missing[0]).toMatchObject({
      code: 'REQUIRED_FIELD_MISSING',
      line: 3,
      column: 3,
      hint: 'did you mean "registration_no"? rename "registation_no" to "registration_no"',
    });
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
    partials: new Map(
      Object.entries(partials).map(([name, body]) => [
        name,
        { name, language: 'en' as const, file: `templates/partials/${name}.md`, body },
      ]),
    ),
  });
  return { library: checked.library, diagnostics: [...loadDiagnostics, ...checked.diagnostics] };
}

describe('messages that say what to write', () => {
  const shown = (text: string) => check(text).diagnostics.map((d) => formatDiagnostic(d));

  test('a value with ": " in it must be quoted: the quoted line is shown', () => {
    expect(shown(organisationYaml().replace('name: "Cartref Gofal Tŷ Gwyn"', 'name: Cartref Gofal: Bryn Ŵyn'))).toEqual([
      [
        'home.yaml:2:9: error: a value containing ": " must be quoted [YAML_SYNTAX]',
        '  2 |   name: Cartref Gofal: Bryn Ŵyn',
        '    |         ^^^^^^^^^^^^^^^^^^^^^^^',
        '  hint: put it in double quotes: name: "Cartref Gofal: Bryn Ŵyn"',
      ].join('\n'),
    ]);
    // In a list item too, and a colon at the end of the value.
    expect(summary(organisationYaml({ extra: '  triggers:\n    - date: 2026-09-01\n      reason: New rule:' }))).toEqual([
      '11:15 YAML_SYNTAX a value containing ": " must be quoted',
    ]);
  });

  test('an apostrophe inside single quotes: use double quotes, with the line shown', () => {
    expect(shown(organisationYaml().replace('last_name: Llŷr', "last_name: 'O'Prŷs'"))).toEqual([
      [
        'home.yaml:6:16: error: an apostrophe inside single quotes ends the quoted text early [YAML_SYNTAX]',
        "  6 |     last_name: 'O'Prŷs'",
        '    |                ^^^^^^^^',
        `  hint: use double quotes around a value with an apostrophe: last_name: "O'Prŷs"`,
      ].join('\n'),
    ]);
    expect(check(organisationYaml().replace('last_name: Llŷr', 'last_name: "The "Best" Home"')).diagnostics[0]?.hint).toBe(
      `use single quotes around a value with double quotes: last_name: 'The "Best" Home'`,
    );
  });

  test('a tab is reported once, not again at the correctly indented lines after it', () => {
    const text = organisationYaml().replace('    first_name: Siân', '\tfirst_name: Siân').replace('review:', '  phone: "01248"\nreview:');
    expect(summary(text)).toEqual(['5:1 YAML_SYNTAX tabs are not allowed as indentation in YAML']);
  });

  test('a list where a group of fields belongs says what was expected, at the "- "', () => {
    expect(shown(organisationYaml().replace('    first_name: Siân', '    - first_name: Siân'))).toEqual([
      [
        'home.yaml:5:5: error: a list item ("- ") where a group of indented fields is expected [YAML_SYNTAX]',
        '  5 |     - first_name: Siân',
        '    |     ^',
        `  hint: write the group's fields without "- ", one under another: first_name: Siân`,
      ].join('\n'),
    ]);
    expect(
      shown(organisationYaml().replace('    first_name: Siân\n    last_name: Llŷr', '    - first_name: Siân\n      last_name: Llŷr')),
    ).toEqual([
      [
        'home.yaml:5:5: error: organisation.registered_manager must be a group of indented fields, not a list [TYPE_MISMATCH]',
        '  5 |     - first_name: Siân',
        '    |     ^',
        `  hint: write the group's fields without "- ", one under another, e.g. first_name: Siân`,
      ].join('\n'),
    ]);
  });

  test('a required field written short (manager: for registered_manager:) is reported at that key', () => {
    expect(shown(organisationYaml().replace('  registered_manager:', '  manager:'))).toEqual([
      [
        'home.yaml:4:3: error: organisation is missing "registered_manager" [REQUIRED_FIELD_MISSING]',
        '  4 |   manager:',
        '    |   ^^^^^^^',
        '  hint: did you mean "registered_manager"? rename "manager" to "registered_manager"',
      ].join('\n'),
    ]);
    // Only a key that could be a short form of it: an unrelated custom field is not blamed.
    expect(check(organisationYaml().replace('  registered_manager:', '  address:')).diagnostics[0]).toMatchObject({ line: 1, column: 1 });
  });

  test('an empty field: give it a value, or remove the line when the field is optional', () => {
    const text = organisationYaml()
      .replace('  registered_manager:', '  phone:\n  registered_manager:')
      .replace('last_name: Llŷr', 'last_name:');
    expect(check(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.message} | ${d.hint}`)).toEqual([
      '4:9 organisation.phone must be text or a group of indented fields, not empty | give it a value, or remove the line',
      '7:15 organisation.registered_manager.last_name must be text, not empty | give it a value',
    ]);
  });

  test('an unquoted value followed by " #" loses the rest of the line: a warning, with the quoted form', () => {
    const text = organisationYaml()
      .replace('name: "Cartref Gofal Tŷ Gwyn"', 'name: Cartref Gofal Bryn Ŵyn #2')
      .replace('  registered_manager:', '  logo_note: see file   # an ordinary comment\n  registered_manager:');
    const { organisation, diagnostics } = check(text);
    expect(organisation?.fields.name).toBe('Cartref Gofal Bryn Ŵyn');
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      [
        'home.yaml:2:32: warning: organisation.name ends before "#2": YAML reads " #" as the start of a comment, so the value is "Cartref Gofal Bryn Ŵyn" [VALUE_LOOKS_CUT]',
        '  2 |   name: Cartref Gofal Bryn Ŵyn #2',
        '    |                                ^^',
        '  hint: if "#2" is part of the value, quote it: name: "Cartref Gofal Bryn Ŵyn #2"',
      ].join('\n'),
    ]);
    const reason = organisationYaml({ extra: '  triggers:\n    - date: 2026-09-01\n      reason: New CIW rule #4' });
    expect(summary(reason)).toEqual([
      '11:28 VALUE_LOOKS_CUT review.triggers[0].reason ends before "#4": YAML reads " #" as the start of a comment, so the value is "New CIW rule"',
    ]);
  });
});

describe('a text written per language', () => {
  test('each document takes its own language; one lacking it, the English, else the first written', () => {
    expect(textIn('Same for all', 'cy')).toBe('Same for all');
    expect(textIn({ cy: 'Cymraeg', en: 'English' }, 'cy')).toBe('Cymraeg');
    expect(textIn({ cy: 'Cymraeg', en: 'English' }, 'en')).toBe('English');
    expect(textIn({ en: 'English' }, 'cy')).toBe('English');
    expect(textIn({ cy: 'Cymraeg' }, 'en')).toBe('Cymraeg');
  });

  test('a Welsh-only text in a home built in English too warns for English, at the field', () => {
    const { organisation, diagnostics } = check(
      organisationYaml({ extra: '  triggers:\n    - date: 2026-12-01\n      reason: { cy: Canllawiau newydd }\nlanguages: [cy, en]' }),
    );
    expect(organisation?.review.triggers[0]?.reason).toEqual({ cy: 'Canllawiau newydd' });
    expect(diagnostics.map((d) => [d.line, d.column, d.severity, d.message])).toEqual([
      [11, 7, 'warning', 'review.triggers[0].reason has no English text; the English documents show the Welsh'],
    ]);
  });
});

describe('limits on text fields', () => {
  test('a name longer than 160 characters is refused at the value', () => {
    expect(summary(organisationYaml({ name: 'N'.repeat(161) }))).toEqual([
      '2:9 INVALID_VALUE organisation.name is 161 characters long; it may be at most 160',
    ]);
    expect(summary(organisationYaml({ name: 'Ŵ'.repeat(160) }))).toEqual([]);
  });

  test.each([
    ['registration_no', 'registration_no: "W0012345"', `registration_no: "${'9'.repeat(41)}"`, '3:20', 41, 40],
    ['a custom field', '  registered_manager:', `  note: ${'x'.repeat(1001)}\n  registered_manager:`, '4:9', 1001, 1000],
    ['a manager name', 'first_name: Siân', `first_name: ${'S'.repeat(101)}`, '5:17', 101, 100],
  ])('%s has a maximum length', (_, from, to, at, length, limit) => {
    const [message] = summary(organisationYaml().replace(from, to));
    expect(message).toMatch(
      new RegExp(
        `^${at} INVALID_VALUE \\S+ is ${length.toLocaleString('en-GB')} characters long; it may be at most ${limit.toLocaleString('en-GB')}$`,
      ),
    );
  });

  test('a trigger reason has a maximum length', () => {
    expect(summary(organisationYaml({ extra: `  triggers:\n    - date: 2026-09-01\n      reason: ${'r'.repeat(301)}` }))).toEqual([
      '11:15 INVALID_VALUE review.triggers[0].reason is 301 characters long; it may be at most 300',
    ]);
  });

  test('more than 100 fields in a group is refused at the group', () => {
    const fields = Array.from({ length: 98 }, (_, i) => `  field_${i}: x`).join('\n');
    expect(summary(organisationYaml().replace('  registered_manager:', `${fields}\n  registered_manager:`))).toEqual([
      '1:1 INVALID_VALUE organisation has 101 fields; it may have at most 100',
    ]);
  });

  test('single-line fields refuse a tab or a line break; a custom field may run over lines', () => {
    const text = organisationYaml()
      .replace('name: "Cartref Gofal Tŷ Gwyn"', 'name: "Cartref Gofal\\nTŷ Gwyn"')
      .replace('  registered_manager:', '  address: |\n    1 High Street\n    Bangor\n  registered_manager:');
    expect(check(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.message} | ${d.hint}`)).toEqual([
      '2:9 organisation.name must be on one line, without tabs or line breaks | write it on one line: name: "Cartref Gofal Tŷ Gwyn"',
    ]);
  });
});

describe('templates', () => {
  test('a title is one line of at most 200 characters', () => {
    const { diagnostics } = library({
      long: `---\ntitle: ${'T'.repeat(201)}\n---\nx\n`,
      split: '---\ntitle: "Fire\\nSafety"\n---\nx\n',
    });
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      'templates/long.md:2:8 TEMPLATE_FRONT_MATTER title is 201 characters long; it may be at most 200',
      'templates/split.md:2:8 TEMPLATE_FRONT_MATTER title must be on one line, without tabs or line breaks',
    ]);
  });

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

test('a long value, key or path quoted in a message is shortened, so the message stays readable', () => {
  // YAML itself allows keys of up to 1,024 characters.
  const messages = summary(organisationYaml({ extra: `locale: ${'x'.repeat(40_000)}\n${'k'.repeat(1000)}: 1` }));
  expect(messages).toEqual([
    `9:9 INVALID_VALUE locale must be one of "en-GB", "cy", not the text "${'x'.repeat(79)}…"`,
    `10:1 UNKNOWN_FIELD unknown section "${'k'.repeat(79)}…"`,
  ]);
});
