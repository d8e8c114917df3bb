/*
 * Where policygen changes what pdfkit does within one document: metadata that stays valid
 * XML, links that assistive technology can describe, and fewer, larger writes. Each
 * reaches into pdfkit's internals, so they are kept in one place; the tests check the
 * bytes and the text layer of what comes out.
 */
import { escapeHtml } from '../html';
import type { PDFDoc } from './pdf-types';

/**
 * pdfkit writes the title, author and subject into the XMP metadata without escaping
 * them (XML escapes as HTML's do), so "Health & Safety" or "Smith & Sons <Care>" made the
 * XML invalid. Escape them there only: the document information dictionary keeps the
 * plain text.
 */
export function escapeXmpMetadata(doc: PDFDoc): void {
  const internals = doc as unknown as { _addInfo: () => void; info: Record<string, unknown> };
  const addInfo = internals._addInfo.bind(doc);
  internals._addInfo = () => {
    const info = internals.info;
    const escaped: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(info)) escaped[key] = typeof value === 'string' ? escapeHtml(value) : value;
    internals.info = escaped;
    try {
      addInfo();
    } finally {
      internals.info = info;
    }
  };
}

/**
 * pdfkit turns every drawing operator it adds to a page (hundreds a page), and every line
 * of every object it writes out, into its own small byte array, which made more garbage
 * than the drawing itself. Here the text is collected and turned into bytes once: a page's
 * content when the page ends, the file's own lines before each binary stream and at the
 * end. The bytes and their order are the same (each chunk followed by a newline), and so
 * are the offsets pdfkit records for the cross-reference table.
 */
export function writeInFewerChunks(doc: PDFDoc): void {
  const internals = doc as unknown as {
    page: { content: ContentStream };
    addPage: (...args: unknown[]) => unknown;
    _write: (data: string | Uint8Array) => void;
    _offset: number;
    push: (chunk: Uint8Array | null) => boolean;
  };
  const addPage = internals.addPage.bind(doc);
  internals.addPage = (...args: unknown[]) => {
    const result = addPage(...args);
    collectOperators(internals.page.content);
    return result;
  };
  collectOperators(internals.page.content);

  const push = internals.push.bind(doc);
  let lines: string[] = [];
  const flush = () => {
    if (lines.length === 0) return;
    push(Buffer.from(lines.join(''), 'latin1'));
    lines = [];
  };
  internals._write = (data) => {
    if (typeof data === 'string') {
      const line = `${data}\n`;
      lines.push(line);
      internals._offset += line.length;
    } else {
      flush();
      push(data);
      internals._offset += data.length;
    }
  };
  internals.push = (chunk) => {
    flush();
    return push(chunk);
  };
}

interface ContentStream {
  write(chunk: string | Uint8Array): void;
  end(chunk?: string | Uint8Array): void;
}

function collectOperators(content: ContentStream): void {
  const write = content.write.bind(content);
  const end = content.end.bind(content);
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    // pdfkit adds the newline after each chunk; join puts one between the operators.
    write(Buffer.from(`${pending.join('\n')}\n`, 'latin1'));
    pending = [];
  };
  content.write = (chunk) => {
    if (typeof chunk === 'string') pending.push(chunk);
    else {
      flush();
      write(chunk);
    }
  };
  content.end = (chunk) => {
    if (chunk !== undefined) content.write(chunk);
    flush();
    end();
  };
}

/**
 * pdfkit gives a tagged link annotation an empty /Contents, and PDF/UA asks for a
 * description there: assistive technology that lists a page's links reads it. Links that
 * `draw` makes are described by `description` (the link's visible text).
 */
export function describeLinks(doc: PDFDoc, description: string, draw: () => void): void {
  type Link = (x: number, y: number, w: number, h: number, url: unknown, options?: Record<string, unknown>) => unknown;
  const internals = doc as unknown as { link: Link };
  const link = internals.link;
  internals.link = (x, y, w, h, url, options = {}) => link.call(doc, x, y, w, h, url, { ...options, Contents: new String(description) });
  try {
    draw();
  } finally {
    internals.link = link;
  }
}
