/*
 * Reading a .docx file back as Word would: the zip, every XML part parsed by a strict
 * parser (well-formed, namespaces declared), and mammoth's HTML of the document.
 */
import { unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { SaxesParser } from 'saxes';

/** The parts of a .docx file by path, in the zip's order. */
export function unzipDocx(bytes: Uint8Array): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(bytes)));
}

/** Every XML part (and .rels) as text, each checked to be well-formed XML with its namespaces declared. */
export function xmlParts(bytes: Uint8Array): Map<string, string> {
  const parts = new Map<string, string>();
  for (const [path, data] of unzipDocx(bytes)) {
    if (!/\.(xml|rels)$/.test(path)) continue;
    const text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    checkWellFormed(path, text);
    parts.set(path, text);
  }
  return parts;
}

export function checkWellFormed(path: string, xml: string): void {
  const parser = new SaxesParser({ xmlns: true });
  let error: Error | undefined;
  parser.on('error', (e) => (error ??= e));
  parser.write(xml).close();
  if (error) throw new Error(`${path} is not well-formed XML: ${error.message}`);
}

/** The date and time fields of each entry of the zip's central directory, as DOS writes them. */
export function zipEntryTimes(bytes: Uint8Array): Array<{ name: string; date: number; time: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  if (view.getUint32(end, true) !== 0x06054b50) throw new Error('no end of central directory where expected');
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const entries: Array<{ name: string; date: number; time: number }> = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(offset, true) !== 0x02014b50) throw new Error('broken central directory');
    const nameLength = view.getUint16(offset + 28, true);
    const extra = view.getUint16(offset + 30, true);
    const comment = view.getUint16(offset + 32, true);
    const name = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    entries.push({ name, time: view.getUint16(offset + 12, true), date: view.getUint16(offset + 14, true) });
    offset += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** The document as mammoth reads it: headings, lists, tables and links as HTML. */
export async function docxHtml(bytes: Uint8Array): Promise<string> {
  const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
  return result.value;
}

/** Every `<w:r>` run of a part, with its properties. */
export function runsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:r>.*?<\/w:r>/g)].map((match) => match[0]);
}
