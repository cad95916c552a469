import type { CveRecord, EpssFile, KevCatalog } from '../domain/types';
import { parseEpssCsv, parseKevCatalog, parseNvdDocument, type KnowledgeFeed } from './knowledge';
import { parseJsonInput } from './knowledge/input';

export type { KnowledgeFeed } from './knowledge';

/** A parsed knowledge feed, tagged by what it is. */
export type ParsedFeed =
  { feed: 'nvd'; records: CveRecord[] } | { feed: 'kev'; catalog: KevCatalog } | { feed: 'epss'; file: EpssFile };

/**
 * Parses a feed body as received (plain or gzipped bytes). Throws FeedFormatError for anything
 * malformed or partial, so the caller rejects the whole feed before touching the store.
 */
export function parseFeedBuffer(feed: KnowledgeFeed, body: Uint8Array, origin: string): ParsedFeed {
  switch (feed) {
    case 'nvd':
      return { feed, records: parseNvdDocument(parseJsonInput(body, 'nvd', origin), origin) };
    case 'kev':
      return { feed, catalog: parseKevCatalog(body, origin) };
    case 'epss':
      return { feed, file: parseEpssCsv(body, origin) };
  }
}
