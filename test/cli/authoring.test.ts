import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, organisationYaml, REPO, runMain, tempDir, writeFiles } from '../helpers';

describe('policygen init', () => {
  test('writes a commented starter file that validates and builds as it stands', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'homes'));
    const result = await runMain(['init', 'homes/ty-gwyn.yaml'], cwd);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: 'Wrote homes/ty-gwyn.yaml. Fill it in, then run: policygen build homes/ty-gwyn.yaml\n' });
    const text = readFileSync(join(cwd, 'homes', 'ty-gwyn.yaml'), 'utf8');
    // The schema line points at this installation's schema, relative to the file.
    const schema = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)?.[1];
    expect(schema).toBeDefined();
    expect(readFileSync(join(cwd, 'homes', schema!), 'utf8')).toBe(readFileSync(join(REPO, 'schemas', 'organisation.schema.json'), 'utf8'));
    expect(await runMain(['validate', 'homes'], cwd)).toMatchObject({ code: 0, stdout: 'homes/ty-gwyn.yaml: valid\n' });
    expect((await runMain(['build', 'homes', '-q', '--today', '2026-11-25'], cwd)).code).toBe(0);
    expect(readFileSync(join(cwd, 'out', 'ty-gwyn', 'social-media.md'), 'utf8')).toContain('Responsible Person: First Last');
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
    expect(await runMain(['init', 'homes'], cwd)).toMatchObject({ code: 2, stderr: 'policygen: homes is a folder; name the file to write, e.g. homes/home.yaml\n' });
  });
});

/** A library that replaces the built-in social media policy and shares a sign-off block. */
const library = {
  'library/social-media.md': '---\ntitle: Social Media (Our Version)\nreview_interval_months: 6\n---\n# Social Media\n\nOur own wording for {{org_field_name}}.\n\n{{> sign-off}}\n',
  'library/visiting.md': '---\ntitle: Visiting Policy\n---\n# Visiting\n\n{{#org_field_logo}}\n{{org_field_logo}}\n\n{{/org_field_logo}}\nVisitors are welcome.\n\n{{> sign-off}}\n',
  'library/partials/sign-off.md': 'Signed: {{org_field_registered_manager_first_name}} {{org_field_registered_manager_last_name}}, {{last_update_date}}\n',
};

describe('custom template libraries', () => {
  test('a later library overrides a built-in template, and partials are shared', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'home.yaml': organisationYaml(), ...library });
    const result = await runMain(['build', 'home.yaml', '-t', 'library', '--today', '2026-05-01', '-q'], cwd);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(listFiles(join(cwd, 'out'))).toEqual(['home/social-media.md', 'home/visiting.md']);
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
        'social-media  Social Media (Our Version)  (every 6 months; library/social-media.md)',
        '  uses: last_update_date, org_field_name, org_field_registered_manager_first_name, org_field_registered_manager_last_name',
        'visiting  Visiting Policy  (annual; library/visiting.md)',
        '  uses: last_update_date, org_field_registered_manager_first_name, org_field_registered_manager_last_name',
        '  uses when present: org_field_logo',
        '',
        'Every organisation file needs, under organisation: name, registered_manager_first_name, registered_manager_last_name',
        'Used when present: logo',
        '(A group\'s fields are joined by "_": registered_manager_first_name is registered_manager: first_name.)',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await runMain(['templates', '-t', 'library', '--json'], cwd)).stdout);
    expect(json.templates.map((t: { id: string; builtIn: boolean; reviewIntervalMonths?: number }) => [t.id, t.builtIn, t.reviewIntervalMonths ?? null])).toEqual([
      ['social-media', false, 6],
      ['visiting', false, null],
    ]);
    expect(json.organisationFields).toEqual({ required: ['name', 'registered_manager_first_name', 'registered_manager_last_name'], optional: ['logo'] });
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
    expect(result.stderr).toContain('library/fire.md:3:25: error: review_interval_months must be from 1 to 12, not 0 [TEMPLATE_FRONT_MATTER]');
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
    const cwd = project('out: policies\nformats: [md, html]\ntemplates: [library]\nlocale: cy\n');
    const result = await runMain(['build', '../ty-gwyn.yaml', '--today', '2026-05-01'], join(cwd, 'homes', 'deeper'));
    expect(result.code).toBe(0);
    expect(listFiles(join(cwd, 'policies'))).toEqual(['ty-gwyn/social-media.html', 'ty-gwyn/social-media.md', 'ty-gwyn/visiting.html', 'ty-gwyn/visiting.md']);
    // locale: cy applies to an organisation file that does not give one.
    expect(readFileSync(join(cwd, 'policies', 'ty-gwyn', 'social-media.md'), 'utf8')).toContain('1 Ebrill 2026');
  });

  test('command-line flags win', async () => {
    const cwd = project('out: policies\nformats: [md, html]\n');
    expect((await runMain(['build', 'homes', '-o', 'elsewhere', '-f', 'md', '-q', '--today', '2026-05-01'], cwd)).code).toBe(0);
    expect(listFiles(join(cwd, 'elsewhere'))).toEqual(['ty-gwyn/social-media.md']);
    expect(listFiles(join(cwd, 'policies'))).toEqual([]);
  });

  test('--config names one, in JSON too', async () => {
    const cwd = project('out: ignored\n', { 'ci/policygen.json': '{ "out": "../from-json", "templates": ["../library"] }\n' });
    expect((await runMain(['build', 'homes', '--config', 'ci/policygen.json', '-q', '--today', '2026-05-01'], cwd)).code).toBe(0);
    expect(listFiles(join(cwd, 'from-json'))).toEqual(['ty-gwyn/social-media.md', 'ty-gwyn/visiting.md']);
  });

  test('is validated with positioned errors, exit 2, nothing built', async () => {
    const cwd = project('out: policies\nformats: [md, docx]\njob: 2\n');
    const result = await runMain(['build', 'homes'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('policygen.config.yaml:2:15: error: formats[1] must be one of "md", "html", "pdf", not the text "docx" [CONFIG_INVALID]');
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
