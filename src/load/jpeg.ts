/*
 * JPEG, read marker by marker as a decoder reads it: 0xFF fill bytes before a marker,
 * markers without a length (RSTn, TEM), every segment's length within the file, one frame
 * header before the image data, the entropy-coded data skipped to the next marker, and an
 * end-of-image marker. What the reader finds decides whether the image can go into a PDF.
 */

export interface JpegFrame {
  width: number;
  height: number;
  /** 1 greyscale, 3 colour, 4 CMYK. */
  components: number;
}

export type JpegRead = { ok: true; frame: JpegFrame; pdfBytes?: Buffer } | { ok: false; detail: string };

const damaged = (why: string): { ok: false; detail: string } => ({ ok: false, detail: `is a damaged JPEG (${why})` });
const truncated = damaged('it ends part-way through');
const SAVE_AGAIN = 'save it again as an ordinary (baseline) 8-bit JPEG, or as a PNG';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const DAC = 0xcc;
const DHT = 0xc4;

/** Markers with no length after them: TEM and the restart markers. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/** Start-of-frame markers: every 0xC0–0xCF but DHT, JPG (0xC8) and DAC. */
function isFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== DHT && marker !== 0xc8 && marker !== DAC;
}

/** Segments a decoder reads or skips: tables, restart interval, DNL, APPn, comments. Any other marker stops libjpeg. */
function isKnownSegment(marker: number): boolean {
  return marker === DHT || marker === 0xdb || marker === 0xdc || marker === 0xdd || (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe;
}

/** Why a frame cannot go into a PDF, which takes 8-bit baseline, extended or progressive Huffman-coded JPEG. */
function refuseFrame(marker: number, precision: number, components: number): string | undefined {
  if (marker >= 0xc9) return `is a JPEG with arithmetic coding, which PDF readers do not show; ${SAVE_AGAIN}`;
  if (marker === 0xc3 || marker === 0xc7) return `is a lossless JPEG, which PDF cannot hold; ${SAVE_AGAIN}`;
  if (marker >= 0xc5) return `is a hierarchical JPEG, which PDF cannot hold; ${SAVE_AGAIN}`;
  if (precision !== 8) return `is a JPEG with ${precision}-bit samples; PDF takes only 8-bit JPEG samples: ${SAVE_AGAIN}`;
  if (components !== 1 && components !== 3 && components !== 4) {
    return `is a JPEG with ${components} colour components; a logo must be greyscale (1), colour (3) or CMYK (4): ${SAVE_AGAIN}`;
  }
  return undefined;
}

/**
 * Read a JPEG's markers to its end-of-image marker. The bytes pdfkit embeds are the file's,
 * unless its headers have fill bytes or standalone markers before the image data, which
 * pdfkit's own header reader trips over: then `pdfBytes` holds the same segments without them.
 */
export function readJpeg(bytes: Buffer): JpegRead {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return { ok: false, detail: 'is not a JPEG image' };
  let pos = 2;
  let frame: JpegFrame | undefined;
  let scanned = false;
  let firstScan = -1;
  let padded = false;
  let adobe = false;
  const header: Buffer[] = [bytes.subarray(0, 2)];
  for (;;) {
    if (pos + 2 > bytes.length) return truncated;
    if (bytes[pos] !== 0xff) return damaged(`no marker where one should start, at byte ${pos}`);
    while (bytes[pos + 1] === 0xff) {
      pos++; // fill bytes: any number of 0xFF may come before a marker
      if (firstScan < 0) padded = true;
    }
    if (pos + 2 > bytes.length) return truncated;
    const marker = bytes[pos + 1]!;
    const at = pos;
    pos += 2;
    if (isStandalone(marker)) {
      if (firstScan < 0) padded = true;
      continue;
    }
    if (marker === SOI) return damaged('a second start-of-image marker');
    if (marker === EOI) {
      if (!scanned) return damaged('it ends before its image data');
      break;
    }
    if (pos + 2 > bytes.length) return truncated;
    const length = bytes.readUInt16BE(pos);
    if (length < 2) return damaged(`a segment with a length of ${length}`);
    if (pos + length > bytes.length) return truncated;
    const segment = bytes.subarray(pos + 2, pos + length);
    if (isFrame(marker)) {
      if (frame)
        return { ok: false, detail: `is a JPEG with more than one frame (a hierarchical JPEG), which PDF cannot hold; ${SAVE_AGAIN}` };
      if (segment.length < 6) return damaged('its frame header is cut short');
      const [precision, components] = [segment[0]!, segment[5]!];
      const height = segment.readUInt16BE(1);
      const width = segment.readUInt16BE(3);
      if (segment.length !== 6 + 3 * components) return damaged('its frame header has a broken length');
      const refused = refuseFrame(marker, precision, components);
      if (refused) return { ok: false, detail: refused };
      if (width === 0 || height === 0)
        return { ok: false, detail: `is a JPEG whose header gives no ${width === 0 ? 'width' : 'height'}; ${SAVE_AGAIN}` };
      frame = { width, height, components };
    } else if (marker === 0xee && segment.toString('latin1', 0, 5) === 'Adobe') {
      adobe = true;
    } else if (marker === DAC) {
      return { ok: false, detail: `is a JPEG with arithmetic coding, which PDF readers do not show; ${SAVE_AGAIN}` };
    } else if (marker === SOS) {
      if (!frame) return damaged('image data before its frame header');
      if (segment.length < 1 || segment.length !== 4 + 2 * segment[0]!) return damaged('its scan header has a broken length');
      if (firstScan < 0) firstScan = at;
      const next = skipEntropyCodedData(bytes, pos + length);
      if (next < 0) return truncated;
      scanned = true;
      pos = next;
      continue;
    } else if (!isKnownSegment(marker)) {
      return damaged(`a marker, 0xFF${marker.toString(16).toUpperCase().padStart(2, '0')}, that JPEG readers do not accept`);
    }
    if (firstScan < 0) header.push(bytes.subarray(at, pos + length));
    pos += length;
  }
  if (!frame) return damaged('no frame header');
  // PDF readers take a CMYK JPEG's colours as Adobe's software writes them (inverted, and
  // marked so); without that marker, readers disagree and the logo may print in negative.
  if (frame.components === 4 && !adobe) {
    return {
      ok: false,
      detail:
        'is a CMYK JPEG without the Adobe marker that says how its colours are stored, so PDF readers may show it in negative; save it again in RGB colour',
    };
  }
  if (!padded) return { ok: true, frame };
  return { ok: true, frame, pdfBytes: Buffer.concat([...header, bytes.subarray(firstScan)]) };
}

/**
 * Skip a scan's entropy-coded data: 0xFF there is followed by 0x00 (a stuffed byte) or a
 * restart marker; anything else is the next marker. Returns its offset, or -1 at the end of the file.
 */
function skipEntropyCodedData(bytes: Buffer, from: number): number {
  let pos = from;
  for (;;) {
    pos = bytes.indexOf(0xff, pos);
    if (pos < 0 || pos + 1 >= bytes.length) return -1;
    const next = bytes[pos + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) pos += next === 0xff ? 1 : 2;
    else return pos;
  }
}
