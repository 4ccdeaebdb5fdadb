import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { signSessionToken, verifySessionToken } from './session-token.js';

/**
 * `npm run bench`: a stub CRM, the bare-Node ceiling (bench/bare-ceiling.ts), crm-bridge bound to
 * the stub (platform sample-crm-apikey) and autocannon, as separate processes. Every response is
 * checked for success and content. One JSON line per scenario on stdout, each crm-bridge line with
 * its ceiling's figures and the ratio to them; all saved under bench/results/, a table at the end.
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,mysql').split(',').map((d) => d.trim());
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const STUB_LATENCY_MS = Number(process.env.STUB_LATENCY_MS ?? 0);
/** Only these scenarios (names as printed), e.g. `contact-lookup,call-log-create`; all when unset. */
const SCENARIOS = process.env.BENCH_SCENARIOS?.split(',').map((s) => s.trim());
/** The flags production starts crm-bridge with (package.json start, Dockerfile CMD). */
const PRODUCTION_NODE_FLAGS = ['--max-semi-space-size=16'];
/** Extra Node.js flags for crm-bridge only, after those, e.g. `--max-old-space-size=128`. */
const NODE_FLAGS = [
  ...PRODUCTION_NODE_FLAGS,
  ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
];
/** A directory: crm-bridge runs with --cpu-prof and writes one .cpuprofile per database there. */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
/** One secret for every server of the run: the ceiling checks tokens in crm-bridge's format. */
const SESSION_SECRET = randomBytes(32).toString('base64url');
// Run-wide too: the uncached crm-bridge reopens the database the cached one wrote.
const ENCRYPTION_KEY = `k1:${randomBytes(32).toString('base64')}`;
const HASH_SECRET = randomBytes(32).toString('base64url');
/** The ceiling scenario each crm-bridge scenario is divided by. */
const CEILING_OF: Record<string, string> = {
  startup: 'startup',
  'is-alive': 'is-alive',
  'contact-lookup': 'contact-lookup',
  'contact-lookup-uncached': 'contact-lookup',
  'call-log-create': 'call-log-create',
  'call-log-update': 'call-log-create',
};

type Result = {
  [field: string]: unknown;
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

/** Whether a scenario runs under BENCH_SCENARIOS; a ceiling runs when one it serves does. */
function selected(name: string): boolean {
  if (!SCENARIOS || SCENARIOS.includes(name)) return true;
  const ceiling = /^ceiling-(.+)$/.exec(name)?.[1];
  return ceiling !== undefined && SCENARIOS.some((s) => CEILING_OF[s] === ceiling);
}

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

/** Milliseconds from `started` to the first 200 from /isAlive. */
async function untilAlive(child: ChildProcess, url: string, started: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url} exited during start-up`);
    if (
      await fetch(`${url}/isAlive`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return Math.round(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function startCeiling(crmUrl: string) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/bench/bare-ceiling.js')], {
    env: { ...process.env, PORT: String(port), CRM_URL: crmUrl, SESSION_SECRET },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  return { child, url, startupMs: await untilAlive(child, url, started) };
}

async function startBridge(databaseUrl: string, crmUrl: string, env: Record<string, string> = {}) {
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
        SESSION_SECRET,
        ENCRYPTION_KEY,
        HASH_SECRET,
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const startupMs = await untilAlive(child, url, started);
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

/** RSS one second after the first /isAlive answer, before any load: what start-up left resident. */
async function idleRss(pid: number | undefined): Promise<number | null> {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const usage = pid ? processUsage(pid) : null;
  return usage ? Math.round(usage.rssMb) : null;
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
  if (!selected(scenario.name)) return null;
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

const isJane = okEnvelope(
  (b) => b.successful === true && (b.contact as { name: string }[])[0]?.name === 'Jane Doe',
);

type Headers = Record<string, string>;

/** The scenarios crm-bridge and the ceiling share, against one server. */
function scenarios(url: string, auth: Headers, prefix = '') {
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
  let next = 0;
  return {
    created,
    /** Only call-log-update selected: give it calls to update. */
    seed: async () => {
      if (created.length > 0) return;
      for (let i = 0; i < 200; i += 1) {
        const id = String((session += 1));
        await fetch(`${url}/callLog`, { method: 'POST', headers: auth, body: callBody(id) });
        created.push(id);
      }
    },
    isAlive: {
      name: `${prefix}is-alive`,
      url,
      requests: [{ method: 'GET', path: '/isAlive' }],
      check: (status: number, body: string) => status === 200 && body === 'OK',
    } satisfies Scenario,
    contact: (name: string): Scenario => ({
      name: `${prefix}${name}`,
      url,
      requests: [{ method: 'GET', path: '/contact?phoneNumber=%2B14155550100', headers: auth }],
      check: isJane,
    }),
    callLogCreate: {
      name: `${prefix}call-log-create`,
      url,
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
    } satisfies Scenario,
    callLogUpdate: {
      name: `${prefix}call-log-update`,
      url,
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
    } satisfies Scenario,
  };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

async function login(url: string, platform = 'sample-crm-apikey'): Promise<Headers> {
  const reply = await fetch(`${url}/apiKeyLogin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform, apiKey: 'bench' }),
  });
  const { jwtToken } = (await reply.json()) as { jwtToken: string };
  // The ceiling checks its tokens as this does: the comparison holds only while the format is one.
  if (!verifySessionToken(jwtToken, SESSION_SECRET)) {
    throw new Error("crm-bridge's session token is not the format bench/session-token.ts checks");
  }
  return { authorization: `Bearer ${jwtToken}`, 'content-type': 'application/json' };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A crm-bridge line with its ceiling's figures; `ratio` is crm-bridge ÷ ceiling. */
function againstCeiling(
  line: Record<string, unknown>,
  ceilings: Map<string, Record<string, unknown>>,
): Record<string, unknown> {
  const ceiling = ceilings.get(CEILING_OF[line.scenario as string]);
  if (!ceiling) return line;
  if (line.scenario === 'startup') {
    return {
      ...line,
      ceiling: { startup_ms: ceiling.startup_ms, idle_rss_mb: ceiling.idle_rss_mb },
      ratio: round2((line.startup_ms as number) / (ceiling.startup_ms as number)),
    };
  }
  const rss = line.rss_mb as number | null;
  const ceilingRss = ceiling.rss_mb as number | null;
  return {
    ...line,
    ceiling: {
      scenario: ceiling.scenario,
      requests_per_sec: ceiling.requests_per_sec,
      latency_p99_ms: ceiling.latency_p99_ms,
      rss_mb: ceilingRss,
    },
    ratio: round2((line.requests_per_sec as number) / (ceiling.requests_per_sec as number)),
    rss_ratio: rss && ceilingRss ? round2(rss / ceilingRss) : null,
  };
}

function printTable(results: Record<string, unknown>[]): void {
  const rows = results.filter((r) => typeof r.requests_per_sec === 'number');
  const header = ['scenario', 'database', 'req/s', 'p99 ms', 'ceiling req/s', 'ratio'];
  const table = [
    [...header, 'RSS MB', 'ceiling RSS', 'CRM calls/req', 'errors'],
    ...rows.map((r) => {
      const c = r.ceiling as Record<string, unknown> | undefined;
      const rps = r.requests_per_sec as number;
      return [
        String(r.scenario),
        String(r.database),
        String(rps),
        String(r.latency_p99_ms),
        c ? String(c.requests_per_sec) : '',
        r.ratio === undefined ? '' : (r.ratio as number).toFixed(2),
        String(r.rss_mb ?? ''),
        c ? String(c.rss_mb ?? '') : '',
        rps > 0 ? ((r.crm_calls as number) / (rps * DURATION)).toFixed(1) : '',
        String((r.errors as number) + (r.non2xx as number)),
      ];
    }),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table) {
    process.stdout.write(
      `${row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')}\n`,
    );
  }
  for (const r of results.filter((line) => line.scenario === 'startup')) {
    const c = r.ceiling as { startup_ms: number; idle_rss_mb: number | null } | undefined;
    process.stdout.write(
      `start-up ${String(r.database)}: ${String(r.startup_ms)} ms, idle RSS ${String(r.idle_rss_mb)} MB` +
        (c
          ? ` (ceiling ${c.startup_ms} ms, ${String(c.idle_rss_mb)} MB; ratio ${String(r.ratio)})\n`
          : '\n'),
    );
  }
}

/** The ceiling, running beside crm-bridge: each scenario measured right before the one it divides. */
async function startCeilingPairs(
  stubUrl: string,
  database: string,
  emitCeiling: (line: Record<string, unknown> | null) => void,
) {
  const ceiling = await startCeiling(stubUrl);
  emitCeiling({
    scenario: 'ceiling-startup',
    database,
    startup_ms: ceiling.startupMs,
    idle_rss_mb: await idleRss(ceiling.child.pid),
  });
  const now = Math.floor(Date.now() / 1000);
  const token = signSessionToken(
    { sub: 'bench', plt: 'sample-crm-apikey', ver: 0, iat: now, exp: now + 86_400 },
    SESSION_SECRET,
  );
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const on = scenarios(ceiling.url, auth, 'ceiling-');
  const byKind: Record<string, Scenario> = {
    'is-alive': on.isAlive,
    'contact-lookup': on.contact('contact-lookup'),
    'call-log-create': on.callLogCreate,
  };
  return {
    /** Measures `name`'s ceiling, then `run` (the crm-bridge scenario), when `name` is selected. */
    async pair(name: string, run: () => Promise<Result | null>): Promise<Result | null> {
      if (!selected(name)) return null;
      const kind = CEILING_OF[name];
      emitCeiling(await measure(byKind[kind], database, stubUrl, ceiling.child.pid ?? null));
      return run();
    },
    stop: () => stop(ceiling.child),
  };
}

async function main(): Promise<void> {
  const stub = await startStub();
  const results: Record<string, unknown>[] = [];
  const ceilings = new Map<string, Record<string, unknown>>();
  const emit = (line: Record<string, unknown> | null) => {
    if (!line) return;
    results.push(line);
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  const emitCeiling = (line: Record<string, unknown> | null) => {
    if (line) ceilings.set((line.scenario as string).replace(/^ceiling-/, ''), line);
    emit(line);
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
      const ceiling = await startCeilingPairs(stub.url, database, emitCeiling);
      const dataDirs: string[] = [];
      const bridged = (line: Record<string, unknown> | null) =>
        emit(line && againstCeiling(line, ceilings));
      try {
        const bridge = await startBridge(db.url, stub.url);
        dataDirs.push(bridge.dataDir);
        bridged({
          scenario: 'startup',
          database,
          startup_ms: bridge.startupMs,
          idle_rss_mb: await idleRss(bridge.child.pid),
        });
        try {
          const on = scenarios(bridge.url, await login(bridge.url));
          const pid = bridge.child.pid ?? null;
          // The server's own floor: the whole middleware and Nest pipeline, no session, no work.
          const run = (scenario: Scenario) => () => measure(scenario, database, stub.url, pid);
          bridged(await ceiling.pair('is-alive', run(on.isAlive)));
          bridged(await ceiling.pair('contact-lookup', run(on.contact('contact-lookup'))));
          bridged(await ceiling.pair('call-log-create', run(on.callLogCreate)));
          if (selected('call-log-update')) {
            await on.seed();
            bridged(await ceiling.pair('call-log-update', run(on.callLogUpdate)));
          }
        } finally {
          await stop(bridge.child, CPU_PROF_DIR ? 'SIGUSR2' : 'SIGTERM');
        }
        if (selected('contact-lookup-uncached')) {
          // Every call pop asks the CRM: the contact cache is off, as for an operator who sets 0.
          // The sample CRM's bindings search each of seven phone formats (its API matches text
          // exactly); bench-crm.json searches the one the stub stores, as the ceiling does.
          const uncached = await startBridge(db.url, stub.url, {
            CONTACT_CACHE_TTL_SECONDS: '0',
            DECLARATIVE_PROVIDERS: 'bench/bench-crm.json',
          });
          dataDirs.push(uncached.dataDir);
          try {
            const on = scenarios(uncached.url, await login(uncached.url, 'bench-crm-json'));
            const pid = uncached.child.pid ?? null;
            bridged(
              await ceiling.pair('contact-lookup-uncached', () =>
                measure(on.contact('contact-lookup-uncached'), database, stub.url, pid),
              ),
            );
          } finally {
            await stop(uncached.child, CPU_PROF_DIR ? 'SIGUSR2' : 'SIGTERM');
          }
        }
      } finally {
        await ceiling.stop();
        for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
        await db.drop();
      }
    }
  } finally {
    await stop(stub.child);
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
    ceiling: 'bench/bare-ceiling.ts; ratio = crm-bridge ÷ ceiling (req/s, or start-up ms)',
  };
  fs.writeFileSync(file, `${JSON.stringify({ meta, results }, null, 2)}\n`);
  printTable(results);
  process.stdout.write(`results saved to ${path.relative(ROOT, file)}\n`);
}

await main();
