#!/usr/bin/env node
'use strict';
// Runs the reference on every case in cases/*.js and writes one vector file per suite
// (see FORMAT.md). Deterministic: same cases + same node_modules = same bytes.
//
//   node generate.js            write every suite file
//   node generate.js --check    write nothing; validate the committed files (same as check.js)
//
// Case files export {suite, cases: [...]} (or an array of those). A case, as written there:
//   name         slug; the id becomes "<suite>.<direction>.<name>", or
//                "<suite>.<advisory slug>-<name>" when `advisory` is set
//   description  why the case exists (required)
//   direction    "decode" | "encode"
//   input        decode: a frame (helpers in lib/bytes.js); encode: an array of packets
//   options      overrides of the suite's defaults for that direction (optional)
//   chunkings    WebTransport decode only: chunk sizes to record (optional; default set otherwise)
//   advisory     advisory id from the protocol digest, e.g. "CVE-2020-36048" (optional)
//   artifact     true when the reference's result is a JavaScript/implementation artifact
//   reason       required with `artifact` or `strict`: what the artifact is / why strict differs
//   strict       expected_strict, hand-written: {error: true} or {packets: [...], error: true} or
//                {frame: ...}; packets default to [], incomplete to false. It may also be a
//                function of the reference's result (expected) -> that object, for a mechanical
//                derivation (sio4: a reassembled binary packet reported as EVENT/ACK).
//   Socket.IO suites: input is an array of frames (decode) or of one canonical packet (encode);
//   strict is {packets, error, incomplete} (decode) or {frames} / {error: true} (encode).
//   expect       optional partial expectation; generation fails if the reference disagrees,
//                so a change in the reference never goes unnoticed
// Only the `expected` field is computed; everything else is copied from the case file.

const fs = require('node:fs');
const path = require('node:path');
const B = require('./lib/bytes');
const { SUITES, versions } = require('./lib/reference');
const { stringify } = require('./lib/json');

const HERE = __dirname;
const FORMAT_VERSION = 1;

function loadCaseFiles() {
  const dir = path.join(HERE, 'cases');
  const groups = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.js')).sort()) {
    const m = require(path.join(dir, f));
    for (const g of Array.isArray(m) ? m : [m]) groups.push({ ...g, source: `cases/${f}` });
  }
  return groups;
}

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

// Does `actual` contain everything `partial` says? (arrays compared whole)
function matches(actual, partial) {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    const num = (k, v) => (typeof v === 'bigint' ? Number(v) : v); // an exact integer as the double it is
    return JSON.stringify(actual, num) === JSON.stringify(partial, num);
  }
  if (actual === null || typeof actual !== 'object') return false;
  return Object.keys(partial).every((k) => matches(actual[k], partial[k]));
}

function hasArtifactOutput(expected) {
  const pk = expected.packets || [];
  return pk.some((p) => p.type === null || (p.data && p.data.t === 'text' && 'hex' in p.data)) ||
    Boolean(expected.frame && expected.frame.t === 'text' && 'hex' in expected.frame);
}

// JSON text equality; a BigInt (an exact integer a strict expectation may hold) as its digits.
const sameJson = (a, b) => {
  const big = (k, v) => (typeof v === 'bigint' ? `${v}n` : v);
  return JSON.stringify(a, big) === JSON.stringify(b, big);
};

function normStrict(strict, direction, suite) {
  if (direction === 'encode') {
    if (strict.error) return { error: true };
    return { frame: B.normFrame(strict.frame) };
  }
  const out = { packets: (strict.packets || []).map(B.normPacket), error: Boolean(strict.error) };
  if (suite === 'eio4.webtransport') out.incomplete = Boolean(strict.incomplete);
  return out;
}

async function buildCase(suiteName, suite, c, ids) {
  const where = `${suiteName}/${c.name}`;
  for (const k of Object.keys(c)) {
    if (!['name', 'description', 'direction', 'input', 'options', 'chunkings', 'advisory', 'artifact',
      'reason', 'strict', 'expect'].includes(k)) throw new Error(`${where}: unknown field ${k}`);
  }
  if (!c.name || !/^[a-z0-9][a-z0-9.-]*$/.test(c.name)) throw new Error(`${where}: bad name`);
  if (!c.description) throw new Error(`${where}: description required`);
  if (!suite[c.direction]) throw new Error(`${where}: suite has no ${c.direction} direction`);
  const id = c.advisory ? `${suiteName}.${slug(c.advisory)}-${c.name}` : `${suiteName}.${c.direction}.${c.name}`;
  if (c.advisory && !/^[A-Za-z0-9-]+$/.test(c.advisory)) throw new Error(`${where}: advisory must be [A-Za-z0-9-]+`);
  if (ids.has(id)) throw new Error(`duplicate id ${id}`);
  ids.add(id);
  if ((c.artifact || c.strict) && !c.reason) throw new Error(`${id}: reason required with artifact/strict`);
  if (c.reason && !(c.artifact || c.strict)) throw new Error(`${id}: reason without artifact/strict`);

  const options = { ...suite.defaults[c.direction], ...(c.options || {}) };
  for (const k of Object.keys(options)) {
    if (!(k in suite.defaults[c.direction])) throw new Error(`${id}: option ${k} does not apply`);
  }
  const tags = [];
  if (c.artifact) tags.push('js-artifact');
  if (c.advisory) tags.push(`advisory:${c.advisory}`);

  let input; let expected;
  const ctx = { id };
  if (suite.normInput) {
    input = suite.normInput(c.direction, c.input, id);
    expected = await suite[c.direction](input, options, ctx);
  } else if (c.direction === 'decode') {
    const frame = B.normFrame(c.input);
    if (!suite.inputFrame.includes(frame.t)) throw new Error(`${id}: a ${frame.t} frame is not an input of ${suiteName}`);
    if (c.chunkings && suiteName !== 'eio4.webtransport') throw new Error(`${id}: chunkings only for WebTransport`);
    if (suiteName === 'eio4.webtransport') {
      const r = await suite.decode(frame, options, { id, chunkings: c.chunkings });
      input = { frame, chunkings: r.chunkings };
      expected = r.expected;
    } else {
      input = { frame };
      expected = await suite.decode(frame, options, { id });
    }
  } else {
    if (!Array.isArray(c.input)) throw new Error(`${id}: encode input must be an array of packets`);
    const packets = c.input.map(B.normPacket);
    input = { packets };
    expected = await suite.encode(packets, options, { id });
  }

  if (c.expect && !matches(expected, c.expect)) {
    throw new Error(`${id}: the reference disagrees with the case's expectation\n  expect:   ` +
      `${JSON.stringify(c.expect)}\n  reference: ${JSON.stringify(expected)}`);
  }
  if (hasArtifactOutput(expected) && !c.artifact) {
    throw new Error(`${id}: the reference produced an untyped packet or a lone surrogate; tag it (artifact)`);
  }
  if (ctx.artifact && !c.artifact) {
    throw new Error(`${id}: the reference's result holds JavaScript artifacts (${ctx.artifact.join('; ')}); tag it (artifact)`);
  }
  let strict;
  if (c.strict) {
    const given = typeof c.strict === 'function' ? c.strict(expected) : c.strict;
    strict = suite.normStrict ? suite.normStrict(given, c.direction, id) : normStrict(given, c.direction, suiteName);
    if (sameJson(strict, expected)) throw new Error(`${id}: strict equals expected`);
  }

  return {
    id,
    description: c.description,
    suite: suiteName,
    direction: c.direction,
    tags: tags.length ? tags : undefined,
    reason: c.reason,
    options,
    input,
    expected,
    expected_strict: strict,
  };
}

// Returns {fileName: text} for every suite that has cases.
async function build() {
  const v = versions();
  const bySuite = new Map();
  for (const g of loadCaseFiles()) {
    if (!SUITES[g.suite]) throw new Error(`${g.source}: unknown suite ${g.suite}`);
    if (!bySuite.has(g.suite)) bySuite.set(g.suite, []);
    bySuite.get(g.suite).push(...g.cases);
  }
  const files = {};
  const ids = new Set();
  for (const name of Object.keys(SUITES)) {
    if (!bySuite.has(name)) continue;
    const suite = SUITES[name];
    const cases = [];
    for (const c of bySuite.get(name)) cases.push(await buildCase(name, suite, c, ids));
    const doc = {
      $schema: './schema.json',
      format: FORMAT_VERSION,
      suite: name,
      description: suite.description,
      reference: suite.reference(v),
      generator: 'node vectors/generate.js (do not edit by hand: edit vectors/cases/ and regenerate)',
      cases,
    };
    files[suite.file] = stringify(doc);
  }
  return files;
}

async function main() {
  if (process.argv.includes('--check')) {
    require('./check.js').main().catch((e) => { console.error(e.stack || e); process.exit(1); });
    return;
  }
  const files = await build();
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(HERE, name), text);
    const n = JSON.parse(text).cases.length;
    console.log(`${name}: ${n} cases`);
  }
}

module.exports = { build, SUITES };

if (require.main === module) {
  main().catch((e) => { console.error(e.stack || e.message); process.exit(1); });
}
