// The benchmark's floor: the least work that produces the same documents with the same
// libraries, used plainly but well (fonts parsed once, one markdown-it instance). No
// validation, no positions, no tagging, no atomic writes. policygen is measured against it.
'use strict';
const { mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

const REPO = join(__dirname, '..');

async function runFloor(config) {
  const Mustache = require('mustache');
  const YAML = require('yaml');
  const MarkdownIt = require('markdown-it');
  const formats = config.formats.split(',');
  const markdown = new MarkdownIt('commonmark');
  const template = readFileSync(join(REPO, 'templates', 'social-media.md'), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
  const pdf = formats.includes('pdf') ? pdfWriter() : undefined;
  const docx = formats.includes('docx') ? docxWriter() : undefined;
  const escape = (value) => String(value).replace(/[\\`*_[\]<>#]/g, '\\$&');
  const files = readdirSync(config.homesDir)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  const logo = readFileSync(join(config.homesDir, 'logo.png'));
  let documents = 0;
  for (const name of files) {
    const data = YAML.parse(readFileSync(join(config.homesDir, name), 'utf8'));
    const view = { last_update_date: data.review.last_reviewed, next_review_date: data.review.last_reviewed, current_year: '2026' };
    const flatten = (value, path) => {
      for (const [key, inner] of Object.entries(value)) {
        if (typeof inner === 'object') flatten(inner, `${path}${key}_`);
        else view[`org_field_${path}${key}`] = inner;
      }
    };
    flatten(data.organisation, '');
    view.org_field_logo = '![logo](logo.png)';
    const md = Mustache.render(template, view, {}, { escape });
    const folder = join(config.out, basename(name, '.yaml'));
    mkdirSync(folder, { recursive: true });
    if (formats.includes('md')) {
      // The same outputs as policygen: the Markdown and, beside it, the logo it shows.
      writeFileSync(join(folder, 'social-media.md'), md);
      writeFileSync(join(folder, 'logo.png'), logo);
      documents++;
    }
    if (formats.includes('html')) {
      const body = markdown.render(md).replace('src="logo.png"', `src="data:image/png;base64,${logo.toString('base64')}"`);
      writeFileSync(
        join(folder, 'social-media.html'),
        `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Policy</title><style>body{font-family:sans-serif}</style></head><body>${body}</body></html>`,
      );
      documents++;
    }
    if (pdf) {
      writeFileSync(join(folder, 'social-media.pdf'), await pdf(markdown.parse(md, {}), logo, view.org_field_name));
      documents++;
    }
    if (docx) {
      // The escape above turns the logo's Markdown into text; the Word document shows the logo, as policygen's does.
      const tokens = markdown.parse(md.replace('!\\[logo\\](logo.png)', '![logo](logo.png)'), {});
      writeFileSync(join(folder, 'social-media.docx'), await docx(tokens, logo, view.org_field_name));
      documents++;
    }
  }
  return documents;
}

/** pdfkit used plainly: fonts parsed once, text block by block, bullets indented, page numbers. */
function pdfWriter() {
  const PDFDocument = require('pdfkit');
  const fontkit = require('fontkit');
  const folder = join(REPO, 'node_modules', '@expo-google-fonts', 'noto-sans');
  const regular = fontkit.create(readFileSync(join(folder, '400Regular', 'NotoSans_400Regular.ttf')));
  const bold = fontkit.create(readFileSync(join(folder, '700Bold', 'NotoSans_700Bold.ttf')));
  return (tokens, logo, name) =>
    new Promise((resolve) => {
      const doc = new PDFDocument({
        size: 'A4',
        margin: 64,
        bufferPages: true,
        font: null,
        info: { Title: 'Policy', Author: name, CreationDate: new Date(0) },
      });
      doc.registerFont('regular', regular);
      doc.registerFont('bold', bold);
      const chunks = [];
      doc.on('data', (chunk) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      let depth = 0;
      let heading = 0;
      for (const token of tokens) {
        if (token.type === 'bullet_list_open') depth++;
        else if (token.type === 'bullet_list_close') depth--;
        else if (token.type === 'heading_open') heading = Number(token.tag.slice(1));
        else if (token.type === 'heading_close') heading = 0;
        else if (token.type === 'inline') {
          if (token.children.length === 1 && token.children[0].type === 'image') {
            doc.image(logo, { fit: [64, 64] });
            continue;
          }
          const text = token.children.map((child) => (child.type === 'softbreak' ? ' ' : child.content)).join('');
          doc.font(heading ? 'bold' : 'regular').fontSize(heading ? 20 - heading * 2 : 10.5);
          if (depth > 0) doc.text(`•  ${text}`, 64 + depth * 16, doc.y, { width: 467 - depth * 16, lineGap: 3, paragraphGap: 2 });
          else doc.text(text, 64, doc.y, { width: 467, lineGap: 3, paragraphGap: 6 });
        }
      }
      const range = doc.bufferedPageRange();
      for (let i = 0; i < range.count; i++) {
        doc.switchToPage(i);
        doc.page.margins.bottom = 0;
        doc
          .font('regular')
          .fontSize(8.5)
          .text(`Page ${i + 1} of ${range.count}`, 64, 790, { width: 467, align: 'right', lineBreak: false });
      }
      doc.end();
    });
}

/** docx used plainly: headings, bulleted lists, the logo, a header, a footer with page numbers, then Packer. */
function docxWriter() {
  const docx = require('docx');
  return (tokens, logo, name) => {
    const children = [];
    let depth = 0;
    let heading = 0;
    for (const token of tokens) {
      if (token.type === 'bullet_list_open') depth++;
      else if (token.type === 'bullet_list_close') depth--;
      else if (token.type === 'heading_open') heading = Number(token.tag.slice(1));
      else if (token.type === 'heading_close') heading = 0;
      else if (token.type === 'inline') {
        if (token.children.length === 1 && token.children[0].type === 'image') {
          children.push(
            new docx.Paragraph({ children: [new docx.ImageRun({ type: 'png', data: logo, transformation: { width: 85, height: 85 } })] }),
          );
          continue;
        }
        const text = token.children.map((child) => (child.type === 'softbreak' ? ' ' : child.content)).join('');
        children.push(
          new docx.Paragraph({
            ...(heading ? { heading: `Heading${heading}` } : {}),
            ...(depth > 0 ? { bullet: { level: depth - 1 } } : {}),
            children: [new docx.TextRun(text)],
          }),
        );
      }
    }
    const document = new docx.Document({
      creator: name,
      title: 'Policy',
      styles: { default: { document: { run: { font: 'Noto Sans', size: 21 } } } },
      sections: [
        {
          properties: { page: { size: { width: 11906, height: 16838 } } },
          headers: { default: new docx.Header({ children: [new docx.Paragraph(name)] }) },
          footers: {
            default: new docx.Footer({
              children: [
                new docx.Paragraph({
                  children: [new docx.TextRun({ children: ['Page ', docx.PageNumber.CURRENT, ' of ', docx.PageNumber.TOTAL_PAGES] })],
                }),
              ],
            }),
          },
          children,
        },
      ],
    });
    return docx.Packer.toBuffer(document);
  };
}

module.exports = { runFloor };
