import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, listFiles, organisationYaml, REPO, runMain, tempDir, writeFiles } from '../helpers';

describe('policygen init', () => {
  test('writes a commented starter file that validates and builds as it stands', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'homes'));
    const result = await runMain(['init', 'homes/ty-gwyn.yaml'], cwd);
    expect(result).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'Wrote homes/ty-gwyn.yaml. Fill it in, then run: policygen build homes/ty-gwyn.yaml\n',
    });
    const text = readFileSync(join(cwd, 'homes', 'ty-gwyn.yaml'), 'utf8');
    // The schema line points at this installation's schema, relative to the file.
    const schema = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)?.[1];
    expect(schema).toBeDefined();
    expect(readFileSync(join(cwd, 'homes', schema!), 'utf8')).toBe(readFileSync(join(REPO, 'schemas', 'organisation.schema.json'), 'utf8'));
    expect(await runMain(['validate', 'homes'], cwd)).toMatchObject({ code: 0, stdout: 'homes/ty-gwyn.yaml: valid\n' });
    expect((await runMain(['build', 'homes', '-q', '--today', '2026-11-25'], cwd)).code).toBe(0);
    expect(readFileSync(join(cwd, 'out', 'ty-gwyn', 'social-media.md'), 'utf8')).toContain('Responsible Person: First Last');
  });

  test('every commented example in the starter file is valid once uncommented', async () => {
    const cwd = tempDir();
    expect((await runMain(['init', 'home.yaml'], cwd)).code).toBe(0);
    const text = readFileSync(join(cwd, 'home.yaml'), 'utf8');
    // "#   key: value" lines are examples; "# Words." lines are explanations. The logo needs a file.
    const [schemaLine, ...rest] = text.split('\n');
    const examples = rest.join('\n').replace(/^( *)# ( *(?:- )?[a-z_-]+:(?: |$).*)$/gm, '$1$2');
    const uncommented = `${schemaLine}\n${examples.replace(/^ *logo: .*\n/m, '')}`;
    expect(uncommented).toContain('      approved_by: First Last');
    writeFiles(cwd, { 'home.yaml': uncommented });
    const result = await runMain(['validate', 'home.yaml', '--today', '2026-07-01'], cwd);
    // Only the custom fields, which are there for the reader's own templates, go unused.
    const warnings = result.stderr.split('\n').filter((line) => / (warning|error): /.test(line));
    expect(warnings).toEqual([
      'home.yaml:20:3: warning: organisation.safeguarding_lead is not used by any template [UNUSED_FIELD]',
      'home.yaml:21:3: warning: organisation.address is not used by any template [UNUSED_FIELD]',
    ]);
    expect(result).toMatchObject({ code: 0, stdout: 'home.yaml: valid\n' });
  });

  test('defaults to organisation.yaml', async () => {
    const cwd = tempDir();
    expect((await runMain(['init'], cwd)).code).toBe(0);
    expect(listFiles(cwd)).toEqual(['organisation.yaml']);
  });

  test('refuses to overwrite a file without --force, and overwrites with it', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'home.yaml': 'mine\n' });
    expect(await runMain(['init', 'home.yaml'], cwd)).toMatchObject({
      code: 2,
      stderr: 'policygen: home.yaml already exists; use --force to overwrite it\n',
    });
    expect(readFileSync(join(cwd, 'home.yaml'), 'utf8')).toBe('mine\n');
    expect((await runMain(['init', 'home.yaml', '--force'], cwd)).code).toBe(0);
    expect(readFileSync(join(cwd, 'home.yaml'), 'utf8')).toContain('registration_no: "W0000000"');
  });

  test('refuses a folder', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'homes'));
    expect(await runMain(['init', 'homes'], cwd)).toMatchObject({
      code: 2,
      stderr: 'policygen: homes is a folder; name the file to write, e.g. homes/home.yaml\n',
    });
  });
});

/** A library that replaces the built-in social media policy and shares a sign-off block. */
const library = {
  'library/social-media.md':
    '---\ntitle: Social Media (Our Version)\nreview_interval_months: 6\n---\n# Social Media\n\nOur own wording for {{org_field_name}}.\n\n{{> sign-off}}\n',
  'library/visiting.md':
    '---\ntitle: Visiting Policy\n---\n# Visiting\n\n{{#org_field_logo}}\n{{org_field_logo}}\n\n{{/org_field_logo}}\nVisitors are welcome.\n\n{{> sign-off}}\n',
  'library/partials/sign-off.md':
    'Signed: {{org_field_registered_manager_first_name}} {{org_field_registered_manager_last_name}}, {{last_update_date}}\n',
};

describe('custom template libraries', () => {
  test('a later library overrides a built-in template, and partials are shared', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'home.yaml': organisationYaml(), ...library });
    const result = await runMain(['build', 'home.yaml', '-t', 'library', '--today', '2026-05-01', '-q'], cwd);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(listFiles(join(cwd, 'out'))).toEqual(['home/.policygen.json', 'home/social-media.md', 'home/visiting.md']);
    expect(readFileSync(join(cwd, 'out', 'home', 'social-media.md'), 'utf8')).toBe(
      '# Social Media\n\nOur own wording for Cartref Gofal Tŷ Gwyn.\n\nSigned: Siân Llŷr, 1 April 2026\n',
    );
    // The override's shorter interval applies: six months, not twelve.
    const due = JSON.parse((await runMain(['due', 'home.yaml', '-t', 'library', '--today', '2026-05-01', '--json'], cwd)).stdout);
    expect(due.entries.map((e: { policy: string; nextReview: string }) => [e.policy, e.nextReview])).toEqual([
      ['social-media', '2026-10-01'],
      ['visiting', '2027-04-01'],
    ]);
  });

  test('policygen templates lists each template and what the library needs', async () => {
    const cwd = tempDir();
    writeFiles(cwd, library);
    const text = await runMain(['templates', '-t', 'library'], cwd);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      [
        'social-media  Social Media (Our Version)  (every 6 months; version 1; en: library/social-media.md, cy: built in)',
        '  uses (en): last_update_date, org_field_name, org_field_registered_manager_first_name, org_field_registered_manager_last_name',
        '  uses (cy): approved_by, current_year, last_update_date, next_review_date, org_field_name, org_field_registered_manager_first_name, org_field_registered_manager_last_name, org_field_registration_no, policy_title, policy_version, review_reason, reviewed_by',
        '  uses when present (cy): org_field_logo, review_changes',
        'visiting  Visiting Policy  (annual; version 1; en: library/visiting.md)',
        '  uses: last_update_date, org_field_registered_manager_first_name, org_field_registered_manager_last_name',
        '  uses when present: org_field_logo',
        '',
        'Every organisation file needs, under organisation: name, registered_manager_first_name, registered_manager_last_name, registration_no',
        'Used when present: logo',
        '(A group\'s fields are joined by "_": registered_manager_first_name is registered_manager: first_name.)',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await runMain(['templates', '-t', 'library', '--json'], cwd)).stdout);
    expect(
      json.templates.map((t: { id: string; builtIn: boolean; reviewIntervalMonths?: number }) => [
        t.id,
        t.builtIn,
        t.reviewIntervalMonths ?? null,
      ]),
    ).toEqual([
      ['social-media', false, 6],
      ['visiting', false, null],
    ]);
    // Over every language version: the built-in Welsh one still prints the registration number.
    expect(json.organisationFields).toEqual({
      required: ['name', 'registered_manager_first_name', 'registered_manager_last_name', 'registration_no'],
      optional: ['logo'],
    });
  });

  test('the built-in library on its own', async () => {
    const json = JSON.parse((await runMain(['templates', '--json'], tempDir())).stdout);
    expect(json.templates).toEqual([
      expect.objectContaining({ id: 'social-media', title: 'Using Social Media Platforms Policy', builtIn: true }),
    ]);
  });

  test('a template with bad front matter is a positioned error in templates too', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'library/fire.md': '---\ntitle: Fire\nreview_interval_months: 0\n---\n# Fire\n' });
    const result = await runMain(['templates', '-t', 'library'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'library/fire.md:3:25: error: review_interval_months must be from 1 to 12, not 0 [TEMPLATE_FRONT_MATTER]',
    );
  });
});

describe('policygen.config.yaml', () => {
  function project(config: string, extra: Record<string, string> = {}): string {
    const cwd = tempDir();
    writeFiles(cwd, { 'policygen.config.yaml': config, 'homes/ty-gwyn.yaml': organisationYaml(), ...library, ...extra });
    mkdirSync(join(cwd, 'homes', 'deeper'), { recursive: true });
    return cwd;
  }

  test('is found from a folder below it, and its paths are relative to it', async () => {
    const cwd = project('out: policies\nformats: [md, html]\ntemplates: [library]\nlanguages: [cy]\n', {
      'library/social-media.cy.md':
        '---\ntitle: Cyfryngau Cymdeithasol\nreview_interval_months: 6\n---\n# Cyfryngau Cymdeithasol\n\nEin geiriad ni ar gyfer {{org_field_name}}.\n\n{{> sign-off}}\n',
      'library/visiting.cy.md':
        '---\ntitle: Polisi Ymweld\n---\n# Ymweld\n\n{{#org_field_logo}}\n{{org_field_logo}}\n\n{{/org_field_logo}}\nCroeso i ymwelwyr.\n\n{{> sign-off}}\n',
      'library/partials/sign-off.cy.md':
        'Llofnodwyd: {{org_field_registered_manager_first_name}} {{org_field_registered_manager_last_name}}, {{last_update_date}}\n',
    });
    const result = await runMain(['build', '../ty-gwyn.yaml', '--today', '2026-05-01'], join(cwd, 'homes', 'deeper'));
    expect(result.code).toBe(0);
    expect(listFiles(join(cwd, 'policies'))).toEqual([
      'ty-gwyn/.policygen.json',
      'ty-gwyn/index.html',
      'ty-gwyn/social-media.html',
      'ty-gwyn/social-media.md',
      'ty-gwyn/visiting.html',
      'ty-gwyn/visiting.md',
    ]);
    // languages: [cy] applies to an organisation file that does not give its own: Welsh text, Welsh dates.
    expect(readFileSync(join(cwd, 'policies', 'ty-gwyn', 'social-media.md'), 'utf8')).toBe(
      '# Cyfryngau Cymdeithasol\n\nEin geiriad ni ar gyfer Cartref Gofal Tŷ Gwyn.\n\nLlofnodwyd: Siân Llŷr, 1 Ebrill 2026\n',
    );
  });

  test('command-line flags win', async () => {
    const cwd = project('out: policies\nformats: [md, html]\n');
    expect((await runMain(['build', 'homes', '-o', 'elsewhere', '-f', 'md', '-q', '--today', '2026-05-01'], cwd)).code).toBe(0);
    expect(listFiles(join(cwd, 'elsewhere'))).toEqual(['ty-gwyn/.policygen.json', 'ty-gwyn/social-media.md']);
    expect(listFiles(join(cwd, 'policies'))).toEqual([]);
  });

  test('--config names one, in JSON too', async () => {
    const cwd = project('out: ignored\n', { 'ci/policygen.json': '{ "out": "../from-json", "templates": ["../library"] }\n' });
    expect((await runMain(['build', 'homes', '--config', 'ci/policygen.json', '-q', '--today', '2026-05-01'], cwd)).code).toBe(0);
    expect(listFiles(join(cwd, 'from-json'))).toEqual(['ty-gwyn/.policygen.json', 'ty-gwyn/social-media.md', 'ty-gwyn/visiting.md']);
  });

  test('is validated with positioned errors, exit 2, nothing built', async () => {
    const cwd = project('out: policies\nformats: [md, odt]\njob: 2\n');
    const result = await runMain(['build', 'homes'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'policygen.config.yaml:2:15: error: formats[1] must be one of "md", "html", "pdf", "docx", not the text "odt" [CONFIG_INVALID]',
    );
    expect(result.stderr).toContain('policygen.config.yaml:3:1: error: unknown setting "job" [CONFIG_INVALID]');
    expect(result.stderr).toContain('hint: did you mean "jobs"?');
    expect(listFiles(cwd).filter((f) => f.startsWith('out/') || f.startsWith('policies/'))).toEqual([]);
  });

  test('a YAML error in it names the line', async () => {
    const cwd = project('out: [policies\n');
    const result = await runMain(['validate', 'homes'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('policygen.config.yaml:1:6: error: this [ is never closed with ] [YAML_SYNTAX]');
  });
});

test.each(['build', 'validate', 'due', 'templates', 'init'])('policygen %s --help shows examples', async (command) => {
  const result = await runMain([command, '--help'], tempDir());
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`Usage: policygen ${command}`);
  expect(result.stdout).toMatch(/Examples:\n {2}\$ policygen /);
});

describe('review fixes', () => {
  test('a config file beside the homes is not read as a home', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'homes/policygen.config.yaml': 'formats: [md]\n', 'homes/ty-gwyn.yaml': organisationYaml() });
    const result = await runMain(['build', '.', '--today', '2026-05-01'], join(cwd, 'homes'));
    expect(result).toMatchObject({ code: 0, stderr: 'Built 1 organisation into out: 1 file written, 0 unchanged\n' });
    expect((await runMain(['due', '.', '--today', '2026-05-01'], join(cwd, 'homes'))).code).toBe(0);
  });

  test('config messages: a minimum alone, an empty list, $schema allowed, a missing template folder positioned', async () => {
    const cwd = tempDir();
    writeFiles(cwd, {
      'policygen.config.json':
        '{\n  "$schema": "./node_modules/care-policygen/schemas/config.schema.json",\n  "jobs": 0,\n  "formats": [],\n  "templates": ["nothere"]\n}\n',
      'home.yaml': organisationYaml(),
    });
    const result = await runMain(['build', 'home.yaml'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('policygen.config.json:3:11: error: jobs must be at least 1, not 0 [CONFIG_INVALID]');
    expect(result.stderr).toContain('policygen.config.json:4:14: error: formats must list at least one item [CONFIG_INVALID]');
    expect(result.stderr).toContain('hint: leave the field out for the default');
    expect(result.stderr).not.toContain('$schema');
    writeFiles(cwd, { 'policygen.config.json': '{ "$schema": "x", "templates": ["nothere"] }\n' });
    const missing = await runMain(['build', 'home.yaml'], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('policygen.config.json:1:33: error: the template folder nothere does not exist [CONFIG_INVALID]');
  });

  test('the summary names an output folder from the config relative to where policygen runs', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'policygen.config.yaml': 'out: policies\n', 'home.yaml': organisationYaml() });
    expect((await runMain(['build', 'home.yaml', '--today', '2026-05-01'], cwd)).stderr).toBe(
      'Built 1 organisation into policies: 1 file written, 0 unchanged\n',
    );
  });

  test('init: an I/O error is exit 2 with a plain message; a pipe or device is never replaced', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'file.yaml': 'x' });
    expect(await runMain(['init', 'file.yaml/inner.yaml'], cwd)).toMatchObject({
      code: 2,
      stderr: 'policygen: cannot write file.yaml/inner.yaml: a part of the path is a file, not a folder\n',
    });
    execFileSync('mkfifo', [join(cwd, 'pipe.yaml')]);
    expect(await runMain(['init', 'pipe.yaml', '--force'], cwd)).toMatchObject({
      code: 2,
      stderr: 'policygen: pipe.yaml is not a regular file; it will not be replaced\n',
    });
  });

  test('validate and due do not refuse two files with the same name: they write nothing', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'a/home.yaml': organisationYaml(), 'b/home.yaml': organisationYaml() });
    expect((await runMain(['validate', 'a/home.yaml', 'b/home.yaml'], cwd)).code).toBe(0);
    const due = JSON.parse((await runMain(['due', 'a/home.yaml', 'b/home.yaml', '--today', '2026-05-01', '--json'], cwd)).stdout);
    expect(due.entries.map((e: { file: string }) => e.file)).toEqual(['a/home.yaml', 'b/home.yaml']);
    expect((await runMain(['build', 'a/home.yaml', 'b/home.yaml'], cwd)).code).toBe(2);
  });

  test("a folder in the way of one output leaves all of the organisation's old files alone", async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'home.yaml': organisationYaml() });
    expect((await runMain(['build', 'home.yaml', '-f', 'md,html', '--today', '2026-05-01', '-q'], cwd)).code).toBe(0);
    const before = readFileSync(join(cwd, 'out', 'home', 'social-media.md'));
    rmSync(join(cwd, 'out', 'home', 'social-media.html'));
    mkdirSync(join(cwd, 'out', 'home', 'social-media.html'));
    const result = await runMain(['build', 'home.yaml', '-f', 'md,html', '--today', '2027-05-01'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('out/home/social-media.html: error: could not write: a folder is in the way [OUTPUT_WRITE_FAILED]');
    expect(readFileSync(join(cwd, 'out', 'home', 'social-media.md')).equals(before)).toBe(true);
  });

  test('a name with control characters is refused, and kept off the terminal', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'home.yaml': organisationYaml({ name: 'Tŷ\tGwyn \u001b[31mRed' }) });
    const result = await runMain(['due', 'home.yaml', '--today', '2027-05-01'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('home.yaml:2:9: error: organisation.name holds a control character (U+001B ESC) [CONTROL_CHARACTER]');
    expect(result.stdout + result.stderr).not.toMatch(/[\u0000-\u0008\u001b]/);
  });
});

test('policygen piped into head exits quietly, with its own exit code', () => {
  const cwd = tempDir();
  const files: Record<string, string> = {};
  for (let i = 0; i < 200; i++) files[`homes/h${i}.yaml`] = organisationYaml({ name: `Home ${i}` });
  writeFiles(cwd, files);
  const result = spawnSync(
    'bash',
    ['-c', `set -o pipefail; node ${JSON.stringify(BIN)} due homes --json --today 2027-05-01 | head -c 10`],
    { cwd, encoding: 'utf8' },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(1); // due's own answer (reviews overdue), not a crash
});
