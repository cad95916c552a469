/**
 * Records the service's responses for every endpoint the data source calls, into this folder, for the data
 * source's unit tests to replay. The fleet is built from ../shared/data exactly as the backend's API tests build
 * it, plus one remediation activity and one exception.
 *
 *   npm run record:fixtures
 *
 * Kept small on purpose (they are committed): lists are asked for 5 rows, sub-resources cut to their first 5.
 * The service's random local address is replaced by http://tvm:8080 so a re-recording only differs where the
 * data does.
 */
import fs from 'fs';
import path from 'path';
import prettier from 'prettier';
import { addRemediationAndException, FLEET_START, jsonRequest, startTvmService } from '../testing/tvmService';

const OUT = __dirname;
const TOKEN = 'fixture-admin-token-0123456789';
const ROWS = 5;
const STABLE_ORIGIN = 'http://tvm:8080';

const from = new Date(Date.parse(FLEET_START) - 86400_000).toISOString();
const to = new Date(Date.parse(FLEET_START) + 3600_000).toISOString();
const q = (params: Record<string, string | number>) =>
  '?' +
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

async function main() {
  const service = await startTvmService(TOKEN);
  try {
    const setup = await addRemediationAndException(service);
    const written: string[] = [];
    const pending: Array<Promise<void>> = [];
    // Written in the repository's Prettier style, so `npm run lint:fix` leaves the recording alone.
    const style = { ...(await prettier.resolveConfig(path.join(OUT, 'x.json'))), parser: 'json' };
    const save = (name: string, body: unknown) => {
      const text = JSON.stringify(body).split(service.url).join(STABLE_ORIGIN);
      pending.push(
        prettier.format(text, style).then((pretty) => fs.writeFileSync(path.join(OUT, `${name}.json`), pretty))
      );
      written.push(name);
    };
    const get = async <T = Record<string, unknown>>(p: string, opts: { status?: number; auth?: boolean } = {}) => {
      const res = await jsonRequest<T>(
        `${service.url}${p}`,
        'GET',
        opts.auth === false ? {} : { Authorization: `Bearer ${TOKEN}` }
      );
      if (res.status !== (opts.status ?? 200)) {
        throw new Error(`GET ${p}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
      }
      return res.body;
    };
    /** A sub-resource, cut to its first rows (the service returns these whole). */
    const firstRows = <T extends { value: unknown[] }>(body: T): T => ({ ...body, value: body.value.slice(0, ROWS) });

    save('health', await get('/health', { auth: false }));
    const openapi = await get<{ openapi: string; info: unknown }>('/api/openapi.json', { auth: false });
    save('openapi-info', { openapi: openapi.openapi, info: openapi.info });

    save('exposureScore', await get('/api/exposureScore'));
    save('exposureScore-byMachineGroups', await get('/api/exposureScore/ByMachineGroups'));
    save('exposureScore-history', await get(`/api/exposureScore/history${q({ from, to })}`));
    save(
      'exposureScore-history-servers',
      await get(`/api/exposureScore/history${q({ from, to, rbacGroupName: 'Servers' })}`)
    );
    save('configurationScore', await get('/api/configurationScore'));
    save('configurationScore-history', await get(`/api/configurationScore/history${q({ from, to })}`));
    save('exposureDistribution', await get('/api/exposureDistribution?byGroup=false'));
    save('exposureDistribution-byGroup', await get('/api/exposureDistribution?byGroup=true'));
    save('reports-vulnerableDevices', await get('/api/reports/vulnerableDevices'));

    const recommendations = await get<{ value: Array<{ id: string }> }>(`/api/recommendations${q({ $top: ROWS })}`);
    save('recommendations', recommendations);
    const recId = recommendations.value[0].id;
    save(
      'recommendation-machineReferences',
      firstRows(await get(`/api/recommendations/${encodeURIComponent(recId)}/machineReferences`))
    );
    save(
      'recommendation-vulnerabilities',
      firstRows(await get(`/api/recommendations/${encodeURIComponent(recId)}/vulnerabilities`))
    );
    save('recommendation-software', await get(`/api/recommendations/${encodeURIComponent(recId)}/software`));
    // A configuration change has no software: the service answers 404, and the recommendation itself says why.
    const configuration = await get<{ value: Array<{ id: string }> }>(
      `/api/recommendations${q({ $filter: "remediationType eq 'ConfigurationChange'", $top: 1 })}`
    );
    const configId = configuration.value[0]?.id;
    if (!configId) {
      throw new Error('the shared fleet has no configuration recommendation: cannot record one');
    }
    save('recommendation-configuration', await get(`/api/recommendations/${encodeURIComponent(configId)}`));
    save(
      'error-recommendation-software-configuration',
      await get(`/api/recommendations/${encodeURIComponent(configId)}/software`, { status: 404 })
    );

    const software = await get<{ value: Array<{ id: string }> }>(
      `/api/Software${q({ $top: ROWS, $orderby: 'exposedMachines desc' })}`
    );
    save('software', software);
    const swId = software.value[0].id;
    save('software-distributions', firstRows(await get(`/api/Software/${encodeURIComponent(swId)}/distributions`)));
    save(
      'software-machineReferences',
      firstRows(await get(`/api/Software/${encodeURIComponent(swId)}/machineReferences`))
    );
    save('software-vulnerabilities', firstRows(await get(`/api/Software/${encodeURIComponent(swId)}/vulnerabilities`)));

    const vulnerabilities = await get<{ value: Array<{ id: string }> }>(
      `/api/vulnerabilities${q({ $top: ROWS, $orderby: 'exposedMachines desc' })}`
    );
    save('vulnerabilities', vulnerabilities);
    save(
      'vulnerability-machineReferences',
      firstRows(await get(`/api/vulnerabilities/${encodeURIComponent(vulnerabilities.value[0].id)}/machineReferences`))
    );

    save('machines', await get(`/api/machines${q({ $top: ROWS })}`));
    const device = 'ws-002';
    save('machine-software', firstRows(await get(`/api/machines/${device}/software`)));
    save('machine-vulnerabilities', firstRows(await get(`/api/machines/${device}/vulnerabilities`)));
    save('machine-recommendations', firstRows(await get(`/api/machines/${device}/recommendations`)));
    const breakdown = await get<{ products: unknown[]; findings: unknown[] }>(
      `/api/machines/${device}/exposureBreakdown`
    );
    save('machine-exposureBreakdown', {
      ...breakdown,
      products: breakdown.products.slice(0, ROWS),
      findings: breakdown.findings.slice(0, ROWS),
    });

    // The OS platform variable's skip scan, one response per distinct platform and the empty one that ends it.
    const scan: unknown[] = [];
    let last: string | undefined;
    for (;;) {
      const filter = `osPlatform ne null${last === undefined ? '' : ` and osPlatform gt '${last.replace(/'/g, "''")}'`}`;
      const page = await get<{ value: Array<{ osPlatform?: string }> }>(
        `/api/machines${q({ $filter: filter, $orderby: 'osPlatform asc', $top: 1 })}`
      );
      scan.push(page);
      last = page.value[0]?.osPlatform;
      if (last === undefined) {
        break;
      }
    }
    save('machines-osPlatform-scan', scan);

    save('remediationTasks', await get(`/api/remediationTasks${q({ $top: ROWS })}`));
    save('remediation-sla', await get('/api/remediation/sla'));
    save('exceptions', await get(`/api/exceptions${q({ $top: ROWS })}`));
    save('events', await get(`/api/events${q({ from, to, $top: 20 })}`));

    // Errors, as the service words them.
    save('error-unauthorized', await get('/api/exposureScore', { auth: false, status: 401 }));
    save('error-not-found', await get('/api/machines/no-such-device/software', { status: 404 }));
    save(
      'error-recommendation-not-found',
      await get('/api/recommendations/no-such-recommendation/software', { status: 404 })
    );
    save('error-bad-filter', await get(`/api/recommendations${q({ $filter: 'weaknesses gt' })}`, { status: 400 }));

    await Promise.all(pending);
    process.stdout.write(
      `Recorded ${written.length} responses into ${path.relative(process.cwd(), OUT)} (activity ${setup.taskId}, exception ${setup.exceptionId}).\n`
    );
  } finally {
    await service.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
