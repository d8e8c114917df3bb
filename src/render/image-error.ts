/**
 * An image a writer could not decode. The fault is in the image (a home's logo), not in
 * policygen, so the pipeline reports it against that home as LOGO_NOT_IMAGE and the rest
 * of a batch goes on.
 */
export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
}
