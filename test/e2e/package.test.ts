import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, listFiles, REPO, tempDir } from '../helpers';

/*
 * What a user who installs the package gets: `npm pack` the project (dist/ is already built
 * by `npm test`; --ignore-scripts keeps pack from rebuilding it under the other test files'
 * feet), install the tarball
 * into an empty folder (dependencies from the registry, or npm's cache when it has them),
 * and run the tool there, the CLI and the library, with PDFs on the worker pool.
 */
test('the packed tarball installs and builds the examples in an empty folder', () => {
  const work = tempDir();
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const shipped = packed[0]!.files.map((file) => file.path);
  // Only what a user needs: compiled code with type declarations, bin, templates, schemas, README, LICENSE.
  expect(shipped.filter((path) => !path.startsWith('dist/')).sort()).toEqual([
    'LICENSE',
    'README.md',
    'bin/policygen.js',
    'package.json',
    'schemas/config.schema.json',
    'schemas/organisation.schema.json',
    'schemas/template.schema.json',
    'templates/partials/document-control.cy.md',
    'templates/partials/document-control.md',
    'templates/social-media.cy.md',
    'templates/social-media.md',
  ]);
  expect(shipped).toContain('dist/index.d.ts');
  expect(shipped).toContain('dist/validate/compiled/organisation.js');
  expect(shipped).toContain('dist/render/pdf/prepared-layouts.json'); // a fast first PDF
  expect(shipped.filter((path) => /\.map$|\.test\.|^src\/|^test\//.test(path))).toEqual([]);

  const app = join(work, 'app');
  cpSync(EXAMPLES, join(app, 'examples'), { recursive: true });
  writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed[0]!.filename)], {
    cwd: app,
    stdio: 'ignore',
  });

  execFileSync('npx', ['policygen', 'build', 'examples', '-f', 'md,html,pdf', '--jobs', '2', '--today', '2026-11-25', '-q'], {
    cwd: app,
    stdio: 'pipe',
  });
  expect(listFiles(join(app, 'out'))).toEqual([
    ...['.policygen.json', 'index.cy.html', 'index.en.html', 'logo.png'].map((file) => `cartref-gofal-ty-gwyn/${file}`),
    // A bilingual home: each policy in Welsh and in English.
    ...['cy', 'en'].flatMap((language) =>
      ['html', 'md', 'pdf'].map((format) => `cartref-gofal-ty-gwyn/social-media.${language}.${format}`),
    ),
    ...['.policygen.json', 'index.html', 'logo.png', 'social-media.html', 'social-media.md', 'social-media.pdf'].map(
      (file) => `ocean-view/${file}`,
    ),
  ]);
  // The same bytes as the built-in golden file.
  expect(readFileSync(join(app, 'out', 'ocean-view', 'social-media.md'), 'utf8')).toBe(
    readFileSync(join(REPO, 'test', 'fixtures', 'examples', 'expected', 'ocean-view', 'social-media.md'), 'utf8'),
  );
  expect(execFileSync('npx', ['policygen', '--version'], { cwd: app, encoding: 'utf8' })).toBe(
    `${JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version}\n`,
  );

  // The library API, through the package's exports map, with its type declarations.
  const script =
    "const { build, formatDiagnostic } = require('care-policygen'); build({ inputs: ['examples/ocean-view.yaml'], out: 'api-out', today: '2026-11-25' }).then((r) => console.log(r.ok, typeof formatDiagnostic));";
  expect(execFileSync(process.execPath, ['-e', script], { cwd: app, encoding: 'utf8' })).toBe('true function\n');
  expect(listFiles(join(app, 'node_modules', 'care-policygen', 'dist')).filter((f) => f === 'index.d.ts')).toEqual(['index.d.ts']);
  expect(
    execFileSync(process.execPath, ['-e', "console.log(require.resolve('care-policygen/schema.json'))"], { cwd: app, encoding: 'utf8' }),
  ).toContain('organisation.schema.json');
}, 120_000);
