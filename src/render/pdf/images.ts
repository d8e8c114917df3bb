/*
 * Logos: pdfkit embeds each image once into a recorder, and each document replays the
 * recorded objects. pdfkit finishes a PNG with an alpha channel asynchronously, so embedding
 * it straight into a document would put its objects wherever the event loop left them; the
 * recording makes their place in the file fixed. Keeping recordings across documents (so a
 * logo is decoded once per batch) is the speed layer's part.
 */
import { inflatePng, readPng, unfilterRows } from '../../load/png';
import { ImageDecodeError } from '../image-error';
import { decodePngInStep, internals, openImage, type PDFDoc, type PdfReference, type PlacedImage } from './pdfkit-internals';

/** A reference pdfkit asked for while embedding an image, with its dictionary and stream. */
interface RecordedRef {
  recorded: true;
  data: Record<string, unknown>;
  chunk?: Uint8Array;
}

/** An image as pdfkit embedded it: its size and the root of its recorded objects. */
export interface RecordedImage {
  width: number;
  height: number;
  root: RecordedRef;
}

const recordings = new WeakMap<Uint8Array, Promise<RecordedImage>>();

/**
 * pdfkit's embedding of `bytes` (decoded through `scratch`, a document never written),
 * recorded. With `remember`, a logo shared by many documents is decoded once per process.
 * Whatever goes wrong on the way rejects with an ImageDecodeError, never escapes: the
 * pipeline reports it against the one home whose logo it is.
 */
export function recordImage(scratch: PDFDoc, bytes: Uint8Array, remember: boolean): Promise<RecordedImage> {
  let recording = remember ? recordings.get(bytes) : undefined;
  if (!recording) {
    recording = new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        settled = true;
        reject(new ImageDecodeError(error instanceof Error ? error.message : String(error)));
      };
      let image: ReturnType<typeof openImage>;
      try {
        image = openImage(scratch, Buffer.from(bytes));
        decodePngInStep(image, () => decodePngRows(Buffer.from(bytes)));
      } catch (error) {
        fail(error);
        return;
      }
      let root: RecordedRef | undefined;
      const recorder = {
        compress: true,
        ref(data: Record<string, unknown> = {}): RecordedRef & PdfReference {
          const ref: RecordedRef & PdfReference = {
            recorded: true,
            data,
            end(chunk?: Uint8Array) {
              if (chunk !== undefined) ref.chunk = chunk;
              // The image's own XObject is ended last, once its mask and palette are done.
              if (ref === root) {
                settled = true;
                resolve({ width: image.width, height: image.height, root: ref });
              }
            },
          };
          root ??= ref;
          return ref;
        },
      };
      try {
        image.embed(recorder);
        if (!settled) throw new Error('the image was not embedded in one step');
      } catch (error) {
        fail(error);
      }
    });
    if (remember) recordings.set(bytes, recording);
  }
  return recording;
}

/** Recreate a recorded image's objects in `doc`, and return something `doc.image()` draws. */
export function placeImage(doc: PDFDoc, recording: RecordedImage, label: string): PlacedImage {
  const inside = internals(doc);
  const replay = (recorded: RecordedRef): unknown => {
    const copy = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(copy);
      if (value && typeof value === 'object' && (value as RecordedRef).recorded === true) return replay(value as RecordedRef);
      return value;
    };
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(recorded.data)) data[key] = copy(value);
    const made = inside.ref(data);
    made.end(recorded.chunk);
    return made;
  };
  return { width: recording.width, height: recording.height, label, obj: replay(recording.root), embed: () => undefined };
}

/** The unfiltered rows of a plain PNG with whole-byte samples, as png-js gives them. */
function decodePngRows(bytes: Buffer): Uint8Array {
  const read = readPng(bytes);
  if (!read.ok) throw new Error(`the image ${read.detail}`);
  const inflated = inflatePng(read.png);
  if (!inflated.ok) throw new Error(`the image ${inflated.detail}`);
  return unfilterRows(read.png, inflated.rows);
}
