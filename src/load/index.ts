/** Load: the only stage that reads files. Takes paths; gives parsed YAML with positions, templates and logos. */
export { expandInputs, type InputFile } from './inputs';
export { displayPathFor } from './display-path';
export { loadOrganisationFile, parseOrganisationText, type LoadedOrganisationFile } from './organisation-file';
export {
  BUILT_IN_TEMPLATES,
  loadTemplateLibraries,
  parseTemplateText,
  type LoadedPartial,
  type LoadedTemplate,
  type LoadedTemplateLibrary,
} from './templates';
export { loadLogo, type ImageType, type LoadLogoResult, type LogoImage } from './logo';
export type { TemplateImageFile, TemplateImageProblem } from './template-images';
export type { BareAddress, ImageReference, LinkReference, MarkdownScan, TextSpan } from './template-markdown';
export { parseYamlSource, yamlToData, type YamlSource } from './yaml-source';
export { describeFsError } from './read-text';
export { findConfigFile, loadConfigFile, CONFIG_FILE_NAMES, type LoadedConfigFile } from './config-file';
