import { join } from 'node:path';
import { listFiles, organisationYaml, runMain, tempDir, writeFiles } from '../helpers';

/**
 * Templates that would make rendering explode: the work stays linear, and what would be
 * too large is refused with a positioned TEMPLATE_TOO_LARGE before anything is rendered.
 * The time bounds are generous: a hang or an explosion fails, a slow CI machine does not.
 */
const TODAY = ['--today', '2026-11-25'];

test('partials that include each other many times over: refused at once, at the tag that fans out', async () => {
  const cwd = tempDir();
  const files: Record<string, string> = {
    'home.yaml': organisationYaml(),
    'lib/fan.md': '---\ntitle: Fan Out\n---\n# Fan Out\n\n{{> p0}}\n',
  };
  // Each partial includes the next four times: 4^30 copies of the last one.
  for (let i = 0; i < 30; i++) files[`lib/partials/p${i}.md`] = `{{> p${i + 1}}}{{> p${i + 1}}}{{> p${i + 1}}}{{> p${i + 1}}}\n`;
  files['lib/partials/p30.md'] = 'Run by {{org_field_name}}.\n';
  writeFiles(cwd, files);
  const started = Date.now();
  const result = await runMain(['build', 'home.yaml', '-t', 'lib', ...TODAY], cwd);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(
    'lib/fan.md:6:1: error: fan would expand to more than 1,048,576 characters through its partials [TEMPLATE_TOO_LARGE]',
  );
  expect(result.stderr).toContain(
    '  hint: a partial is included many times over, directly or through others: {{> p0}} → {{> p1}} → {{> p2}}',
  );
  expect(listFiles(cwd).filter((f) => f.startsWith('out/'))).toEqual([]);
  // validate and templates read the same library just as quickly.
  expect((await runMain(['templates', '-t', 'lib'], cwd)).code).toBe(2);
});

test('thousands of placeholders on one line are checked and rendered in linear time', async () => {
  const cwd = tempDir();
  writeFiles(cwd, {
    'home.yaml': organisationYaml(),
    'lib/many.md': `---\ntitle: Many\n---\n# Many\n\n${'{{org_field_name}} '.repeat(20_000)}\n`,
  });
  const started = Date.now();
  const result = await runMain(['build', 'home.yaml', '-t', 'lib', '-q', ...TODAY], cwd);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(listFiles(join(cwd, 'out'))).toEqual(['home/.policygen.json', 'home/many.md', 'home/social-media.md']);
});

test("a template within the limit, made too large by one home's long values, fails for that home only", async () => {
  const cwd = tempDir();
  const long = 'Cartref '.repeat(120).trim();
  writeFiles(cwd, {
    'homes/a.yaml': organisationYaml(),
    'homes/b.yaml': organisationYaml().replace('  registered_manager:', `  motto: "${long}"\n  registered_manager:`),
    'lib/mottoes.md': `---\ntitle: Mottoes\n---\n# Mottoes\n\n{{#org_field_motto}}\n${'{{org_field_motto}}\n\n'.repeat(1200)}{{/org_field_motto}}\n`,
  });
  const result = await runMain(['build', 'homes', '-t', 'lib', ...TODAY], cwd);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(
    'lib/mottoes.md:6:1: error: mottoes would be more than 1,048,576 characters long for homes/b.yaml: it prints 1,200 placeholders, and the longest value is 959 characters [TEMPLATE_TOO_LARGE]',
  );
  expect(listFiles(join(cwd, 'out'))).toEqual(['a/.policygen.json', 'a/mottoes.md', 'a/social-media.md']);
});
