#!/usr/bin/env node
'use strict';
// The side-by-side: runs the reference (reference.js) and sioc_bench interleaved, round after
// round (ref, sioc, ref, sioc, ...), on the same workloads, then prints one table and saves the
// results with a description of the machine under bench/results/. Started by compare.sh, which
// builds sioc_bench first (release preset).
//
//   node bench/compare.js [--rounds=N] [--repetitions=K] [--min-time=SECONDS]
//                         [--filter=REGEX] [--workloads=PATH] [--quick] [--no-save]
//
// Each round, each side runs every benchmark K times for at least --min-time seconds and
// reports the median; the table shows the median of the rounds' medians, as ops/s (one op is
// one execution of the workload). Rates are by CPU time (sioc_bench's thread; node's whole
// process, garbage collector included), which other jobs on a shared machine disturb least;
// the ratio by wall-clock time is shown too, and a target counts as met only if both ratios
// meet it.
//
// A sioc benchmark is compared with the reference group of the same name, or of its closest
// parent ("W2/decode/reference_dialect" with "W2/decode"), and within a group with its fastest
// variant, so a ratio never flatters sioc by picking a slow way to call the reference.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'build', 'release', 'bench', 'sioc_bench');
const CACHE = path.join(ROOT, 'build', 'release', 'CMakeCache.txt');

// Targets. Speed-ups are sioc / reference (the fastest variant of the reference's group), and
// must hold by CPU time and by wall-clock time alike; the first rule whose pattern matches a
// benchmark sets its speed-up target. Engine.IO: every decode and encode at least 2x. Socket.IO:
// the fast path (parser::parse, views) at least 5x, and at least 1.5 GB/s on W5; the full
// decode into nlohmann::json at least 1x; encodes at least 2x. W3/fast/fresh_parser (what
// reusing a parser saves) and the synthetic sweeps have no speed-up target (the reference has
// no task for the sweeps). Decoders that return views into the input, with their output object
// or parser reused, allocate nothing.
const SPEEDUP_TARGETS = [
  [/^W[3-6]\/fast$/, 5],
  [/^W[3-6]\/full(\/decoder)?$/, 1],
  [/^W[78]\/encode$/, 2],
  [/^W(1|2|9|10)\/(decode|encode)(\/|$)/, 2],
];
const THROUGHPUT_TARGETS = [[/^W5\/fast$/, 1500]]; // MB/s (10^6 bytes), by CPU and by wall-clock time
const ZERO_ALLOC = [/^W1\/decode(\/reference_dialect)?$/, /^W2\/decode(\/reference_dialect)?$/, /^W10\/decode$/,
  /^eio4\/payload(_b64)?\//, /^W[3-6]\/fast$/, /^sio5\/fast\//, /^sio5\/attachments\/\d+\/fast$/];

const targetOf = (rules, name) => (rules.find(([re]) => re.test(name)) || [null, null])[1];

function parseArgs(argv) {
  const o = { rounds: 5, repetitions: 3, minTime: 0.3, filter: null, workloads: null, save: true };
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}`);
    const [, k, v] = m;
    if (k === 'rounds') o.rounds = Number.parseInt(v, 10);
    else if (k === 'repetitions') o.repetitions = Number.parseInt(v, 10);
    else if (k === 'min-time') o.minTime = Number.parseFloat(v);
    else if (k === 'filter') o.filter = v;
    else if (k === 'workloads') o.workloads = v;
    else if (k === 'quick') Object.assign(o, { rounds: 1, repetitions: 1, minTime: 0.1 });
    else if (k === 'no-save') o.save = false;
    else throw new Error(`unknown option --${k}`);
  }
  if (!(o.rounds >= 1) || !(o.repetitions >= 1) || !(o.minTime > 0)) {
    throw new Error('bad --rounds, --repetitions or --min-time');
  }
  return o;
}

function die(msg) {
  process.stderr.write(`compare: ${msg}\n`);
  process.exit(1);
}

const TIME_UNIT = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) die(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) die(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  return r.stdout;
}

function runReference(o, workloads) {
  const args = [path.join(__dirname, 'reference.js'), '--json', `--runs=${o.repetitions}`, `--min-time=${o.minTime}`,
    `--workloads=${workloads}`];
  if (o.filter) args.push(`--filter=${o.filter}`);
  return JSON.parse(run(process.execPath, args));
}

function runSioc(o, workloads) {
  const args = [`--workloads=${workloads}`, '--benchmark_format=json', `--benchmark_repetitions=${o.repetitions}`,
    `--benchmark_min_time=${o.minTime}`];
  if (o.repetitions > 1) args.push('--benchmark_report_aggregates_only=true');
  if (o.filter) args.push(`--benchmark_filter=${o.filter}`);
  // Aggregates such as the coefficient of variation of a counter that is always 0 come out as
  // NaN, which is not JSON.
  const out = JSON.parse(run(BIN, args).replace(/:\s*-?(nan|inf|infinity)\b/gi, ': null'));
  const results = new Map();
  for (const b of out.benchmarks) {
    const wanted = o.repetitions > 1 ? b.run_type === 'aggregate' && b.aggregate_name === 'median' : b.run_type === 'iteration';
    if (wanted) results.set(b.run_name.replace(/\/real_time$/, ''), b);
  }
  return { context: out.context, results };
}

// ---- the machine -------------------------------------------------------------------------------

function tryRun(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function machine(refVersions, siocContext) {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = (/^model name\s*:\s*(.*)$/m.exec(cpuinfo) || [])[1] || (os.cpus()[0] || {}).model || 'unknown';
  const cache = fs.existsSync(CACHE) ? fs.readFileSync(CACHE, 'utf8') : '';
  const cacheVar = (k) => (new RegExp(`^${k}:[A-Z]+=(.*)$`, 'm').exec(cache) || [])[1] || '';
  const cxx = cacheVar('CMAKE_CXX_COMPILER');
  const buildType = cacheVar('CMAKE_BUILD_TYPE');
  return {
    cpu_model: model,
    cores: os.cpus().length,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    'engine.io-parser': refVersions['engine.io-parser'],
    'socket.io-parser': refVersions['socket.io-parser'],
    compiler: cxx ? `${tryRun(fs.realpathSync(cxx), ['--version'])?.split('\n')[0] ?? cxx}` : 'unknown',
    build_type: buildType,
    cxx_flags: `${cacheVar('CMAKE_CXX_FLAGS')} ${cacheVar(`CMAKE_CXX_FLAGS_${buildType.toUpperCase()}`)}`.trim(),
    google_benchmark: tryRun('dpkg-query', ['-W', '-f=${Version}', 'libbenchmark-dev']),
    sioc_commit: tryRun('git', ['-C', ROOT, 'rev-parse', 'HEAD']),
    sioc_bench_context: siocContext,
  };
}

// ---- the table ---------------------------------------------------------------------------------

function si(x) {
  if (x === undefined || x === null) return '-';
  const units = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [v, u] of units) if (x >= v) return `${(x / v).toPrecision(3)} ${u}`;
  return x.toPrecision(3);
}

function workloadOf(name) {
  return name.split('/')[0];
}

function sortKey(name) {
  const m = /^W(\d+)\//.exec(name);
  return m ? [0, Number(m[1])] : [1, 0];
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(BIN)) die(`${BIN} is missing: run bench/compare.sh, which builds it`);
  const workloads = o.workloads || process.env.SIOC_WORKLOADS || path.join(ROOT, '..', 'shared', 'bench', 'workloads.json');
  if (!fs.existsSync(workloads)) die(`no workloads file at ${workloads}; pass --workloads=PATH or set SIOC_WORKLOADS`);

  const loadBefore = os.loadavg();
  const ref = new Map(); // task name -> { task, medians: [] }
  const sioc = new Map(); // benchmark name -> { medians, allocs, bytes_per_op, packets_per_op }
  let refMeta = null;
  let siocContext = null;
  const started = Date.now();
  for (let r = 1; r <= o.rounds; r++) {
    process.stderr.write(`round ${r}/${o.rounds}: reference ...`);
    const rr = runReference(o, workloads);
    refMeta = rr;
    for (const t of rr.results) {
      if (!ref.has(t.name)) ref.set(t.name, { task: t, medians: [], wall: [] });
      ref.get(t.name).medians.push(t.median_ops_per_sec);
      ref.get(t.name).wall.push(t.median_wall_ops_per_sec);
    }
    process.stderr.write(' sioc ...');
    const sr = runSioc(o, workloads);
    siocContext = sr.context;
    for (const [name, b] of sr.results) {
      if (!sioc.has(name)) sioc.set(name, { medians: [], wall: [], allocs: [], bytes: [], packets: [] });
      const e = sioc.get(name);
      e.medians.push(b.items_per_second);
      e.wall.push(1 / (b.real_time * TIME_UNIT[b.time_unit]));
      e.allocs.push(b.allocs_per_item);
      e.bytes.push(b.bytes_per_second / b.items_per_second);
      e.packets.push(b.packets_per_second / b.items_per_second);
    }
    process.stderr.write(` done (${Math.round((Date.now() - started) / 1000)} s)\n`);
  }

  // Reference groups: group name -> fastest task.
  const groups = new Map();
  for (const [name, e] of ref) {
    const g = e.task.group;
    const ops = median(e.medians);
    if (!groups.has(g) || groups.get(g).ops < ops) groups.set(g, { name, ops, wall: median(e.wall) });
  }
  const baseline = (name) => {
    for (let parts = name.split('/'); parts.length > 0; parts.pop()) {
      const g = groups.get(parts.join('/'));
      if (g) return g;
    }
    return null;
  };

  const rows = [];
  const names = [...sioc.keys()].sort((a, b) => {
    const [ka, kb] = [sortKey(a), sortKey(b)];
    return ka[0] - kb[0] || ka[1] - kb[1];
  });
  for (const name of names) {
    const e = sioc.get(name);
    const ops = median(e.medians);
    const base = baseline(name);
    const allocs = median(e.allocs);
    const ratio = base ? ops / base.ops : null;
    const wallRatio = base ? median(e.wall) / base.wall : null;
    const checks = [];
    const speedup = targetOf(SPEEDUP_TARGETS, name);
    if (ratio !== null && speedup !== null) {
      checks.push(`>=${speedup}x ${Math.min(ratio, wallRatio) >= speedup ? 'ok' : 'MISS'}`);
    }
    const mbps = ops * median(e.bytes) / 1e6;
    const wallMbps = median(e.wall) * median(e.bytes) / 1e6;
    const throughput = targetOf(THROUGHPUT_TARGETS, name);
    if (throughput !== null) {
      checks.push(`>=${throughput / 1000} GB/s ${Math.min(mbps, wallMbps) >= throughput ? 'ok' : 'MISS'}`);
    }
    if (ZERO_ALLOC.some((re) => re.test(name))) checks.push(allocs === 0 ? '0 alloc ok' : '0 alloc MISS');
    rows.push({ workload: workloadOf(name), benchmark: name, reference: base ? base.name : null,
      reference_ops_per_sec: base ? base.ops : null, sioc_ops_per_sec: ops, ratio,
      reference_wall_ops_per_sec: base ? base.wall : null, sioc_wall_ops_per_sec: median(e.wall), wall_ratio: wallRatio,
      sioc_mb_per_sec: mbps, sioc_wall_mb_per_sec: wallMbps, bytes_per_op: Math.round(median(e.bytes)),
      packets_per_op: Math.round(median(e.packets)), allocs_per_item: allocs, targets: checks.join(', '),
      sioc_round_medians: e.medians });
  }

  const header = ['benchmark', 'reference (fastest variant)', 'ref ops/s', 'sioc ops/s', 'ratio', 'ratio (wall)',
    'sioc MB/s', 'allocs/op', 'targets'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) {
    lines.push(`| ${[r.benchmark, r.reference ?? '-', si(r.reference_ops_per_sec), si(r.sioc_ops_per_sec),
      r.ratio === null ? '-' : `${r.ratio.toFixed(1)}x`, r.wall_ratio === null ? '-' : `${r.wall_ratio.toFixed(1)}x`,
      r.sioc_mb_per_sec.toFixed(0), Number.isInteger(r.allocs_per_item) ? String(r.allocs_per_item) : r.allocs_per_item.toFixed(2),
      r.targets || '-'].join(' | ')} |`);
  }
  const refLines = ['| reference task | group | ops/s | ops/s (wall) | MB/s |', '|---|---|---|---|---|'];
  for (const [name, e] of ref) {
    const ops = median(e.medians);
    refLines.push(`| ${name} | ${e.task.group} | ${si(ops)} | ${si(median(e.wall))} | ` +
      `${(ops * e.task.bytes_per_op / 1e6).toFixed(1)} |`);
  }
  const loadAfter = os.loadavg();
  const m = machine(refMeta, siocContext);
  const settings = `${o.rounds} rounds x ${o.repetitions} repetitions x >=${o.minTime} s, medians; ops/s by CPU time`;
  process.stdout.write(`${lines.join('\n')}\n\nReference variants:\n\n${refLines.join('\n')}\n\n` +
    `${m.cpu_model}, ${m.cores} cores; node ${m.node}, engine.io-parser ${m['engine.io-parser']}, ` +
    `socket.io-parser ${m['socket.io-parser']}; ${m.compiler} ` +
    `(${m.build_type}); ${settings}; load average ${loadBefore[0].toFixed(1)} before, ${loadAfter[0].toFixed(1)} after\n`);
  const misses = rows.filter((r) => r.targets.includes('MISS')).map((r) => r.benchmark);
  process.stdout.write(misses.length ? `Targets missed: ${misses.join(', ')}\n` : 'All targets met.\n');

  if (o.save) {
    const dir = path.join(__dirname, 'results');
    fs.mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..*$/, 'Z');
    const file = path.join(dir, `${stamp}.json`);
    const doc = {
      date: new Date().toISOString(),
      machine: m,
      settings: { rounds: o.rounds, repetitions: o.repetitions, min_time_s: o.minTime, filter: o.filter,
        time: 'ops/s by CPU time; wall_* by wall-clock time' },
      load_average: { before: loadBefore, after: loadAfter },
      workloads,
      rows,
      reference: [...ref].map(([, e]) => ({ ...e.task, runs: undefined, round_medians: e.medians,
        median_ops_per_sec: median(e.medians), median_wall_ops_per_sec: median(e.wall) })),
    };
    fs.writeFileSync(file, JSON.stringify(doc, null, 1) + '\n');
    process.stdout.write(`Saved ${path.relative(ROOT, file)}\n`);
  }
}

main().catch((e) => die(e.stack || String(e)));
