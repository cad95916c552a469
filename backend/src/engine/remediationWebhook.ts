/**
 * The outbound hook: each new remediation activity (except AttentionRequired, which Defender does not
 * ticket) is POSTed as JSON to TVM_REMEDIATION_WEBHOOK_URL, so a ticketing system can open a ticket.
 *
 * - Delivered after the creating transaction commits, never inside it: a slow or broken receiver
 *   cannot hold the store's write lock or undo the activity. The activity says Pending until then.
 * - At-least-once: up to webhookMaxAttempts attempts (default 5) with exponential backoff (2 s, 4 s,
 *   8 s, 16 s; a Retry-After is honoured up to the cap); network errors, timeouts, 408, 425, 429 and
 *   5xx are retried, other answers fail for good. Every attempt updates the activity's delivery fields
 *   (status, attempts, last error, last attempt, delivered on). Deliveries still Pending when the
 *   service starts (it stopped mid-way) are resumed.
 * - The body lists at most TVM_REMEDIATION_MAX_DEVICES target devices (Defender sends at most 10,000
 *   per request): `devicesTotal` and `devicesTruncated` say when the list is cut.
 * - Headers: `X-TVM-Event: remediationTask.created`, `X-TVM-Delivery: <activity id>` (the same on every
 *   retry, so a receiver can de-duplicate), and with TVM_REMEDIATION_WEBHOOK_SECRET
 *   `X-TVM-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` (GitHub's scheme).
 * - Redirects are not followed (a 3xx fails): the body must not be replayed to an address nobody set.
 */
import crypto from 'crypto';
import type { Logger } from 'pino';
import { backoffDelay, classifyDelivery, parseRetryAfter } from '../domain/remediation';
import type { Db } from '../store/db';
import { loadTask, taskDevices, taskEntity, type RemediationSettings } from './remediation';

export const WEBHOOK_EVENT = 'remediationTask.created';

export class RemediationWebhook {
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly settings: () => RemediationSettings,
    private readonly clock: () => Date,
    private readonly log: Pick<Logger, 'info' | 'warn' | 'error'>,
    private readonly userAgent: string
  ) {}

  /** Starts delivering an activity (after its transaction committed); returns at once. */
  enqueue(taskId: string): void {
    if (!this.settings().webhookUrl) {
      return;
    }
    const run = this.deliver(taskId)
      .catch((err) => this.log.error({ err, taskId }, 'remediation webhook delivery failed unexpectedly'))
      .finally(() => this.inflight.delete(run));
    this.inflight.add(run);
  }

  /** Resumes the deliveries left Pending (the service stopped while retrying). */
  async resumePending(): Promise<void> {
    if (!this.settings().webhookUrl) {
      return;
    }
    const rows = await this.db.all<{ id: string }>(
      "SELECT id FROM remediation_task WHERE delivery_status = 'Pending' ORDER BY created_on"
    );
    rows.forEach((r) => this.enqueue(r.id));
  }

  /** Resolves when no delivery is in flight (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) {
      await Promise.allSettled([...this.inflight]);
    }
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private async deliver(taskId: string): Promise<void> {
    const cfg = this.settings();
    const url = cfg.webhookUrl;
    const task = await loadTask(this.db, taskId);
    if (!url || !task || task.delivery_status !== 'Pending') {
      return;
    }
    const devices = await taskDevices(this.db, taskId, 'All');
    const listed = devices.slice(0, cfg.maxDevices);
    const body = JSON.stringify({
      event: WEBHOOK_EVENT,
      task: taskEntity(task, this.now()),
      devices: listed.map((d) => ({
        id: d.device_id,
        computerDnsName: d.computer_dns_name,
        osPlatform: d.os_platform,
        rbacGroupName: d.rbac_group_name,
      })),
      devicesTotal: devices.length,
      devicesTruncated: devices.length > listed.length,
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': this.userAgent,
      'x-tvm-event': WEBHOOK_EVENT,
      'x-tvm-delivery': taskId,
    };
    if (cfg.webhookSecret) {
      headers['x-tvm-signature-256'] =
        `sha256=${crypto.createHmac('sha256', cfg.webhookSecret).update(body).digest('hex')}`;
    }
    for (let attempt = Number(task.delivery_attempts) + 1; attempt <= cfg.webhookMaxAttempts; attempt++) {
      let status: number | null = null;
      let error: string | null = null;
      let retryAfter: number | null = null;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(cfg.webhookTimeoutMs),
        });
        status = res.status;
        retryAfter = parseRetryAfter(res.headers.get('retry-after'), Date.now());
        if (status < 200 || status >= 300) {
          const text = (await res.text().catch(() => '')).slice(0, 200);
          error = `HTTP ${status}${text ? `: ${text}` : ''}`;
        } else {
          await res.arrayBuffer().catch(() => undefined);
        }
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } };
        error =
          e.name === 'TimeoutError'
            ? `timed out after ${cfg.webhookTimeoutMs} ms`
            : (e.cause?.code ?? e.cause?.message ?? e.message);
      }
      const outcome = classifyDelivery(status);
      const last = attempt >= cfg.webhookMaxAttempts;
      const next = outcome === 'delivered' ? 'Delivered' : outcome === 'permanent' || last ? 'Failed' : 'Pending';
      const now = this.now();
      await this.db.run(
        `UPDATE remediation_task SET delivery_status = ?, delivery_attempts = ?, delivery_last_error = ?, delivery_last_attempt_on = ?,
           delivered_on = ?, delivery_devices_sent = ? WHERE id = ?`,
        [
          next,
          attempt,
          error,
          now,
          next === 'Delivered' ? now : null,
          next === 'Delivered' ? listed.length : null,
          taskId,
        ]
      );
      if (next === 'Delivered') {
        this.log.info({ taskId, attempt }, 'remediation webhook delivered');
        return;
      }
      if (next === 'Failed') {
        this.log.warn(
          { taskId, attempt, error },
          'remediation webhook failed; the activity says so (deliveryStatus Failed)'
        );
        return;
      }
      const wait = backoffDelay(attempt, cfg.webhookBackoffMs, cfg.webhookMaxBackoffMs, retryAfter);
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
    }
  }
}
