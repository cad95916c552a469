/**
 * The demo's vulnerability knowledge, as a fact table: real CVEs of the products the demo fleet runs,
 * with their published dates, CVSS v3 vectors and base scores, CWEs, affected version ranges (as NVD
 * configurations), CISA KEV facts and FIRST EPSS scores. `knowledgeSnapshot.ts` turns it into the three
 * feeds in their real formats (backend/demo/knowledge/, written by `npm run demo:knowledge`).
 *
 * Sources, so each fact can be checked: NVD CVE records (the scoring source is NVD's Primary metric,
 * else the CNA's or CISA-ADP's, marked `by`), vendor advisories for the affected ranges where NVD has
 * not analysed a record yet, the CISA KEV catalog of 2025-08-25 (dateAdded, dueDate, ransomware use,
 * vulnerability names) and FIRST EPSS scores of 2026-08-22 (for the KEV CVEs only: a CVE without a
 * score here is unscored, not "zero"). Descriptions are short summaries written for this project.
 * Where ../shared/data holds the same CVE, a test checks these facts against it.
 */

/** `<v` versionEndExcluding, `<=v` versionEndIncluding, `>=v` versionStartIncluding, `>v` versionStartExcluding. */
export type Bound = `<${string}` | `>${string}`;

export interface MatchFact {
  /** Abbreviated CPE match string: `a:vendor:product[:version[:update[…]]]`, padded with `*`. */
  cpe: string;
  bounds: Bound[];
}

/** One NVD configuration: any of `matches`, and (when given) running on one of `platforms` (an AND configuration). */
export interface ConfigFact {
  matches: MatchFact[];
  platforms?: string[];
}

export interface KevFact {
  added: string;
  due: string;
  ransomware: boolean;
  vendor: string;
  product: string;
  name: string;
  /** KEV's own CWE list when it differs from the CVE's. */
  cwes?: string[];
}

/** Who scored the CVSS: NVD (Primary), CISA-ADP or the CNA (Secondary). */
export type ScoredBy = 'nvd' | 'adp' | 'cna';

export interface CveFact {
  id: string;
  /** NVD `published` (UTC, no zone); a bare date means the time is not recorded here. */
  published: string;
  /** NVD vulnStatus; default Analyzed. */
  status?: string;
  text: string;
  /** CVSS v3.x vector and base score; null when no score was published. */
  cvss: [vector: string, score: number] | null;
  by?: ScoredBy;
  /** The CNA, when the configurations do not name a product of PRODUCTS. */
  cna?: string;
  cwe: string[];
  configs: ConfigFact[];
  /** References worth keeping: [url, ...NVD tags]. A reference tagged Exploit marks a public exploit. */
  refs?: Array<[string, ...string[]]>;
  kev?: KevFact;
  /** FIRST EPSS probability and percentile. */
  epss?: [number, number];
}

export interface ProductFact {
  /** The identity the shipped CPE rules give the installed product. */
  cpe: string;
  name: string;
  /** The CVE Numbering Authority that usually publishes its CVEs (NVD sourceIdentifier). */
  cna: string;
}

/** The snapshot's dates: the KEV catalog it selects from, and the day of its EPSS scores. */
export const SNAPSHOT = {
  kevCatalogVersion: '2025.08.25',
  kevDateReleased: '2025-08-25T17:04:19.000Z',
  nvdTimestamp: '2025-08-25T00:00:00.000',
  epssModelVersion: 'v2026.06.15',
  epssScoreDate: '2026-08-22T00:00:00Z',
} as const;

export const KEV_REQUIRED_ACTION =
  'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.';

/** CISA-ADP's source id in NVD records. */
export const CISA_ADP = '134c704f-9b21-4f2e-91b3-4a467353bcc0';

export const PRODUCTS: Record<string, ProductFact> = {
  chrome: { cpe: 'a:google:chrome', name: 'Google Chrome', cna: 'chrome-cve-admin@google.com' },
  firefox: { cpe: 'a:mozilla:firefox', name: 'Mozilla Firefox', cna: 'security@mozilla.org' },
  firefoxEsr: { cpe: 'a:mozilla:firefox:esr', name: 'Mozilla Firefox ESR', cna: 'security@mozilla.org' },
  thunderbird: { cpe: 'a:mozilla:thunderbird', name: 'Mozilla Thunderbird', cna: 'security@mozilla.org' },
  sevenZip: { cpe: 'a:7-zip:7-zip', name: '7-Zip', cna: 'zdi-disclosures@trendmicro.com' },
  winrar: { cpe: 'a:rarlab:winrar', name: 'WinRAR', cna: 'zdi-disclosures@trendmicro.com' },
  reader: { cpe: 'a:adobe:acrobat_reader_dc:continuous', name: 'Adobe Acrobat Reader DC', cna: 'psirt@adobe.com' },
  office2016: { cpe: 'a:microsoft:office', name: 'Microsoft Office 2016', cna: 'secure@microsoft.com' },
  zoom: { cpe: 'a:zoom:zoom', name: 'Zoom Workplace', cna: 'security@zoom.us' },
  vlc: { cpe: 'a:videolan:vlc_media_player', name: 'VLC media player', cna: 'cve@mitre.org' },
  notepadpp: { cpe: 'a:notepad-plus-plus:notepad++', name: 'Notepad++', cna: 'security-advisories@github.com' },
  git: { cpe: 'a:git-scm:git', name: 'Git', cna: 'security-advisories@github.com' },
  putty: { cpe: 'a:putty:putty', name: 'PuTTY', cna: 'cve@mitre.org' },
  winscp: { cpe: 'a:winscp:winscp', name: 'WinSCP', cna: 'cve@mitre.org' },
  filezilla: { cpe: 'a:filezilla-project:filezilla_client', name: 'FileZilla Client', cna: 'cve@mitre.org' },
  keepass: { cpe: 'a:keepass:keepass', name: 'KeePass', cna: 'cve@mitre.org' },
  wireshark: { cpe: 'a:wireshark:wireshark', name: 'Wireshark', cna: 'cve@gitlab.com' },
  vmwareTools: { cpe: 'a:vmware:tools', name: 'VMware Tools', cna: 'security@vmware.com' },
  nodejs: { cpe: 'a:nodejs:node.js', name: 'Node.js', cna: 'support@hackerone.com' },
  python: { cpe: 'a:python:python', name: 'Python', cna: 'cna@python.org' },
  openssl: { cpe: 'a:openssl:openssl', name: 'OpenSSL', cna: 'openssl-security@openssl.org' },
  openssh: { cpe: 'a:openbsd:openssh', name: 'OpenSSH', cna: 'cve@mitre.org' },
  curl: { cpe: 'a:haxx:curl', name: 'curl', cna: 'support@hackerone.com' },
  libcurl: { cpe: 'a:haxx:libcurl', name: 'libcurl', cna: 'support@hackerone.com' },
  sudo: { cpe: 'a:sudo_project:sudo', name: 'sudo', cna: 'cve@mitre.org' },
  glibc: { cpe: 'a:gnu:glibc', name: 'GNU C Library', cna: 'secalert@redhat.com' },
  nginx: { cpe: 'a:f5:nginx', name: 'nginx', cna: 'f5sirt@f5.com' },
  httpd: { cpe: 'a:apache:http_server', name: 'Apache HTTP Server', cna: 'security@apache.org' },
  tomcat: { cpe: 'a:apache:tomcat', name: 'Apache Tomcat', cna: 'security@apache.org' },
  log4j: { cpe: 'a:apache:log4j', name: 'Apache Log4j', cna: 'security@apache.org' },
  postgresql: { cpe: 'a:postgresql:postgresql', name: 'PostgreSQL', cna: 'f86ef6dc-4d3a-42ad-8f28-e6d5547a5007' },
  redis: { cpe: 'a:redis:redis', name: 'Redis', cna: 'security-advisories@github.com' },
  jenkins: { cpe: 'a:jenkins:jenkins', name: 'Jenkins', cna: 'jenkinsci-cert@googlegroups.com' },
  grafana: { cpe: 'a:grafana:grafana', name: 'Grafana', cna: 'security@grafana.com' },
  xz: { cpe: 'a:tukaani:xz', name: 'XZ Utils', cna: 'secalert@redhat.com' },
};

// ------------------------------------------------------------------------------------------ helpers

const m = (cpe: string, ...bounds: Bound[]): MatchFact => ({ cpe, bounds });
const any = (...matches: MatchFact[]): ConfigFact => ({ matches });
const on = (platforms: string[], ...matches: MatchFact[]): ConfigFact => ({ matches, platforms });

const WINDOWS = 'o:microsoft:windows:-';
const MACOS = 'o:apple:macos:-';

const chrome = (fixed: string) => m('a:google:chrome', `<${fixed}`);
const firefox = (...b: Bound[]) => m('a:mozilla:firefox:*:*:*:*:-', ...b);
const esr = (...b: Bound[]) => m('a:mozilla:firefox:*:*:*:*:esr', ...b);
const thunderbird = (...b: Bound[]) => m('a:mozilla:thunderbird', ...b);
const git = (...b: Bound[]) => m('a:git-scm:git', ...b);
const openssl = (...b: Bound[]) => m('a:openssl:openssl', ...b);
const openssh = (...b: Bound[]) => m('a:openbsd:openssh', ...b);
const httpd = (...b: Bound[]) => m('a:apache:http_server', ...b);
const tomcat = (...b: Bound[]) => m('a:apache:tomcat', ...b);
const log4j = (...b: Bound[]) => m('a:apache:log4j', ...b);
const postgres = (...b: Bound[]) => m('a:postgresql:postgresql', ...b);
const redis = (...b: Bound[]) => m('a:redis:redis', ...b);
const node = (...b: Bound[]) => m('a:nodejs:node.js', ...b);
const python = (...b: Bound[]) => m('a:python:python', ...b);
const nginx = (...b: Bound[]) => m('a:f5:nginx', ...b);
const grafana = (...b: Bound[]) => m('a:grafana:grafana', ...b);
/** A release line `[from, fixed)`. */
const line = (cpe: (...b: Bound[]) => MatchFact, from: string, fixed: string) => cpe(`>=${from}`, `<${fixed}`);

// CVSS v3.1 vectors that recur; the score stays next to each use so the table reads on its own.
const WEB_PAGE = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H'; // 8.8: a crafted page runs code
const WEB_ESCAPE = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H'; // 9.6: …and leaves the sandbox
const REMOTE = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8: unauthenticated, no user action
const OPEN_FILE = 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H'; // 7.8: the victim opens a file
const LOCAL_USER = 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H'; // 7.8: a local user gains privileges
const REMOTE_DOS = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H'; // 7.5: remote denial of service
const REMOTE_READ = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'; // 7.5: remote information disclosure

const chromeKev = (added: string, due: string, product: string, name: string, cwes?: string[]): KevFact => ({
  added,
  due,
  ransomware: false,
  vendor: 'Google',
  product,
  name,
  ...(cwes ? { cwes } : {}),
});

// ------------------------------------------------------------------------------------------ the CVEs

export const CVES: CveFact[] = [
  // ---------------------------------------------------------------- Google Chrome
  {
    id: 'CVE-2023-2033',
    published: '2023-04-14',
    text: 'Type confusion in V8 in Google Chrome before 112.0.5615.121 lets a remote attacker corrupt the heap through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-843'],
    configs: [any(chrome('112.0.5615.121'))],
    kev: chromeKev('2023-04-17', '2023-05-08', 'Chromium V8', 'Google Chromium V8 Type Confusion Vulnerability'),
    epss: [0.40798, 0.98543],
  },
  {
    id: 'CVE-2023-2136',
    published: '2023-04-19',
    text: 'An integer overflow in Skia in Google Chrome before 112.0.5615.137 lets an attacker who has compromised the renderer escape the sandbox with a crafted HTML page.',
    cvss: [WEB_ESCAPE, 9.6],
    cwe: ['CWE-190'],
    configs: [any(chrome('112.0.5615.137'))],
    kev: chromeKev('2023-04-21', '2023-05-12', 'Chromium Skia', 'Google Chrome Skia Integer Overflow Vulnerability'),
    epss: [0.05739, 0.92472],
  },
  {
    id: 'CVE-2023-3079',
    published: '2023-06-05',
    text: 'Type confusion in V8 in Google Chrome before 114.0.5735.110 lets a remote attacker corrupt the heap through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-843'],
    configs: [any(chrome('114.0.5735.110'))],
    kev: chromeKev('2023-06-07', '2023-06-28', 'Chromium V8', 'Google Chromium V8 Type Confusion Vulnerability'),
    epss: [0.3211, 0.98179],
  },
  {
    id: 'CVE-2023-4863',
    published: '2023-09-12',
    text: 'A heap buffer overflow in libwebp, as used by Google Chrome before 116.0.5845.187 and by Firefox, Firefox ESR and Thunderbird, lets a crafted WebP image write out of bounds.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-787'],
    configs: [
      any(chrome('116.0.5845.187')),
      any(
        firefox('<117.0.1'),
        esr('<102.15.1'),
        line(esr, '115.0', '115.2.1'),
        thunderbird('<102.15.1'),
        line(thunderbird, '115.0', '115.2.2')
      ),
    ],
    kev: chromeKev(
      '2023-09-13',
      '2023-10-04',
      'Chromium WebP',
      'Google Chromium WebP Heap-Based Buffer Overflow Vulnerability'
    ),
    epss: [0.99735, 0.99953],
  },
  {
    id: 'CVE-2023-5217',
    published: '2023-09-28',
    text: 'A heap buffer overflow in VP8 encoding in libvpx, as used by Google Chrome before 117.0.5938.132 and by Firefox, Firefox ESR and Thunderbird, lets a crafted HTML page corrupt the heap.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-787'],
    configs: [any(chrome('117.0.5938.132')), any(firefox('<118.0.1'), esr('<115.3.1'), thunderbird('<115.3.1'))],
    kev: chromeKev(
      '2023-10-02',
      '2023-10-23',
      'Chromium libvpx',
      'Google Chromium libvpx Heap Buffer Overflow Vulnerability'
    ),
    epss: [0.49013, 0.98788],
  },
  {
    id: 'CVE-2023-6345',
    published: '2023-11-29',
    text: 'An integer overflow in Skia in Google Chrome before 119.0.6045.199 lets an attacker who has compromised the renderer escape the sandbox with a malicious file.',
    cvss: [WEB_ESCAPE, 9.6],
    cwe: ['CWE-190'],
    configs: [any(chrome('119.0.6045.199'))],
    kev: chromeKev('2023-11-30', '2023-12-21', 'Chromium Skia', 'Google Skia Integer Overflow Vulnerability'),
    epss: [0.16468, 0.96737],
  },
  {
    id: 'CVE-2023-7024',
    published: '2023-12-21T23:15:11.213',
    text: 'A heap buffer overflow in WebRTC in Google Chrome before 120.0.6099.129 lets a remote attacker corrupt the heap through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-787'],
    configs: [any(chrome('120.0.6099.129'))],
    kev: chromeKev(
      '2024-01-02',
      '2024-01-23',
      'Chromium WebRTC',
      'Google Chromium WebRTC Heap Buffer Overflow Vulnerability'
    ),
    epss: [0.07356, 0.93919],
  },
  {
    id: 'CVE-2024-0519',
    published: '2024-01-16',
    text: 'Out-of-bounds memory access in V8 in Google Chrome before 120.0.6099.224 lets a remote attacker corrupt the heap through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-787'],
    configs: [any(chrome('120.0.6099.224'))],
    kev: chromeKev(
      '2024-01-17',
      '2024-02-07',
      'Chromium V8',
      'Google Chromium V8 Out-of-Bounds Memory Access Vulnerability'
    ),
    epss: [0.03802, 0.89183],
  },
  {
    id: 'CVE-2024-4671',
    published: '2024-05-14T15:44:15.573',
    text: 'A use after free in Visuals in Google Chrome before 124.0.6367.201 lets an attacker who has compromised the renderer escape the sandbox with a crafted HTML page.',
    cvss: [WEB_ESCAPE, 9.6],
    cwe: ['CWE-416'],
    configs: [any(chrome('124.0.6367.201'))],
    kev: chromeKev('2024-05-13', '2024-06-03', 'Chromium', 'Google Chromium Visuals Use-After-Free Vulnerability'),
    epss: [0.08348, 0.94513],
  },
  {
    id: 'CVE-2024-4761',
    published: '2024-05-14',
    text: 'An out-of-bounds write in V8 in Google Chrome before 124.0.6367.207 lets a remote attacker write memory out of bounds through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-787'],
    configs: [any(chrome('124.0.6367.207'))],
    kev: chromeKev(
      '2024-05-16',
      '2024-06-06',
      'Chromium V8',
      'Google Chromium V8 Out-of-Bounds Memory Write Vulnerability'
    ),
    epss: [0.11007, 0.95556],
  },
  {
    id: 'CVE-2024-4947',
    published: '2024-05-15',
    text: 'Type confusion in V8 in Google Chrome before 125.0.6422.76 lets a remote attacker run code through a crafted HTML page.',
    cvss: [WEB_ESCAPE, 9.6],
    cwe: ['CWE-843'],
    configs: [any(chrome('125.0.6422.76'))],
    kev: chromeKev('2024-05-20', '2024-06-10', 'Chromium V8', 'Google Chromium V8 Type Confusion Vulnerability'),
    epss: [0.15236, 0.96494],
  },
  {
    id: 'CVE-2024-5274',
    published: '2024-05-28',
    text: 'Type confusion in V8 in Google Chrome before 125.0.6422.112 lets a remote attacker run code through a crafted HTML page.',
    cvss: [WEB_ESCAPE, 9.6],
    cwe: ['CWE-843'],
    configs: [any(chrome('125.0.6422.112'))],
    kev: chromeKev('2024-05-28', '2024-06-18', 'Chromium V8', 'Google Chromium V8 Type Confusion Vulnerability'),
    epss: [0.07472, 0.9399],
  },
  {
    id: 'CVE-2024-6100',
    published: '2024-06-20T00:15:09.810',
    text: 'Type confusion in V8 in Google Chrome before 126.0.6478.114 lets a remote attacker run code through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-843'],
    configs: [any(chrome('126.0.6478.114'))],
  },
  {
    id: 'CVE-2024-7965',
    published: '2024-08-21',
    text: 'An inappropriate implementation in V8 in Google Chrome before 128.0.6613.84 lets a remote attacker corrupt the heap through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-358'],
    configs: [any(chrome('128.0.6613.84'))],
    kev: chromeKev(
      '2024-08-28',
      '2024-09-18',
      'Chromium V8',
      'Google Chromium V8 Inappropriate Implementation Vulnerability'
    ),
    epss: [0.18528, 0.97023],
  },
  {
    id: 'CVE-2024-7971',
    published: '2024-08-21T21:15:09.277',
    text: 'Type confusion in V8 in Google Chrome before 128.0.6613.84 lets a remote attacker corrupt the heap through a crafted HTML page.',
    cvss: [WEB_ESCAPE, 9.6],
    cwe: ['CWE-843'],
    configs: [any(chrome('128.0.6613.84'))],
    kev: chromeKev('2024-08-26', '2024-09-16', 'Chromium V8', 'Google Chromium V8 Type Confusion Vulnerability'),
    epss: [0.20713, 0.97342],
  },
  {
    id: 'CVE-2024-10487',
    published: '2024-10-29T22:15:03.430',
    text: 'An out-of-bounds write in Dawn in Google Chrome before 130.0.6723.92 lets a remote attacker access memory out of bounds through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    by: 'adp',
    cwe: ['CWE-787'],
    configs: [any(chrome('130.0.6723.92'))],
  },
  {
    id: 'CVE-2024-12692',
    published: '2024-12-18T22:15:05.730',
    text: 'Type confusion in V8 in Google Chrome before 131.0.6778.204 lets a remote attacker corrupt the heap through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-843'],
    configs: [any(chrome('131.0.6778.204'))],
  },
  {
    id: 'CVE-2025-0291',
    published: '2025-01-08T19:15:38.420',
    text: 'Type confusion in V8 in Google Chrome before 131.0.6778.264 lets a remote attacker run code inside the sandbox through a crafted HTML page.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:H/A:H', 8.3],
    by: 'adp',
    cwe: ['CWE-843'],
    configs: [any(chrome('131.0.6778.264'))],
  },
  {
    id: 'CVE-2025-0611',
    published: '2025-01-22T20:15:30.860',
    text: 'Object corruption in V8 in Google Chrome before 132.0.6834.110 lets a remote attacker corrupt the heap through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-787'],
    configs: [any(chrome('132.0.6834.110'))],
  },
  {
    id: 'CVE-2025-1914',
    published: '2025-03-05T04:15:10.233',
    text: 'An out-of-bounds read in V8 in Google Chrome before 134.0.6998.35 lets a remote attacker read memory out of bounds through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    by: 'adp',
    cwe: ['CWE-125'],
    configs: [any(chrome('134.0.6998.35'))],
  },
  {
    id: 'CVE-2025-2783',
    published: '2025-03-26',
    text: 'An incorrect handle in Mojo in Google Chrome on Windows before 134.0.6998.177 lets a remote attacker escape the sandbox with a malicious file.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:H/A:H', 8.3],
    cwe: ['CWE-20'],
    configs: [on([WINDOWS], chrome('134.0.6998.177'))],
    kev: chromeKev(
      '2025-03-27',
      '2025-04-17',
      'Chromium Mojo',
      'Google Chromium Mojo Sandbox Escape Vulnerability',
      []
    ),
    epss: [0.08404, 0.94545],
  },
  {
    id: 'CVE-2025-4664',
    published: '2025-05-14T18:15:33.867',
    text: 'Insufficient policy enforcement in Loader in Google Chrome before 136.0.7103.113 lets a remote attacker leak cross-origin data through a crafted HTML page.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:N/A:N', 4.3],
    by: 'adp',
    cwe: [],
    configs: [any(chrome('136.0.7103.113'))],
  },
  {
    id: 'CVE-2025-5419',
    published: '2025-06-02',
    text: 'An out-of-bounds read and write in V8 in Google Chrome before 137.0.7151.68 lets a remote attacker corrupt the heap through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-787'],
    configs: [any(chrome('137.0.7151.68'))],
    kev: chromeKev(
      '2025-06-05',
      '2025-06-26',
      'Chromium V8',
      'Google Chromium V8 Out-of-Bounds Read and Write Vulnerability',
      ['CWE-125', 'CWE-787']
    ),
    epss: [0.07627, 0.94092],
  },
  {
    id: 'CVE-2025-6554',
    published: '2025-06-30',
    text: 'Type confusion in V8 in Google Chrome before 138.0.7204.96 lets a remote attacker read and write arbitrary memory through a crafted HTML page.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1],
    by: 'adp',
    cwe: ['CWE-843'],
    configs: [any(chrome('138.0.7204.96'))],
    kev: chromeKev('2025-07-02', '2025-07-23', 'Chromium V8', 'Google Chromium V8 Type Confusion Vulnerability'),
    epss: [0.12723, 0.95956],
  },
  {
    id: 'CVE-2025-6558',
    published: '2025-07-15',
    text: 'Insufficient validation of untrusted input in ANGLE and GPU in Google Chrome before 138.0.7204.157 lets a remote attacker escape the sandbox through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    by: 'adp',
    cwe: ['CWE-20'],
    configs: [any(chrome('138.0.7204.157'))],
    kev: chromeKev(
      '2025-07-22',
      '2025-08-12',
      'Chromium',
      'Google Chromium ANGLE and GPU Improper Input Validation Vulnerability'
    ),
    epss: [0.09263, 0.94966],
  },
  {
    id: 'CVE-2025-8292',
    published: '2025-07-30T02:17:37.720',
    text: 'A use after free in Media Stream in Google Chrome before 138.0.7204.183 lets a remote attacker corrupt the heap through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-416'],
    configs: [any(chrome('138.0.7204.183'))],
  },
  {
    id: 'CVE-2025-9132',
    published: '2025-08-20T01:15:31.180',
    text: 'An out-of-bounds write in V8 in Google Chrome before 139.0.7258.138 lets a remote attacker corrupt the heap through a crafted HTML page.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-787'],
    configs: [any(chrome('139.0.7258.138'))],
  },

  // ---------------------------------------------------------------- Mozilla Firefox, Firefox ESR, Thunderbird
  {
    id: 'CVE-2022-26485',
    published: '2022-12-22',
    text: 'Removing an XSLT parameter during processing could lead to an exploitable use after free in Firefox before 97.0.2, Firefox ESR before 91.6.1 and Thunderbird before 91.6.2.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-416'],
    configs: [any(firefox('<97.0.2'), esr('<91.6.1'), thunderbird('<91.6.2'))],
    kev: {
      added: '2022-03-07',
      due: '2022-03-21',
      ransomware: false,
      vendor: 'Mozilla',
      product: 'Firefox',
      name: 'Mozilla Firefox Use-After-Free Vulnerability',
    },
    epss: [0.13797, 0.96223],
  },
  {
    id: 'CVE-2022-26486',
    published: '2022-12-22',
    text: 'An unexpected message in the WebGPU IPC framework could lead to a use after free and a sandbox escape in Firefox before 97.0.2, Firefox ESR before 91.6.1 and Thunderbird before 91.6.2.',
    cvss: [WEB_ESCAPE, 9.6],
    cwe: ['CWE-416'],
    configs: [any(firefox('<97.0.2'), esr('<91.6.1'), thunderbird('<91.6.2'))],
    kev: {
      added: '2022-03-07',
      due: '2022-03-21',
      ransomware: false,
      vendor: 'Mozilla',
      product: 'Firefox',
      name: 'Mozilla Firefox Use-After-Free Vulnerability',
    },
    epss: [0.02349, 0.82377],
  },
  {
    id: 'CVE-2024-29943',
    published: '2024-03-22T13:15:07.440',
    status: 'Awaiting Analysis',
    text: 'Fooling range-based bounds check elimination lets an attacker read or write a JavaScript object out of bounds in Firefox before 124.0.1.',
    cvss: [REMOTE, 9.8],
    by: 'adp',
    cwe: ['CWE-125', 'CWE-787'],
    configs: [any(firefox('<124.0.1'))],
  },
  {
    id: 'CVE-2024-9680',
    published: '2024-10-09T13:15:12.090',
    text: 'A use after free in Animation timelines lets an attacker run code in the content process of Firefox before 131.0.2, Firefox ESR before 115.16.1 and 128.3.1, and Thunderbird before 115.16 and 128.3.1.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-416'],
    configs: [
      any(
        firefox('<131.0.2'),
        line(esr, '128.1.0', '128.3.1'),
        esr('<115.16.1'),
        line(thunderbird, '128.0.1', '128.3.1'),
        thunderbird('<115.16.0'),
        m('a:mozilla:thunderbird:131.0')
      ),
    ],
    kev: {
      added: '2024-10-15',
      due: '2024-11-05',
      ransomware: false,
      vendor: 'Mozilla',
      product: 'Firefox',
      name: 'Mozilla Firefox Use-After-Free Vulnerability',
    },
    epss: [0.23184, 0.97593],
  },
  {
    id: 'CVE-2025-2857',
    published: '2025-03-27T14:15:55.720',
    status: 'Modified',
    text: 'A compromised child process could make the parent process return an overly powerful handle and escape the sandbox of Firefox on Windows before 136.0.4, Firefox ESR before 115.21.1 and 128.8.1.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
    by: 'adp',
    cwe: ['CWE-668'],
    configs: [any(firefox('<136.0.4')), any(esr('<115.21.1'), line(esr, '128.1.0', '128.8.1'))],
    refs: [['https://www.mozilla.org/security/advisories/mfsa2025-19/', 'Vendor Advisory']],
  },

  // ---------------------------------------------------------------- 7-Zip
  {
    id: 'CVE-2023-31102',
    published: '2023-11-03',
    text: 'An integer underflow in the Ppmd7 decoder of 7-Zip before 23.00 lets a crafted archive write out of bounds and run code.',
    cvss: [OPEN_FILE, 7.8],
    cwe: ['CWE-191'],
    configs: [any(m('a:7-zip:7-zip', '<23.00'))],
  },
  {
    id: 'CVE-2024-11477',
    published: '2024-11-22T21:15:08.613',
    status: 'Modified',
    text: 'An integer underflow in the Zstandard decompression of 7-Zip before 24.07 lets a crafted archive write out of bounds and run code.',
    cvss: [OPEN_FILE, 7.8],
    cwe: ['CWE-191'],
    configs: [any(m('a:7-zip:7-zip', '<24.07'))],
    refs: [['https://www.zerodayinitiative.com/advisories/ZDI-24-1532/', 'Third Party Advisory', 'VDB Entry']],
  },
  {
    id: 'CVE-2025-0411',
    published: '2025-01-25T05:15:09.533',
    status: 'Modified',
    text: '7-Zip before 24.09 does not pass the Mark-of-the-Web on to files extracted from a crafted nested archive, so they run without the usual warning.',
    cvss: ['CVSS:3.1/AV:L/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.0],
    cwe: ['CWE-693'],
    configs: [any(m('a:7-zip:7-zip', '<24.09'))],
    kev: {
      added: '2025-02-06',
      due: '2025-02-27',
      ransomware: false,
      vendor: '7-Zip',
      product: '7-Zip',
      name: '7-Zip Mark of the Web Bypass Vulnerability',
    },
    epss: [0.67071, 0.99242],
  },

  // ---------------------------------------------------------------- WinRAR
  {
    id: 'CVE-2018-20250',
    published: '2019-02-05',
    text: 'A path traversal in the ACE archive handling (unacev2.dll) of WinRAR 5.61 and earlier lets a crafted archive write files to any path, such as the Startup folder.',
    cvss: [OPEN_FILE, 7.8],
    cwe: ['CWE-22'],
    configs: [any(m('a:rarlab:winrar', '<=5.61'))],
    kev: {
      added: '2022-02-15',
      due: '2022-08-15',
      ransomware: true,
      vendor: 'RARLAB',
      product: 'WinRAR',
      name: 'WinRAR Absolute Path Traversal Vulnerability',
      cwes: ['CWE-36'],
    },
    epss: [0.96274, 0.99877],
  },
  {
    id: 'CVE-2023-38831',
    published: '2023-08-23T17:15:43.863',
    status: 'Modified',
    text: 'WinRAR before 6.23 runs a file other than the one the user opens from a ZIP archive holding a file and a folder of the same name.',
    cvss: [OPEN_FILE, 7.8],
    cwe: ['CWE-345', 'CWE-351'],
    configs: [any(m('a:rarlab:winrar', '<6.23'))],
    kev: {
      added: '2023-08-24',
      due: '2023-09-14',
      ransomware: true,
      vendor: 'RARLAB',
      product: 'WinRAR',
      name: 'RARLAB WinRAR Code Execution Vulnerability',
      cwes: ['CWE-351'],
    },
    epss: [0.97811, 0.99902],
  },
  {
    id: 'CVE-2023-40477',
    published: '2024-05-03',
    text: 'Improper validation of an array index in the recovery volume processing of WinRAR before 6.23 lets a crafted archive run code.',
    cvss: ['CVSS:3.0/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8],
    by: 'cna',
    cwe: ['CWE-129'],
    configs: [any(m('a:rarlab:winrar', '<6.23'))],
  },
  {
    id: 'CVE-2025-6218',
    published: '2025-06-21T01:15:29.123',
    text: 'A crafted file path inside an archive makes WinRAR for Windows before 7.12 write outside the extraction folder, which can lead to code execution.',
    cvss: ['CVSS:3.0/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8],
    by: 'cna',
    cwe: ['CWE-22'],
    configs: [on([WINDOWS], m('a:rarlab:winrar', '<7.12'))],
    refs: [['https://www.zerodayinitiative.com/advisories/ZDI-25-409/', 'Third Party Advisory', 'VDB Entry']],
  },
  {
    id: 'CVE-2025-8088',
    published: '2025-08-08',
    text: 'Alternate data streams in a crafted archive let WinRAR for Windows before 7.13 write files outside the extraction folder.',
    cvss: [WEB_PAGE, 8.8],
    by: 'cna',
    cwe: ['CWE-35'],
    configs: [on([WINDOWS], m('a:rarlab:winrar', '<7.13'))],
    kev: {
      added: '2025-08-12',
      due: '2025-09-02',
      ransomware: false,
      vendor: 'RARLAB',
      product: 'WinRAR',
      name: 'RARLAB WinRAR Path Traversal Vulnerability',
    },
    epss: [0.94551, 0.99848],
  },

  // ---------------------------------------------------------------- Adobe Acrobat Reader
  {
    id: 'CVE-2023-21608',
    published: '2023-01-18T19:15:11.877',
    status: 'Modified',
    text: 'A use after free in Adobe Acrobat Reader 22.003.20282 and earlier (and 20.005.30418 and earlier on the classic track) lets a malicious PDF run code as the user.',
    cvss: [OPEN_FILE, 7.8],
    by: 'cna',
    cwe: ['CWE-416'],
    configs: [
      on(
        [MACOS, WINDOWS],
        m('a:adobe:acrobat:*:*:*:*:classic', '>=20.001.30005', '<=20.005.30418'),
        // NVD lists two end points for the continuous track (Windows 20281, macOS 20282).
        m('a:adobe:acrobat_dc:*:*:*:*:continuous', '>=15.008.20082', '<=22.003.20281'),
        m('a:adobe:acrobat_dc:*:*:*:*:continuous', '>=15.008.20082', '<=22.003.20282'),
        m('a:adobe:acrobat_reader:*:*:*:*:classic', '>=20.001.30005', '<=20.005.30418'),
        m('a:adobe:acrobat_reader_dc:*:*:*:*:continuous', '>=15.008.20082', '<=22.003.20281'),
        m('a:adobe:acrobat_reader_dc:*:*:*:*:continuous', '>=15.008.20082', '<=22.003.20282')
      ),
    ],
    kev: {
      added: '2023-10-10',
      due: '2023-10-31',
      ransomware: false,
      vendor: 'Adobe',
      product: 'Acrobat and Reader',
      name: 'Adobe Acrobat and Reader Use-After-Free Vulnerability',
    },
    epss: [0.61475, 0.99099],
  },
  {
    id: 'CVE-2023-26369',
    published: '2023-09-13',
    text: 'An out-of-bounds write in Adobe Acrobat Reader 23.003.20284 and earlier (and 20.005.30516 and earlier on the classic track) lets a malicious PDF run code as the user.',
    cvss: [OPEN_FILE, 7.8],
    by: 'cna',
    cwe: ['CWE-787'],
    configs: [
      on(
        [MACOS, WINDOWS],
        m('a:adobe:acrobat:*:*:*:*:classic', '>=20.001.30005', '<=20.005.30516'),
        m('a:adobe:acrobat_dc:*:*:*:*:continuous', '>=15.008.20082', '<=23.003.20284'),
        m('a:adobe:acrobat_reader:*:*:*:*:classic', '>=20.001.30005', '<=20.005.30516'),
        m('a:adobe:acrobat_reader_dc:*:*:*:*:continuous', '>=15.008.20082', '<=23.003.20284')
      ),
    ],
    kev: {
      added: '2023-09-14',
      due: '2023-10-05',
      ransomware: false,
      vendor: 'Adobe',
      product: 'Acrobat and Reader',
      name: 'Adobe Acrobat and Reader Out-of-Bounds Write Vulnerability',
    },
    epss: [0.07036, 0.9368],
  },
  {
    id: 'CVE-2024-41869',
    published: '2024-09-13T09:15:11.257',
    text: 'A use after free in Adobe Acrobat Reader 24.003.20054 (and earlier releases of the 24.003 line, 24.001.30159 and 20.005.30655 on the classic tracks) lets a malicious PDF run code as the user.',
    cvss: [OPEN_FILE, 7.8],
    by: 'cna',
    cwe: ['CWE-416'],
    configs: [
      on(
        [MACOS, WINDOWS],
        m('a:adobe:acrobat:*:*:*:*:classic', '<20.005.30680'),
        m('a:adobe:acrobat:*:*:*:*:classic', '>=24.001.0', '<24.001.30187'),
        m('a:adobe:acrobat_dc:*:*:*:*:continuous', '>=24.003.0', '<24.003.20112'),
        m('a:adobe:acrobat_reader:*:*:*:*:classic', '<20.005.30680'),
        m('a:adobe:acrobat_reader_dc:*:*:*:*:continuous', '>=24.003.0', '<24.003.20112')
      ),
    ],
    refs: [['https://helpx.adobe.com/security/products/acrobat/apsb24-70.html', 'Vendor Advisory']],
  },

  // ---------------------------------------------------------------- Microsoft Office (legacy 2016)
  {
    id: 'CVE-2017-11882',
    published: '2017-11-15T03:29:01.890',
    status: 'Deferred',
    text: 'A memory corruption in the Equation Editor of Microsoft Office 2007 SP3, 2010 SP2, 2013 SP1 and 2016 lets a crafted document run code as the user.',
    cvss: [OPEN_FILE, 7.8],
    cwe: ['CWE-119'],
    configs: [
      any(
        m('a:microsoft:office:2007:sp3'),
        m('a:microsoft:office:2010:sp2'),
        m('a:microsoft:office:2013:sp1'),
        m('a:microsoft:office:2016')
      ),
    ],
    kev: {
      added: '2021-11-03',
      due: '2022-05-03',
      ransomware: true,
      vendor: 'Microsoft',
      product: 'Office',
      name: 'Microsoft Office Memory Corruption Vulnerability',
    },
    epss: [0.99945, 0.99974],
  },
  {
    id: 'CVE-2018-0802',
    published: '2018-01-10',
    text: 'A second memory corruption in the Equation Editor of Microsoft Office 2007 SP3, 2010 SP2, 2013 SP1 and 2016 lets a crafted document run code as the user.',
    cvss: [OPEN_FILE, 7.8],
    cwe: ['CWE-119'],
    configs: [
      any(
        m('a:microsoft:office:2007:sp3'),
        m('a:microsoft:office:2010:sp2'),
        m('a:microsoft:office:2013:sp1'),
        m('a:microsoft:office:2016')
      ),
    ],
    kev: {
      added: '2021-11-03',
      due: '2022-05-03',
      ransomware: false,
      vendor: 'Microsoft',
      product: 'Office',
      name: 'Microsoft Office Memory Corruption Vulnerability',
      cwes: ['CWE-787'],
    },
    epss: [0.87417, 0.99743],
  },

  // ---------------------------------------------------------------- Zoom, VLC, Notepad++
  {
    id: 'CVE-2023-39216',
    published: '2023-08-08T18:15:23.657',
    status: 'Modified',
    text: 'Improper input validation in the Zoom desktop client for Windows before 5.14.7 may let an unauthenticated attacker escalate privileges over the network.',
    cvss: [REMOTE, 9.8],
    cwe: [],
    configs: [any(m('a:zoom:zoom:*:*:*:*:*:windows', '<5.14.7'))],
    refs: [['https://explore.zoom.us/en/trust/security/security-bulletin/', 'Vendor Advisory']],
  },
  {
    id: 'CVE-2024-24691',
    published: '2024-02-14T00:15:47.200',
    status: 'Awaiting Analysis',
    text: 'Improper input validation in the Zoom desktop clients for Windows before 5.16.5 may let an unauthenticated attacker escalate privileges over the network. NVD has not analysed it: the record names no affected configuration.',
    cvss: [WEB_ESCAPE, 9.6],
    by: 'cna',
    cna: 'security@zoom.us',
    cwe: ['CWE-176'],
    configs: [],
  },
  {
    id: 'CVE-2023-47359',
    published: '2023-11-07T16:15:29.140',
    status: 'Modified',
    text: 'An incorrect offset read in GetPacket() of VLC media player before 3.0.20 leads to a heap buffer overflow with a crafted MMS stream.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-787'],
    configs: [any(m('a:videolan:vlc_media_player', '<3.0.20'))],
    refs: [['https://0xariana.github.io/blog/real_bugs/vlc/mms', 'Exploit', 'Third Party Advisory']],
  },
  {
    id: 'CVE-2023-47360',
    published: '2023-11-07',
    status: 'Modified',
    text: 'An integer underflow in the MMSH module of VLC media player before 3.0.20 leads to a wrong packet length and a crash with a crafted stream.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-191'],
    configs: [any(m('a:videolan:vlc_media_player', '<3.0.20'))],
  },
  {
    id: 'CVE-2023-40031',
    published: '2023-08-25T20:15:08.517',
    text: 'A heap buffer overflow in Utf8_16_Read::convert of Notepad++ 8.5.6 and earlier lets a crafted file run code.',
    cvss: [OPEN_FILE, 7.8],
    cwe: ['CWE-120', 'CWE-122'],
    configs: [any(m('a:notepad-plus-plus:notepad\\+\\+', '<=8.5.6'))],
    refs: [['https://securitylab.github.com/advisories/GHSL-2023-092_Notepad__/', 'Exploit', 'Third Party Advisory']],
  },
  {
    id: 'CVE-2023-40036',
    published: '2023-08-25',
    text: 'A global buffer read overflow in CharDistributionAnalysis::HandleOneChar of Notepad++ 8.5.6 and earlier lets a crafted file crash the editor or leak memory.',
    cvss: ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H', 5.5],
    cwe: ['CWE-125'],
    configs: [any(m('a:notepad-plus-plus:notepad\\+\\+', '<=8.5.6'))],
    refs: [['https://securitylab.github.com/advisories/GHSL-2023-092_Notepad__/', 'Exploit', 'Third Party Advisory']],
  },
  {
    id: 'CVE-2023-40164',
    published: '2023-08-25',
    text: 'A global buffer read overflow in nsCodingStateMachine::NextState of Notepad++ 8.5.6 and earlier lets a crafted file crash the editor or leak memory.',
    cvss: ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H', 5.5],
    cwe: ['CWE-125'],
    configs: [any(m('a:notepad-plus-plus:notepad\\+\\+', '<=8.5.6'))],
    refs: [['https://securitylab.github.com/advisories/GHSL-2023-092_Notepad__/', 'Exploit', 'Third Party Advisory']],
  },
  {
    id: 'CVE-2023-40166',
    published: '2023-08-25',
    text: 'A heap buffer read overflow in FileManager::detectLanguageFromTextBegining of Notepad++ 8.5.6 and earlier lets a crafted file crash the editor or leak memory.',
    cvss: ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H', 5.5],
    cwe: ['CWE-125'],
    configs: [any(m('a:notepad-plus-plus:notepad\\+\\+', '<=8.5.6'))],
    refs: [['https://securitylab.github.com/advisories/GHSL-2023-092_Notepad__/', 'Exploit', 'Third Party Advisory']],
  },
  {
    id: 'CVE-2025-49144',
    published: '2025-06-23',
    text: 'The Notepad++ 8.8.1 installer searches the current directory for a helper executable, so a planted file runs with SYSTEM privileges.',
    cvss: ['CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:H/I:H/A:H', 7.3],
    by: 'cna',
    cwe: ['CWE-276', 'CWE-427'],
    configs: [any(m('a:notepad-plus-plus:notepad\\+\\+', '<=8.8.1'))],
  },

  // ---------------------------------------------------------------- Git
  {
    id: 'CVE-2022-23521',
    published: '2023-01-17',
    text: 'Integer overflows while parsing huge .gitattributes files let a crafted repository write out of bounds in Git before 2.39.1 (and the 2.30.7–2.38.3 maintenance releases).',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-190', 'CWE-787'],
    configs: [
      any(
        git('<2.30.7'),
        line(git, '2.31.0', '2.31.6'),
        line(git, '2.32.0', '2.32.5'),
        line(git, '2.33.0', '2.33.6'),
        line(git, '2.34.0', '2.34.6'),
        line(git, '2.35.0', '2.35.6'),
        line(git, '2.36.0', '2.36.4'),
        line(git, '2.37.0', '2.37.5'),
        line(git, '2.38.0', '2.38.3'),
        line(git, '2.39.0', '2.39.1')
      ),
    ],
  },
  {
    id: 'CVE-2022-41903',
    published: '2023-01-17',
    text: 'An integer overflow in the commit log formatting of git log and git archive lets crafted format specifiers write out of bounds in Git before 2.39.1 (and the 2.30.7–2.38.3 maintenance releases).',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-190', 'CWE-787'],
    configs: [
      any(
        git('<2.30.7'),
        line(git, '2.31.0', '2.31.6'),
        line(git, '2.32.0', '2.32.5'),
        line(git, '2.33.0', '2.33.6'),
        line(git, '2.34.0', '2.34.6'),
        line(git, '2.35.0', '2.35.6'),
        line(git, '2.36.0', '2.36.4'),
        line(git, '2.37.0', '2.37.5'),
        line(git, '2.38.0', '2.38.3'),
        line(git, '2.39.0', '2.39.1')
      ),
    ],
  },
  {
    id: 'CVE-2024-32002',
    published: '2024-05-14T19:15:10.810',
    text: 'A repository with submodules and symbolic links can make a recursive clone write a hook into .git/ and run it during the clone, in Git before 2.45.1, 2.44.1, 2.43.4, 2.42.2, 2.41.1, 2.40.2 and 2.39.4.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H', 9.0],
    cwe: ['CWE-59'],
    configs: [
      any(
        git('<2.39.4'),
        line(git, '2.40.0', '2.40.2'),
        line(git, '2.42.0', '2.42.2'),
        line(git, '2.43.0', '2.43.4'),
        m('a:git-scm:git:2.41.0'),
        m('a:git-scm:git:2.44.0'),
        m('a:git-scm:git:2.45.0')
      ),
    ],
    refs: [['https://github.com/git/git/security/advisories/GHSA-8h77-4q3w-gfgv', 'Third Party Advisory']],
  },
  {
    id: 'CVE-2025-48384',
    published: '2025-07-08T19:15:42.800',
    text: 'A trailing carriage return in a submodule path in .gitmodules makes Git write the submodule to an unexpected path, so a recursive clone can plant and run a hook; fixed in 2.43.7, 2.44.4, 2.45.4, 2.46.4, 2.47.3, 2.48.2, 2.49.1 and 2.50.1.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:H/I:H/A:H', 8.0],
    by: 'cna',
    cwe: ['CWE-59'],
    configs: [
      any(
        git('<2.43.7'),
        line(git, '2.44.0', '2.44.4'),
        line(git, '2.45.0', '2.45.4'),
        line(git, '2.46.0', '2.46.4'),
        line(git, '2.47.0', '2.47.3'),
        line(git, '2.48.0', '2.48.2'),
        line(git, '2.49.0', '2.49.1'),
        line(git, '2.50.0', '2.50.1')
      ),
    ],
    kev: {
      added: '2025-08-25',
      due: '2025-09-15',
      ransomware: false,
      vendor: 'Git',
      product: 'Git',
      name: 'Git Link Following Vulnerability',
      cwes: ['CWE-59', 'CWE-436'],
    },
    epss: [0.04109, 0.8998],
  },

  // ---------------------------------------------------------------- SSH clients and servers
  {
    id: 'CVE-2021-41617',
    published: '2021-09-26',
    text: 'sshd in OpenSSH 6.2 through 8.7 runs AuthorizedKeysCommand and AuthorizedPrincipalsCommand helpers with the supplementary groups of sshd, which can grant privileges in uncommon configurations.',
    cvss: ['CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.0],
    cwe: ['CWE-273'],
    configs: [any(openssh('>=6.2', '<8.8'))],
  },
  {
    id: 'CVE-2023-38408',
    published: '2023-07-20T03:15:10.170',
    status: 'Modified',
    text: 'The PKCS#11 support of ssh-agent in OpenSSH before 9.3p2 loads libraries from an untrusted search path, so a forwarded agent can be made to run code.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-428'],
    configs: [any(openssh('<9.3'), m('a:openbsd:openssh:9.3:-'), m('a:openbsd:openssh:9.3:p1'))],
    refs: [
      [
        'https://www.qualys.com/2023/07/19/cve-2023-38408/rce-openssh-forwarded-ssh-agent.txt',
        'Exploit',
        'Third Party Advisory',
      ],
      ['https://www.openssh.com/txt/release-9.3p2', 'Release Notes'],
    ],
  },
  {
    id: 'CVE-2023-48795',
    published: '2023-12-18',
    text: 'The SSH transport protocol with ChaCha20-Poly1305 or Encrypt-then-MAC ciphers lets a man in the middle drop messages at the start of the session (Terrapin); fixed in OpenSSH 9.6, PuTTY 0.80, WinSCP 6.2.2 and FileZilla 3.66.4.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N', 5.9],
    cwe: ['CWE-354'],
    configs: [
      any(
        openssh('<9.6'),
        m('a:putty:putty', '<0.80'),
        m('a:winscp:winscp', '<6.2.2'),
        m('a:filezilla-project:filezilla_client', '<3.66.4')
      ),
    ],
  },
  {
    id: 'CVE-2024-6387',
    published: '2024-07-01T13:15:06.467',
    status: 'Modified',
    text: 'A signal handler race condition in sshd (regreSSHion, a regression of CVE-2006-5051) lets an unauthenticated attacker who fails to log in within LoginGraceTime run code as root on glibc-based Linux.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1],
    cwe: ['CWE-362'],
    configs: [
      any(
        openssh('<4.4'),
        openssh('>=8.6', '<9.8'),
        m('a:openbsd:openssh:4.4:-'),
        m('a:openbsd:openssh:8.5:p1'),
        m('a:openbsd:openssh:9.8:-')
      ),
    ],
  },
  {
    id: 'CVE-2025-26465',
    published: '2025-02-18',
    text: 'With VerifyHostKeyDNS enabled, the OpenSSH client 6.8p1 through 9.9p1 can be made to accept a machine-in-the-middle server key.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N', 6.8],
    cwe: ['CWE-390'],
    configs: [any(openssh('>=6.8', '<9.9'), m('a:openbsd:openssh:9.9:-'), m('a:openbsd:openssh:9.9:p1'))],
  },
  {
    id: 'CVE-2024-31497',
    published: '2024-04-15T20:15:11.077',
    text: 'Biased ECDSA nonces in PuTTY 0.68 through 0.80 let an attacker who sees about 60 signatures recover a NIST P-521 private key; FileZilla before 3.67.0 and WinSCP before 6.3.3 embed the same code.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
    cwe: ['CWE-338'],
    configs: [
      any(
        m('a:putty:putty', '>=0.68', '<0.81'),
        m('a:filezilla-project:filezilla_client', '<3.67.0'),
        m('a:winscp:winscp', '<6.3.3')
      ),
    ],
  },

  // ---------------------------------------------------------------- KeePass, Wireshark, VMware Tools
  {
    id: 'CVE-2023-32784',
    published: '2023-05-15T06:15:10.427',
    text: 'KeePass 2.x before 2.54 leaves enough of the master password in memory that it can be recovered from a process dump, swap or hibernation file, even when the workspace is locked.',
    cvss: [REMOTE_READ, 7.5],
    cwe: [],
    configs: [any(m('a:keepass:keepass', '>=2.00', '<2.54'))],
  },
  {
    id: 'CVE-2024-0208',
    published: '2024-01-03T08:15:10.340',
    status: 'Modified',
    text: 'The GVCP dissector of Wireshark 4.2.0, 4.0.0 to 4.0.11 and 3.6.0 to 3.6.19 crashes on injected packets or a crafted capture file.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-674'],
    configs: [
      any(
        m('a:wireshark:wireshark', '>=3.6.0', '<=3.6.19'),
        m('a:wireshark:wireshark', '>=4.0.0', '<=4.0.11'),
        m('a:wireshark:wireshark:4.2.0')
      ),
    ],
    refs: [['https://www.wireshark.org/security/wnpa-sec-2024-01.html', 'Issue Tracking', 'Vendor Advisory']],
  },
  {
    id: 'CVE-2023-20867',
    published: '2023-06-13',
    text: 'A fully compromised ESXi host can make VMware Tools 10.3.0 to 12.2.4 skip authentication of host-to-guest operations.',
    cvss: ['CVSS:3.1/AV:A/AC:H/PR:H/UI:N/S:U/C:L/I:L/A:L', 3.9],
    cwe: ['CWE-287'],
    configs: [any(m('a:vmware:tools', '>=10.3.0', '<12.2.5'))],
    kev: {
      added: '2023-06-23',
      due: '2023-07-14',
      ransomware: false,
      vendor: 'VMware',
      product: 'Tools',
      name: 'VMware Tools Authentication Bypass Vulnerability',
    },
    epss: [0.1353, 0.96154],
  },
  {
    id: 'CVE-2025-22230',
    published: '2025-03-25T14:15:28.440',
    status: 'Deferred',
    text: 'An authentication bypass in VMware Tools for Windows 11.x and 12.x before 12.5.1 lets a non-administrative user of the guest perform some high-privilege operations.',
    cvss: [LOCAL_USER, 7.8],
    by: 'cna',
    cwe: ['CWE-288'],
    configs: [on([WINDOWS], m('a:vmware:tools', '>=11.0.0', '<12.5.1'))],
  },
  {
    id: 'CVE-2025-22247',
    published: '2025-05-12',
    text: 'Insecure file handling in VMware Tools 11.x and 12.x before 12.5.2 lets a non-administrative user of the guest tamper with local files.',
    cvss: ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:H/A:N', 6.1],
    by: 'cna',
    cwe: ['CWE-61'],
    configs: [any(m('a:vmware:tools', '>=11.0.0', '<12.5.2'))],
  },

  // ---------------------------------------------------------------- Node.js, Python
  {
    id: 'CVE-2023-44487',
    published: '2023-10-10',
    text: 'HTTP/2 servers can be overloaded by clients that open and immediately cancel many streams (Rapid Reset); Node.js before 18.18.2 and 20.8.1 and Apache Tomcat before 8.5.94, 9.0.81 and 10.1.14 among them.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-400'],
    configs: [
      any(
        line(node, '18.0.0', '18.18.2'),
        line(node, '20.0.0', '20.8.1'),
        line(tomcat, '8.5.0', '8.5.94'),
        line(tomcat, '9.0.0', '9.0.81'),
        line(tomcat, '10.1.0', '10.1.14')
      ),
    ],
    kev: {
      added: '2023-10-10',
      due: '2023-10-31',
      ransomware: false,
      vendor: 'IETF',
      product: 'HTTP/2',
      name: 'HTTP/2 Rapid Reset Attack Vulnerability',
    },
    epss: [0.99999, 0.99997],
  },
  {
    id: 'CVE-2024-22019',
    published: '2024-02-20',
    text: 'Node.js HTTP servers read unbounded chunk extensions, so a client can exhaust CPU and network bandwidth; fixed in 18.19.1, 20.11.1 and 21.6.2.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-404'],
    configs: [any(line(node, '18.0.0', '18.19.1'), line(node, '20.0.0', '20.11.1'), line(node, '21.0.0', '21.6.2'))],
  },
  {
    id: 'CVE-2024-21892',
    published: '2024-02-20',
    text: 'On Linux, Node.js trusts environment variables in processes running with elevated capabilities, which lets an unprivileged user inject code that runs with those privileges; fixed in 18.19.1, 20.11.1 and 21.6.2.',
    cvss: [LOCAL_USER, 7.8],
    cwe: [],
    configs: [any(line(node, '18.0.0', '18.19.1'), line(node, '20.0.0', '20.11.1'), line(node, '21.0.0', '21.6.2'))],
  },
  {
    id: 'CVE-2024-27983',
    published: '2024-04-09',
    text: 'A race in the HTTP/2 server of Node.js lets a few HTTP/2 frames crash the process; fixed in 18.20.1, 20.12.1 and 21.7.2.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:H', 8.2],
    cwe: ['CWE-362'],
    configs: [any(line(node, '18.0.0', '18.20.1'), line(node, '20.0.0', '20.12.1'), line(node, '21.0.0', '21.7.2'))],
  },
  {
    id: 'CVE-2023-24329',
    published: '2023-02-17',
    text: 'urllib.parse in Python before 3.11.4 accepts URLs that start with blank characters, bypassing blocklists that rely on the parsed scheme or host.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', 7.5],
    cwe: ['CWE-20'],
    configs: [any(python('<3.11.4'))],
  },
  {
    id: 'CVE-2023-40217',
    published: '2023-08-25',
    text: 'The ssl module of Python can return unencrypted data sent before the TLS handshake when a socket is closed right after connecting; fixed in 3.8.18, 3.9.18, 3.10.13 and 3.11.5.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', 5.3],
    cwe: ['CWE-305'],
    configs: [
      any(
        python('<3.8.18'),
        line(python, '3.9.0', '3.9.18'),
        line(python, '3.10.0', '3.10.13'),
        line(python, '3.11.0', '3.11.5')
      ),
    ],
  },
  {
    id: 'CVE-2024-6232',
    published: '2024-09-03',
    text: 'Regular expressions with excessive backtracking in the tarfile module of Python let a crafted archive header exhaust CPU; fixed in 3.8.20, 3.9.20, 3.10.15, 3.11.10 and 3.12.6.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-1333'],
    configs: [
      any(
        python('<3.8.20'),
        line(python, '3.9.0', '3.9.20'),
        line(python, '3.10.0', '3.10.15'),
        line(python, '3.11.0', '3.11.10'),
        line(python, '3.12.0', '3.12.6')
      ),
    ],
  },

  // ---------------------------------------------------------------- OpenSSL
  {
    id: 'CVE-2024-7592',
    published: '2024-08-19',
    text: 'http.cookies in Python parses cookie values with backslashes in quadratic time, so a crafted cookie exhausts CPU; fixed in 3.8.20, 3.9.20, 3.10.15, 3.11.10 and 3.12.6.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-1333'],
    configs: [
      any(
        python('<3.8.20'),
        line(python, '3.9.0', '3.9.20'),
        line(python, '3.10.0', '3.10.15'),
        line(python, '3.11.0', '3.11.10'),
        line(python, '3.12.0', '3.12.6')
      ),
    ],
  },
  {
    id: 'CVE-2014-0160',
    published: '2014-04-07',
    text: 'The TLS heartbeat extension of OpenSSL 1.0.1 before 1.0.1g does not check a length field, so a remote peer can read up to 64 KB of process memory per request (Heartbleed).',
    cvss: [REMOTE_READ, 7.5],
    cwe: ['CWE-125'],
    configs: [any(openssl('>=1.0.1', '<1.0.1g'))],
    kev: {
      added: '2022-05-04',
      due: '2022-05-25',
      ransomware: false,
      vendor: 'OpenSSL',
      product: 'OpenSSL',
      name: 'OpenSSL Information Disclosure Vulnerability',
    },
    epss: [0.99999, 0.99997],
  },
  {
    id: 'CVE-2022-0778',
    published: '2022-03-15',
    text: 'BN_mod_sqrt() of OpenSSL loops forever on some moduli, so parsing a crafted certificate hangs the process; fixed in 1.0.2zd, 1.1.1n and 3.0.2.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-835'],
    configs: [
      any(line(openssl, '1.0.2', '1.0.2zd'), line(openssl, '1.1.0', '1.1.1n'), line(openssl, '3.0.0', '3.0.2')),
    ],
  },
  {
    id: 'CVE-2022-3602',
    published: '2022-11-01',
    text: 'A four-byte buffer overrun in the punycode decoding of X.509 email address constraints in OpenSSL 3.0.0 to 3.0.6 can crash or corrupt a process verifying a crafted certificate.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-787'],
    configs: [any(line(openssl, '3.0.0', '3.0.7'))],
  },
  {
    id: 'CVE-2022-3786',
    published: '2022-11-01',
    text: 'A variable-length buffer overflow in the punycode decoding of X.509 email address constraints in OpenSSL 3.0.0 to 3.0.6 lets a crafted certificate crash the process.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-120'],
    configs: [any(line(openssl, '3.0.0', '3.0.7'))],
  },
  {
    id: 'CVE-2022-4304',
    published: '2023-02-08',
    text: 'A timing side channel in the RSA decryption of OpenSSL lets a network attacker who can send many trial messages recover a pre-master secret (a Bleichenbacher-style attack).',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
    cwe: ['CWE-203'],
    configs: [
      any(line(openssl, '1.0.2', '1.0.2zg'), line(openssl, '1.1.1', '1.1.1t'), line(openssl, '3.0.0', '3.0.8')),
    ],
  },
  {
    id: 'CVE-2022-4450',
    published: '2023-02-08',
    text: 'PEM_read_bio_ex() of OpenSSL frees a buffer twice on a crafted PEM file with an empty payload, which can crash the process.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-415'],
    configs: [any(line(openssl, '1.1.1', '1.1.1t'), line(openssl, '3.0.0', '3.0.8'))],
  },
  {
    id: 'CVE-2023-0215',
    published: '2023-02-08',
    text: 'A use after free in BIO_new_NDEF of OpenSSL, reached when streaming ASN.1 data fails, can crash an application that encodes S/MIME or CMS data.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-416'],
    configs: [
      any(line(openssl, '1.0.2', '1.0.2zg'), line(openssl, '1.1.1', '1.1.1t'), line(openssl, '3.0.0', '3.0.8')),
    ],
  },
  {
    id: 'CVE-2023-0216',
    published: '2023-02-08',
    text: 'An invalid pointer dereference in d2i_PKCS7 of OpenSSL 3.0 lets a malformed PKCS7 structure crash the process; fixed in 3.0.8.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-476'],
    configs: [any(line(openssl, '3.0.0', '3.0.8'))],
  },
  {
    id: 'CVE-2023-0217',
    published: '2023-02-08',
    text: 'A NULL pointer dereference while validating an untrusted public key in OpenSSL 3.0 lets a crafted key crash the process; fixed in 3.0.8.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-476'],
    configs: [any(line(openssl, '3.0.0', '3.0.8'))],
  },
  {
    id: 'CVE-2023-0286',
    published: '2023-02-08',
    text: 'A type confusion in the X.400 address handling of GENERAL_NAME in OpenSSL lets a crafted certificate or CRL read memory or crash the process; fixed in 1.0.2zg, 1.1.1t and 3.0.8.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H', 7.4],
    cwe: ['CWE-843'],
    configs: [
      any(line(openssl, '1.0.2', '1.0.2zg'), line(openssl, '1.1.1', '1.1.1t'), line(openssl, '3.0.0', '3.0.8')),
    ],
  },
  {
    id: 'CVE-2023-0401',
    published: '2023-02-08',
    text: 'A NULL pointer dereference while verifying PKCS7 signatures with an unsupported hash in OpenSSL 3.0 lets crafted data crash the process; fixed in 3.0.8.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-476'],
    configs: [any(line(openssl, '3.0.0', '3.0.8'))],
  },
  {
    id: 'CVE-2023-0464',
    published: '2023-03-22',
    text: 'Certificate chains with policy constraints make X.509 verification in OpenSSL use exponential resources, so a crafted chain can exhaust CPU.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-295'],
    configs: [
      any(
        line(openssl, '1.0.2', '1.0.2zh'),
        line(openssl, '1.1.1', '1.1.1u'),
        line(openssl, '3.0.0', '3.0.9'),
        m('a:openssl:openssl:3.1.0')
      ),
    ],
  },
  {
    id: 'CVE-2023-5363',
    published: '2023-10-25',
    text: 'Key and IV length changes after the key is set are processed too late by OpenSSL 3.0 and 3.1, so some ciphers may use a truncated or overlong key; fixed in 3.0.12 and 3.1.4.',
    cvss: [REMOTE_READ, 7.5],
    cwe: ['CWE-325'],
    configs: [any(line(openssl, '3.0.0', '3.0.12'), line(openssl, '3.1.0', '3.1.4'))],
  },
  {
    id: 'CVE-2024-5535',
    published: '2024-06-27T11:15:24.447',
    status: 'Awaiting Analysis',
    text: 'SSL_select_next_proto() of OpenSSL reads past its buffer when called with an empty client protocol list, which can send up to 255 bytes of memory to the peer.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H', 9.1],
    by: 'adp',
    cwe: ['CWE-125'],
    configs: [
      any(
        line(openssl, '1.0.2', '1.0.2zk'),
        line(openssl, '1.1.1', '1.1.1za'),
        line(openssl, '3.0.0', '3.0.15'),
        line(openssl, '3.1.0', '3.1.7'),
        line(openssl, '3.2.0', '3.2.3'),
        line(openssl, '3.3.0', '3.3.2')
      ),
    ],
    refs: [['https://www.openssl.org/news/secadv/20240627.txt', 'Vendor Advisory']],
  },
  {
    id: 'CVE-2023-3817',
    published: '2023-07-31',
    text: 'Checking DH keys and parameters with an excessively large modulus value q makes OpenSSL spend a very long time, so untrusted parameters can stall the process.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', 5.3],
    cwe: ['CWE-834'],
    configs: [
      any(
        line(openssl, '1.0.2', '1.0.2zi'),
        line(openssl, '1.1.1', '1.1.1v'),
        line(openssl, '3.0.0', '3.0.10'),
        line(openssl, '3.1.0', '3.1.2')
      ),
    ],
  },
  {
    id: 'CVE-2024-0727',
    published: '2024-01-26',
    text: 'A malformed PKCS12 file with NULL content fields makes OpenSSL dereference a NULL pointer and crash the application that reads it.',
    cvss: ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H', 5.5],
    cwe: ['CWE-476'],
    configs: [
      any(
        line(openssl, '1.0.2', '1.0.2zj'),
        line(openssl, '1.1.1', '1.1.1x'),
        line(openssl, '3.0.0', '3.0.13'),
        line(openssl, '3.1.0', '3.1.5'),
        line(openssl, '3.2.0', '3.2.1')
      ),
    ],
  },
  {
    id: 'CVE-2024-12797',
    published: '2025-02-11',
    text: 'TLS and DTLS clients of OpenSSL 3.2 to 3.4 that use raw public keys do not notice a failed server authentication, allowing a machine-in-the-middle; fixed in 3.2.4, 3.3.3 and 3.4.1.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N', 7.4],
    cwe: ['CWE-392'],
    configs: [any(line(openssl, '3.2.0', '3.2.4'), line(openssl, '3.3.0', '3.3.3'), line(openssl, '3.4.0', '3.4.1'))],
  },

  // ---------------------------------------------------------------- curl / libcurl
  {
    id: 'CVE-2022-32221',
    published: '2022-12-05',
    text: 'curl before 7.86.0 can send the data of an earlier PUT read callback when an easy handle is reused for a POST, leaking data or sending the wrong body.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-668'],
    configs: [any(m('a:haxx:curl', '<7.86.0'))],
  },
  {
    id: 'CVE-2023-23914',
    published: '2023-02-23',
    text: 'curl 7.77.0 to 7.87.0 forgets an HSTS entry when several transfers run in parallel, so a later request may go out over clear-text HTTP.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N', 9.1],
    cwe: ['CWE-319'],
    configs: [any(m('a:haxx:curl', '>=7.77.0', '<7.88.0'))],
  },
  {
    id: 'CVE-2023-38545',
    published: '2023-10-18T04:15:11.077',
    text: 'A heap buffer overflow in the SOCKS5 proxy handshake of libcurl 7.69.0 to 8.3.0 lets a slow server with a long host name overwrite memory.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-787'],
    configs: [any(m('a:haxx:libcurl', '>=7.69.0', '<8.4.0'))],
  },
  {
    id: 'CVE-2023-38546',
    published: '2023-10-18',
    text: 'libcurl 7.9.1 to 8.3.0 can load cookies from a file named "none" when a handle with cookies is duplicated, letting a local file inject cookies.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:L/A:N', 3.7],
    cwe: ['CWE-73'],
    configs: [any(m('a:haxx:libcurl', '>=7.9.1', '<8.4.0'))],
  },

  // ---------------------------------------------------------------- sudo, glibc, xz
  {
    id: 'CVE-2021-3156',
    published: '2021-01-26',
    text: 'An off-by-one error when sudo 1.8.2 to 1.8.31p2 and 1.9.0 to 1.9.5p1 unescapes command-line arguments (Baron Samedit) lets any local user overflow the heap and gain root.',
    cvss: [LOCAL_USER, 7.8],
    cwe: ['CWE-193'],
    configs: [any(m('a:sudo_project:sudo', '>=1.8.2', '<=1.8.31p2'), m('a:sudo_project:sudo', '>=1.9.0', '<=1.9.5p1'))],
    kev: {
      added: '2022-04-06',
      due: '2022-04-27',
      ransomware: false,
      vendor: 'Sudo',
      product: 'Sudo',
      name: 'Sudo Heap-Based Buffer Overflow Vulnerability',
      cwes: ['CWE-122', 'CWE-193'],
    },
    epss: [0.99295, 0.99936],
  },
  {
    id: 'CVE-2023-22809',
    published: '2023-01-18',
    text: 'sudoedit in sudo 1.8.0 to 1.9.12p1 takes extra arguments from user-controlled editor variables, so a user allowed to edit one file can edit any file.',
    cvss: [LOCAL_USER, 7.8],
    cwe: ['CWE-269'],
    configs: [any(m('a:sudo_project:sudo', '>=1.8.0', '<1.9.12p2'))],
  },
  {
    id: 'CVE-2021-33574',
    published: '2021-05-25',
    text: 'mq_notify in the GNU C Library before 2.34 may use a freed notification thread attribute object, which can crash or corrupt the calling process.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-416'],
    configs: [any(m('a:gnu:glibc', '<2.34'))],
  },
  {
    id: 'CVE-2023-4911',
    published: '2023-10-03T18:15:10.463',
    text: 'A buffer overflow in the GLIBC_TUNABLES processing of the dynamic loader in the GNU C Library 2.34 to 2.38 (Looney Tunables) lets a local user gain root through SUID programs.',
    cvss: [LOCAL_USER, 7.8],
    cwe: ['CWE-787'],
    configs: [any(m('a:gnu:glibc', '>=2.34', '<=2.38'))],
    kev: {
      added: '2023-11-21',
      due: '2023-12-12',
      ransomware: false,
      vendor: 'GNU',
      product: 'GNU C Library',
      name: 'GNU C Library Buffer Overflow Vulnerability',
      cwes: ['CWE-122'],
    },
    epss: [0.81422, 0.99609],
  },
  {
    id: 'CVE-2023-6246',
    published: '2024-01-31',
    text: 'A heap buffer overflow in __vsyslog_internal of the GNU C Library 2.36 to 2.38 lets a local user gain root through programs that log with a long identifier.',
    cvss: [LOCAL_USER, 7.8],
    cwe: ['CWE-787'],
    configs: [any(m('a:gnu:glibc', '>=2.36', '<2.39'))],
  },
  {
    id: 'CVE-2024-3094',
    published: '2024-03-29',
    text: 'The release tarballs of XZ Utils 5.6.0 and 5.6.1 contain a backdoor that modifies liblzma and, through it, sshd on some distributions.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
    by: 'cna',
    cwe: ['CWE-506'],
    configs: [any(m('a:tukaani:xz:5.6.0'), m('a:tukaani:xz:5.6.1'))],
  },

  // ---------------------------------------------------------------- nginx
  {
    id: 'CVE-2021-23017',
    published: '2021-06-01T13:15:07.853',
    status: 'Modified',
    text: 'An off-by-one error in the DNS resolver of nginx 0.6.18 to 1.20.0 lets a forged DNS response write one byte out of bounds, which may crash the worker or run code.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:L', 7.7],
    cwe: ['CWE-193'],
    configs: [any(nginx('>=0.6.18', '<1.20.1'))],
  },
  {
    id: 'CVE-2022-41741',
    published: '2022-10-19',
    text: 'A crafted MP4 file processed by the ngx_http_mp4_module of nginx before 1.22.1 and 1.23.2 can corrupt worker memory.',
    cvss: [LOCAL_USER, 7.8],
    cwe: ['CWE-787'],
    configs: [any(nginx('>=1.1.3', '<1.22.1'), line(nginx, '1.23.0', '1.23.2'))],
  },
  {
    id: 'CVE-2022-41742',
    published: '2022-10-19',
    text: 'A crafted MP4 file processed by the ngx_http_mp4_module of nginx before 1.22.1 and 1.23.2 can crash the worker or disclose its memory.',
    cvss: ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:H', 7.1],
    cwe: ['CWE-125'],
    configs: [any(nginx('>=1.1.3', '<1.22.1'), line(nginx, '1.23.0', '1.23.2'))],
  },
  {
    id: 'CVE-2024-7347',
    published: '2024-08-14',
    text: 'A crafted MP4 file processed by the ngx_http_mp4_module of nginx before 1.26.2 and 1.27.1 can make the worker over-read memory and crash.',
    cvss: ['CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:N/I:N/A:H', 4.7],
    cwe: ['CWE-125'],
    configs: [any(nginx('>=1.5.13', '<1.26.2'), m('a:f5:nginx:1.27.0'))],
  },

  // ---------------------------------------------------------------- Apache HTTP Server
  {
    id: 'CVE-2021-41773',
    published: '2021-10-05T09:15:07.593',
    text: 'A path normalization change in Apache HTTP Server 2.4.49 lets requests reach files outside the document root and, with CGI enabled, run code.',
    cvss: [REMOTE_READ, 7.5],
    cwe: ['CWE-22'],
    configs: [any(m('a:apache:http_server:2.4.49'))],
    kev: {
      added: '2021-11-03',
      due: '2021-11-17',
      ransomware: true,
      vendor: 'Apache',
      product: 'HTTP Server',
      name: 'Apache HTTP Server Path Traversal Vulnerability',
    },
    epss: [0.99992, 0.99986],
  },
  {
    id: 'CVE-2021-42013',
    published: '2021-10-07',
    text: 'The fix for CVE-2021-41773 in Apache HTTP Server 2.4.50 was incomplete: encoded path traversal still reaches files outside the document root and can run code.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-22'],
    configs: [any(m('a:apache:http_server:2.4.49'), m('a:apache:http_server:2.4.50'))],
    kev: {
      added: '2021-11-03',
      due: '2021-11-17',
      ransomware: true,
      vendor: 'Apache',
      product: 'HTTP Server',
      name: 'Apache HTTP Server Path Traversal Vulnerability',
    },
    epss: [0.99964, 0.99977],
  },
  {
    id: 'CVE-2021-44790',
    published: '2021-12-20',
    text: 'A buffer overflow in the multipart parser of mod_lua in Apache HTTP Server 2.4.51 and earlier can be triggered by a crafted request body.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-787'],
    configs: [any(httpd('<=2.4.51'))],
  },
  {
    id: 'CVE-2022-22720',
    published: '2022-03-14',
    text: 'Apache HTTP Server 2.4.52 and earlier does not close the connection when it fails to discard a request body, which exposes it to HTTP request smuggling.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-444'],
    configs: [any(httpd('<=2.4.52'))],
  },
  {
    id: 'CVE-2022-23943',
    published: '2022-03-14',
    text: 'An out-of-bounds write in mod_sed of Apache HTTP Server 2.4.52 and earlier lets a crafted request overwrite heap memory.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-787'],
    configs: [any(httpd('>=2.4.0', '<=2.4.52'))],
  },
  {
    id: 'CVE-2022-31813',
    published: '2022-06-09',
    text: 'mod_proxy of Apache HTTP Server 2.4.53 and earlier may drop the X-Forwarded-* headers on request of the client, defeating IP-based authentication at the origin.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-348'],
    configs: [any(httpd('<=2.4.53'))],
  },
  {
    id: 'CVE-2023-25690',
    published: '2023-03-07',
    text: 'Some mod_proxy configurations with RewriteRule or ProxyPassMatch in Apache HTTP Server 2.4.0 to 2.4.55 allow HTTP request smuggling.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-444'],
    configs: [any(httpd('>=2.4.0', '<2.4.56'))],
  },
  {
    id: 'CVE-2022-22721',
    published: '2022-03-14',
    text: 'With LimitXMLRequestBody set above 350 MB, an integer overflow in Apache HTTP Server 2.4.52 and earlier lets a request write out of bounds.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H', 9.1],
    cwe: ['CWE-190'],
    configs: [any(httpd('<=2.4.52'))],
  },
  {
    id: 'CVE-2022-28615',
    published: '2022-06-09',
    text: 'ap_strcmp_match() of Apache HTTP Server 2.4.53 and earlier reads beyond its buffer on very large input, which can crash the server or leak memory.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H', 9.1],
    cwe: ['CWE-190'],
    configs: [any(httpd('<=2.4.53'))],
  },
  {
    id: 'CVE-2023-43622',
    published: '2023-10-23',
    text: 'An HTTP/2 client that opens a connection with an initial window size of 0 can block the handling of that connection in Apache HTTP Server 2.4.55 to 2.4.57, exhausting workers.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-400'],
    configs: [any(httpd('>=2.4.55', '<=2.4.57'))],
  },
  {
    id: 'CVE-2023-45802',
    published: '2023-10-23',
    text: 'Memory of HTTP/2 streams reset by the client is not reclaimed until the connection closes in Apache HTTP Server 2.4.57 and earlier, so long-lived connections can exhaust memory.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', 5.9],
    cwe: ['CWE-401'],
    configs: [any(httpd('<=2.4.57'))],
  },
  {
    id: 'CVE-2023-31122',
    published: '2023-10-23',
    text: 'An out-of-bounds read in mod_macro of Apache HTTP Server 2.4.57 and earlier can crash the server.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-125'],
    configs: [any(httpd('<=2.4.57'))],
  },
  {
    id: 'CVE-2024-27316',
    published: '2024-04-04',
    text: 'Apache HTTP Server 2.4.17 to 2.4.58 buffers HTTP/2 headers beyond its limits to answer with 413, so a client sending endless headers exhausts memory.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-770'],
    configs: [any(httpd('>=2.4.17', '<2.4.59'))],
  },
  {
    id: 'CVE-2024-38474',
    published: '2024-07-01',
    text: 'A substitution encoding issue in mod_rewrite of Apache HTTP Server 2.4.59 and earlier lets requests run scripts in allowed directories that are not reachable by URL.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-116'],
    configs: [any(httpd('<2.4.60'))],
  },
  {
    id: 'CVE-2024-38475',
    published: '2024-07-01',
    text: 'Improper escaping of output in mod_rewrite of Apache HTTP Server 2.4.59 and earlier lets requests map URLs to file system locations that should not be served.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N', 9.1],
    cwe: ['CWE-116'],
    configs: [any(httpd('<2.4.60'))],
    kev: {
      added: '2025-05-01',
      due: '2025-05-22',
      ransomware: false,
      vendor: 'Apache',
      product: 'HTTP Server',
      name: 'Apache HTTP Server Improper Escaping of Output Vulnerability',
    },
    epss: [0.99957, 0.99975],
  },
  {
    id: 'CVE-2024-38476',
    published: '2024-07-01',
    text: 'Apache HTTP Server 2.4.59 and earlier trusts some headers of backend responses, so a malicious or exploitable backend can trigger information disclosure, SSRF or local script execution.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-829'],
    configs: [any(httpd('<2.4.60'))],
  },
  {
    id: 'CVE-2024-38477',
    published: '2024-07-01',
    text: 'A NULL pointer dereference in mod_proxy of Apache HTTP Server 2.4.59 and earlier lets a crafted request crash the server.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-476'],
    configs: [any(httpd('<2.4.60'))],
  },

  // ---------------------------------------------------------------- Apache Tomcat
  {
    id: 'CVE-2020-1938',
    published: '2020-02-24',
    text: 'The AJP connector of Apache Tomcat, enabled by default before 9.0.31, 8.5.51 and 7.0.100, trusts its peer, so a remote attacker can read web application files and, with an upload, run code (Ghostcat).',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-269'],
    configs: [any(line(tomcat, '7.0.0', '7.0.100'), line(tomcat, '8.5.0', '8.5.51'), line(tomcat, '9.0.0', '9.0.31'))],
    kev: {
      added: '2022-03-03',
      due: '2022-03-17',
      ransomware: false,
      vendor: 'Apache',
      product: 'Tomcat',
      name: 'Apache Tomcat Improper Privilege Management Vulnerability',
      cwes: [],
    },
    epss: [0.9927, 0.99934],
  },
  {
    id: 'CVE-2023-46589',
    published: '2023-11-28',
    text: 'Apache Tomcat does not parse HTTP trailer headers correctly, so an oversized trailer can be used for request smuggling behind a reverse proxy.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', 7.5],
    cwe: ['CWE-444'],
    configs: [any(line(tomcat, '8.5.0', '8.5.96'), line(tomcat, '9.0.0', '9.0.83'), line(tomcat, '10.1.0', '10.1.16'))],
  },
  {
    id: 'CVE-2024-34750',
    published: '2024-07-03',
    text: 'Apache Tomcat mishandles some HTTP/2 stream errors, so excessive headers can keep connections open until resources run out.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-400', 'CWE-755'],
    configs: [any(line(tomcat, '9.0.0', '9.0.90'), line(tomcat, '10.1.0', '10.1.25'))],
  },
  {
    id: 'CVE-2024-50379',
    published: '2024-12-17',
    text: 'A time-of-check time-of-use race during JSP compilation of Apache Tomcat on case-insensitive file systems with the default servlet writable lets an upload run as a JSP.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-367'],
    configs: [
      any(line(tomcat, '9.0.0', '9.0.98'), line(tomcat, '10.1.0', '10.1.34'), line(tomcat, '11.0.0', '11.0.2')),
    ],
  },
  {
    id: 'CVE-2025-24813',
    published: '2025-03-10',
    text: 'Partial PUT handling in Apache Tomcat with a writable default servlet lets a remote attacker view or inject content and, with file-based session persistence, run code.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-44', 'CWE-502'],
    configs: [
      any(line(tomcat, '9.0.0', '9.0.99'), line(tomcat, '10.1.0', '10.1.35'), line(tomcat, '11.0.0', '11.0.3')),
    ],
    kev: {
      added: '2025-04-01',
      due: '2025-04-22',
      ransomware: false,
      vendor: 'Apache',
      product: 'Tomcat',
      name: 'Apache Tomcat Path Equivalence Vulnerability',
    },
    epss: [0.99927, 0.99968],
  },

  // ---------------------------------------------------------------- Apache Log4j
  {
    id: 'CVE-2021-44228',
    published: '2021-12-10',
    text: 'JNDI lookups in log messages let anyone who can get a string logged by Apache Log4j 2.0-beta9 to 2.14.1 load and run code from an LDAP server (Log4Shell).',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
    cwe: ['CWE-20', 'CWE-400', 'CWE-502', 'CWE-917'],
    configs: [any(line(log4j, '2.0.1', '2.3.1'), line(log4j, '2.4.0', '2.12.2'), line(log4j, '2.13.0', '2.15.0'))],
    kev: {
      added: '2021-12-10',
      due: '2021-12-24',
      ransomware: true,
      vendor: 'Apache',
      product: 'Log4j2',
      name: 'Apache Log4j2 Remote Code Execution Vulnerability',
      cwes: ['CWE-20', 'CWE-400', 'CWE-502'],
    },
    epss: [0.99999, 1.0],
  },
  {
    id: 'CVE-2021-45046',
    published: '2021-12-14',
    text: 'The fix for Log4Shell in Apache Log4j 2.15.0 was incomplete in non-default configurations with Thread Context lookups, still allowing remote code execution.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H', 9.0],
    cwe: ['CWE-917'],
    configs: [any(line(log4j, '2.0.1', '2.12.2'), line(log4j, '2.13.0', '2.16.0'))],
    kev: {
      added: '2023-05-01',
      due: '2023-05-22',
      ransomware: true,
      vendor: 'Apache',
      product: 'Log4j2',
      name: 'Apache Log4j2 Deserialization of Untrusted Data Vulnerability',
    },
    epss: [0.99977, 0.9998],
  },
  {
    id: 'CVE-2021-45105',
    published: '2021-12-18',
    text: 'Apache Log4j 2.0-alpha1 to 2.16.0 does not protect from uncontrolled recursion in self-referential lookups, so a crafted string crashes the application.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', 5.9],
    cwe: ['CWE-674'],
    configs: [any(line(log4j, '2.0.1', '2.3.1'), line(log4j, '2.4.0', '2.12.3'), line(log4j, '2.13.0', '2.17.0'))],
  },
  {
    id: 'CVE-2021-44832',
    published: '2021-12-28',
    text: 'An attacker who can change the logging configuration of Apache Log4j 2.0-beta7 to 2.17.0 can run code through a JDBC Appender data source using JNDI.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:H/UI:N/S:U/C:H/I:H/A:H', 6.6],
    cwe: ['CWE-20', 'CWE-74'],
    configs: [any(line(log4j, '2.0.1', '2.3.2'), line(log4j, '2.4.0', '2.12.4'), line(log4j, '2.13.0', '2.17.1'))],
  },

  // ---------------------------------------------------------------- PostgreSQL, Redis
  {
    id: 'CVE-2023-5869',
    published: '2023-12-10',
    text: 'Integer overflows in array modification of PostgreSQL let an authenticated database user write arbitrary bytes to memory and run code as the server.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8],
    cwe: ['CWE-190'],
    configs: [
      any(
        postgres('<11.22'),
        line(postgres, '12.0', '12.17'),
        line(postgres, '13.0', '13.13'),
        line(postgres, '14.0', '14.10'),
        line(postgres, '15.0', '15.5'),
        line(postgres, '16.0', '16.1')
      ),
    ],
  },
  {
    id: 'CVE-2024-10979',
    published: '2024-11-14',
    text: 'An unprivileged PostgreSQL user can change environment variables of the server process through PL/Perl, which can lead to code execution.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8],
    cwe: ['CWE-15'],
    configs: [
      any(
        postgres('<12.21'),
        line(postgres, '13.0', '13.17'),
        line(postgres, '14.0', '14.14'),
        line(postgres, '15.0', '15.9'),
        line(postgres, '16.0', '16.5'),
        line(postgres, '17.0', '17.1')
      ),
    ],
  },
  {
    id: 'CVE-2024-0985',
    published: '2024-02-08',
    text: 'REFRESH MATERIALIZED VIEW CONCURRENTLY in PostgreSQL runs functions with the privileges of the command issuer rather than the view owner, letting a view owner run SQL as a victim.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:U/C:H/I:H/A:H', 8.0],
    cwe: ['CWE-89'],
    configs: [
      any(
        postgres('<12.18'),
        line(postgres, '13.0', '13.14'),
        line(postgres, '14.0', '14.11'),
        line(postgres, '15.0', '15.6'),
        line(postgres, '16.0', '16.2')
      ),
    ],
  },
  {
    id: 'CVE-2025-1094',
    published: '2025-02-13',
    text: 'Improper neutralization of quoting syntax in the libpq escaping functions of PostgreSQL allows SQL injection through psql when input contains invalidly encoded text.',
    cvss: ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1],
    cwe: ['CWE-149'],
    configs: [
      any(
        postgres('<13.19'),
        line(postgres, '14.0', '14.16'),
        line(postgres, '15.0', '15.11'),
        line(postgres, '16.0', '16.7'),
        line(postgres, '17.0', '17.3')
      ),
    ],
  },
  {
    id: 'CVE-2022-24834',
    published: '2023-07-13',
    text: 'A crafted Lua script using the cjson library can overflow the heap of Redis 2.6 and later, letting an authenticated user run code; fixed in 6.0.20, 6.2.13 and 7.0.12.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8],
    cwe: ['CWE-787'],
    configs: [any(redis('>=2.6', '<6.0.20'), line(redis, '6.2.0', '6.2.13'), line(redis, '7.0.0', '7.0.12'))],
  },
  {
    id: 'CVE-2023-28856',
    published: '2023-04-18',
    text: 'An authenticated user can crash Redis with a HINCRBYFLOAT command that creates an invalid hash field; fixed in 6.0.19, 6.2.12 and 7.0.11.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H', 6.5],
    cwe: ['CWE-617'],
    configs: [any(redis('<6.0.19'), line(redis, '6.2.0', '6.2.12'), line(redis, '7.0.0', '7.0.11'))],
  },
  {
    id: 'CVE-2025-21605',
    published: '2025-04-23',
    text: 'An unauthenticated client can grow the output buffer of Redis without limit until memory runs out; fixed in 6.2.18, 7.2.8 and 7.4.3.',
    cvss: [REMOTE_DOS, 7.5],
    cwe: ['CWE-770'],
    configs: [any(redis('>=2.6', '<6.2.18'), line(redis, '7.0.0', '7.2.8'), line(redis, '7.4.0', '7.4.3'))],
  },

  // ---------------------------------------------------------------- Jenkins, Grafana
  {
    id: 'CVE-2024-23897',
    published: '2024-01-24T18:15:09.370',
    status: 'Modified',
    text: 'The CLI command parser of Jenkins 2.441 and earlier (LTS 2.426.2 and earlier) replaces "@file" arguments with the file contents, letting unauthenticated users read files on the controller.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-22'],
    configs: [any(m('a:jenkins:jenkins:*:*:*:*:lts', '<2.426.3'), m('a:jenkins:jenkins:*:*:*:*:-', '<2.442'))],
    refs: [
      ['https://www.jenkins.io/security/advisory/2024-01-24/#SECURITY-3314', 'Vendor Advisory'],
      [
        'https://www.sonarsource.com/blog/excessive-expansion-uncovering-critical-security-vulnerabilities-in-jenkins/',
        'Exploit',
        'Press/Media Coverage',
      ],
    ],
    kev: {
      added: '2024-08-19',
      due: '2024-09-09',
      ransomware: true,
      vendor: 'Jenkins',
      product: 'Jenkins Command Line Interface (CLI)',
      name: 'Jenkins Command Line Interface (CLI) Path Traversal Vulnerability',
      cwes: ['CWE-27'],
    },
    epss: [0.99999, 0.99995],
  },
  {
    id: 'CVE-2024-23898',
    published: '2024-01-24',
    text: 'Jenkins 2.217 to 2.441 (LTS 2.222.1 to 2.426.2) does not check the origin of CLI WebSocket requests, so a malicious page can run CLI commands as a logged-in user.',
    cvss: [WEB_PAGE, 8.8],
    cwe: ['CWE-346'],
    configs: [
      any(
        m('a:jenkins:jenkins:*:*:*:*:lts', '>=2.222.1', '<2.426.3'),
        m('a:jenkins:jenkins:*:*:*:*:-', '>=2.217', '<2.442')
      ),
    ],
  },
  {
    id: 'CVE-2024-43044',
    published: '2024-08-07',
    text: 'Agents of Jenkins 2.470 and earlier (LTS 2.452.3 and earlier) can read arbitrary files from the controller file system, which leads to code execution.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8],
    cwe: ['CWE-22'],
    configs: [any(m('a:jenkins:jenkins:*:*:*:*:lts', '<2.452.4'), m('a:jenkins:jenkins:*:*:*:*:-', '<2.471'))],
  },
  {
    id: 'CVE-2021-39226',
    published: '2021-10-05',
    text: 'Unauthenticated users of Grafana before 7.5.11 and 8.1.6 can view and delete dashboard snapshots by their predictable keys.',
    cvss: [REMOTE, 9.8],
    cwe: ['CWE-287'],
    configs: [any(grafana('<7.5.11'), line(grafana, '8.0.0', '8.1.6'))],
    kev: {
      added: '2022-08-25',
      due: '2022-09-15',
      ransomware: false,
      vendor: 'Grafana Labs',
      product: 'Grafana',
      name: 'Grafana Authentication Bypass Vulnerability',
    },
    epss: [0.99933, 0.99969],
  },
  {
    id: 'CVE-2021-43798',
    published: '2021-12-07',
    text: 'A path traversal in the plugin asset route of Grafana 8.0.0-beta1 to 8.3.0 lets unauthenticated users read local files of the server.',
    cvss: [REMOTE_READ, 7.5],
    cwe: ['CWE-22'],
    configs: [
      any(
        line(grafana, '8.0.0', '8.0.7'),
        line(grafana, '8.1.0', '8.1.8'),
        line(grafana, '8.2.0', '8.2.7'),
        m('a:grafana:grafana:8.3.0')
      ),
    ],
  },
  {
    id: 'CVE-2023-3128',
    published: '2023-06-22',
    text: 'Grafana validates Azure AD accounts by the email claim, which a user of another tenant can set, allowing account takeover with Azure AD OAuth in multi-tenant apps.',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:L', 9.4],
    cwe: ['CWE-290'],
    configs: [
      any(
        grafana('>=6.7.0', '<8.5.27'),
        line(grafana, '9.0.0', '9.2.20'),
        line(grafana, '9.3.0', '9.3.16'),
        line(grafana, '9.4.0', '9.4.13'),
        line(grafana, '9.5.0', '9.5.5'),
        m('a:grafana:grafana:10.0.0')
      ),
    ],
  },
];
