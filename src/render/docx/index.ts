/** The Word writer. Import it only when docx is asked for: it brings the docx library. */
export { renderDocx, type DocxOptions } from './render-docx';
