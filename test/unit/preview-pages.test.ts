import type { RenderedFile } from '../../src/batch';
import type { Diagnostic } from '../../src/diagnostics';
import { pageFor, type PreviewState } from '../../src/preview/pages';
import { injectReloadScript, reloadScriptTag } from '../../src/preview/reload-script';

const policy = (policyId: string, language: 'en' | 'cy', title: string, name: string): RenderedFile => ({
  name,
  path: `out/home/${name}`,
  contents: `<!DOCTYPE html>\n<title>${title}</title>\n<body>\n<h1>${title}</h1>\n</body>\n</html>\n`,
  document: { policy: policyId, language, title, format: 'html' },
});

const bilingual: PreviewState = {
  file: 'homes/ty-gwyn.yaml',
  name: 'Cartref Gofal Tŷ Gwyn',
  today: '2026-04-01',
  files: [
    policy('social-media', 'cy', 'Polisi Cyfryngau Cymdeithasol', 'social-media.cy.html'),
    policy('social-media', 'en', 'Social Media Policy', 'social-media.en.html'),
    policy('visiting', 'cy', 'Polisi Ymweld', 'visiting.cy.html'),
    policy('visiting', 'en', 'Visiting Policy', 'visiting.en.html'),
  ],
  diagnostics: [],
};

const broken: Diagnostic = {
  code: 'YAML_SYNTAX',
  severity: 'error',
  file: 'homes/ty-gwyn.yaml',
  line: 3,
  column: 9,
  message: 'this [ is never closed with ]',
  excerpt: '  name: [<script>alert(1)</script>',
  hint: 'close it & try <again>',
};

test("a policy's page is the rendered file's own bytes", () => {
  expect(pageFor('/visiting.en.html', bilingual)).toEqual({ status: 200, html: bilingual.files![3]!.contents });
});

test('the index links each policy in each language, named in itself', () => {
  const page = pageFor('/', bilingual)!;
  expect(page.status).toBe(200);
  expect(page.html).toContain('<h1>Cartref Gofal Tŷ Gwyn</h1>');
  expect(page.html).toContain('homes/ty-gwyn.yaml · review dates as of 2026-04-01');
  expect(page.html).toContain(
    '<li><span lang="cy">Polisi Cyfryngau Cymdeithasol</span> <a href="social-media.cy.html" hreflang="cy" lang="cy">Cymraeg</a> <a href="social-media.en.html" hreflang="en-GB" lang="en-GB">English</a></li>',
  );
  expect(page.html).toContain('<a href="visiting.cy.html" hreflang="cy" lang="cy">Cymraeg</a>');
});

test('a one-language home: each title is the link', () => {
  const english: PreviewState = { ...bilingual, files: [policy('visiting', 'en', 'Visiting & <Policy>', 'visiting.html')] };
  expect(pageFor('/', english)!.html).toContain('<li><a href="visiting.html">Visiting &#38; &#60;Policy&#62;</a></li>');
});

test("a build's own index.html, when it makes one, is the preview's index", () => {
  const index: RenderedFile = { name: 'index.html', path: 'out/home/index.html', contents: '<!DOCTYPE html>\n<p>the pack index</p>\n' };
  const withIndex: PreviewState = { ...bilingual, files: [...bilingual.files!, index] };
  expect(pageFor('/', withIndex)).toEqual({ status: 200, html: index.contents });
});

test("a home in two languages: its list links the build's index page in each language", () => {
  const index = (language: 'cy' | 'en'): RenderedFile => ({
    name: `index.${language}.html`,
    path: `out/home/index.${language}.html`,
    contents: '',
  });
  const withIndexes: PreviewState = { ...bilingual, files: [...bilingual.files!, index('cy'), index('en')] };
  expect(pageFor('/', withIndexes)!.html).toContain(
    '<p>The home\'s index page: <a href="index.cy.html" hreflang="cy" lang="cy">Polisïau</a> <a href="index.en.html" hreflang="en-GB" lang="en-GB">Policies</a></p>',
  );
  expect(pageFor('/', bilingual)!.html).not.toContain('index page');
});

test('warnings are listed on the index, positioned', () => {
  const warned: PreviewState = {
    ...bilingual,
    diagnostics: [
      {
        code: 'UNUSED_FIELD',
        severity: 'warning',
        file: 'homes/ty-gwyn.yaml',
        line: 7,
        column: 3,
        message: 'no template uses safeguardng_lead',
      },
    ],
  };
  expect(pageFor('/', warned)!.html).toContain('<h2>1 warning</h2>');
  expect(pageFor('/', warned)!.html).toContain('homes/ty-gwyn.yaml:7:3: warning: no template uses safeguardng_lead [UNUSED_FIELD]');
});

test('while the last render failed, every page shows its errors as the terminal does, HTML-escaped', () => {
  const failed: PreviewState = { file: 'homes/ty-gwyn.yaml', diagnostics: [broken] };
  for (const path of ['/', '/social-media.cy.html', '/gone.html']) {
    const page = pageFor(path, failed)!;
    expect(page.status).toBe(500);
    expect(page.html).toContain('<h1>1 error: the policies of homes/ty-gwyn.yaml cannot be built</h1>');
    expect(page.html).toContain(
      [
        '<div class="diagnostic error">',
        '<p class="message">homes/ty-gwyn.yaml:3:9: error: this [ is never closed with ] [YAML_SYNTAX]</p>',
        '<pre>  3 |   name: [&#60;script&#62;alert(1)&#60;/script&#62;',
        '    |         ^</pre>',
        '<p class="hint">hint: close it &#38; try &#60;again&#62;</p>',
        '</div>',
      ].join('\n'),
    );
    expect(page.html).not.toContain('<script>alert');
  }
  expect(pageFor('/favicon.ico', failed)).toBeUndefined();
});

test('a page the home does not build is a page that says so (and reloads if it comes), a file that is no page is nothing', () => {
  const page = pageFor('/complaints.html', bilingual)!;
  expect(page.status).toBe(404);
  expect(page.html).toContain('<h1>No page /complaints.html</h1>');
  expect(page.html).toContain('<a href="visiting.en.html">visiting.en.html</a>');
  expect(pageFor('/favicon.ico', bilingual)).toBeUndefined();
  expect(pageFor('/logo.png', bilingual)).toBeUndefined();
});

test('the reload script goes just before </body>, or at the end of a page without one', () => {
  expect(injectReloadScript('<p>x</p>\n</body>\n</html>\n', 'a.1')).toBe(`<p>x</p>\n${reloadScriptTag('a.1')}</body>\n</html>\n`);
  expect(injectReloadScript('<p>x</p>\n', 'a.1')).toBe(`<p>x</p>\n${reloadScriptTag('a.1')}`);
});
