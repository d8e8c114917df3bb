/*
 * The parts of pdfkit's tagging API that @types/pdfkit leaves out or types too narrowly:
 * `subset: 'PDF/UA'`, a parsed font object as `font`, and structure elements that take
 * a drawing closure or further elements as children.
 */
import type PDFDocumentType from 'pdfkit';

export type PDFDoc = InstanceType<typeof PDFDocumentType>;

export interface StructureElement {
  add(child: StructureElement | (() => void)): StructureElement;
  end(): void;
}

type StructureChildren = Array<StructureElement | (() => void)> | (() => void);

export interface TaggingDocument {
  struct(type: string, children?: StructureChildren): StructureElement;
  struct(type: string, options: { alt?: string; lang?: string; title?: string }, children?: StructureChildren): StructureElement;
  addStructure(element: StructureElement): void;
  markContent(tag: string, options?: Record<string, unknown>): void;
  endMarkedContent(): void;
}
