/** Knowledge feed parsers (NVD, CISA KEV, FIRST EPSS): pure functions from documents to domain records. */
export { FeedFormatError, type KnowledgeFeed } from './errors';
export { MAX_DOCUMENT_BYTES } from './input';
export {
  parseNvdDocument,
  parseNvdDocumentDetailed,
  nvdPageInfo,
  MAX_DESCRIPTION_LENGTH,
  type NvdPageInfo,
  type NvdParseResult,
  type NvdWarning,
} from './nvd';
export { readNvdPath, listNvdFiles, type NvdPathResult } from './nvdFiles';
export { parseKevCatalog, parseKevCsv, KEV_TITLE, type KevCsvMeta } from './kev';
export { parseEpssCsv, parseEpssCsvDetailed, type EpssLayout, type EpssParseResult } from './epss';
export { detectKnowledgeFeed } from './detect';
export { parseCsv, CsvSyntaxError, type CsvRecord } from './csv';
export { computeBaseScore, severityFromScore, severityFromV2Score } from './cvss';
