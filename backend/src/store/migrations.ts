import type { Db } from './db';

/**
 * Schema migrations, applied in order inside one transaction each. `{{serial}}` is the dialect's
 * auto-increment primary key. Timestamps are ISO-8601 UTC text, so ordering and comparison are
 * the same in SQLite and PostgreSQL.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'knowledge, fleet and findings',
    sql: `
-- Vulnerability knowledge -------------------------------------------------------------------------
CREATE TABLE cve (
  id                TEXT PRIMARY KEY,
  published         TEXT NOT NULL,
  last_modified     TEXT NOT NULL,
  vuln_status       TEXT NOT NULL,
  description       TEXT NOT NULL,
  severity          TEXT NOT NULL,
  cvss_version      TEXT,
  cvss_vector       TEXT,
  cvss_score        DOUBLE PRECISION,
  cvss_all          TEXT NOT NULL,
  cwes              TEXT NOT NULL,
  cve_tags          TEXT NOT NULL,
  public_exploit    INTEGER NOT NULL,
  cisa_exploit_add  TEXT,
  cisa_action_due   TEXT,
  cisa_required_action TEXT,
  cisa_vulnerability_name TEXT,
  reference_count   INTEGER NOT NULL,
  has_configurations INTEGER NOT NULL,
  configurations    TEXT NOT NULL,
  imported_at       TEXT NOT NULL
);
CREATE INDEX cve_last_modified ON cve (last_modified);

-- Which (part, vendor, product) each CVE names as vulnerable: the candidate index for matching.
CREATE TABLE cve_product (
  cve_id   TEXT NOT NULL REFERENCES cve (id) ON DELETE CASCADE,
  part     TEXT NOT NULL,
  vendor   TEXT NOT NULL,
  product  TEXT NOT NULL,
  PRIMARY KEY (cve_id, part, vendor, product)
);
CREATE INDEX cve_product_by_product ON cve_product (vendor, product);

CREATE TABLE kev (
  cve_id            TEXT PRIMARY KEY,
  vendor_project    TEXT NOT NULL,
  product           TEXT NOT NULL,
  vulnerability_name TEXT NOT NULL,
  date_added        TEXT NOT NULL,
  short_description TEXT NOT NULL,
  required_action   TEXT NOT NULL,
  due_date          TEXT NOT NULL,
  known_ransomware  INTEGER NOT NULL,
  notes             TEXT NOT NULL,
  cwes              TEXT NOT NULL
);

CREATE TABLE epss (
  cve_id        TEXT PRIMARY KEY,
  epss          DOUBLE PRECISION NOT NULL,
  percentile    DOUBLE PRECISION NOT NULL,
  score_date    TEXT,
  model_version TEXT
);

-- One row per feed: what was imported last, and when.
CREATE TABLE feed_state (
  feed          TEXT PRIMARY KEY,
  version       TEXT,
  released      TEXT,
  imported_at   TEXT NOT NULL,
  origin        TEXT NOT NULL,
  record_count  INTEGER NOT NULL,
  detail        TEXT NOT NULL
);

-- Fleet ----------------------------------------------------------------------------------------
CREATE TABLE device (
  id                 TEXT PRIMARY KEY,
  computer_dns_name  TEXT NOT NULL,
  os_platform        TEXT,
  os_version         TEXT,
  os_architecture    TEXT,
  rbac_group_name    TEXT,
  machine_tags       TEXT NOT NULL,
  device_value       TEXT NOT NULL,
  internet_facing    INTEGER NOT NULL,
  first_seen         TEXT NOT NULL,
  last_seen          TEXT NOT NULL,
  last_report_id     TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX device_group ON device (rbac_group_name);

-- Every report applied, so a re-sent report is recognised and not applied twice.
CREATE TABLE device_report (
  report_id    TEXT PRIMARY KEY,
  device_id    TEXT NOT NULL REFERENCES device (id) ON DELETE CASCADE,
  content_hash TEXT NOT NULL,
  received_at  TEXT NOT NULL,
  outcome      TEXT NOT NULL
);

-- A distinct installed (product, version, edition) as NVD names it: matched once, fanned out by join.
CREATE TABLE software_version (
  id          {{serial}},
  tuple_key   TEXT NOT NULL UNIQUE,
  part        TEXT NOT NULL,
  vendor      TEXT NOT NULL,
  product     TEXT NOT NULL,
  version     TEXT NOT NULL,
  sw_edition  TEXT NOT NULL,
  target_sw   TEXT NOT NULL,
  update_     TEXT NOT NULL,
  matched_at  TEXT
);
CREATE INDEX software_version_product ON software_version (vendor, product);

-- What NVD matching found for a distinct software version. needs_platform: an AND configuration
-- that also needs a platform (OS or other software) on the device, decided per device.
CREATE TABLE software_version_cve (
  software_version_id INTEGER NOT NULL REFERENCES software_version (id) ON DELETE CASCADE,
  cve_id              TEXT NOT NULL REFERENCES cve (id) ON DELETE CASCADE,
  criteria            TEXT NOT NULL,
  fixed_in            TEXT,
  needs_platform      INTEGER NOT NULL,
  PRIMARY KEY (software_version_id, cve_id)
);
CREATE INDEX software_version_cve_by_cve ON software_version_cve (cve_id);

-- What a device has (had) installed. product_key identifies the product across versions
-- (part:vendor:product:sw_edition, or "unsupported:<name>" when it could not be identified).
CREATE TABLE device_software (
  device_id           TEXT NOT NULL REFERENCES device (id) ON DELETE CASCADE,
  product_key         TEXT NOT NULL,
  version             TEXT NOT NULL,
  software_version_id INTEGER REFERENCES software_version (id),
  vendor              TEXT,
  product             TEXT,
  display_name        TEXT NOT NULL,
  publisher           TEXT,
  cpe                 TEXT,
  purl                TEXT,
  source              TEXT,
  supported           INTEGER NOT NULL,
  unsupported_reason  TEXT,
  first_seen          TEXT NOT NULL,
  last_seen           TEXT NOT NULL,
  uninstalled_at      TEXT,
  PRIMARY KEY (device_id, product_key, version)
);
CREATE INDEX device_software_version ON device_software (software_version_id);

CREATE TABLE device_configuration (
  device_id   TEXT NOT NULL REFERENCES device (id) ON DELETE CASCADE,
  check_id    TEXT NOT NULL,
  status      TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (device_id, check_id)
);

CREATE TABLE device_alert (
  device_id   TEXT NOT NULL REFERENCES device (id) ON DELETE CASCADE,
  alert_id    TEXT NOT NULL,
  severity    TEXT NOT NULL,
  title       TEXT NOT NULL,
  status      TEXT NOT NULL,
  created_on  TEXT NOT NULL,
  cves        TEXT NOT NULL,
  PRIMARY KEY (device_id, alert_id)
);

-- Findings: a (device, product, CVE) that is or was exposed. source: 'nvd' for our matching,
-- or the scanner whose report said so. Closed findings stay with fixed_at, for history and MTTR.
CREATE TABLE finding (
  device_id         TEXT NOT NULL REFERENCES device (id) ON DELETE CASCADE,
  product_key       TEXT NOT NULL,
  cve_id            TEXT NOT NULL,
  source            TEXT NOT NULL,
  version           TEXT NOT NULL,
  fixed_in          TEXT,
  status            TEXT NOT NULL,
  first_detected    TEXT NOT NULL,
  last_detected     TEXT NOT NULL,
  fixed_at          TEXT,
  scanner_severity  TEXT,
  scanner_cvss      DOUBLE PRECISION,
  scanner_title     TEXT,
  PRIMARY KEY (device_id, product_key, cve_id, source)
);
CREATE INDEX finding_open ON finding (status, cve_id);

CREATE TABLE api_token (
  token_hash  TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  scopes      TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'scores, history and events',
    sql: `
-- Per-device exposure, recomputed for the devices a report touches and for all when knowledge changes.
-- exposure_score is NULL for an inactive device ("No data").
CREATE TABLE device_score (
  device_id          TEXT PRIMARY KEY REFERENCES device (id) ON DELETE CASCADE,
  active             INTEGER NOT NULL,
  exposure_score     DOUBLE PRECISION,
  exposure_level     TEXT NOT NULL,
  risk_level         TEXT NOT NULL,
  alert_pressure     DOUBLE PRECISION NOT NULL,
  weight             DOUBLE PRECISION NOT NULL,
  open_findings      INTEGER NOT NULL,
  critical           INTEGER NOT NULL,
  high               INTEGER NOT NULL,
  medium             INTEGER NOT NULL,
  low                INTEGER NOT NULL,
  known_exploited    INTEGER NOT NULL,
  scoring_model      TEXT NOT NULL,
  computed_at        TEXT NOT NULL
);

-- Per (device, vulnerable product): the device's score without that product, so a recommendation's
-- exposureImpact is an exact aggregate, not a re-score.
CREATE TABLE device_product_score (
  device_id      TEXT NOT NULL REFERENCES device (id) ON DELETE CASCADE,
  product_key    TEXT NOT NULL,
  cve_count      INTEGER NOT NULL,
  max_risk       DOUBLE PRECISION NOT NULL,
  score_without  DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (device_id, product_key)
);
CREATE INDEX device_product_score_product ON device_product_score (product_key);

-- Snapshots of the org (scope '') and each device group, for history over any time range.
CREATE TABLE score_snapshot (
  taken_at        TEXT NOT NULL,
  scope           TEXT NOT NULL,
  exposure_score  DOUBLE PRECISION,
  secure_score    DOUBLE PRECISION,
  secure_max      DOUBLE PRECISION,
  devices_total   INTEGER NOT NULL,
  devices_active  INTEGER NOT NULL,
  level_none      INTEGER NOT NULL,
  level_low       INTEGER NOT NULL,
  level_medium    INTEGER NOT NULL,
  level_high      INTEGER NOT NULL,
  findings_open   INTEGER NOT NULL,
  critical        INTEGER NOT NULL,
  high            INTEGER NOT NULL,
  medium          INTEGER NOT NULL,
  low             INTEGER NOT NULL,
  known_exploited INTEGER NOT NULL,
  exposed_cves    INTEGER NOT NULL,
  PRIMARY KEY (scope, taken_at)
);

-- How many active devices each CVE exposes, as of the last scoring pass: events compare against it.
CREATE TABLE cve_exposure (
  cve_id            TEXT PRIMARY KEY,
  exposed_devices   INTEGER NOT NULL,
  first_exposed_at  TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);

-- The event timeline.
CREATE TABLE event (
  id              {{serial}},
  occurred_at     TEXT NOT NULL,
  type            TEXT NOT NULL,
  title           TEXT NOT NULL,
  cve_id          TEXT,
  product_key     TEXT,
  check_id        TEXT,
  devices_then    INTEGER NOT NULL,
  devices_total   INTEGER NOT NULL,
  score_before    DOUBLE PRECISION,
  score_after     DOUBLE PRECISION,
  detail          TEXT NOT NULL
);
CREATE INDEX event_time ON event (occurred_at);

CREATE TABLE configuration_check_seen (
  check_id    TEXT PRIMARY KEY,
  first_seen  TEXT NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'remediation activities, exceptions and the audit log',
    sql: `
-- Scores before and after exceptions. exposure_score and score_without_after count findings covered
-- by a mitigating exception (third party control, alternate mitigation) as mitigated; the raw_ and
-- plain score_without columns ignore exceptions (Defender's "Impact" vs "Impact (after exceptions)").
ALTER TABLE device_score ADD COLUMN raw_exposure_score DOUBLE PRECISION;
UPDATE device_score SET raw_exposure_score = exposure_score;
ALTER TABLE device_product_score ADD COLUMN score_without_after DOUBLE PRECISION;
ALTER TABLE device_product_score ADD COLUMN cve_count_after INTEGER;
UPDATE device_product_score SET score_without_after = score_without, cve_count_after = cve_count;
-- Exposed devices per configuration check (exceptions resurface, remediation progress).
CREATE INDEX device_configuration_check ON device_configuration (check_id, status);

-- Remediation activities. Target devices are snapshotted at creation (remediation_task_device);
-- product_key (software) or check_id (configuration) say what "still exposed" means.
CREATE TABLE remediation_task (
  id                  TEXT PRIMARY KEY,
  recommendation_id   TEXT NOT NULL,
  product_key         TEXT,
  check_id            TEXT,
  title               TEXT NOT NULL,
  description         TEXT NOT NULL,
  category            TEXT NOT NULL,
  remediation_type    TEXT NOT NULL,
  related_component   TEXT NOT NULL,
  recommended_version TEXT,
  all_groups          INTEGER NOT NULL,
  rbac_group_names    TEXT NOT NULL,
  priority            TEXT NOT NULL,
  due_on              TEXT,
  created_on          TEXT NOT NULL,
  requester_id        TEXT NOT NULL,
  requester_email     TEXT,
  requester_token     TEXT,
  requester_notes     TEXT,
  status              TEXT NOT NULL,
  status_last_modified_on TEXT NOT NULL,
  completion_method   TEXT,
  completer_id        TEXT,
  completer_email     TEXT,
  completed_on        TEXT,
  status_comment      TEXT,
  target_devices      INTEGER NOT NULL,
  fixed_devices       INTEGER NOT NULL,
  delivery_status     TEXT NOT NULL,
  delivery_attempts   INTEGER NOT NULL,
  delivery_last_error TEXT,
  delivery_last_attempt_on TEXT,
  delivered_on        TEXT,
  delivery_devices_sent INTEGER
);
CREATE INDEX remediation_task_status ON remediation_task (status, status_last_modified_on);
CREATE INDEX remediation_task_recommendation ON remediation_task (recommendation_id);

CREATE TABLE remediation_task_device (
  task_id            TEXT NOT NULL REFERENCES remediation_task (id) ON DELETE CASCADE,
  device_id          TEXT NOT NULL,
  computer_dns_name  TEXT NOT NULL,
  os_platform        TEXT,
  rbac_group_name    TEXT,
  fixed_on           TEXT,
  PRIMARY KEY (task_id, device_id)
);
CREATE INDEX remediation_task_device_device ON remediation_task_device (device_id);

-- Exceptions, for a recommendation or a CVE. Group-scoped ones list their groups (with the exposure at
-- creation, for resurfacing); a global one has none. expiry_processed_on: when a scoring pass took
-- the expiry into account (reads catch up when an expiry is due and not yet processed).
CREATE TABLE risk_exception (
  id                  TEXT PRIMARY KEY,
  kind                TEXT NOT NULL,
  recommendation_id   TEXT,
  product_key         TEXT,
  check_id            TEXT,
  cve_id              TEXT,
  title               TEXT NOT NULL,
  justification       TEXT NOT NULL,
  context             TEXT,
  scope               TEXT NOT NULL,
  created_on          TEXT NOT NULL,
  created_by          TEXT NOT NULL,
  created_by_email    TEXT,
  created_by_token    TEXT,
  expires_on          TEXT NOT NULL,
  canceled_on         TEXT,
  canceled_by         TEXT,
  resurfaced_on       TEXT,
  baseline_exposed    INTEGER NOT NULL,
  expiry_processed_on TEXT
);
CREATE INDEX risk_exception_expiry ON risk_exception (expiry_processed_on, expires_on);

CREATE TABLE risk_exception_group (
  exception_id      TEXT NOT NULL REFERENCES risk_exception (id) ON DELETE CASCADE,
  rbac_group_name   TEXT NOT NULL,
  baseline_exposed  INTEGER NOT NULL,
  canceled_on       TEXT,
  canceled_by       TEXT,
  PRIMARY KEY (exception_id, rbac_group_name)
);

-- Who did what, when: every remediation, exception and device-value change.
CREATE TABLE audit_log (
  id           {{serial}},
  occurred_at  TEXT NOT NULL,
  actor        TEXT NOT NULL,
  actor_token  TEXT,
  action       TEXT NOT NULL,
  entity_type  TEXT NOT NULL,
  entity_id    TEXT NOT NULL,
  summary      TEXT NOT NULL,
  detail       TEXT NOT NULL
);
CREATE INDEX audit_log_time ON audit_log (occurred_at);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
`,
  },
  {
    version: 4,
    name: 'pending history snapshot',
    sql: `
-- Set when a scoring pass left its snapshot for later (a burst of single reports); history reads and
-- the hourly refresh take it.
CREATE TABLE snapshot_state (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  pending  INTEGER NOT NULL
);
INSERT INTO snapshot_state (id, pending) VALUES (1, 0);
`,
  },
  {
    version: 5,
    name: 'findings indexed by CVE',
    sql: `
-- (status, cve_id) made the planner scan every open finding for a few devices' findings; by CVE is
-- what lookups need ("devices exposed to CVE-x"), and by device is the primary key.
DROP INDEX finding_open;
CREATE INDEX finding_by_cve ON finding (cve_id, status);
`,
  },
];

function dialectSql(db: Db, sql: string): string {
  const serial = db.dialect === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY';
  return sql.replace(/\{\{serial\}\}/g, serial);
}

/** Brings the schema to the latest version; returns the versions applied. */
export async function migrate(db: Db): Promise<number[]> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)'
  );
  const rows = await db.all<{ version: number }>('SELECT version FROM schema_migration');
  const applied = new Set(rows.map((r) => Number(r.version)));
  const done: number[] = [];
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) {
      continue;
    }
    await db.transaction(async (tx) => {
      for (const statement of splitStatements(dialectSql(db, m.sql))) {
        await tx.run(statement);
      }
      await tx.run('INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
    });
    done.push(m.version);
  }
  return done;
}

function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*\n/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
