import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, due, loadConfig, validate } from '../../src';
import { EXAMPLES, listFiles, runMain, tempDir, TINY_PNG, writeFiles } from '../helpers';

/** A care group: a config file with defaults, and homes that give only what is their own. */
const TODAY = ['--today', '2026-12-01'];

function estate(): string {
  const cwd = tempDir();
  cpSync(join(EXAMPLES, 'group'), cwd, { recursive: true });
  return cwd;
}

const HOME = (name: string, extra = '') =>
  `organisation:\n  name: ${name}\n  registration_no: "W0012345"\n  registered_manager: { first_name: Siân, last_name: Llŷr }\n${extra}`;

describe('the example estate, examples/group', () => {
  test('builds without a warning: each home in its languages, with the policies it chose', async () => {
    const cwd = estate();
    const result = await runMain(['build', 'homes', ...TODAY], cwd);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: 'Built 3 organisations into policies: 29 files written, 0 unchanged\n' });
    const files = listFiles(join(cwd, 'policies')).filter((file) => !file.endsWith('.policygen.json') && !file.endsWith('logo.png'));
    expect(files).toEqual(
      [
        // Bilingual, from the group's languages: both versions of each policy, but no minibus.
        ...['complaints', 'social-media'].flatMap((id) =>
          ['cy', 'en'].flatMap((l) => [`bryn-awel/${id}.${l}.md`, `bryn-awel/${id}.${l}.pdf`]),
        ),
        // And, with the config's pack: true, a manual and an index page in each language.
        ...['index.cy.html', 'index.en.html', 'policy-pack.cy.pdf', 'policy-pack.en.pdf'].map((name) => `bryn-awel/${name}`),
        // English, with a minibus: every policy, its own choice replacing the group's.
        ...['complaints', 'minibus', 'social-media'].flatMap((id) => [`harbour-view/${id}.md`, `harbour-view/${id}.pdf`]),
        'harbour-view/index.html',
        'harbour-view/policy-pack.pdf',
        // Welsh only: the minibus policy has no Welsh version, and this home does not have it.
        ...['complaints', 'social-media'].flatMap((id) => [`plas-y-coed/${id}.md`, `plas-y-coed/${id}.pdf`]),
        'plas-y-coed/index.html',
        'plas-y-coed/policy-pack.pdf',
      ].sort(),
    );
    const welsh = readFileSync(join(cwd, 'policies', 'plas-y-coed', 'complaints.md'), 'utf8');
    // The group's fields and logo, in a Welsh document; the group's review date; its trigger.
    expect(welsh).toContain('Cartref Gofal Plas y Coed, un o gartrefi Glannau Care Group');
    expect(welsh).toContain('Ysgrifennwch at Unigolyn Cyfrifol Glannau Care Group: Rhys Morgan.');
    expect(welsh).toContain('Adolygwyd ar: 1 Ebrill 2026\n\nDyddiad yr Adolygiad Nesaf: 1 Mawrth 2027');
    expect(readFileSync(join(cwd, 'policies', 'plas-y-coed', 'logo.png'))).toEqual(readFileSync(join(cwd, 'logos', 'glannau.png')));
    // A home that gives just its own complaints phone keeps the group's email.
    expect(readFileSync(join(cwd, 'policies', 'bryn-awel', 'complaints.en.md'), 'utf8')).toContain(
      'Telephone: 01970 611611. Email: complaints\\@glannau.example.',
    );
  });

  test('due names the group’s trigger as the group’s, in the table and in --json', async () => {
    const cwd = estate();
    const table = await runMain(['due', 'homes', '--within', '13w', ...TODAY], cwd);
    expect(table.code).toBe(1);
    expect(table.stdout.split('\n').slice(0, 3)).toEqual([
      'STATUS  ORGANISATION               POLICY        LANGUAGES  LAST REVIEWED  NEXT REVIEW  DAYS LEFT  WHY',
      'DUE     Harbour View Care Home     minibus       en         2026-04-01     2027-01-15          45  trigger: A new minibus arrives',
      'DUE     Cartref Bryn Awel          complaints    cy, en     2026-06-01     2027-03-01          90  group trigger: New Welsh Government guidance on handling complaints',
    ]);
    const json = JSON.parse((await runMain(['due', 'homes', '--json', ...TODAY], cwd)).stdout) as {
      entries: Array<{ file: string; policy: string; reason: { origin?: string } }>;
    };
    const reasons = json.entries.map((entry) => `${entry.file} ${entry.policy} ${entry.reason.origin ?? 'interval'}`);
    expect(reasons).toEqual([
      'homes/harbour-view.yaml minibus home',
      'homes/bryn-awel.yaml complaints group',
      'homes/harbour-view.yaml complaints group',
      'homes/plas-y-coed.yaml complaints group',
      'homes/harbour-view.yaml social-media interval',
      'homes/plas-y-coed.yaml social-media interval',
      'homes/bryn-awel.yaml social-media interval',
    ]);
  });

  test('the group’s reason, in Welsh and English, reaches each home’s calendar in its language; without the Welsh, one warning at the config file', async () => {
    const cwd = estate();
    expect((await runMain(['due', 'homes', '--ics', 'reviews.ics', ...TODAY], cwd)).stderr).not.toContain('warning');
    // Unfolded as a calendar reads it: ical-generator folds long lines by octets.
    const calendar = readFileSync(join(cwd, 'reviews.ics'), 'utf8').replace(/\r\n /g, '');
    const whys = [...calendar.matchAll(/^DESCRIPTION:(.*?)\\n/gm)]
      .map((match) => match[1])
      .filter((why) => /Government|Llywodraeth/.test(why!));
    expect(whys.sort()).toEqual([
      'Pam y dyddiad hwn: Canllawiau newydd Llywodraeth Cymru ar ymdrin â chwynion',
      'Pam y dyddiad hwn: Canllawiau newydd Llywodraeth Cymru ar ymdrin â chwynion',
      'Why this date: New Welsh Government guidance on handling complaints',
    ]);

    const config = join(cwd, 'policygen.config.yaml');
    writeFiles(cwd, { 'policygen.config.yaml': readFileSync(config, 'utf8').replace(/^ +cy: Canllawiau.*\n/m, '') });
    const result = await runMain(['validate', 'homes', ...TODAY], cwd);
    expect(result.code).toBe(0);
    // Two Welsh homes read it; it is said once, where it was written, naming them. The English home lacks nothing.
    expect(result.stderr.split('\n').filter((line) => line.includes('warning:'))).toEqual([
      'policygen.config.yaml:23:9: warning: defaults.review.triggers[0].reason has no Welsh text; the Welsh documents show the English (homes/bryn-awel.yaml, homes/plas-y-coed.yaml) [TRANSLATION_MISSING]',
    ]);
  });

  test('init writes a new home that takes the group’s languages and reviews, overriding nothing', async () => {
    const cwd = estate();
    expect((await runMain(['init', 'homes/new-home.yaml'], cwd)).code).toBe(0);
    const text = readFileSync(join(cwd, 'homes', 'new-home.yaml'), 'utf8');
    expect(text).toContain('# A home of a care group, for policygen. The defaults in policygen.config.yaml give every field');
    expect(text).not.toMatch(/^(languages|review|policies):/m);
    const result = await runMain(['build', 'homes/new-home.yaml', '-q', ...TODAY], cwd);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(listFiles(join(cwd, 'policies', 'new-home')).filter((f) => f.endsWith('.md'))).toEqual([
      'complaints.cy.md',
      'complaints.en.md',
      'social-media.cy.md',
      'social-media.en.md',
    ]);
  });

  test('a policy a home no longer has is extra to --check, and --prune removes it', async () => {
    const cwd = estate();
    expect((await runMain(['build', 'homes', '-q', ...TODAY], cwd)).code).toBe(0);
    const home = join(cwd, 'homes', 'harbour-view.yaml');
    writeFiles(cwd, { 'homes/harbour-view.yaml': readFileSync(home, 'utf8').replace('exclude: []', 'exclude: [minibus]') });
    const check = await runMain(['build', 'homes', '--check', ...TODAY], cwd);
    expect(check).toMatchObject({
      code: 1,
      // Its manual and index change with it.
      stdout: [
        'stale   policies/harbour-view/policy-pack.pdf',
        'stale   policies/harbour-view/index.html',
        'extra   policies/harbour-view/minibus.md',
        'extra   policies/harbour-view/minibus.pdf',
        '',
      ].join('\n'),
    });
    const prune = await runMain(['build', 'homes', '--prune', ...TODAY], cwd);
    expect(prune.stdout).toBe('removed policies/harbour-view/minibus.md\nremoved policies/harbour-view/minibus.pdf\n');
    expect((await runMain(['build', 'homes', '--check', ...TODAY], cwd)).code).toBe(0);
  });
});

describe('mistakes in the defaults', () => {
  test('a bad default is reported once, at the config file, however many homes; exit 2, nothing built', async () => {
    const cwd = tempDir();
    writeFiles(cwd, {
      'policygen.config.yaml': 'defaults:\n  organisation:\n    group_name: Glannau\n    registration_no: 012345\n',
      'homes/one.yaml': HOME('One'),
      'homes/two.yaml': HOME('Two'),
      'homes/three.yaml': HOME('Three'),
    });
    const before = listFiles(cwd);
    for (const command of ['build', 'validate', 'due']) {
      const result = await runMain([command, 'homes', ...TODAY], cwd);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        [
          'policygen.config.yaml:4:22: error: defaults.organisation.registration_no must be text, not the number 12345 [TYPE_MISMATCH]',
          '  4 |     registration_no: 012345',
          '    |                      ^^^^^^',
          '  hint: quote it, as registration_no: "012345", or the leading zero is lost (YAML reads 012345 as the number 12345)',
          '',
        ].join('\n'),
      );
    }
    expect(listFiles(cwd)).toEqual(before);
  });

  test('a problem every home meets in a default (a logo that is not there) is said once; every home fails', async () => {
    const cwd = tempDir();
    writeFiles(cwd, {
      'policygen.config.yaml': 'defaults:\n  organisation:\n    logo: logos/group.png\n',
      'homes/one.yaml': HOME('One'),
      'homes/two.yaml': HOME('Two'),
    });
    const result = await runMain(['build', 'homes', ...TODAY], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter((line) => / error: /.test(line))).toEqual([
      'policygen.config.yaml:3:11: error: the logo file logos/group.png does not exist [LOGO_NOT_FOUND]',
    ]);
    expect(listFiles(cwd).filter((file) => file.startsWith('out/'))).toEqual([]);
    // Relative to the config file, from wherever policygen runs.
    writeFiles(cwd, { 'logos/group.png': TINY_PNG });
    expect((await runMain(['build', '../homes', '-q', ...TODAY], join(cwd, 'logos'))).code).toBe(0);
    expect(listFiles(join(cwd, 'logos', 'out'))).toContain('one/logo.png');
  });

  test('a problem in a default that only some homes meet names them, the first few in the message and all of them in --json', async () => {
    const cwd = tempDir();
    const reviewed = 'review:\n  policies:\n    social-media: { last_reviewed: 2026-10-01 }\n';
    writeFiles(cwd, {
      'policygen.config.yaml': 'defaults:\n  review:\n    last_reviewed: 2025-09-01\n',
      // Eight homes: two have recorded their own review since the group's review day.
      ...Object.fromEntries(
        ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((h) => [`homes/${h}.yaml`, HOME(h, h === 'c' || h === 'f' ? reviewed : '')]),
      ),
    });
    const result = await runMain(['validate', 'homes', '--json', ...TODAY], cwd);
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter((line) => / warning: /.test(line))).toEqual([
      'policygen.config.yaml:3:20: warning: social-media: the review was due on 1 September 2026, 91 days ago (homes/a.yaml, homes/b.yaml, homes/d.yaml, homes/e.yaml and 2 other homes) [REVIEW_OVERDUE]',
    ]);
    const json = JSON.parse(result.stdout) as { diagnostics: Array<{ organisations?: string[] }> };
    expect(json.diagnostics.map((d) => d.organisations)).toEqual([
      ['homes/a.yaml', 'homes/b.yaml', 'homes/d.yaml', 'homes/e.yaml', 'homes/g.yaml', 'homes/h.yaml'],
    ]);

    // Every home overdue but one that stopped at an error of its own: said once, naming no home.
    writeFiles(cwd, { 'homes/c.yaml': HOME('c'), 'homes/f.yaml': HOME('f'), 'homes/i.yaml': 'organisation:\n  name: i\n' });
    const stopped = await runMain(['validate', 'homes', ...TODAY], cwd);
    expect(stopped.stderr.split('\n').filter((line) => / (warning|error): /.test(line))).toEqual([
      'homes/i.yaml:1:1: error: organisation is missing "registration_no" [REQUIRED_FIELD_MISSING]',
      'homes/i.yaml:1:1: error: organisation is missing "registered_manager" [REQUIRED_FIELD_MISSING]',
      'policygen.config.yaml:3:20: warning: social-media: the review was due on 1 September 2026, 91 days ago [REVIEW_OVERDUE]',
    ]);
  });

  test('a required field missing from a home and the defaults is that home’s error; the others are built', async () => {
    const cwd = tempDir();
    writeFiles(cwd, {
      'policygen.config.yaml': 'defaults:\n  organisation:\n    registered_manager: { first_name: Rhys, last_name: Morgan }\n',
      'homes/good.yaml': 'organisation:\n  name: Good\n  registration_no: "W1"\n',
      'homes/bad.yaml': 'organisation:\n  name: Bad\n',
    });
    const result = await runMain(['build', 'homes', ...TODAY], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('homes/bad.yaml:1:1: error: organisation is missing "registration_no" [REQUIRED_FIELD_MISSING]');
    expect(listFiles(join(cwd, 'out'))).toEqual(['good/.policygen.json', 'good/social-media.md']);
  });
});

describe('the library API', () => {
  test('takes the config file’s defaults from loadConfig, positioned in the config file', async () => {
    const cwd = estate();
    const { config, diagnostics } = loadConfig({ cwd });
    expect(diagnostics).toEqual([]);
    expect(config!.defaults).toMatchObject({ file: 'policygen.config.yaml' });
    const result = await build({
      inputs: ['homes'],
      cwd,
      out: 'api-out',
      templates: config!.templates!,
      today: '2026-12-01',
      defaults: config!.defaults!,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.organisations.map((o) => o.name)).toEqual(['Cartref Bryn Awel', 'Harbour View Care Home', 'Cartref Gofal Plas y Coed']);
    const checked = await validate({
      inputs: ['homes'],
      cwd,
      templates: config!.templates!,
      defaults: config!.defaults!,
      today: '2026-12-01',
    });
    expect(checked.ok).toBe(true);
  });

  test('takes defaults as an object too, its problems positioned in it as YAML', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'home.yaml': 'organisation:\n  name: Tŷ Gwyn\n  registration_no: "W1"\n' });
    const manager = { registered_manager: { first_name: 'Rhys', last_name: 'Morgan' } };
    const ok = await due({
      inputs: ['home.yaml'],
      cwd,
      today: '2026-12-01',
      defaults: { organisation: manager, review: { triggers: [{ date: '2027-01-01', reason: 'New law' }] } },
    });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.entries[0]).toMatchObject({ nextReview: '2027-01-01', reason: { kind: 'trigger', origin: 'group', reason: 'New law' } });
    const bad = await build({ inputs: ['home.yaml'], cwd, defaults: { organisation: { ...manager, logo: 5 } } });
    expect(bad.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual([
      '(defaults option):6:11 defaults.organisation.logo must be text, not the number 5',
    ]);
    expect(listFiles(cwd)).toEqual(['home.yaml']);
    await expect(build({ inputs: ['home.yaml'], cwd, defaults: 'policygen.config.yaml' as never })).rejects.toThrow(TypeError);
  });
});
