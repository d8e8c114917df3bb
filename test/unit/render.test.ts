import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import MarkdownIt from 'markdown-it';
import { REPO, tempDir } from '../helpers';
import type { Language } from '../../src/languages';
import { parseTemplateText } from '../../src/load';
import { buildView, escapeMarkdown, renderMarkdown } from '../../src/render';
import { scheduleReview } from '../../src/schedule';
import { fieldGroups, flattenFields, validateTemplateLibrary, type Organisation, type Template } from '../../src/validate';

const markdown = new MarkdownIt();

/** What a reader sees: the rendered HTML with tags removed and entities decoded. */
function visibleText(md: string): string {
  return markdown
    .render(md)
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

function organisation(fields: Partial<Organisation['fields']> = {}, language: Language = 'en'): Organisation {
  const all = {
    name: 'Cartref Gofal Tŷ Gwyn',
    registration_no: 'W0012345',
    registered_manager: { first_name: 'Siân', last_name: 'Llŷr' },
    ...fields,
  };
  return {
    file: 'home.yaml',
    absolutePath: '/homes/home.yaml',
    outputName: 'home',
    fields: all,
    review: { lastReviewed: '2026-04-01', intervalMonths: 12, policies: new Map(), triggers: [] },
    languages: [language],
    placeholders: { values: flattenFields(all), groups: fieldGroups(all) },
    yaml: undefined as never,
  };
}

function template(body: string): Template {
  const parsed = parseTemplateText(`---\ntitle: Test Policy\n---\n${body}`, 'test-policy', 'test-policy.md');
  const { library } = validateTemplateLibrary({ templates: [parsed.template!], partials: new Map() });
  return library.templates[0]!;
}

function render(body: string, org = organisation(), logo?: { href: string }): string {
  const schedule = scheduleReview(org.review, { id: 'test-policy' }, '2026-05-01');
  const filled = template(body);
  return renderMarkdown(filled, buildView(org, schedule, '2026-05-01', logo, org.languages[0]!, filled), new Map());
}

describe('placeholders', () => {
  test('organisation.X.Y becomes org_field_X_Y, in file order', () => {
    expect(
      flattenFields({ name: 'Tŷ Gwyn', registered_manager: { first_name: 'Siân', last_name: 'Llŷr' }, address: { town: 'Bangor' } }),
    ).toEqual([
      { name: 'org_field_name', path: ['organisation', 'name'], value: 'Tŷ Gwyn' },
      { name: 'org_field_registered_manager_first_name', path: ['organisation', 'registered_manager', 'first_name'], value: 'Siân' },
      { name: 'org_field_registered_manager_last_name', path: ['organisation', 'registered_manager', 'last_name'], value: 'Llŷr' },
      { name: 'org_field_address_town', path: ['organisation', 'address', 'town'], value: 'Bangor' },
    ]);
  });

  test('fills fields, dates and the year into a template', () => {
    const text = render(
      'Responsible Person: {{org_field_registered_manager_first_name}} {{org_field_registered_manager_last_name}}\n\n' +
        'Reviewed on: {{last_update_date}}\n\nNext Review Date: {{next_review_date}}\n\n© {{current_year}} {{org_field_name}}\n',
    );
    expect(text).toBe(
      'Responsible Person: Siân Llŷr\n\nReviewed on: 1 April 2026\n\nNext Review Date: 1 April 2027\n\n© 2026 Cartref Gofal Tŷ Gwyn\n',
    );
  });

  test('writes dates in Welsh for a cy organisation', () => {
    expect(render('{{last_update_date}} – {{next_review_date}}', organisation({}, 'cy'))).toBe('1 Ebrill 2026 – 1 Ebrill 2027\n');
  });

  test('the logo becomes a Markdown image with the organisation named in its alt text', () => {
    const text = render(
      '{{#org_field_logo}}\n{{org_field_logo}}\n\n{{/org_field_logo}}\n{{org_field_name}}\n',
      organisation({ logo: 'x.png' }),
      {
        href: 'logo.png',
      },
    );
    expect(text).toBe('![Cartref Gofal Tŷ Gwyn logo](logo.png)\n\nCartref Gofal Tŷ Gwyn\n');
    expect(markdown.render(text)).toContain('<img src="logo.png" alt="Cartref Gofal Tŷ Gwyn logo">');
  });

  test('a group of fields opens a section, and its fields print inside it', () => {
    const org = organisation({ address: { street: '12 Marine Parade', town: 'Swansea' } });
    expect(
      render('{{#org_field_address}}Address: {{org_field_address_street}}, {{org_field_address_town}}{{/org_field_address}}\n', org),
    ).toBe('Address: 12 Marine Parade, Swansea\n');
  });

  test('a template can leave the logo out when there is none', () => {
    expect(render('{{#org_field_logo}}\n{{org_field_logo}}\n\n{{/org_field_logo}}\n{{org_field_name}}\n')).toBe('Cartref Gofal Tŷ Gwyn\n');
  });
});

describe('Markdown escaping', () => {
  const hostile = [
    'Smith & Sons *Care* <Home>',
    '<script>alert(1)</script> & Co',
    '_Tŷ_ `Gwyn` [link](http://example.com) ![img](x.png)',
    '# Not a heading',
    '- not a list',
    '1. not a list either',
    '> not a quote',
    'AT&T &amp; &#169; \\ backslash | pipe ~~strike~~',
    '    four spaces',
    ' # Evil Heading',
    ' - not a list',
    '\tTab Home',
    'Ward #',
    'info@tygwyn.example',
    'https://evil.example/x and www.evil.example',
  ];

  test.each(hostile)('%s stays literal text in a paragraph', (value) => {
    const text = render('Name: {{org_field_name}}\n', organisation({ name: value }));
    expect(visibleText(text)).toBe(`Name: ${value.trim()}`);
  });

  test.each(hostile)('%s stays literal text at the start of a line and in a list item', (value) => {
    const text = render('{{org_field_name}}\n\n- Item: {{org_field_name}}\n', organisation({ name: value }));
    const html = markdown.render(text);
    expect(html).toMatch(/^<p>/);
    expect(html).not.toMatch(/<(em|strong|code|a|img|h\d|blockquote|ol|script|s|del|pre)\b/);
    expect(visibleText(text)).toBe(`${value.trim()}\n\nItem: ${value.trim()}`);
  });

  test.each(hostile)('%s stays whole in a heading', (value) => {
    const html = markdown.render(render('## About {{org_field_name}}\n', organisation({ name: value })));
    expect(html).toMatch(/^<h2>About .*<\/h2>\n$/);
    expect(visibleText(render('## About {{org_field_name}}\n', organisation({ name: value })))).toBe(`About ${value.trim()}`);
  });

  test('values never make markdownlint complain (no bare URLs, no stray headings)', async () => {
    const dir = tempDir();
    const text = hostile.map((value) => render('{{org_field_name}}\n\n- {{org_field_name}}\n', organisation({ name: value }))).join('\n');
    writeFileSync(join(dir, 'values.md'), `# Values\n\n${text}`);
    const cli = join(REPO, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
    const run = promisify(execFile);
    await expect(
      run(process.execPath, [cli, '--config', join(REPO, '.markdownlint.jsonc'), join(dir, 'values.md')]),
    ).resolves.toBeDefined();
  });

  test('a line break in a value cannot end the paragraph', () => {
    const text = render('Address: {{org_field_address}}\n', organisation({ address: '1 High Street\n\n# Bangor' }));
    expect(markdown.render(text)).toBe('<p>Address: 1 High Street # Bangor</p>\n');
  });

  test('leaves ordinary names readable in the .md file', () => {
    for (const name of ['Cartref Gofal Tŷ Gwyn', "St. Mary's Care (Bangor)", 'Smith & Sons', 'Plas-y-Bryn']) {
      expect(escapeMarkdown(name)).toBe(name);
    }
  });
});

describe('nested lists', () => {
  test('an item ending with ":" holds the indented items after it', () => {
    const html = markdown.render(render('- Staff must not:\n  - Post comments.\n  - Share information.\n- Next item.\n'));
    expect(html).toBe(
      '<ul>\n<li>Staff must not:\n<ul>\n<li>Post comments.</li>\n<li>Share information.</li>\n</ul>\n</li>\n<li>Next item.</li>\n</ul>\n',
    );
  });
});
