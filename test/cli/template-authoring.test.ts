import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../../src';
import { FIXTURES, listFiles, organisationYaml, runMain, tempDir, writeFiles } from '../helpers';

/**
 * What a consultant writing a library meets: the hints that point the right way, the
 * mistakes that are warned about instead of silently dropping text, and libraries laid out
 * in the ways people really do.
 */
const TODAY = ['--today', '2026-11-25'];
const visiting = (body: string, front = '') => `---\ntitle: Visiting Policy\n${front}---\n# Visiting Policy\n\n${body}\n`;

/** Copy a bad-input case (test/fixtures/bad/<name>) into a fresh folder and run its own command. */
async function runFixture(name: string) {
  const cwd = tempDir();
  const folder = join(FIXTURES, 'bad', name);
  for (const file of listFiles(folder).filter((f) => f !== 'case.json')) writeFiles(cwd, { [file]: readFileSync(join(folder, file)) });
  const spec = JSON.parse(readFileSync(join(folder, 'case.json'), 'utf8')) as { args: string[] };
  return { cwd, ...(await runMain(spec.args, cwd)) };
}

test('a misspelt custom field and the section it should open point at each other', async () => {
  const { stderr, code } = await runFixture('custom-field-misspelt');
  expect(code).toBe(0);
  expect(stderr).toContain(
    [
      'org.yaml:7:3: warning: organisation.safegaurding_lead is not used by any template [UNUSED_FIELD]',
      '  7 |   safegaurding_lead: Dafydd Rhys',
      '    |   ^^^^^^^^^^^^^^^^^',
      '  hint: did you mean safeguarding_lead? The templates use {{org_field_safeguarding_lead}}',
    ].join('\n'),
  );
  expect(stderr).toContain(
    [
      'templates/visiting.md:7:1: warning: no organisation file defines organisation.safeguarding_lead, so this section is never shown [SECTION_NEVER_SHOWN]',
      '  7 | {{#org_field_safeguarding_lead}}',
      '    | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
      '  hint: did you mean {{#org_field_safegaurding_lead}}?',
    ].join('\n'),
  );
});

test('a field of a group that is missing: add it, or make the line optional (not "did you mean the town?")', async () => {
  const { stderr, code } = await runFixture('template-missing-group-field');
  expect(code).toBe(2);
  expect(stderr).toContain(
    '  hint: add "postcode:" under address: in org.yaml, or show the line only when it is given: {{#org_field_address_postcode}}…{{/org_field_address_postcode}}',
  );
});

test('a real typo in a placeholder still gets "did you mean", and the way to add the field', async () => {
  const cwd = tempDir();
  writeFiles(cwd, { 'home.yaml': organisationYaml(), 'lib/visiting.md': visiting('Run by {{org_field_nmae}}.') });
  const { stderr } = await runMain(['build', 'home.yaml', '-t', 'lib', ...TODAY], cwd);
  expect(stderr).toContain(
    '  hint: did you mean {{org_field_name}}? If not, add "nmae:" under organisation: in home.yaml, or show the line only when it is given: {{#org_field_nmae}}…{{/org_field_nmae}}',
  );
});

test('three opening braces are reported at the wrong tag, with the two right ways to write it', async () => {
  const { stderr } = await runFixture('template-brace-typo');
  expect(stderr).toContain(
    [
      'templates/visiting.md:6:1: error: this tag opens with three braces and is never closed with three [TEMPLATE_SYNTAX]',
      '  6 | {{{org_field_name}}',
      '    | ^',
      '  hint: write {{name}}, two braces on each side, or {{{name}}} to keep the Markdown in a value',
    ].join('\n'),
  );
});

test('a library may hold only partials: it overrides one shared block of the built-in library', async () => {
  const cwd = tempDir();
  writeFiles(cwd, {
    'home.yaml': organisationYaml(),
    'base/visiting.md': visiting('Welcome.\n\n{{> sign-off}}'),
    'base/partials/sign-off.md': 'Signed: the manager.\n',
    'local/partials/sign-off.md': 'Signed: {{org_field_registered_manager_first_name}}.\n',
  });
  const result = await runMain(['build', 'home.yaml', '-t', 'base', '-t', 'local', '-q', ...TODAY], cwd);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(readFileSync(join(cwd, 'out', 'home', 'visiting.md'), 'utf8')).toContain('Signed: Siân.');
});

test('a template saved with CRLF line endings builds the same bytes as with LF', async () => {
  const cwd = tempDir();
  const text = visiting('Visitors are welcome at {{org_field_name}}.\n\n- Book ahead.\n- Sign in.\n\n{{> sign-off}}');
  writeFiles(cwd, {
    'home.yaml': organisationYaml(),
    'lf/visiting.md': text,
    'lf/partials/sign-off.md': 'Signed.\n',
    'crlf/visiting.md': text.replace(/\n/g, '\r\n'),
    'crlf/partials/sign-off.md': 'Signed.\r\n',
  });
  await runMain(['build', 'home.yaml', '-t', 'lf', '-o', 'a', '-f', 'md,html', ...TODAY], cwd);
  await runMain(['build', 'home.yaml', '-t', 'crlf', '-o', 'b', '-f', 'md,html', ...TODAY], cwd);
  for (const file of ['visiting.md', 'visiting.html']) {
    const lf = readFileSync(join(cwd, 'a', 'home', file));
    expect(lf.includes('\r')).toBe(false);
    expect(readFileSync(join(cwd, 'b', 'home', file)).equals(lf)).toBe(true);
  }
});

test('a symbolic link that leads nowhere: a warning in a template folder, an error among homes', async () => {
  const cwd = tempDir();
  writeFiles(cwd, { 'homes/a.yaml': organisationYaml(), 'lib/visiting.md': visiting('Welcome.') });
  symlinkSync(join(cwd, 'nowhere.md'), join(cwd, 'lib', 'old.md'));
  symlinkSync(join(cwd, 'gone.yaml'), join(cwd, 'homes', 'b.yaml'));
  const result = await runMain(['build', 'homes', '-t', 'lib', ...TODAY], cwd);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(
    'lib/old.md: warning: this symbolic link leads to no file (its target is missing, or links loop), so it is skipped [FILE_UNREADABLE]',
  );
  expect(result.stderr).toContain(
    'homes/b.yaml: error: this symbolic link leads to no file (its target is missing, or links loop) [FILE_UNREADABLE]',
  );
  // The good home is still built.
  expect(listFiles(join(cwd, 'out'))).toEqual(['a/.policygen.json', 'a/social-media.md', 'a/visiting.md']);
});

test('a partial replaced in English only: warned for a run with Welsh homes, where the Welsh documents keep the built-in block; not for English homes', async () => {
  const { cwd, stderr, code } = await runFixture('partial-replaced-in-english-only-warns');
  expect(code).toBe(0);
  expect(stderr).toContain('[PARTIAL_TRANSLATION_MISSING]');
  // The Welsh document does keep the built-in block; the English one has the library's.
  expect(readFileSync(join(cwd, 'out', 'org', 'social-media.cy.md'), 'utf8')).toContain("| Rheoli'r ddogfen |");
  expect(readFileSync(join(cwd, 'out', 'org', 'social-media.en.md'), 'utf8')).toContain('| Approved by |');
  // policygen templates, which has no home to ask, says it for every language.
  expect((await runMain(['templates', '-t', 'templates'], cwd)).stderr).toContain('[PARTIAL_TRANSLATION_MISSING]');
  writeFiles(cwd, { 'org.yaml': readFileSync(join(cwd, 'org.yaml'), 'utf8').replace('languages: [cy, en]', 'languages: [en]') });
  const english = await runMain(['build', 'org.yaml', '-t', 'templates', '-q', ...TODAY], cwd);
  expect(english).toMatchObject({ code: 0, stderr: '' });
  // A Welsh block beside it: nothing to say.
  writeFiles(cwd, {
    'org.yaml': readFileSync(join(cwd, 'org.yaml'), 'utf8').replace('languages: [en]', 'languages: [cy, en]'),
    'templates/partials/document-control.cy.md': '## Rheoli’r ddogfen\n\n{{approved_by}}\n',
  });
  expect(await runMain(['build', 'org.yaml', '-t', 'templates', '-q', ...TODAY], cwd)).toMatchObject({ code: 0, stderr: '' });
});

describe('links', () => {
  test('an smb: link from a value is text in every format; an https link stays a link', async () => {
    const { cwd, code } = await runFixture('template-link-unsafe-scheme');
    expect(code).toBe(0);
    const out = join(cwd, 'out', 'org');
    expect(readFileSync(join(out, 'visiting.md'), 'utf8')).toContain(
      'See [the shared folder]\\(smb\\://fileserver/policies) and [our site](https://example.org).',
    );
    const html = readFileSync(join(out, 'visiting.html'), 'utf8');
    expect(html).not.toMatch(/href="smb/);
    expect(html).toContain('<a href="https://example.org">our site</a>');
    expect(html).toContain('[the shared folder](smb://fileserver/policies)');
    const pdf = readFileSync(join(out, 'visiting.pdf')).toString('latin1');
    expect(pdf).toContain('/URI (https://example.org)');
    expect(pdf).not.toContain('/URI (smb');
  });

  test("three braces keep a value's Markdown, but never its HTML or unsafe links, in the .md file too", async () => {
    const cwd = tempDir();
    writeFiles(cwd, {
      'home.yaml': organisationYaml().replace(
        '  registered_manager:',
        '  note: "*Ltd* <script>alert(1)</script> [x](javascript:alert(1)) `<b>`"\n  registered_manager:',
      ),
      'lib/visiting.md': visiting('{{{org_field_note}}}'),
    });
    expect((await runMain(['build', 'home.yaml', '-t', 'lib', '-f', 'md,html', ...TODAY], cwd)).code).toBe(0);
    const markdown = readFileSync(join(cwd, 'out', 'home', 'visiting.md'), 'utf8');
    expect(markdown).toContain('*Ltd* \\<script>alert(1)\\</script> [x]\\(javascript:alert(1)) `<b>`');
    const html = readFileSync(join(cwd, 'out', 'home', 'visiting.html'), 'utf8');
    expect(html).toContain('<em>Ltd</em> &#60;script&#62;alert(1)&#60;/script&#62; [x](javascript:alert(1)) <code>&#60;b&#62;</code>');
  });
});

test('templates whose ids are names on Object.prototype are only ids', async () => {
  const { cwd, code, stderr } = await runFixture('template-ids-from-object-prototype');
  expect(code).toBe(0);
  expect(stderr).not.toContain('error');
  expect(listFiles(join(cwd, 'out'))).toEqual([
    'org/.policygen.json',
    'org/constructor.md',
    'org/social-media.md',
    'org/to-string.md',
    'org/valueof.md',
  ]);
  // review.policies.constructor's interval (6 months) applied to the constructor policy only.
  const result = await build({ inputs: ['org.yaml'], cwd, templates: ['templates'], today: '2026-05-01', check: true });
  const reviews = result.organisations[0]!.reviews.map((r) => [r.policyId, r.nextReview]);
  expect(reviews).toEqual([
    ['constructor', '2026-10-01'],
    ['social-media', '2027-04-01'],
    ['to-string', '2027-04-01'],
    ['valueof', '2027-04-01'],
  ]);
});
