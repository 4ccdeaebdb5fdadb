import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

/**
 * `npm run bench`: a stub CRM, crm-bridge bound to it (platform sample-crm-apikey) and autocannon,
 * as separate processes. Every response is checked for success and content. One JSON line per
 * scenario on stdout, all of them saved under bench/results/.
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,mysql').split(',').map((d) => d.trim());
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const STUB_LATENCY_MS = Number(process.env.STUB_LATENCY_MS ?? 0);
/** Only these scenarios (names as printed), e.g. `contact-lookup,call-log-create`; all when unset. */
const SCENARIOS = process.env.BENCH_SCENARIOS?.split(',').map((s) => s.trim());
/** Extra Node.js flags for crm-bridge only, e.g. `--max-old-space-size=128` (memory tuning). */
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
/** A directory: crm-bridge runs with --cpu-prof and writes one .cpuprofile per database there. */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

type Result = {
  scenario: string;
  database: string;
  requests_per_sec: number;
  latency_p50_ms: number;
  latency_p99_ms: number;
  errors: number;
  non2xx: number;
  crm_calls: number;
  cpu_pct: number | null;
  rss_mb: number | null;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

function startStub(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/bench/stub-crm.js')], {
    env: { ...process.env, STUB_LATENCY_MS: String(STUB_LATENCY_MS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => {
      const { listening } = JSON.parse(chunk.toString()) as { listening: number };
      resolve({ child, url: `http://127.0.0.1:${listening}` });
    });
    child.once('exit', (code) => reject(new Error(`stub CRM exited (${code})`)));
  });
}

async function prepareDatabase(kind: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bridge-bench-'));
    return {
      url: `sqlite:${dir}/bench.sqlite`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const server = new URL(MYSQL_URL);
  const name = `cb_bench_${randomBytes(4).toString('hex')}`;
  const connect = () =>
    mysql.createConnection({
      host: server.hostname,
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
    });
  const admin = await connect();
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.end();
  server.pathname = `/${name}`;
  return {
    url: server.toString(),
    drop: async () => {
      const conn = await connect();
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

async function startBridge(databaseUrl: string, crmUrl: string) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bridge-bench-data-'));
  const started = performance.now();
  const profiling = CPU_PROF_DIR
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${CPU_PROF_DIR}`,
        '--import',
        path.join(ROOT, 'dist/bench/exit-on-signal.js'),
      ]
    : [];
  const child = spawn(
    process.execPath,
    [...NODE_FLAGS, ...profiling, path.join(ROOT, 'dist/src/main.js')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        SAMPLE_CRM_URL: crmUrl,
        LOG_LEVEL: 'error',
        // One benchmark user sends thousands of requests a second: inbound limits would refuse them.
        RATE_LIMIT: 'false',
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}`,
        HASH_SECRET: randomBytes(32).toString('base64url'),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error('crm-bridge exited during start-up');
    if (
      await fetch(`${url}/isAlive`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const startupMs = Math.round(performance.now() - started);
  return { child, url, startupMs, dataDir };
}

/** CPU seconds (user + system) and current RSS of a process, from /proc. */
function processUsage(pid: number): { cpuSeconds: number; rssMb: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(stat[11]) + Number(stat[12]);
    const rssKb = Number(
      /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0,
    );
    return { cpuSeconds: ticks / 100, rssMb: rssKb / 1024 };
  } catch {
    return null;
  }
}

async function crmCalls(crmUrl: string): Promise<number> {
  return ((await (await fetch(`${crmUrl}/_stats`)).json()) as { served: number }).served;
}

type Check = (status: number, body: string) => boolean;

interface Scenario {
  name: string;
  url: string;
  requests: autocannon.Request[];
  check: Check;
}

async function load(
  scenario: Scenario,
  seconds: number,
  check: Check,
): Promise<{ result: autocannon.Result; bad: number }> {
  let bad = 0;
  const requests = scenario.requests.map((request) => ({
    ...request,
    onResponse: (status: number, body: string) => {
      if (check(status, body)) return;
      // The first failed answer of a run, so a broken benchmark says why.
      if (bad === 0) process.stderr.write(`${scenario.name}: ${status} ${body.slice(0, 300)}\n`);
      bad += 1;
    },
  }));
  const result = await autocannon({
    url: scenario.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests,
  });
  return { result, bad };
}

async function measure(
  scenario: Scenario,
  database: string,
  crmUrl: string,
  pid: number | null,
): Promise<Result | null> {
  if (SCENARIOS && !SCENARIOS.includes(scenario.name)) return null;
  await load(scenario, WARMUP, scenario.check);
  const callsBefore = await crmCalls(crmUrl);
  const usageBefore = pid ? processUsage(pid) : null;
  let rssMax = 0;
  const sampler = setInterval(() => {
    const usage = pid ? processUsage(pid) : null;
    if (usage) rssMax = Math.max(rssMax, usage.rssMb);
  }, 200);
  const started = performance.now();
  const { result, bad } = await load(scenario, DURATION, scenario.check);
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const usageAfter = pid ? processUsage(pid) : null;
  return {
    scenario: scenario.name,
    database,
    requests_per_sec: Math.round(result.requests.average),
    latency_p50_ms: result.latency.p50,
    latency_p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts + bad,
    non2xx: result.non2xx,
    crm_calls: (await crmCalls(crmUrl)) - callsBefore,
    cpu_pct:
      usageBefore && usageAfter
        ? Math.round(((usageAfter.cpuSeconds - usageBefore.cpuSeconds) / elapsed) * 100)
        : null,
    rss_mb: pid ? Math.round(rssMax) : null,
  };
}

const okEnvelope =
  (predicate: (body: Record<string, unknown>) => boolean): Check =>
  (status, body) => {
    if (status !== 200) return false;
    try {
      return predicate(JSON.parse(body) as Record<string, unknown>);
    } catch {
      return false;
    }
  };

async function main(): Promise<void> {
  const stub = await startStub();
  const results: Record<string, unknown>[] = [];
  const emit = (line: Record<string, unknown> | null) => {
    if (!line) return;
    results.push(line);
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  try {
    const baseline: Scenario = {
      name: 'stub-crm-direct',
      url: stub.url,
      requests: [
        {
          method: 'GET',
          path: '/api/contacts?phone=(415)%20555-0100',
          headers: { 'x-api-key': 'bench' },
        },
      ],
      check: okEnvelope((b) => Array.isArray(b.data) && b.data.length === 1),
    };
    const direct = await measure(baseline, 'none', stub.url, stub.child.pid ?? null);
    emit(direct && { ...direct, note: 'cpu/rss of the stub CRM' });
    for (const database of DATABASES) {
      const db = await prepareDatabase(database).catch((error: Error) => {
        emit({ scenario: 'skipped', database, reason: error.message });
        return null;
      });
      if (!db) continue;
      const bridge = await startBridge(db.url, stub.url);
      emit({ scenario: 'startup', database, startup_ms: bridge.startupMs });
      try {
        const login = await fetch(`${bridge.url}/apiKeyLogin`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ platform: 'sample-crm-apikey', apiKey: 'bench' }),
        });
        const { jwtToken } = (await login.json()) as { jwtToken: string };
        const auth = { authorization: `Bearer ${jwtToken}`, 'content-type': 'application/json' };
        const pid = bridge.child.pid ?? null;
        // The server's own floor: the whole middleware and Nest pipeline, no session, no work.
        emit(
          await measure(
            {
              name: 'is-alive',
              url: bridge.url,
              requests: [{ method: 'GET', path: '/isAlive' }],
              check: (status, body) => status === 200 && body === 'OK',
            },
            database,
            stub.url,
            pid,
          ),
        );
        const isJane = okEnvelope(
          (b) => b.successful === true && (b.contact as { name: string }[])[0]?.name === 'Jane Doe',
        );
        for (const [name, query] of [
          ['contact-lookup', ''],
          ['contact-lookup-uncached', '&isForceRefreshAccountData=true'],
        ]) {
          emit(
            await measure(
              {
                name,
                url: bridge.url,
                requests: [
                  {
                    method: 'GET',
                    path: `/contact?phoneNumber=%2B14155550100${query}`,
                    headers: auth,
                  },
                ],
                check: isJane,
              },
              database,
              stub.url,
              pid,
            ),
          );
        }
        let session = Date.now() * 1000;
        const created: string[] = [];
        const callBody = (sessionId: string) =>
          JSON.stringify({
            logInfo: {
              sessionId,
              direction: 'Inbound',
              startTime: 1714575845000,
              duration: 63,
              result: 'Call connected',
              from: { phoneNumber: '+14155550100', name: 'Jane Doe' },
              to: { phoneNumber: '+16505550111', name: 'Agent Smith' },
            },
            contactId: '101',
            contactName: 'Jane Doe',
            note: 'Benchmark call',
          });
        emit(
          await measure(
            {
              name: 'call-log-create',
              url: bridge.url,
              requests: [
                {
                  method: 'POST',
                  path: '/callLog',
                  headers: auth,
                  setupRequest: (request) => {
                    const id = String((session += 1));
                    if (created.length < 5000) created.push(id);
                    return { ...request, body: callBody(id) };
                  },
                },
              ],
              check: okEnvelope((b) => b.successful === true && typeof b.logId === 'string'),
            },
            database,
            stub.url,
            pid,
          ),
        );
        // Only call-log-update selected: give it calls to update.
        const seed = created.length === 0 ? 200 : 0;
        for (let i = 0; i < seed; i += 1) {
          const id = String((session += 1));
          await fetch(`${bridge.url}/callLog`, {
            method: 'POST',
            headers: auth,
            body: callBody(id),
          });
          created.push(id);
        }
        let next = 0;
        emit(
          await measure(
            {
              name: 'call-log-update',
              url: bridge.url,
              requests: [
                {
                  method: 'PATCH',
                  path: '/callLog',
                  headers: auth,
                  setupRequest: (request) => ({
                    ...request,
                    body: JSON.stringify({
                      sessionId: created[next++ % created.length],
                      note: `Update ${next}`,
                    }),
                  }),
                },
              ],
              check: okEnvelope((b) => b.successful === true),
            },
            database,
            stub.url,
            pid,
          ),
        );
      } finally {
        bridge.child.kill(CPU_PROF_DIR ? 'SIGUSR2' : 'SIGTERM');
        await new Promise((resolve) => bridge.child.once('exit', resolve));
        fs.rmSync(bridge.dataDir, { recursive: true, force: true });
        await db.drop();
      }
    }
  } finally {
    stub.child.kill('SIGTERM');
  }
  const file = path.join(
    ROOT,
    'bench/results',
    `${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const meta = {
    node: process.version,
    cpus: os.cpus().length,
    connections: CONNECTIONS,
    duration_s: DURATION,
    warmup_s: WARMUP,
    stub_latency_ms: STUB_LATENCY_MS,
  };
  fs.writeFileSync(file, `${JSON.stringify({ meta, results }, null, 2)}\n`);
  process.stdout.write(`results saved to ${path.relative(ROOT, file)}\n`);
}

await main();
