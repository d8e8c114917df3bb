import { createHash } from 'node:crypto';
import { organisationYaml, TINY_PNG } from '../helpers';

/**
 * The CLI's contract as a table. Each case runs twice: in-process through `main()`
 * (cli-main.test.ts) and as a real `node bin/policygen.js` process (cli-exec.test.ts).
 */
export interface CliCase {
  name: string;
  /** Files to lay out in a fresh working folder first. */
  files: Record<string, string | Uint8Array>;
  args: string[];
  env?: Record<string, string>;
  exitCode: number;
  /** Texts stderr must contain, in this order. */
  stderr?: string[];
  stdout?: string[];
  /** Every file under out/ afterwards: [] proves nothing was written. */
  outputs: string[];
}

const home = { 'home.yaml': organisationYaml({ logo: './logo.png' }), 'logo.png': TINY_PNG };
// Every home folder holds policygen's manifest of the files it wrote there.
const builtHome = ['home/.policygen.json', 'home/logo.png', 'home/social-media.md'];
const withAddress = (text: string) => text.replace('  registered_manager:', '  address: 1 High Street\n  registered_manager:');

/**
 * What an earlier build left in `out/<folder>`: the files, and the manifest that says
 * policygen wrote them, for the organisation file `organisation` (relative to the working folder).
 */
function earlierBuild(folder: string, organisation: string, files: Record<string, string>): Record<string, string> {
  const listed = Object.fromEntries(
    Object.entries(files).map(([name, text]) => [name, { sha256: createHash('sha256').update(text).digest('hex') }]),
  );
  return {
    ...Object.fromEntries(Object.entries(files).map(([name, text]) => [`out/${folder}/${name}`, text])),
    [`out/${folder}/.policygen.json`]: JSON.stringify({ format: 1, organisation: `../../${organisation}`, files: listed }),
  };
}
// A policy of a template since removed from the library, and a file of the user's own beside it.
const withRemovedTemplate = {
  ...home,
  ...earlierBuild('home', 'home.yaml', { 'visiting.md': '# Visiting\n' }),
  'out/home/notes.txt': 'mine',
};
// The output folder of an organisation file since deleted.
const withRemovedHome = { ...home, ...earlierBuild('closed', 'closed.yaml', { 'social-media.md': '# Old\n', 'logo.png': 'png' }) };

const addressTemplate =
  '---\ntitle: Visiting Policy\n---\n# Visiting Policy\n\nVisitors are welcome at {{org_field_name}},\n{{org_field_address}}.\n';

export const cases: CliCase[] = [
  {
    name: 'builds one organisation into out/',
    files: home,
    args: ['build', 'home.yaml', '--today', '2026-05-01'],
    exitCode: 0,
    stderr: ['Built 1 organisation into out: 2 files written, 0 unchanged'],
    outputs: builtHome,
  },
  {
    name: 'builds every YAML file in a folder into -o',
    files: { 'homes/a.yaml': organisationYaml(), 'homes/b.yml': organisationYaml({ name: 'Ocean View' }), 'homes/notes.txt': 'x' },
    args: ['build', 'homes', '-o', 'policies', '--today', '2026-05-01'],
    exitCode: 0,
    stderr: ['Built 2 organisations into policies: 2 files written'],
    outputs: ['a/.policygen.json', 'a/social-media.md', 'b/.policygen.json', 'b/social-media.md'],
  },
  {
    name: 'YAML syntax error: position, exit 2, nothing written',
    files: { ...home, 'home.yaml': 'organisation:\n  name: [Tŷ Gwyn\n  registration_no: "W1"\n' },
    args: ['build', 'home.yaml'],
    exitCode: 2,
    stderr: ['home.yaml:2:9: error: this [ is never closed with ] [YAML_SYNTAX]', '  2 |   name: [Tŷ Gwyn', '    |         ^'],
    outputs: [],
  },
  {
    name: 'schema violation: position, exit 2, nothing written',
    files: { ...home, 'home.yaml': organisationYaml({ logo: './logo.png', extra: '  interval_months: 13' }) },
    args: ['build', 'home.yaml'],
    exitCode: 2,
    stderr: [
      'home.yaml:10:20: error: review.interval_months must be from 1 to 12, not 13 [INVALID_VALUE]',
      '  10 |   interval_months: 13',
      '     |                    ^^',
      '  hint: policies must be reviewed at least once a year',
    ],
    outputs: [],
  },
  {
    name: 'unquoted registration number: "quote it", exit 2, nothing written',
    files: { ...home, 'home.yaml': organisationYaml({ logo: './logo.png' }).replace('"W0012345"', '0012345') },
    args: ['build', 'home.yaml'],
    exitCode: 2,
    stderr: [
      'home.yaml:3:20: error: organisation.registration_no must be text, not the number 12345 [TYPE_MISMATCH]',
      'hint: quote it, as registration_no: "0012345", or the leading zero is lost',
    ],
    outputs: [],
  },
  {
    name: 'unknown placeholder: template file:line:column, exit 2, nothing written',
    files: { ...home, 'library/visiting.md': addressTemplate },
    args: ['build', 'home.yaml', '-t', 'library'],
    exitCode: 2,
    stderr: [
      'library/visiting.md:7:1: error: {{org_field_address}} is not defined: home.yaml has no organisation.address [UNKNOWN_PLACEHOLDER]',
      '  7 | {{org_field_address}}.',
      '    | ^^^^^^^^^^^^^^^^^^^^^',
    ],
    outputs: [],
  },
  {
    name: 'a custom library adds a policy that uses a custom field',
    files: { ...home, 'home.yaml': withAddress(organisationYaml({ logo: './logo.png' })), 'library/visiting.md': addressTemplate },
    args: ['build', 'home.yaml', '-t', 'library', '--today', '2026-05-01'],
    exitCode: 0,
    outputs: [...builtHome, 'home/visiting.md'],
  },
  {
    name: 'missing logo: position, exit 2, nothing written',
    files: { 'home.yaml': organisationYaml({ logo: './logos/home.png' }) },
    args: ['build', 'home.yaml'],
    exitCode: 2,
    stderr: [
      'home.yaml:4:9: error: the logo file ./logos/home.png does not exist [LOGO_NOT_FOUND]',
      'hint: the path is relative to this YAML file',
    ],
    outputs: [],
  },
  {
    name: 'a logo that is not an image',
    files: { ...home, 'logo.png': '<svg xmlns="http://www.w3.org/2000/svg"/>' },
    args: ['build', 'home.yaml'],
    exitCode: 2,
    stderr: ['home.yaml:4:9: error: the logo file ./logo.png is not a PNG or JPEG image [LOGO_NOT_IMAGE]'],
    outputs: [],
  },
  {
    name: 'a damaged PNG logo is caught before any format is written',
    files: { ...home, 'logo.png': TINY_PNG.subarray(0, 40) },
    args: ['build', 'home.yaml', '-f', 'md,html,pdf'],
    exitCode: 2,
    stderr: [
      'home.yaml:4:9: error: the logo file ./logo.png is a damaged PNG (it ends part-way through) [LOGO_NOT_IMAGE]',
      'hint: open it in an image editor and save it again, as a PNG or JPEG',
    ],
    outputs: [],
  },
  {
    name: 'builds Markdown, HTML and PDF together',
    files: home,
    args: ['build', 'home.yaml', '-f', 'md,html,pdf', '--today', '2026-05-01'],
    exitCode: 0,
    stderr: ['Built 1 organisation into out: 5 files written'],
    outputs: [
      'home/.policygen.json',
      'home/index.html',
      'home/logo.png',
      'home/social-media.html',
      'home/social-media.md',
      'home/social-media.pdf',
    ],
  },
  {
    name: 'a logo that is a device is refused, not read forever',
    files: { 'home.yaml': organisationYaml({ logo: '/dev/zero' }) },
    args: ['build', 'home.yaml'],
    exitCode: 2,
    stderr: ['home.yaml:4:9: error: the logo file /dev/zero is not a regular file [LOGO_NOT_IMAGE]'],
    outputs: [],
  },
  {
    name: 'an organisation "file" that is a device is refused',
    files: {},
    args: ['build', '/dev/zero'],
    exitCode: 2,
    stderr: ['/dev/zero: error: this is not a regular file [FILE_UNREADABLE]'],
    outputs: [],
  },
  {
    name: 'a file named only ".yaml" cannot name a hidden output folder',
    files: { '.yaml': organisationYaml() },
    args: ['build', '.yaml', '--today', '2026-05-01'],
    exitCode: 2,
    stderr: [
      '.yaml: error: cannot write an output named ".yaml/social-media.md": the name is hidden or leaves the output folder [OUTPUT_NAME_CLASH]',
    ],
    outputs: [],
  },
  {
    name: 'a file that does not exist',
    files: {},
    args: ['build', 'nowhere.yaml'],
    exitCode: 2,
    stderr: ['nowhere.yaml: error: no such file [FILE_UNREADABLE]'],
    outputs: [],
  },
  {
    name: 'a file that is not UTF-8 text',
    files: { 'home.yaml': Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x0a]) },
    args: ['build', 'home.yaml'],
    exitCode: 2,
    stderr: ['home.yaml: error: the file is not UTF-8 text [FILE_UNREADABLE]', 'hint: save the file as UTF-8'],
    outputs: [],
  },
  {
    name: 'one bad organisation does not stop a good one',
    files: { 'homes/a-good.yaml': organisationYaml(), 'homes/b-bad.yaml': 'organisation: {}\n' },
    args: ['build', 'homes', '--today', '2026-05-01'],
    exitCode: 2,
    stderr: [
      'homes/b-bad.yaml:1:1: error: organisation is missing "name"',
      'Built 1 organisation into out: 1 file written, 0 unchanged; 1 organisation failed',
    ],
    outputs: ['a-good/.policygen.json', 'a-good/social-media.md'],
  },
  {
    name: 'a template syntax error stops every organisation before anything is written',
    files: { ...home, 'library/broken.md': '---\ntitle: Broken\n---\n# Broken\n\n{{#org_field_logo}}\n' },
    args: ['build', 'home.yaml', '-t', 'library'],
    exitCode: 2,
    stderr: [
      'library/broken.md:6:1: error: the section {{#org_field_logo}} is never closed with {{/org_field_logo}} [TEMPLATE_SYNTAX]',
      'Nothing built',
    ],
    outputs: [],
  },
  {
    name: 'an output folder that cannot be created',
    files: { ...home, blocker: 'a file where the output folder should be' },
    args: ['build', 'home.yaml', '-o', 'blocker', '--today', '2026-05-01'],
    exitCode: 2,
    stderr: ['blocker/home/social-media.md: error: could not write: a part of the path is a file, not a folder [OUTPUT_WRITE_FAILED]'],
    outputs: [],
  },
  {
    name: '--check lists the files of a template no longer in the library as extra, exit 1',
    files: withRemovedTemplate,
    args: ['build', 'home.yaml', '--today', '2026-05-01', '--check'],
    exitCode: 1,
    stdout: ['missing out/home/social-media.md\nmissing out/home/logo.png\nextra   out/home/visiting.md\n'],
    stderr: ['Checked 1 organisation against out: 0 up to date, 0 stale, 2 missing, 1 extra'],
    outputs: ['home/.policygen.json', 'home/notes.txt', 'home/visiting.md'],
  },
  {
    name: 'a build leaves extra files, and says how many and how to remove them',
    files: withRemovedTemplate,
    args: ['build', 'home.yaml', '--today', '2026-05-01'],
    exitCode: 0,
    stderr: ['Built 1 organisation into out: 2 files written, 0 unchanged; 1 extra file left (--prune removes them)'],
    outputs: ['home/.policygen.json', 'home/logo.png', 'home/notes.txt', 'home/social-media.md', 'home/visiting.md'],
  },
  {
    name: "build --prune removes the files policygen made that it no longer makes, and never the user's",
    files: withRemovedTemplate,
    args: ['build', 'home.yaml', '--today', '2026-05-01', '--prune'],
    exitCode: 0,
    stdout: ['removed out/home/visiting.md\n'],
    stderr: ['Built 1 organisation into out: 2 files written, 0 unchanged, 1 removed'],
    outputs: ['home/.policygen.json', 'home/logo.png', 'home/notes.txt', 'home/social-media.md'],
  },
  {
    name: '--check: the whole output folder of a deleted organisation file is extra',
    files: withRemovedHome,
    args: ['build', 'home.yaml', '--today', '2026-05-01', '--check', '-q'],
    exitCode: 1,
    stdout: [
      'missing out/home/social-media.md\nmissing out/home/logo.png\nextra   out/closed/logo.png\nextra   out/closed/social-media.md\n',
    ],
    outputs: ['closed/.policygen.json', 'closed/logo.png', 'closed/social-media.md'],
  },
  {
    name: '--prune removes the output folder of a deleted organisation file, with --json',
    files: withRemovedHome,
    args: ['build', 'home.yaml', '--today', '2026-05-01', '--prune', '--json'],
    exitCode: 0,
    stdout: [
      '"removed": 2',
      '"leftovers": [',
      '"folder": "out/closed"',
      '"organisation": "closed.yaml"',
      '"path": "out/closed/logo.png",\n          "status": "removed"',
    ],
    outputs: builtHome,
  },
  {
    name: '--check and --prune together are a usage error',
    files: withRemovedTemplate,
    args: ['build', 'home.yaml', '--check', '--prune'],
    exitCode: 2,
    stderr: ['policygen: --check writes nothing and --prune removes files: use one or the other'],
    outputs: ['home/.policygen.json', 'home/notes.txt', 'home/visiting.md'],
  },
  {
    name: '--watch and --check together are a usage error, and nothing is built',
    files: home,
    args: ['build', 'home.yaml', '--watch', '--check'],
    exitCode: 2,
    stderr: ['policygen: --watch rebuilds as files change and --check writes nothing: use one or the other'],
    outputs: [],
  },
  {
    name: '--watch and --json together are a usage error, and nothing is built',
    files: home,
    args: ['build', 'home.yaml', '--watch', '--json'],
    exitCode: 2,
    stderr: ['policygen: --watch prints a line per rebuild, not JSON: leave out --json'],
    outputs: [],
  },
  {
    name: 'build --watch with a bad --today stops at once: a flag is wrong on every rebuild',
    files: home,
    args: ['build', 'home.yaml', '--watch', '--today', '2026-02-30'],
    exitCode: 2,
    stderr: ['policygen: --today'],
    outputs: [],
  },
  {
    name: 'preview of a folder is a usage error',
    files: home,
    args: ['preview', '.'],
    exitCode: 2,
    stderr: ['policygen: preview shows one organisation file, and . is a folder: name one of the .yaml files in it'],
    outputs: [],
  },
  {
    name: 'preview with a port that is not a port is a usage error',
    files: home,
    args: ['preview', 'home.yaml', '--port', '70000'],
    exitCode: 2,
    stderr: ['policygen: --port must be a whole number from 0 to 65535, not "70000"'],
    outputs: [],
  },
  {
    name: 'preview has no --json: it prints no data',
    files: home,
    args: ['preview', 'home.yaml', '--json'],
    exitCode: 2,
    stderr: ["error: unknown option '--json'"],
    outputs: [],
  },
  {
    name: 'preview --help says what it serves and where',
    files: {},
    args: ['preview', '--help'],
    exitCode: 0,
    stdout: ['Usage: policygen preview [options] <file>', '--port <n>', '--open', '--today <date>', '127.0.0.1 only', 'Examples:'],
    outputs: [],
  },
  {
    name: 'an overdue review still builds, with a warning',
    files: home,
    args: ['build', 'home.yaml', '--today', '2027-05-01'],
    exitCode: 0,
    stderr: [
      'home.yaml:9:18: warning: social-media: the review was due on 1 April 2027, 30 days ago [REVIEW_OVERDUE]',
      'hint: review the policy, then update review.policies.social-media.last_reviewed',
    ],
    outputs: builtHome,
  },
  {
    name: 'a last review after today still builds, with a warning',
    files: home,
    args: ['build', 'home.yaml', '--today', '2026-03-01'],
    exitCode: 0,
    stderr: [
      'home.yaml:9:18: warning: the last review (1 April 2026) is after today (1 March 2026) [LAST_REVIEW_IN_FUTURE]',
      'hint: check the year',
    ],
    outputs: builtHome,
  },
  {
    name: '--json prints a summary on stdout',
    files: home,
    args: ['build', 'home.yaml', '--today', '2026-05-01', '--json'],
    exitCode: 0,
    stdout: ['"ok": true', '"today": "2026-05-01"', '"path": "out/home/social-media.md"', '"nextReview": "2027-04-01"'],
    outputs: builtHome,
  },
  {
    name: '--quiet prints nothing on success',
    files: home,
    args: ['build', 'home.yaml', '--quiet'],
    exitCode: 0,
    outputs: builtHome,
  },
  {
    name: 'a bad --today is a usage error',
    files: home,
    args: ['build', 'home.yaml', '--today', '2026-02-30'],
    exitCode: 2,
    stderr: ['policygen: --today must be a real date from 2000 to 2999 written YYYY-MM-DD, not "2026-02-30"'],
    outputs: [],
  },
  {
    name: 'a bad SOURCE_DATE_EPOCH is a usage error',
    files: home,
    args: ['build', 'home.yaml'],
    env: { SOURCE_DATE_EPOCH: 'soon' },
    exitCode: 2,
    stderr: ['policygen: SOURCE_DATE_EPOCH must be a whole number of seconds, not "soon"'],
    outputs: [],
  },
  {
    name: 'an unknown format is a usage error',
    files: home,
    args: ['build', 'home.yaml', '-f', 'md,odt'],
    exitCode: 2,
    stderr: ['policygen: unknown format "odt" in --formats: expected md, html, pdf, docx'],
    outputs: [],
  },
  {
    name: 'build with no files is a usage error',
    files: {},
    args: ['build'],
    exitCode: 2,
    stderr: ["error: missing required argument 'files'"],
    outputs: [],
  },
  {
    name: 'an unknown command is a usage error with a suggestion',
    files: {},
    args: ['biuld', 'home.yaml'],
    exitCode: 2,
    stderr: ["error: unknown command 'biuld'", '(Did you mean build?)'],
    outputs: [],
  },
  {
    name: 'validate reports a valid file and writes nothing',
    files: home,
    args: ['validate', 'home.yaml'],
    exitCode: 0,
    stdout: ['home.yaml: valid'],
    outputs: [],
  },
  {
    name: 'validate --today: a review overdue on that day is a warning, and the file is still valid',
    files: home,
    args: ['validate', 'home.yaml', '--today', '2027-06-01'],
    exitCode: 0,
    stderr: ['home.yaml:9:18: warning: social-media: the review was due on 1 April 2027, 61 days ago [REVIEW_OVERDUE]'],
    stdout: ['home.yaml: valid'],
    outputs: [],
  },
  {
    name: 'validate --today must be a date',
    files: home,
    args: ['validate', 'home.yaml', '--today', '2027-02-30'],
    exitCode: 2,
    stderr: ['policygen: --today must be a real date from 2000 to 2999 written YYYY-MM-DD, not "2027-02-30"'],
    outputs: [],
  },
  {
    name: 'validate reports every bad file',
    files: { 'a.yaml': 'organisation: {}\n', 'b.yaml': organisationYaml({ logo: 'x.png' }) },
    args: ['validate', 'a.yaml', 'b.yaml'],
    exitCode: 2,
    stderr: [
      'a.yaml:1:1: error: organisation is missing "name"',
      'b.yaml:4:9: error: the logo file x.png does not exist',
      '2 files with errors',
    ],
    outputs: [],
  },
  {
    name: '--version prints the version',
    files: {},
    args: ['--version'],
    exitCode: 0,
    stdout: ['0.1.0'],
    outputs: [],
  },
  {
    name: '--help shows commands and examples',
    files: {},
    args: ['build', '--help'],
    exitCode: 0,
    stdout: ['Usage: policygen build [options] <files...>', '--today <date>', 'Examples:'],
    outputs: [],
  },
];
