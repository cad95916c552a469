/** The product model shared by the pure domain layer, the store and the API. */

export type Severity = 'Critical' | 'High' | 'Medium' | 'Low' | 'None' | 'Unknown';

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export interface CvssScore {
  version: CvssVersion;
  vector: string;
  baseScore: number;
  severity: Severity;
  /** Who scored it: nvd@nist.gov (Primary) or a CNA/ADP (Secondary). */
  source: string;
  type: 'Primary' | 'Secondary';
}

/** One `cpeMatch` entry of an NVD configuration node. */
export interface CpeMatchCriterion {
  vulnerable: boolean;
  criteria: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
  matchCriteriaId?: string;
}

export interface ConfigurationNode {
  operator: 'OR' | 'AND';
  negate?: boolean;
  cpeMatch: CpeMatchCriterion[];
}

/** An NVD configuration: satisfied when its nodes are (all of them for AND, any for OR/absent). */
export interface Configuration {
  operator?: 'OR' | 'AND';
  negate?: boolean;
  nodes: ConfigurationNode[];
}

/** What we keep of an NVD CVE record. */
export interface CveRecord {
  id: string;
  /** ISO-8601 UTC with a `Z` (NVD omits the zone; it is UTC). */
  published: string;
  lastModified: string;
  vulnStatus: string;
  description: string;
  /** The CVSS chosen for scoring: v3.1 Primary → v3.1 Secondary → v4.0 → v3.0 → v2. */
  cvss: CvssScore | null;
  /** Every CVSS metric of the record, for display. */
  cvssAll: CvssScore[];
  severity: Severity;
  cwes: string[];
  cveTags: string[];
  /** Any reference tagged `Exploit` (or an exploit-db / Metasploit URL). */
  publicExploit: boolean;
  references: Array<{ url: string; tags: string[] }>;
  /** NVD's copy of the KEV facts (present when the CVE is in KEV). */
  cisa: { exploitAdd: string; actionDue?: string; requiredAction?: string; vulnerabilityName?: string } | null;
  configurations: Configuration[];
}

export interface KevEntry {
  cveId: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  dateAdded: string;
  shortDescription: string;
  requiredAction: string;
  dueDate: string;
  knownRansomwareCampaignUse: 'Known' | 'Unknown';
  notes: string;
  cwes: string[];
}

export interface KevCatalog {
  title: string;
  catalogVersion: string;
  dateReleased: string;
  entries: KevEntry[];
}

export interface EpssScore {
  cveId: string;
  epss: number;
  percentile: number;
}

export interface EpssFile {
  modelVersion: string | null;
  scoreDate: string | null;
  scores: EpssScore[];
}

/** The identity of an installed product as NVD names it (CPE attributes, lower-case, unescaped). */
export interface ProductIdentity {
  part: 'a' | 'o' | 'h';
  vendor: string;
  product: string;
  /** CPE sw_edition ("esr", "continuous", "classic"); '' when not applicable. */
  swEdition: string;
  /** CPE target_sw ("windows", "macos", "node.js"); '' when unknown. */
  targetSw: string;
  /** CPE update ("sp3"); '' when none. */
  update: string;
}
