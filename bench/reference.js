#!/usr/bin/env node
'use strict';
// Times the reference implementations (engine.io-parser and socket.io-parser, pinned in
// bench/package.json) on the workloads of workloads.json, the same bytes sioc_bench decodes and
// encodes.
//
//   node bench/reference.js [--workloads=PATH] [--runs=N] [--min-time=SECONDS]
//                           [--warmup=SECONDS] [--filter=REGEX] [--json]
//
// Every task first checks its output against the workload (and exits with a message if it
// differs), warms up, then is timed N times for at least --min-time each; it reports ops/s per
// run and their median, by CPU time and by wall-clock time. One op is one execution of the
// workload, as in sioc_bench.
//
// Tasks are named like sioc_bench's benchmarks ("W10/decode/chunks64"). A task's group is the
// sioc benchmark it is compared with: variants of one group do the same work on the same
// input in different ways the reference allows (W10 through the WebStreams API or by calling
// the decoder's transform directly), and compare.js takes the fastest of a group.
//
// Workloads are found by path like sioc_bench: --workloads=PATH, $SIOC_WORKLOADS, or
// ../shared/bench/workloads.json beside the project. Engine.IO tasks (W1, W2, W9, W10) are in
// EIO_TASKS, Socket.IO tasks (W3-W8) in SIO_TASKS.

const fs = require('node:fs');
const path = require('node:path');
const { Buffer } = require('node:buffer');

const eio = require('engine.io-parser');
const sio = require('socket.io-parser');

// ---- options ---------------------------------------------------------------------------------

function parseArgs(argv) {
  const o = { runs: 5, minTime: 0.5, warmup: 0.3, filter: null, json: false, workloads: null };
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}`);
    const [, k, v] = m;
    if (k === 'runs') o.runs = Number.parseInt(v, 10);
    else if (k === 'min-time') o.minTime = Number.parseFloat(v);
    else if (k === 'warmup') o.warmup = Number.parseFloat(v);
    else if (k === 'filter') o.filter = new RegExp(v);
    else if (k === 'json') o.json = true;
    else if (k === 'workloads') o.workloads = v;
    else throw new Error(`unknown option --${k}`);
  }
  if (!(o.runs >= 1) || !(o.minTime > 0) || !(o.warmup >= 0)) throw new Error('bad --runs, --min-time or --warmup');
  return o;
}

function workloadsPath(flag) {
  if (flag) return flag;
  if (process.env.SIOC_WORKLOADS) return process.env.SIOC_WORKLOADS;
  return path.join(__dirname, '..', '..', 'shared', 'bench', 'workloads.json');
}

function die(msg) {
  process.stderr.write(`reference.js: ${msg}\n`);
  process.exit(2);
}

// ---- workloads -------------------------------------------------------------------------------

// {"t": "text"|"bin", "v": ...} -> string or Buffer
function frameValue(f) {
  if (f.t === 'text') return f.v;
  if (f.t === 'bin') return Buffer.from(f.v, 'base64');
  throw new Error(`unknown frame kind ${f.t}`);
}

// Canonical Engine.IO packet -> what engine.io-parser takes and returns ("nodebuffer").
function eioPacket(p) {
  const o = { type: p.type };
  if (p.data !== undefined) o.data = frameValue(p.data);
  return o;
}

function samePacket(a, b) {
  if (a.type !== b.type) return false;
  if (Buffer.isBuffer(a.data) || Buffer.isBuffer(b.data)) {
    return Buffer.isBuffer(a.data) && Buffer.isBuffer(b.data) && a.data.equals(b.data);
  }
  return a.data === b.data;
}

function show(p) {
  const d = Buffer.isBuffer(p.data) ? `<${p.data.length} bytes>` : JSON.stringify(p.data);
  return `${p.type} ${d === undefined ? '' : d.slice(0, 60)}`;
}

function checkPackets(task, got, want) {
  if (got.length !== want.length) die(`${task}: decoded ${got.length} packets, the workload has ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    if (!samePacket(got[i], want[i])) die(`${task}: packet ${i} is ${show(got[i])}, the workload has ${show(want[i])}`);
  }
}

// W2's packets as the canonical list of W9 (which the workload file says they are).
function w2Packets(W) {
  if (!W.W9) die('W2 and W10 take their expected packets from W9, which the file lacks');
  return W.W9.packets.map(eioPacket);
}

// ---- timing ----------------------------------------------------------------------------------

let sink = 0; // every op's result feeds it, so no op can be optimized away

const now = () => process.hrtime.bigint();
const seconds = (t0, t1) => Number(t1 - t0) / 1e9;

// Runs op() in batches sized to take about 1 ms, for at least `min` seconds of wall-clock time;
// returns ops/s by wall-clock time and by the process's CPU time (all its threads: the garbage
// collector's work counts, as it is part of what the reference costs).
function rates(count, t0, c0) {
  const wall = seconds(t0, now());
  const c = process.cpuUsage(c0);
  return { wall: count / wall, cpu: count / ((c.user + c.system) / 1e6) };
}

function timeSync(op, min, batch) {
  let count = 0;
  const c0 = process.cpuUsage();
  const t0 = now();
  do {
    for (let i = 0; i < batch; i++) sink ^= op();
    count += batch;
  } while (seconds(t0, now()) < min);
  return rates(count, t0, c0);
}

async function timeAsync(op, min, batch) {
  let count = 0;
  const c0 = process.cpuUsage();
  const t0 = now();
  do {
    for (let i = 0; i < batch; i++) sink ^= await op();
    count += batch;
  } while (seconds(t0, now()) < min);
  return rates(count, t0, c0);
}

async function calibrate(op, isAsync, warmup) {
  // Warm up (JIT tiers), then find a batch that takes about a millisecond.
  const t0 = now();
  let batch = 1;
  for (;;) {
    const b0 = now();
    for (let i = 0; i < batch; i++) sink ^= isAsync ? await op() : op();
    const took = seconds(b0, now());
    if (seconds(t0, now()) >= warmup && took >= 1e-3) return batch;
    if (took < 1e-3) batch *= 2;
  }
}

// ---- tasks -----------------------------------------------------------------------------------
//
// Each task: { name, group, workload, setup(W) -> { op, async?, check() } }; op() returns a
// number for the sink (a Promise of one when async), check() exits with a message if the
// reference's output differs from the workload. Bytes per op (perOp) as workloads.json's _doc
// defines them: input bytes for decoders (UTF-8 of text frames plus binary bytes), output
// bytes for encoders.

// The transformer engine.io-parser hands to `new TransformStream(...)`, caught so its
// transform() can be called directly without the WebStreams machinery around it.
function captureTransformer(make) {
  const Real = globalThis.TransformStream;
  let caught = null;
  globalThis.TransformStream = class {
    constructor(t) {
      caught = t;
    }
  };
  try {
    make();
  } finally {
    globalThis.TransformStream = Real;
  }
  if (!caught || typeof caught.transform !== 'function') die('could not capture the decoder transformer');
  return caught;
}

function wtInput(W, kind) {
  const bytes = frameValue(W.W10.stream);
  return kind === 'buffer' ? bytes : Uint8Array.from(bytes);
}

// W10 through the public WebStreams API: one long-lived decoder stream; one op writes the whole
// stream as one chunk and reads the 100 packets it yields.
function wtStream(kind) {
  return (W) => {
    const chunk = wtInput(W, kind);
    const want = w2Packets(W);
    const ts = eio.createPacketDecoderStream(W.W10.maxPayload, 'nodebuffer');
    const writer = ts.writable.getWriter();
    const reader = ts.readable.getReader();
    const n = want.length;
    const op = async () => {
      const written = writer.write(chunk);
      let acc = 0;
      for (let i = 0; i < n; i++) acc += (await reader.read()).value.data.length;
      await written;
      return acc;
    };
    const check = async () => {
      const written = writer.write(chunk);
      const got = [];
      for (let i = 0; i < n; i++) got.push((await reader.read()).value);
      await written;
      return got;
    };
    return { op, async: true, check: async () => checkPackets(`W10/decode (${kind})`, await check(), want) };
  };
}

// W10 by calling the stream decoder's transform() directly, fed in chunks of `size` bytes
// (0: the whole stream as one chunk). `kind` "uint8array" is what a WebTransport stream
// delivers; "buffer" is faster for the reference, whose Buffer.slice() does not copy.
function wtCore(size, kind) {
  return (W) => {
    const bytes = frameValue(W.W10.stream);
    const pieces = size === 0 ? [bytes] : [];
    for (let at = 0; size !== 0 && at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
    const chunks = pieces.map((c) => (kind === 'buffer' ? Buffer.from(c) : Uint8Array.from(c)));
    const want = w2Packets(W);
    const t = captureTransformer(() => eio.createPacketDecoderStream(W.W10.maxPayload, 'nodebuffer'));
    let got = null;
    let acc = 0;
    const controller = {
      enqueue(p) {
        if (got) got.push(p);
        acc += p.type.length;
      },
    };
    const op = () => {
      acc = 0;
      for (let i = 0; i < chunks.length; i++) t.transform(chunks[i], controller);
      return acc;
    };
    const check = () => {
      got = [];
      op();
      const out = got;
      got = null;
      checkPackets(`W10 transform, ${kind} chunks of ${size || 'all'}`, out, want);
    };
    return { op, check };
  };
}

const EIO_TASKS = [
  {
    name: 'W1/decode', group: 'W1/decode', workload: 'W1',
    setup: (W) => {
      const frame = frameValue(W.W1.input);
      const want = textFormPacket(frame);
      const op = () => eio.decodePacket(frame, 'nodebuffer').data.length;
      return { op, check: () => checkPackets('W1/decode', [eio.decodePacket(frame, 'nodebuffer')], [want]) };
    },
  },
  {
    name: 'W2/decode', group: 'W2/decode', workload: 'W2',
    setup: (W) => {
      const body = frameValue(W.W2.input);
      const want = w2Packets(W);
      const op = () => eio.decodePayload(body, 'nodebuffer').length;
      return { op, check: () => checkPackets('W2/decode', eio.decodePayload(body, 'nodebuffer'), want) };
    },
  },
  {
    name: 'W9/encode', group: 'W9/encode', workload: 'W9',
    setup: (W) => {
      const packets = W.W9.packets.map(eioPacket);
      const want = W.W2 ? frameValue(W.W2.input) : null;
      let out = '';
      const op = () => {
        eio.encodePayload(packets, (s) => {
          out = s;
        });
        return out.length;
      };
      const check = () => {
        out = null;
        op();
        if (typeof out !== 'string') die('W9/encode: encodePayload did not call back synchronously');
        if (want === null) die('W9/encode: the expected body is W2\'s input, which the file lacks');
        if (out !== want) die(`W9/encode: encoded body differs from W2's input (${out.length} vs ${want.length} chars)`);
      };
      return { op, check };
    },
  },
  { name: 'W10/decode', group: 'W10/decode', workload: 'W10', setup: wtStream('uint8array') },
  { name: 'W10/decode/buffer_chunk', group: 'W10/decode', workload: 'W10', setup: wtStream('buffer') },
  { name: 'W10/decode/transform', group: 'W10/decode', workload: 'W10', setup: wtCore(0, 'uint8array') },
  { name: 'W10/decode/transform_buffer', group: 'W10/decode', workload: 'W10', setup: wtCore(0, 'buffer') },
  { name: 'W10/decode/chunks1024', group: 'W10/decode/chunks1024', workload: 'W10', setup: wtCore(1024, 'uint8array') },
  { name: 'W10/decode/chunks1024/buffer', group: 'W10/decode/chunks1024', workload: 'W10', setup: wtCore(1024, 'buffer') },
  { name: 'W10/decode/chunks64', group: 'W10/decode/chunks64', workload: 'W10', setup: wtCore(64, 'uint8array') },
  { name: 'W10/decode/chunks64/buffer', group: 'W10/decode/chunks64', workload: 'W10', setup: wtCore(64, 'buffer') },
  { name: 'W10/decode/chunks1', group: 'W10/decode/chunks1', workload: 'W10', setup: wtCore(1, 'uint8array') },
  { name: 'W10/decode/chunks1/buffer', group: 'W10/decode/chunks1', workload: 'W10', setup: wtCore(1, 'buffer') },
];

// "4hello" -> { type: "message", data: "hello" }, decoded here without the parser under test.
function textFormPacket(s) {
  const TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];
  if (s[0] === 'b') return { type: 'message', data: Buffer.from(s.slice(1), 'base64') };
  const type = TYPES['0123456'.indexOf(s[0])];
  if (!type) die(`workload packet ${JSON.stringify(s.slice(0, 20))} has no type digit`);
  return s.length > 1 ? { type, data: s.slice(1) } : { type };
}

// ---- Socket.IO (socket.io-parser, W3-W8) ------------------------------------------------------
//
// A packet is compared in the workload's canonical form: {type, nsp, id?, data?}, binary values
// as {"$bin": base64}, with isDeepStrictEqual, which ignores the order of object members. The
// expected packet of a decode workload is read from its frames here, without the parser under
// test (sioTextForm), and cross-checked with the encode workload holding the same packet (W3:
// W7, W6: W8). An encoder's output is checked by reading it back the same way and comparing
// packets, not bytes: sioc writes object members sorted by key, the reference in insertion order.

const { isDeepStrictEqual } = require('node:util');

// Buffers -> {"$bin": base64}, recursively; everything else as JSON holds it.
function sioCanonicalData(v) {
  if (Buffer.isBuffer(v)) return { $bin: v.toString('base64') };
  if (Array.isArray(v)) return v.map(sioCanonicalData);
  if (v !== null && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v)) o[k] = sioCanonicalData(v[k]);
    return o;
  }
  return v;
}

// {"$bin": base64} -> Buffers (what the JS encoder is given).
function sioBuffers(v) {
  if (Array.isArray(v)) return v.map(sioBuffers);
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$bin' && typeof v.$bin === 'string') return Buffer.from(v.$bin, 'base64');
    const o = {};
    for (const k of keys) o[k] = sioBuffers(v[k]);
    return o;
  }
  return v;
}

function sioCanonical(p) {
  const c = { type: p.type, nsp: p.nsp };
  if (p.id !== undefined) c.id = p.id;
  if (p.data !== undefined) c.data = sioCanonicalData(p.data);
  return c;
}

// What the decoders deliver: BINARY_EVENT/BINARY_ACK (5/6 on the wire) as EVENT/ACK once
// their attachments are in place.
function sioDelivered(c) {
  return c.type === 5 || c.type === 6 ? { ...c, type: c.type - 3 } : c;
}

function sioShow(c) {
  const s = JSON.stringify(c);
  return s.length > 160 ? `${s.slice(0, 160)}...` : s;
}

function sioCheck(task, what, got, want) {
  if (!isDeepStrictEqual(got, want)) die(`${task}: ${what} is ${sioShow(got)}, the workload has ${sioShow(want)}`);
}

// Placeholders -> {"$bin": base64 of that attachment}.
function sioResolve(v, attachments, task) {
  if (Array.isArray(v)) return v.map((e) => sioResolve(e, attachments, task));
  if (v !== null && typeof v === 'object') {
    if ('_placeholder' in v) {
      const ok = v._placeholder === true && Object.keys(v).length === 2 && Number.isInteger(v.num) && v.num >= 0 &&
        v.num < attachments.length;
      if (!ok) die(`${task}: malformed placeholder ${JSON.stringify(v)}`);
      return { $bin: Buffer.from(attachments[v.num]).toString('base64') };
    }
    const o = {};
    for (const k of Object.keys(v)) o[k] = sioResolve(v[k], attachments, task);
    return o;
  }
  return v;
}

// A v5 text frame and its binary frames -> the canonical packet, as on the wire (type 5/6
// kept): a strict reader of "<type>[<count>-][<nsp>,][<id>][<JSON>]" and JSON.parse.
function sioTextForm(text, attachments, task) {
  const m = /^([0-6])(?:(\d+)-)?(?:(\/[^,]*),)?(\d+)?([\s\S]*)$/.exec(text);
  if (!m) die(`${task}: frame ${JSON.stringify(text.slice(0, 40))} is not a Socket.IO v5 text frame`);
  const type = Number(m[1]);
  const count = m[2] === undefined ? 0 : Number(m[2]);
  if ((type === 5 || type === 6) !== (m[2] !== undefined) || count !== attachments.length) {
    die(`${task}: frame of type ${type} declares ${count} attachments, ${attachments.length} binary frames follow`);
  }
  const c = { type, nsp: m[3] === undefined ? '/' : m[3] };
  if (m[4] !== undefined) c.id = Number(m[4]);
  if (m[5] !== '') c.data = sioResolve(JSON.parse(m[5]), attachments, task);
  return c;
}

// A decode workload's frames (text first, then binary Buffers) and its expected packet.
function sioDecodeInput(W, id, sameAs, task) {
  const w = W[id];
  const frames = w.frames.map(frameValue);
  if (typeof frames[0] !== 'string' || frames.slice(1).some((f) => typeof f === 'string')) {
    die(`${task}: ${id} must be a text frame followed by binary frames`);
  }
  const want = sioTextForm(frames[0], frames.slice(1), task);
  if (sameAs && W[sameAs]) sioCheck(task, `workloads.json is inconsistent: ${id}'s packet`, want, W[sameAs].packet);
  return { text: frames[0], binary: frames.slice(1), want: sioDelivered(want) };
}

// Decoder.add of every frame, a 'decoded' listener keeping the packet: the public API, what
// socket.io does with each Engine.IO message. One long-lived decoder, as on a connection.
function sioDecode(id, sameAs) {
  return (W) => {
    const task = `${id}/decode`;
    const { text, binary, want } = sioDecodeInput(W, id, sameAs, task);
    const decoder = new sio.Decoder();
    let decoded = 0;
    let last = null;
    decoder.on('decoded', (p) => {
      decoded++;
      last = p;
    });
    // Returns the packets the 'decoded' listener saw: one per op.
    const op = () => {
      const before = decoded;
      decoder.add(text);
      for (let i = 0; i < binary.length; i++) decoder.add(binary[i]);
      return decoded - before;
    };
    const check = () => {
      last = null;
      const n = op();
      if (n !== 1) die(`${task}: the decoder delivered ${n} packets, not 1`);
      sioCheck(task, 'the decoded packet', sioCanonical(last), want);
    };
    return { op, check };
  };
}

// Decoder#decodeString called directly: what add() does with a text frame, without the emit and
// the checks around it (private in the TypeScript source, callable from JavaScript). Only for
// packets without attachments, which need add()'s reconstruction. compare.js takes the faster
// of this and add(), so a ratio never rests on the slower way in.
function sioDecodeString(id, sameAs) {
  return (W) => {
    const task = `${id}/decode/decodeString`;
    const { text, binary, want } = sioDecodeInput(W, id, sameAs, task);
    if (binary.length !== 0) die(`${task}: decodeString takes no attachments`);
    const decoder = new sio.Decoder();
    const op = () => decoder.decodeString(text).type;
    return { op, check: () => sioCheck(task, 'the decoded packet', sioCanonical(decoder.decodeString(text)), want) };
  };
}

// Encoder.encode of the workload's packet, given as the JS API gives it: EVENT/ACK with Buffers
// (the encoder makes BINARY_EVENT/BINARY_ACK of them). Returns the frames it writes.
function sioEncodeInput(W, id) {
  const c = W[id].packet;
  const p = { type: c.type === 5 || c.type === 6 ? c.type - 3 : c.type, nsp: c.nsp };
  if (c.id !== undefined) p.id = c.id;
  if (c.data !== undefined) p.data = sioBuffers(c.data);
  return p;
}

function sioEncode(id) {
  return (W) => {
    const task = `${id}/encode`;
    const packet = sioEncodeInput(W, id);
    const encoder = new sio.Encoder();
    const op = () => encoder.encode(packet).length;
    const check = () => {
      const out = encoder.encode(packet);
      if (typeof out[0] !== 'string' || out.slice(1).some((f) => !Buffer.isBuffer(f))) {
        die(`${task}: the encoder did not write a text frame followed by Buffers`);
      }
      sioCheck(task, 'the packet read back from the output', sioTextForm(out[0], out.slice(1), task), W[id].packet);
    };
    return { op, check };
  };
}

// Bytes the encoder writes for an encode workload: its text frame plus its binary frames.
function sioEncodedBytes(W, id) {
  const out = new sio.Encoder().encode(sioEncodeInput(W, id));
  return out.reduce((n, f) => n + (typeof f === 'string' ? Buffer.byteLength(f, 'utf8') : f.length), 0);
}

// Every decode task is the group of its workload ("W3"), which sioc's W3/fast and W3/full
// are both compared with.
const SIO_TASKS = [
  { name: 'W3/decode', group: 'W3', workload: 'W3', setup: sioDecode('W3', 'W7') },
  { name: 'W3/decode/decodeString', group: 'W3', workload: 'W3', setup: sioDecodeString('W3', 'W7') },
  { name: 'W4/decode', group: 'W4', workload: 'W4', setup: sioDecode('W4', null) },
  { name: 'W4/decode/decodeString', group: 'W4', workload: 'W4', setup: sioDecodeString('W4', null) },
  { name: 'W5/decode', group: 'W5', workload: 'W5', setup: sioDecode('W5', null) },
  { name: 'W5/decode/decodeString', group: 'W5', workload: 'W5', setup: sioDecodeString('W5', null) },
  { name: 'W6/decode', group: 'W6', workload: 'W6', setup: sioDecode('W6', 'W8') },
  { name: 'W7/encode', group: 'W7/encode', workload: 'W7', setup: sioEncode('W7') },
  { name: 'W8/encode', group: 'W8/encode', workload: 'W8', setup: sioEncode('W8') },
];

// Bytes per op and packets per op, from the workload.
function perOp(W, task) {
  const w = W[task.workload];
  const utf8 = (f) => (f.t === 'text' ? Buffer.byteLength(f.v, 'utf8') : Buffer.from(f.v, 'base64').length);
  if (w.input) return { bytes: utf8(w.input), packets: w.op === 'eio4.decodePayload' ? w.input.v.split('\x1e').length : 1 };
  if (w.stream) return { bytes: utf8(w.stream), packets: w2Packets(W).length };
  if (w.frames) return { bytes: w.frames.reduce((n, f) => n + utf8(f), 0), packets: 1 };
  if (w.packet) return { bytes: sioEncodedBytes(W, task.workload), packets: 1 };
  if (w.packets) {
    let out = '';
    eio.encodePayload(w.packets.map(eioPacket), (s) => { out = s; });
    return { bytes: Buffer.byteLength(out, 'utf8'), packets: w.packets.length };
  }
  return { bytes: 0, packets: 1 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// ---- main ------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const file = workloadsPath(opts.workloads);
  let W;
  try {
    W = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    die(`cannot read the workloads file "${file}" (${e.message}); pass --workloads=PATH or set SIOC_WORKLOADS`);
  }
  const tasks = [...EIO_TASKS, ...SIO_TASKS].filter((t) => W[t.workload] && (!opts.filter || opts.filter.test(t.name)));
  const results = [];
  for (const task of tasks) {
    const { op, async: isAsync = false, check } = task.setup(W);
    await check();
    const { bytes, packets } = perOp(W, task);
    const batch = await calibrate(op, isAsync, opts.warmup);
    const runs = [];
    for (let r = 0; r < opts.runs; r++) {
      runs.push(isAsync ? await timeAsync(op, opts.minTime, batch) : timeSync(op, opts.minTime, batch));
    }
    const wall = median(runs.map((x) => x.wall));
    const cpu = median(runs.map((x) => x.cpu));
    results.push({ name: task.name, group: task.group, workload: task.workload, bytes_per_op: bytes,
      packets_per_op: packets, runs, median_ops_per_sec: cpu, median_wall_ops_per_sec: wall });
    if (!opts.json) {
      process.stdout.write(`${task.name.padEnd(30)} ${cpu.toExponential(3).padStart(10)} ops/s (cpu) ` +
        `${wall.toExponential(3).padStart(10)} ops/s (wall) ${(cpu * bytes / 1e6).toFixed(1).padStart(8)} MB/s\n`);
    }
  }
  if (opts.json) {
    const version = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', name, 'package.json'),
      'utf8')).version;
    process.stdout.write(JSON.stringify({ node: process.version, 'engine.io-parser': version('engine.io-parser'),
      'socket.io-parser': version('socket.io-parser'), workloads: file,
      runs: opts.runs, min_time: opts.minTime, results, sink: sink & 1 }, null, 1) + '\n');
  }
}

main().catch((e) => die(e.stack || String(e)));
