import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outputPath, writeFileAtomic, writeOutputs } from '../../src/write';
import { listFiles, tempDir } from '../helpers';

describe('output paths', () => {
  test('are <out>/<organisation>/<file>', () => {
    expect(outputPath('/srv/out', 'ty-gwyn', 'social-media.md')).toBe('/srv/out/ty-gwyn/social-media.md');
  });

  test.each([
    ['..', 'social-media.md'],
    ['.', 'social-media.md'],
    ['', 'social-media.md'],
    ['ty-gwyn', '../escape.md'],
    ['ty-gwyn', '/etc/passwd'],
    ['a/../..', 'x.md'],
    ['.yaml', 'x.md'],
  ])('refuse %j / %j, which would land outside the output folder', (organisation, file) => {
    expect(outputPath('/srv/out', organisation, file)).toBeUndefined();
  });
});

describe('atomic writes', () => {
  test('create folders, write the file and leave no temp file', () => {
    const dir = tempDir();
    writeFileAtomic(join(dir, 'a', 'b', 'policy.md'), 'text');
    expect(listFiles(dir)).toEqual(['a/b/policy.md']);
    expect(readFileSync(join(dir, 'a', 'b', 'policy.md'), 'utf8')).toBe('text');
  });

  test('a failed rename leaves what was there, and no temp file', () => {
    const dir = tempDir();
    const target = join(dir, 'policy.md');
    writeFileSync(join(dir, 'keep.md'), 'old');
    // A folder already has the target's name: the temp file is written, then rename fails.
    mkdirSync(join(target, 'inside'), { recursive: true });
    expect(() => writeFileAtomic(target, 'new')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(listFiles(dir)).toEqual(['keep.md']);
    expect(readFileSync(join(dir, 'keep.md'), 'utf8')).toBe('old');
  });

  test('unchanged files are not rewritten, so their times stay put', async () => {
    const dir = tempDir();
    const file = { path: join(dir, 'x', 'p.md'), displayPath: 'x/p.md', contents: 'same' };
    expect(writeOutputs([file]).results[0]?.status).toBe('written');
    const before = statSync(file.path).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    expect(writeOutputs([file]).results[0]?.status).toBe('unchanged');
    expect(statSync(file.path).mtimeMs).toBe(before);
    expect(writeOutputs([{ ...file, contents: 'different' }]).results[0]?.status).toBe('written');
  });

  test("an organisation's files are written together or not at all", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'old.md'), 'old');
    writeFileSync(join(dir, 'blocker'), '');
    const result = writeOutputs([
      { path: join(dir, 'old.md'), displayPath: 'old.md', contents: 'new' },
      { path: join(dir, 'blocker', 'p.md'), displayPath: 'blocker/p.md', contents: 'x' },
    ]);
    expect(result.diagnostics.map((d) => d.file)).toEqual(['blocker/p.md']);
    expect(readFileSync(join(dir, 'old.md'), 'utf8')).toBe('old');
    expect(listFiles(dir)).toEqual(['blocker', 'old.md']);
  });

  test('a write error is a diagnostic naming the file, not an exception', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blocker'), '');
    const result = writeOutputs([{ path: join(dir, 'blocker', 'p.md'), displayPath: 'blocker/p.md', contents: 'x' }]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'OUTPUT_WRITE_FAILED',
        file: 'blocker/p.md',
        message: 'could not write: a part of the path is a file, not a folder',
      }),
    ]);
  });
});
