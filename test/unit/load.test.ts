import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_TEMPLATES, describeFsError, expandInputs, loadLogo, loadOrganisationFile, loadTemplateLibraries } from '../../src/load';
import { readBounded } from '../../src/load/read-bounded';
import * as limits from '../../src/load/yaml-limits';
import { MAX_NESTING, MAX_VALUES, parseYamlSource, yamlToData } from '../../src/load/yaml-source';
import { MAX_INPUT_BYTES, readTextFile } from '../../src/load/read-text';
import { organisationYaml, tempDir, writeFiles } from '../helpers';

describe('inputs', () => {
  test('a folder means its *.yaml and *.yml files, in name order', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'homes/b.yml': '', 'homes/a.yaml': '', 'homes/c.txt': '', 'homes/sub/d.yaml': '' });
    const { files, diagnostics } = await expandInputs(['homes', 'homes/a.yaml'], cwd);
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => f.displayPath)).toEqual(['homes/a.yaml', 'homes/b.yml']);
  });

  test('symbolic links count as the files they point to; hidden files are skipped', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'shared/ty-gwyn.yaml': '', 'homes/.hidden.yaml': '', 'homes/.yaml': '' });
    symlinkSync(join(cwd, 'shared', 'ty-gwyn.yaml'), join(cwd, 'homes', 'linked.yaml'));
    symlinkSync(join(cwd, 'nowhere.yaml'), join(cwd, 'homes', 'dangling.yaml'));
    const { files } = await expandInputs(['homes'], cwd);
    expect(files.map((f) => f.displayPath)).toEqual(['homes/linked.yaml']);
  });

  test('an empty folder or a missing path is reported', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'empty/readme.txt': '' });
    const { diagnostics } = await expandInputs(['empty', 'missing.yaml'], cwd);
    expect(diagnostics.map((d) => `${d.file}: ${d.message}`)).toEqual([
      'empty: this folder holds no .yaml or .yml files',
      'missing.yaml: no such file',
    ]);
  });
});

describe('organisation files', () => {
  test('a byte-order mark is dropped and CRLF line endings are read', () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'home.yaml': `\uFEFF${organisationYaml().replace(/\n/g, '\r\n')}` });
    const result = loadOrganisationFile(join(cwd, 'home.yaml'), 'home.yaml');
    expect(result.ok && result.loaded.data).toMatchObject({ organisation: { name: 'Cartref Gofal Tŷ Gwyn' } });
  });

  test('dates stay calendar-date text, and quoted numbers keep their zeros', () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'home.yaml': organisationYaml({ registrationNo: '0012345' }) });
    const result = loadOrganisationFile(join(cwd, 'home.yaml'), 'home.yaml');
    expect(result.ok && result.loaded.data).toMatchObject({
      organisation: { registration_no: '0012345' },
      review: { last_reviewed: '2026-04-01' },
    });
  });
});

describe('template libraries', () => {
  test('the built-in library holds the social media policy', async () => {
    const { library, diagnostics } = await loadTemplateLibraries([BUILT_IN_TEMPLATES], '/');
    expect(diagnostics).toEqual([]);
    expect(library.templates.map((t) => `${t.id}.${t.language}`)).toEqual(['social-media.en', 'social-media.cy']);
  });

  test('a later library overrides a template and partial with the same name, and skips README.md', async () => {
    const cwd = tempDir();
    writeFiles(cwd, {
      'one/social-media.md': '---\ntitle: One\n---\nx\n',
      'one/partials/sign-off.md': 'one',
      'two/social-media.md': '---\ntitle: Two\n---\ny\n',
      'two/README.md': '# About this library\n',
      'two/partials/sign-off.md': 'two',
    });
    const { library, diagnostics } = await loadTemplateLibraries(['one', 'two'], cwd);
    expect(diagnostics).toEqual([]);
    expect(library.templates.map((t) => [t.id, t.file, t.body])).toEqual([['social-media', 'two/social-media.md', 'y\n']]);
    expect(library.partials.get('sign-off')?.body).toBe('two');
  });

  test('a missing or empty template folder is an error', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'empty/.keep': '' });
    const { diagnostics } = await loadTemplateLibraries(['missing', 'empty'], cwd);
    expect(diagnostics.map((d) => `${d.file}: ${d.message}`)).toEqual([
      'missing: template folder: no such file',
      'empty: this template folder holds no .md templates and no partials/ folder of them',
    ]);
  });
});

describe('reading files', () => {
  const read = (path: string) => {
    const result = readTextFile(path, 'shown.yaml');
    return result.ok ? 'ok' : result.diagnostic.message;
  };

  // Linux only: CI and this machine have it.
  const withProc = existsSync('/proc/self/pagemap') ? test : test.skip;
  withProc('a /proc file that says it is empty is read only up to the limit, in bounded time and memory', () => {
    const started = Date.now();
    const heap = process.memoryUsage().rss;
    expect(read('/proc/self/pagemap')).toBe(`the file is over ${MAX_INPUT_BYTES} bytes; files over ${MAX_INPUT_BYTES} bytes are not read`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - heap).toBeLessThan(200 * 1024 * 1024);
    const logo = loadLogo('/proc/self/pagemap');
    expect(logo).toEqual({ ok: false, reason: 'not-image', detail: 'is over 10485760 bytes; a logo may be at most 10485760 bytes' });
  });

  test('a file over the limit is refused by its size; one at the limit is read whole', () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'big.yaml': 'x'.repeat(200) });
    expect(readBounded(join(cwd, 'big.yaml'), 100)).toEqual({ ok: false, reason: 'too-large', size: 200 });
    expect(readBounded(join(cwd, 'big.yaml'), 200)).toEqual({ ok: true, bytes: Buffer.from('x'.repeat(200)) });
  });

  test('a FIFO, a device and a folder are refused without waiting for a writer', () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'folder/x': '' });
    expect(read(join(cwd, 'folder'))).toBe('this is a folder, not a file');
    expect(read('/dev/zero')).toBe('this is not a regular file');
    if (spawnSync('mkfifo', [join(cwd, 'pipe.yaml')]).status === 0) expect(read(join(cwd, 'pipe.yaml'))).toBe('this is not a regular file');
  });

  test('file-system errors are said in our words, without Node’s text or the absolute path', () => {
    const cwd = tempDir();
    symlinkSync(join(cwd, 'b.yaml'), join(cwd, 'a.yaml'));
    symlinkSync(join(cwd, 'a.yaml'), join(cwd, 'b.yaml'));
    expect(read(join(cwd, 'a.yaml'))).toBe('the path goes round in a loop of symbolic links');
    expect(read(join(cwd, `${'n'.repeat(300)}.yaml`))).toBe('the path, or a name in it, is too long');
    expect(read(join(cwd, 'missing.yaml'))).toBe('no such file');
    for (const code of ['EMFILE', 'EIO', 'ENXIO', 'ESOMETHINGNEW']) {
      const message = describeFsError(Object.assign(new Error(`${code}: failed, open '${cwd}/x'`), { code }));
      expect(message).not.toContain(cwd);
      expect(message).not.toContain(`${code}:`);
    }
    expect(describeFsError(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }))).toBe('the disk reported an input/output error');
  });
});

describe('YAML that would make the parser or later stages run away', () => {
  const parse = (text: string) => parseYamlSource(text, 'home.yaml').diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
  const timed = <T>(work: () => T): T => {
    const started = Date.now();
    const result = work();
    // Generous: a hang or a quadratic blow-up takes minutes; a slow CI machine a second or two.
    expect(Date.now() - started).toBeLessThan(10_000);
    return result;
  };
  const tooDeep = (line: number, column: number) => [
    `${line}:${column} YAML_SYNTAX values are nested more than ${MAX_NESTING} levels deep here`,
  ];

  test.each([
    ['flow sequences', (n: number) => `deep: ${'['.repeat(n)}x${']'.repeat(n)}\n`, 1, 70],
    ['flow mappings', (n: number) => `deep: ${'{a: '.repeat(n)}x${'}'.repeat(n)}\n`, 1, 259],
    ['block sequences on one line', (n: number) => `deep:\n  ${'- '.repeat(n)}x\n`, 2, 129],
    ['explicit keys on one line', (n: number) => `${'? '.repeat(n)}x\n`, 1, 129],
    ['indentation', (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x\n', 65, 66],
    ['list items and keys mixed', (n: number) => `${'- ? '.repeat(Math.ceil(n / 2))}x\n`, 1, 129],
  ])('nesting counts the same however it is written: %s', (_, make, line, column) => {
    expect(parse(make(MAX_NESTING - 2))).toEqual([]);
    expect(parse(make(MAX_NESTING + 6))).toEqual(tooDeep(line, column));
    // Thousands deep on one line: refused at the same place, without touching the stack.
    expect(timed(() => parse(make(20_000)))).toEqual(tooDeep(line, column));
  });

  test('a quote mark inside a plain value does not hide the brackets after it', () => {
    expect(parse(`name: O'Brien\ndeep: ${'['.repeat(100)}\n`)).toEqual(tooDeep(2, 70));
  });

  test('aliases that multiply fields are refused at the alias that passes 10,000 values, in bounded time and memory', () => {
    const fields = Array.from({ length: 4000 }, (_, i) => `    f${i}: v\n`).join('');
    const aliases = Array.from({ length: 99 }, (_, i) => `  g${i}: *a\n`).join('');
    const rss = process.memoryUsage().rss;
    expect(timed(() => parse(`organisation:\n  base: &a\n${fields}${aliases}`))).toEqual([
      `4003:7 YAML_SYNTAX with its aliases (*name) expanded, the file holds more than ${MAX_VALUES.toLocaleString('en-GB')} values; no policygen file needs so many`,
    ]);
    expect(process.memoryUsage().rss - rss).toBeLessThan(500 * 1024 * 1024);
    // Aliases of aliases: each level multiplies.
    const row = (name: string, inner: string) => `${name}: &${name} [${Array.from({ length: 30 }, () => inner).join(', ')}]\n`;
    expect(timed(() => parse(row('a', 'x') + row('b', '*a') + row('c', '*b')))).toEqual([
      '3:44 YAML_SYNTAX with its aliases (*name) expanded, the file holds more than 10,000 values; no policygen file needs so many',
    ]);
    // An alias may still repeat a value a few times.
    expect(parse('a: &a {x: 1}\nb: *a\nc: *a\n')).toEqual([]);
  });

  test('aliases cannot nest values past the depth limit either', () => {
    const level = (name: string, inner: string) => `${name}: &${name} ${'['.repeat(40)}${inner}${']'.repeat(40)}\n`;
    expect(parse(level('a', 'x') + level('b', '*a'))).toEqual([
      '2:47 YAML_SYNTAX with its aliases (*name) expanded, values are nested more than 64 levels deep here',
    ]);
  });

  test('an alias inside the value it names is refused (it would never end)', () => {
    expect(parse('organisation: &org\n  name: x\n  self: *org\n')).toEqual([
      '3:9 YAML_SYNTAX *org is inside the value marked &org, so that value would contain itself without end',
    ]);
  });

  test('duplicate keys are found in linear time, at the second key', () => {
    const keys = Array.from({ length: 4900 }, (_, i) => `k${i}: v\n`).join('');
    expect(timed(() => parse(`${keys}k17: again\n`))).toEqual(['4901:1 YAML_SYNTAX this key appears twice in the same mapping']);
    expect(parse('a: {x: 1, y: 2, x: 3}\n')).toEqual(['1:17 YAML_SYNTAX this key appears twice in the same mapping']);
    // Different types are different keys, as in yaml's own check.
    expect(parse('1: a\n"1": b\n')).toEqual([]);
  });

  test('a file of 116,000 keys is refused as too many values, fast', () => {
    const keys = Array.from({ length: 116_000 }, (_, i) => `k${i}: v\n`).join('');
    expect(timed(() => parse(keys))).toEqual([
      '6667:8 YAML_SYNTAX the file holds more than 10,000 values; no policygen file needs so many',
    ]);
    const empties = `list:\n${'  -\n'.repeat(200_000)}`;
    expect(timed(() => parse(empties))).toEqual([
      '20000:3 YAML_SYNTAX the file holds more than 10,000 values; no policygen file needs so many',
    ]);
  });

  test('a stack overflow while parsing or converting is a YAML_SYNTAX error, not a crash', () => {
    const overflow = () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    const spy = jest.spyOn(limits, 'parseBounded').mockImplementation(overflow);
    try {
      expect(parse('a: b\n')).toEqual([`1:1 YAML_SYNTAX values are nested too deeply to read (more than ${MAX_NESTING} levels)`]);
    } finally {
      spy.mockRestore();
    }
    const { yaml } = parseYamlSource('a: b\n', 'home.yaml');
    jest.spyOn(yaml.document, 'toJS').mockImplementation(overflow);
    expect(yamlToData(yaml)).toMatchObject({
      ok: false,
      diagnostic: {
        code: 'YAML_SYNTAX',
        line: 1,
        column: 1,
        message: `values are nested too deeply to read (more than ${MAX_NESTING} levels)`,
      },
    });
  });
});

describe('control characters', () => {
  const parse = (text: string) =>
    parseYamlSource(text, 'home.yaml').diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message} | ${d.hint ?? ''}`);

  test('are refused in values, whether written as escapes or pasted in', () => {
    expect(parse('organisation:\n  name: "Ty\\e]0;pwned\\a"\n  fax: a\u0007b\n  note: "\\x9b"\n')).toEqual([
      '2:9 CONTROL_CHARACTER organisation.name holds a control character (U+001B ESC) | remove the escape that makes it (such as \\e, \\x1b or \\u001b): no policy can show it',
      '3:9 CONTROL_CHARACTER organisation.fax holds a control character (U+0007 BEL) | delete it: it is invisible, and no policy can show it',
      '4:9 CONTROL_CHARACTER organisation.note holds a control character (U+009B) | remove the escape that makes it (such as \\e, \\x1b or \\u001b): no policy can show it',
    ]);
    expect(parse('triggers:\n  - reason: "a\\rb"\n')).toEqual([
      '2:13 CONTROL_CHARACTER triggers[0].reason holds a control character (U+000D a carriage return) | remove the escape that makes it (such as \\e, \\x1b or \\u001b): no policy can show it',
    ]);
  });

  test('are refused in keys, tabs and line breaks included', () => {
    expect(parse('organisation:\n  "na\\tme": x\n  "\\e": y\n')).toEqual([
      '2:3 CONTROL_CHARACTER a key in organisation holds a control character (U+0009 a tab) | remove the escape that makes it (such as \\e, \\x1b or \\u001b): no policy can show it',
      '3:3 CONTROL_CHARACTER a key in organisation holds a control character (U+001B ESC) | remove the escape that makes it (such as \\e, \\x1b or \\u001b): no policy can show it',
    ]);
  });

  test('tabs and line breaks inside a value are left to the schema, which knows the field', () => {
    expect(parse('organisation:\n  note: "a\\tb"\n  address: |\n    1 High Street\n    Bangor\n')).toEqual([]);
  });
});
