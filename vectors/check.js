#!/usr/bin/env node
'use strict';
// Checks the committed vector files; CI runs it. Needs only Node and vectors/node_modules.
//
//   node vectors/check.js
//
// 1. Every suite file validates against schema.json (lib/schema.js, no npm package).
// 2. Invariants the schema cannot express: ids unique and prefixed by their suite, file name
//    = suite, canonical byte forms ("v" text well-formed, "hex" text not UTF-8, base64
//    canonical), chunkings covering the stream, js-artifact tag on every untyped packet or lone
//    surrogate (Socket.IO: on every {"$num"}, {"$wtf8"} and packet without a namespace),
//    expected_strict different from expected (integers beyond a double's precision compared
//    exactly), no Socket.IO result both incomplete and failed.
// 3. Regenerating from cases/ gives byte-identical files, and no stale suite file is left.
// Exit status 0 when all hold; otherwise every problem is printed and the status is 1.

const fs = require('node:fs');
const path = require('node:path');
const B = require('./lib/bytes');
const { compile, equal } = require('./lib/schema');

const HERE = __dirname;
const SUITE_FILE = /^(?:eio|sio)[0-9][a-z0-9.]*\.json$/;

// JSON.parse, but integer literals of 16 digits or more (beyond what a double surely holds) become
// strings, so that a strict expectation holding an exact integer beyond 2^53 does not compare
// equal to the reference's rounded one.
const parseLossless = (text) => JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g,
  (m) => (m[0] !== '"' && /^-?\d{16,}$/.test(m) ? `"#int:${m}"` : m)));

// Socket.IO suites: frames only in input.frames and the results' frames; packet data is JSON
// with {"$bin"}, {"$num"} and {"$wtf8"} markers (see FORMAT.md).
function sioInvariants(c, at, frames) {
  const artifact = (c.tags || []).includes('js-artifact');
  const list = (o, where) => ((o && o.frames) || []).forEach((f, i) => frames.push([f, `${where}/frames/${i}`, c]));
  list(c.input, 'input'); list(c.expected, 'expected'); list(c.expected_strict, 'expected_strict');
  const walk = (v, where, inExpected) => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, `${where}/${i}`, inExpected)); return; }
    if ('$bin' in v && Buffer.from(v.$bin, 'base64').toString('base64') !== v.$bin) at(c, `${where}: $bin base64 not canonical`);
    if ('$wtf8' in v && B.isWellFormedUtf8(Buffer.from(v.$wtf8, 'hex'))) at(c, `${where}: $wtf8 holds well-formed UTF-8 (use a string)`);
    if (('$num' in v || '$wtf8' in v) && inExpected && !artifact) at(c, `${where}: non-JSON value without the js-artifact tag`);
    for (const [k, x] of Object.entries(v)) walk(x, `${where}/${k}`, inExpected);
  };
  for (const [name, r] of [['expected', c.expected], ['expected_strict', c.expected_strict]]) {
    if (!r || !r.packets) continue;
    r.packets.forEach((p, i) => {
      if (!('nsp' in p) && name === 'expected' && !artifact) at(c, `${name}/packets/${i}: a packet without a namespace needs the js-artifact tag`);
      if (!('nsp' in p) && name === 'expected_strict') at(c, `${name}/packets/${i}: a strict packet has a namespace`);
      walk(p, `${name}/packets/${i}`, name === 'expected');
    });
    if (r.error && r.incomplete) at(c, `${name}: incomplete with an error`);
  }
  if (c.input.packets) c.input.packets.forEach((p, i) => walk(p, `input/packets/${i}`, false));
}

function invariants(file, doc, seen, lossless) {
  const errs = [];
  const at = (c, msg) => errs.push(`${file}: ${c.id}: ${msg}`);
  if (file !== `${doc.suite}.json`) errs.push(`${file}: file name does not match suite ${doc.suite}`);
  const sio = /^sio[0-9]/.test(doc.suite);
  const frames = [];
  const walk = (v, where, c) => {
    if (v && typeof v === 'object') {
      if (v.t === 'text' || v.t === 'bin') frames.push([v, where, c]);
      for (const [k, x] of Object.entries(v)) walk(x, `${where}/${k}`, c);
    }
  };
  doc.cases.forEach((c, index) => {
    if (seen.has(c.id)) at(c, 'duplicate id');
    seen.add(c.id);
    if (c.suite !== doc.suite) at(c, `suite ${c.suite} in a ${doc.suite} file`);
    if (!c.id.startsWith(`${c.suite}.`)) at(c, 'id does not start with its suite');
    if (sio) {
      sioInvariants(c, at, frames);
      if (c.expected_strict && equal(lossless.cases[index].expected, lossless.cases[index].expected_strict)) at(c, 'expected_strict equals expected');
    } else {
      walk(c.input, 'input', c); walk(c.expected, 'expected', c);
    }
    if (c.expected_strict && !sio) {
      walk(c.expected_strict, 'expected_strict', c);
      if (equal(c.expected, c.expected_strict)) at(c, 'expected_strict equals expected');
    }
    if (c.input.chunkings) {
      const n = B.frameBytes(c.input.frame).length;
      for (const ch of c.input.chunkings) if (ch.reduce((a, b) => a + b, 0) !== n) at(c, `chunking ${JSON.stringify(ch)} does not add up to ${n}`);
    }
    const odd = !sio && ((c.expected.packets || []).some((p) => p.type === null || (p.data && 'hex' in p.data)) ||
      Boolean(c.expected.frame && 'hex' in c.expected.frame));
    if (odd && !(c.tags || []).includes('js-artifact')) at(c, 'untyped packet or lone surrogate without the js-artifact tag');
    if (c.tags && c.tags.some((t) => t.startsWith('advisory:'))) {
      const a = c.tags.find((t) => t.startsWith('advisory:')).slice(9).toLowerCase();
      if (!c.id.startsWith(`${c.suite}.${a}-`)) at(c, 'an advisory case\'s id is <suite>.<advisory>-<name>');
    } else if (!c.id.startsWith(`${c.suite}.${c.direction}.`)) {
      at(c, 'id is not <suite>.<direction>.<name>');
    }
  });
  for (const [f, where, c] of frames) {
    if (f.t === 'bin') {
      if (Buffer.from(f.v, 'base64').toString('base64') !== f.v) at(c, `${where}: base64 not canonical`);
    } else if ('v' in f) {
      if (!B.isWellFormedString(f.v)) at(c, `${where}: "v" holds a lone surrogate (use "hex")`);
    } else if (B.isWellFormedUtf8(Buffer.from(f.hex, 'hex'))) {
      at(c, `${where}: "hex" holds well-formed UTF-8 (use "v")`);
    }
  }
  return errs;
}

async function main() {
  const problems = [];
  const schema = JSON.parse(fs.readFileSync(path.join(HERE, 'schema.json'), 'utf8'));
  const validate = compile(schema);
  const present = fs.readdirSync(HERE).filter((n) => SUITE_FILE.test(n)).sort();
  const seen = new Set();
  let cases = 0;
  for (const file of present) {
    let doc; let lossless;
    try {
      const text = fs.readFileSync(path.join(HERE, file), 'utf8');
      doc = JSON.parse(text);
      lossless = parseLossless(text);
    } catch (e) {
      problems.push(`${file}: not JSON: ${e.message}`);
      continue;
    }
    const errs = validate(doc);
    problems.push(...errs.slice(0, 50).map((e) => `${file}: schema: ${e}`));
    if (errs.length > 50) problems.push(`${file}: ... ${errs.length - 50} more schema errors`);
    if (errs.length === 0) problems.push(...invariants(file, doc, seen, lossless));
    cases += Array.isArray(doc.cases) ? doc.cases.length : 0;
  }

  const { build } = require('./generate.js');
  const files = await build();
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(HERE, name);
    if (!fs.existsSync(p)) problems.push(`${name}: missing; run node vectors/generate.js`);
    else if (fs.readFileSync(p, 'utf8') !== text) problems.push(`${name}: differs from what cases/ generate; run node vectors/generate.js`);
  }
  for (const name of present) if (!(name in files)) problems.push(`${name}: no case file generates it (stale?)`);

  if (problems.length) {
    for (const p of problems) console.error(p);
    console.error(`check: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log(`check: ${present.length} suite files, ${cases} cases: schema valid, invariants hold, regeneration byte-identical`);
}

module.exports = { main };

if (require.main === module) {
  main().catch((e) => { console.error(e.stack || e.message); process.exit(1); });
}
