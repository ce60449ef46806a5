#!/usr/bin/env node
'use strict';
// Conformance adapter for the JavaScript reference (conformance/ADAPTER.md): the pinned packages
// of vectors/node_modules, driven by vectors/lib/reference.js, the very code that recorded the
// vectors' `expected`, so this column must pass every case.

const path = require('node:path');
const readline = require('node:readline');

const VECTORS = path.join(__dirname, '..', '..', '..', 'vectors');
const { SUITES, versions } = require(path.join(VECTORS, 'lib', 'reference.js'));

// Results may hold BigInts (exact integers beyond 2^53, FORMAT.md "Values"), which
// JSON.stringify refuses; they are written as their digits. Objects may have a null prototype.
function line(v) {
  if (typeof v === 'bigint') return v.toString();
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map((x) => (x === undefined ? 'null' : line(x))).join(',') + ']';
  const members = Object.keys(v).filter((k) => v[k] !== undefined).map((k) => JSON.stringify(k) + ':' + line(v[k]));
  return '{' + members.join(',') + '}';
}

// The same dispatch as generate.js's buildCase: Socket.IO suites take the whole input, the
// Engine.IO ones a frame (WebTransport with its chunkings) or a list of packets.
async function run(c) {
  const suite = SUITES[c.suite];
  if (!suite || !suite[c.direction]) throw new Error(`${c.id}: no ${c.direction} in suite ${c.suite}`);
  const ctx = { id: c.id };
  if (suite.normInput) return suite[c.direction](c.input, c.options, ctx);
  if (c.direction === 'encode') return suite.encode(c.input.packets, c.options, ctx);
  if (c.suite === 'eio4.webtransport') {
    // Runs every recorded chunking, plus the generator's own extra splits, and throws if the
    // reference decodes two of them differently.
    return (await suite.decode(c.input.frame, c.options, { ...ctx, chunkings: c.input.chunkings })).expected;
  }
  return suite.decode(c.input.frame, c.options, ctx);
}

function hello() {
  const v = versions();
  return {
    type: 'hello',
    protocol: 1,
    name: 'engine.io-parser/socket.io-parser/socket.io-msgpack-parser',
    version: `eio4 ${v.eio4}, eio3 ${v.eio3}, sio5 ${v.sio5}, sio4 ${v.sio4}, msgpack ${v.msgpack}; ws ${v.ws8}/${v.ws7}`,
    profile: 'reference',
    suites: Object.keys(SUITES),
  };
}

async function main() {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const text of rl) {
    if (text.trim() === '') continue;
    const request = JSON.parse(text);
    let answer;
    if (request.type === 'hello') {
      answer = hello();
    } else if (request.type === 'case') {
      const c = request.case;
      answer = { type: 'result', id: c.id, result: await run(c) };
    } else {
      throw new Error(`unknown request type ${JSON.stringify(request.type)}`);
    }
    // Pipes are written synchronously by Node on Linux: each answer is out before the next read.
    process.stdout.write(line(answer) + '\n');
  }
}

// An exception here is a fault of this harness, not a result of the reference (the reference's
// own refusals are results): let the runner report it as a crash, with the stack on stderr.
main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
