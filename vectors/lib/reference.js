'use strict';
// The reference for every suite: how a case's input reaches the reference parser (exactly as
// the reference server hands it over) and how the parser's answer becomes canonical JSON.
//
// Each suite entry has:
//   file, description          the suite file and what it covers
//   reference()                a one-line statement of the reference, with pinned versions
//   defaults.decode/.encode    options every case of that direction gets unless it overrides
//   inputFrame                 which frame kinds a decode input may be ("text", "bin")
//   decode(frame, options, c)  -> {packets, error[, incomplete]}
//   encode(packets, options)   -> {frame}
// A suite may leave out a direction it does not have. Suites whose inputs are not one frame
// (Socket.IO: a sequence of frames; one packet with a "nsp" and JSON "data") add:
//   normInput(direction, input, id)   the case file's input -> the recorded `input`, which is
//                                     then what decode()/encode() receive
//   normStrict(strict, direction, id) the case file's `strict` -> the recorded `expected_strict`
// and may set c.artifact (a list of what was met) when the reference's result holds a
// JavaScript artifact that the canonical form records (the case must be tagged js-artifact).

const path = require('node:path');
const fs = require('node:fs');
const { Buffer } = require('node:buffer');
const B = require('./bytes');

const NM = path.join(__dirname, '..', 'node_modules');
const req = (p) => require(path.join(NM, p));
const version = (p) => JSON.parse(fs.readFileSync(path.join(NM, p, 'package.json'), 'utf8')).version;

const eio4 = req('eio4');
const eio3 = req('eio3');
const sio5 = req('sio5');
const sio4 = req('sio4');
const sioMsgpack = req('sio-msgpack');
const S = require('./sio');
// The UTF-8 check ws applies to every text frame before the server sees it (ws closes the
// connection with 1007 otherwise): ws 8 for engine.io 6 (EIO4), ws 7 for engine.io 3 (EIO3).
const ws8Valid = req('ws/lib/validation').isValidUTF8;
const ws7Valid = req('socket.io-v2/node_modules/ws/lib/validation').isValidUTF8;

const DEFAULT_MAX = 1e6; // maxHttpBufferSize default of engine.io 3.6 and 6.6

// ---- shared pieces -------------------------------------------------------------------------

// Canonical decode result from reference packets, stopping at the first error packet: the
// server closes the session on it ("parse error"), so nothing after it is observable.
function untilError(jsPackets) {
  const packets = [];
  for (const p of jsPackets) {
    if (B.isJsErrorPacket(p)) return { packets, error: true };
    packets.push(B.packetFromJs(p));
  }
  return { packets, error: false };
}
const ERROR = () => ({ packets: [], error: true });

function syncCallback(fn) {
  // The reference encoders take callbacks but call them synchronously; insist on it.
  let out; let called = false;
  fn((x) => { out = x; called = true; });
  if (!called) throw new Error('reference callback was not called synchronously');
  return out;
}

const frameFromJs = (x) => (typeof x === 'string'
  ? B.textFromString(x)
  : { t: 'bin', v: B.toBuffer(x).toString('base64') });

// A WebSocket text frame as ws hands it to engine.io: rejected unless valid UTF-8, then decoded.
function wsFrame(frame, options, isValid) {
  const bytes = B.frameBytes(frame);
  if (bytes.length > options.maxPayload) return { reject: true }; // ws: 1009 message too big
  if (frame.t === 'bin') return { value: bytes };
  if (!isValid(bytes)) return { reject: true }; // ws: 1007 invalid UTF-8
  return { value: bytes.toString('utf8') };
}

// A polling body as engine.io reads a text request (req.setEncoding("utf8"): invalid bytes
// become U+FFFD) and its size check (the byte length of that decoded string).
function pollingText(frame, options) {
  const s = B.frameBytes(frame).toString('utf8');
  if (Buffer.byteLength(s) > options.maxPayload) return { reject: true };
  return { value: s };
}

// ---- WebTransport ----------------------------------------------------------------------------

async function runTransform(ts, inputs) {
  const out = [];
  const reader = ts.readable.getReader();
  const writer = ts.writable.getWriter();
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      out.push(value);
    }
  })();
  for (const x of inputs) await writer.write(x);
  await writer.close();
  await pump;
  return out;
}

function splitBytes(bytes, sizes) {
  const chunks = []; let at = 0;
  for (const n of sizes) { chunks.push(Uint8Array.from(bytes.subarray(at, at + n))); at += n; }
  if (at !== bytes.length) throw new Error(`chunking ${JSON.stringify(sizes)} does not cover ${bytes.length} bytes`);
  return chunks;
}

// Complete frames holding "6" (a noop): inline length, and 16-bit length (non-minimal).
const NOOP_PROBES = [Uint8Array.from([0x01, 0x36]), Uint8Array.from([0x7e, 0x00, 0x01, 0x36])];

async function wtDecodeOnce(bytes, sizes, maxPayload) {
  const chunks = splitBytes(bytes, sizes);
  const plain = untilError(await runTransform(eio4.createPacketDecoderStream(maxPayload, 'nodebuffer'), chunks));
  if (plain.error) return { ...plain, incomplete: false };
  // Does the stream end between packets? Append a complete noop frame: a decoder waiting for a
  // header decodes exactly one more noop. One probe alone can be swallowed into a pending
  // length and still yield a noop by coincidence ("7e 00" + "01 36"), two different ones cannot.
  // The probes run with maxPayload raised to at least 126 (the second probe's header marker):
  // the stream itself decoded without error, and a higher limit only removes errors, so the
  // decoder reaches the end of the stream in the same state.
  let atBoundary = true;
  for (const probe of NOOP_PROBES) {
    const probed = untilError(await runTransform(eio4.createPacketDecoderStream(Math.max(maxPayload, 126), 'nodebuffer'),
      [...chunks, probe]));
    const last = probed.packets[probed.packets.length - 1];
    if (probed.error || probed.packets.length !== plain.packets.length + 1 || last.type !== 'noop' || 'data' in last) {
      atBoundary = false;
    }
  }
  return { ...plain, incomplete: !atBoundary };
}

// Independent check of the probe: walk the frame headers.
function wtEndsAtBoundary(bytes) {
  let i = 0;
  while (i < bytes.length) {
    const l = bytes[i] & 0x7f; let len; let h;
    if (l < 126) { len = l; h = 1; } else if (l === 126) { h = 3; if (i + 3 > bytes.length) return false; len = bytes.readUInt16BE(i + 1); } else {
      h = 9; if (i + 9 > bytes.length) return false; len = Number(bytes.readBigUInt64BE(i + 1));
    }
    if (i + h + len > bytes.length) return false;
    i += h + len;
  }
  return true;
}

// The chunkings written to the vector file for a stream of n bytes.
function recordedChunkings(n) {
  const list = [[n]];
  if (n === 0) return [[]];
  if (n > 1) list.push([1, n - 1]);
  const half = Math.floor(n / 2);
  if (half > 1 && half < n) list.push([half, n - half]);
  if (n > 3 && n <= 1024) {
    const threes = []; let left = n;
    while (left > 0) { threes.push(Math.min(3, left)); left -= 3; }
    list.push(threes);
  }
  if (n > 1 && n <= 128) list.push(new Array(n).fill(1));
  const seen = new Set();
  return list.filter((c) => { const k = c.join(','); if (seen.has(k)) return false; seen.add(k); return true; });
}

// More chunkings the generator checks (not recorded): every split in two, and byte by byte.
function verificationChunkings(n) {
  const list = [];
  if (n <= 300) for (let k = 1; k < n; k++) list.push([k, n - k]);
  if (n > 1 && n <= 4096) list.push(new Array(n).fill(1));
  return list;
}

const sameJson = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function wtDecode(frame, options, c) {
  const bytes = B.frameBytes(frame);
  const chunkings = c.chunkings || recordedChunkings(bytes.length);
  let first;
  for (const sizes of [...chunkings, ...verificationChunkings(bytes.length)]) {
    const r = await wtDecodeOnce(bytes, sizes, options.maxPayload);
    if (!first) first = r;
    else if (!sameJson(first, r)) {
      throw new Error(`${c.id}: the reference decodes chunking ${JSON.stringify(sizes)} differently:\n` +
        `${JSON.stringify(first)}\nvs ${JSON.stringify(r)}`);
    }
  }
  if (!first.error && first.incomplete === wtEndsAtBoundary(bytes)) {
    throw new Error(`${c.id}: noop probe and header walk disagree on the stream end`);
  }
  return { expected: first, chunkings };
}

async function wtEncode(packets) {
  const out = await runTransform(eio4.createPacketEncoderStream(), packets.map(B.packetToJs));
  return { frame: { t: 'bin', v: Buffer.concat(out.map(B.toBuffer)).toString('base64') } };
}

// ---- Socket.IO ---------------------------------------------------------------------------------

// Feeds the frames, in order, to one reference Decoder, as the server hands them over: a text
// frame as a string once ws has checked its UTF-8 (ws closes the connection otherwise), a binary
// frame as a Buffer. A throw is the error (the server closes the connection on it); the packets
// emitted before it are kept. `incomplete`: the decoder still waits for attachments at the end.
function sioDecode(version, input, options, ctx) {
  const note = (what) => { ctx.artifact = ctx.artifact || []; ctx.artifact.push(what); };
  const d = version === 5 ? new sio5.Decoder({ maxAttachments: options.maxAttachments }) : new sio4.Decoder();
  const packets = [];
  d.on('decoded', (p) => packets.push(S.packetFromJs(p, note, version)));
  const isValid = version === 5 ? ws8Valid : ws7Valid;
  for (const f of input.frames) {
    const bytes = B.frameBytes(f);
    if (f.t === 'text' && !isValid(bytes)) return { packets, error: true, incomplete: false };
    try {
      d.add(f.t === 'text' ? bytes.toString('utf8') : bytes);
    } catch (e) {
      return { packets, error: true, incomplete: false };
    }
  }
  return { packets, error: false, incomplete: Boolean(d.reconstructor) };
}

function sioEncode(version, input) {
  if (input.packets.length !== 1) throw new Error('a Socket.IO encode case encodes exactly one packet');
  const obj = S.packetToJs(input.packets[0]);
  const out = version === 5 ? new sio5.Encoder().encode(obj) : syncCallback((cb) => new sio4.Encoder().encode(obj, cb));
  return { frames: out.map(frameFromJs) };
}

function sioNormInput(direction, input, id) {
  if (direction === 'decode') {
    if (!Array.isArray(input) || input.length === 0) throw new Error(`${id}: a decode input is a non-empty array of frames`);
    return { frames: input.map(B.normFrame) };
  }
  if (!Array.isArray(input) || input.length !== 1) throw new Error(`${id}: an encode input is an array of one packet`);
  return { packets: input.map((p, i) => S.normPacket(p, `${id}: input ${i}`)) };
}

function sioNormStrict(strict, direction, id) {
  if (direction === 'encode') {
    if (strict.error) return { error: true };
    return { frames: strict.frames.map(B.normFrame) };
  }
  const error = Boolean(strict.error);
  return {
    packets: (strict.packets || []).map((p, i) => S.normPacket(p, `${id}: strict packet ${i}`)),
    error,
    incomplete: !error && Boolean(strict.incomplete),
  };
}

const sioSuite = (version) => ({
  file: `sio${version}.json`,
  description: version === 5
    ? 'Socket.IO v5 (Socket.IO 3.x/4.x) packets: the text frame "<type>[<count>-][<nsp>,][<ack id>][<JSON>]" ' +
      'and, for binary packets, the binary frames of their attachments; decoded statefully, frame by frame.'
    : 'Socket.IO v4 (Socket.IO 1.x/2.x) packets: the text frame "<type>[<count>-][<nsp>,][<ack id>][<JSON>]" ' +
      '(type 4 is ERROR) and, for binary packets, the binary frames of their attachments; decoded statefully.',
  reference: (v) => (version === 5
    ? `socket.io-parser@${v.sio5} new Decoder({maxAttachments}).add(frame) for each frame in order, packets ` +
      `from its "decoded" event, an exception being the error / new Encoder().encode(packet); text frames first ` +
      `pass ws@${v.ws8}'s UTF-8 check (engine.io@${v.engine6}), binary frames arrive as Buffers`
    : `socket.io-parser@${v.sio4} new Decoder().add(frame) for each frame in order, packets from its "decoded" ` +
      `event, an exception being the error / new Encoder().encode(packet, callback); text frames first pass ` +
      `ws@${v.ws7}'s UTF-8 check (engine.io@${v.engine3}), binary frames arrive as Buffers`),
  defaults: { decode: version === 5 ? { maxAttachments: 10 } : {}, encode: {} },
  inputFrame: ['text', 'bin'],
  normInput: sioNormInput,
  normStrict: sioNormStrict,
  decode: (input, options, ctx) => sioDecode(version, input, options, ctx),
  encode: (input) => sioEncode(version, input),
});

// ---- Socket.IO v5 over msgpack ----------------------------------------------------------------

// Feeds the frames, in order, to one socket.io-msgpack-parser Decoder, as the server hands them
// over (see sioDecode). The Decoder is stateless: each frame is one whole packet, or an error.
function msgpackDecode(input, options, ctx) {
  const note = (what) => { ctx.artifact = ctx.artifact || []; ctx.artifact.push(what); };
  const d = new sioMsgpack.Decoder();
  const packets = [];
  d.on('decoded', (p) => packets.push(S.packetFromJs(p, note, 5)));
  for (const f of input.frames) {
    const bytes = B.frameBytes(f);
    if (f.t === 'text' && !ws8Valid(bytes)) return { packets, error: true, incomplete: false };
    try {
      d.add(f.t === 'text' ? bytes.toString('utf8') : bytes);
    } catch (e) {
      return { packets, error: true, incomplete: false };
    }
  }
  return { packets, error: false, incomplete: false };
}

// An exact integer (a BigInt in a case file, where JSON text would round it) as the double an
// application holds; refused unless the double is that very integer.
function exactNumbers(v, where = 'data') {
  if (typeof v === 'bigint') {
    if (BigInt(Number(v)) !== v) throw new Error(`${where}: ${v} is not a double`);
    return Number(v);
  }
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x, i) => exactNumbers(x, `${where}[${i}]`));
  const o = {};
  for (const k of Object.keys(v)) o[k] = exactNumbers(v[k], `${where}.${k}`);
  return o;
}

function msgpackEncode(input) {
  if (input.packets.length !== 1) throw new Error('a Socket.IO encode case encodes exactly one packet');
  const p = input.packets[0];
  const canon = { ...p };
  if (p.id !== undefined) canon.id = exactNumbers(p.id, 'id');
  if (p.data !== undefined) canon.data = exactNumbers(p.data);
  const out = new sioMsgpack.Encoder().encode(S.packetToJs(canon));
  return { frames: out.map(frameFromJs) };
}

// ---- the suites -------------------------------------------------------------------------------

const V = () => ({
  eio4: version('eio4'), eio3: version('eio3'), ws8: version('ws'),
  ws7: version('socket.io-v2/node_modules/ws'),
  engine6: version('engine.io'), engine3: version('socket.io-v2/node_modules/engine.io'),
  sio5: version('sio5'), sio4: version('sio4'),
  msgpack: version('sio-msgpack'), notepack: version('notepack.io'),
});

const SUITES = {
  'eio4.packet': {
    file: 'eio4.packet.json',
    description: 'Engine.IO v4 single packets: a WebSocket frame (text or binary), or one text ' +
      'packet of a polling payload ("b" + base64 for binary).',
    reference: (v) => `engine.io-parser@${v.eio4} decodePacket(frame, "nodebuffer") / encodePacket(packet, ` +
      `supportsBinary); a text frame first passes ws@${v.ws8}'s UTF-8 check and both kinds its maxPayload ` +
      `check (engine.io@${v.engine6} passes maxHttpBufferSize as ws maxPayload)`,
    defaults: { decode: { maxPayload: DEFAULT_MAX }, encode: { supportsBinary: true } },
    inputFrame: ['text', 'bin'],
    decode(frame, options) {
      const f = wsFrame(frame, options, ws8Valid);
      if (f.reject) return ERROR();
      return untilError([eio4.decodePacket(f.value, 'nodebuffer')]);
    },
    encode(packets, options) {
      if (packets.length !== 1) throw new Error('eio4.packet encodes exactly one packet');
      return { frame: frameFromJs(syncCallback((cb) => eio4.encodePacket(B.packetToJs(packets[0]), options.supportsBinary, cb))) };
    },
  },
  'eio4.payload': {
    file: 'eio4.payload.json',
    description: 'Engine.IO v4 HTTP long-polling payloads: packets joined by the record separator 0x1E, ' +
      'binary messages as "b" + base64.',
    reference: (v) => `engine.io-parser@${v.eio4} decodePayload(body) / encodePayload(packets); the body as ` +
      `engine.io@${v.engine6}'s polling transport reads it: a binary (application/octet-stream) body is ` +
      `refused, a text body is decoded as UTF-8 with U+FFFD for invalid bytes and refused (413) when its ` +
      `byte length exceeds maxPayload (maxHttpBufferSize)`,
    defaults: { decode: { maxPayload: DEFAULT_MAX }, encode: {} },
    inputFrame: ['text', 'bin'],
    decode(frame, options) {
      if (frame.t === 'bin') return ERROR(); // 400 "invalid content" for EIO4
      const f = pollingText(frame, options);
      if (f.reject) return ERROR();
      return untilError(eio4.decodePayload(f.value, 'nodebuffer'));
    },
    encode(packets) {
      return { frame: frameFromJs(syncCallback((cb) => eio4.encodePayload(packets.map(B.packetToJs), cb))) };
    },
  },
  'eio4.webtransport': {
    file: 'eio4.webtransport.json',
    description: 'Engine.IO v4.1 WebTransport stream framing: a 1, 3 or 9-byte length header per packet ' +
      '(top bit: binary), then the packet; fed in chunks split anywhere.',
    reference: (v) => `engine.io-parser@${v.eio4} createPacketDecoderStream(maxPayload, "nodebuffer") / ` +
      `createPacketEncoderStream(), as engine.io@${v.engine6} uses them (maxPayload = maxHttpBufferSize)`,
    defaults: { decode: { maxPayload: DEFAULT_MAX }, encode: {} },
    inputFrame: ['bin'],
    decode: wtDecode,
    encode: wtEncode,
  },
  'eio3.packet': {
    file: 'eio3.packet.json',
    description: 'Engine.IO v3 single packets: a WebSocket frame (text, or binary with a leading type ' +
      'byte), or one text packet of a polling payload ("b<type>" + base64 for binary).',
    reference: (v) => `engine.io-parser@${v.eio3} decodePacket(frame) / encodePacket(packet, supportsBinary, ` +
      `false); a text frame first passes ws@${v.ws7}'s UTF-8 check and both kinds its maxPayload check ` +
      `(engine.io@${v.engine3} passes maxHttpBufferSize as ws maxPayload)`,
    defaults: { decode: { maxPayload: DEFAULT_MAX }, encode: { supportsBinary: true } },
    inputFrame: ['text', 'bin'],
    decode(frame, options) {
      const f = wsFrame(frame, options, ws7Valid);
      if (f.reject) return ERROR();
      return untilError([eio3.decodePacket(f.value)]);
    },
    encode(packets, options) {
      if (packets.length !== 1) throw new Error('eio3.packet encodes exactly one packet');
      return { frame: frameFromJs(syncCallback((cb) => eio3.encodePacket(B.packetToJs(packets[0]), options.supportsBinary, false, cb))) };
    },
  },
  'eio3.payload.text': {
    file: 'eio3.payload.text.json',
    description: 'Engine.IO v3 text polling payloads: "<length>:<packet>" repeated, the length counting ' +
      'UTF-16 code units; binary packets as "b<type>" + base64.',
    reference: (v) => `engine.io-parser@${v.eio3} decodePayload(body, callback) / encodePayload(packets, false, ` +
      `callback); the body as engine.io@${v.engine3}'s polling transport reads a text request (UTF-8 with ` +
      `U+FFFD for invalid bytes; refused when its byte length exceeds maxPayload = maxHttpBufferSize)`,
    defaults: { decode: { maxPayload: DEFAULT_MAX }, encode: {} },
    inputFrame: ['text'],
    decode(frame, options) {
      const f = pollingText(frame, options);
      if (f.reject) return ERROR();
      const got = [];
      eio3.decodePayload(f.value, (p) => { got.push(p); });
      return untilError(got);
    },
    encode(packets) {
      return { frame: frameFromJs(syncCallback((cb) => eio3.encodePayload(packets.map(B.packetToJs), false, cb))) };
    },
  },
  'eio3.payload.binary': {
    file: 'eio3.payload.binary.json',
    description: 'Engine.IO v3 binary (XHR2) polling payloads: per packet a byte 0 (text) or 1 (binary), ' +
      'the length as one byte per decimal digit, 0xFF, then the packet.',
    reference: (v) => `engine.io-parser@${v.eio3} decodePayload(buffer, callback) (decodePayloadAsBinary) / ` +
      `encodePayloadAsBinary(packets, callback); the body as engine.io@${v.engine3}'s polling transport ` +
      `reads an application/octet-stream request (refused when longer than maxPayload = maxHttpBufferSize)`,
    defaults: { decode: { maxPayload: DEFAULT_MAX }, encode: {} },
    inputFrame: ['bin'],
    decode(frame, options) {
      const bytes = B.frameBytes(frame);
      if (bytes.length > options.maxPayload) return ERROR();
      const got = [];
      eio3.decodePayload(bytes, (p) => { got.push(p); });
      return untilError(got);
    },
    encode(packets) {
      return { frame: frameFromJs(syncCallback((cb) => eio3.encodePayloadAsBinary(packets.map(B.packetToJs), cb))) };
    },
  },
  sio5: sioSuite(5),
  sio4: sioSuite(4),
  'sio5.msgpack': {
    file: 'sio5.msgpack.json',
    description: 'Socket.IO v5 packets in msgpack (the socket.io-msgpack-parser format): each packet one binary ' +
      'frame holding a msgpack map {"type", "nsp", "id"?, "data"?}, binary values inline as msgpack bin; ' +
      'decoded frame by frame, each frame on its own.',
    reference: (v) => `socket.io-msgpack-parser@${v.msgpack} (notepack.io@${v.notepack}) new Decoder().add(frame) ` +
      `for each frame in order, packets from its "decoded" event, an exception being the error / new ` +
      `Encoder().encode(packet) with the packet's members in the order type, nsp, id, data; text frames first ` +
      `pass ws@${v.ws8}'s UTF-8 check (engine.io@${v.engine6}) and reach the Decoder as strings, binary frames ` +
      `as Buffers`,
    defaults: { decode: {}, encode: {} },
    inputFrame: ['text', 'bin'],
    normInput: sioNormInput,
    normStrict: sioNormStrict,
    decode: msgpackDecode,
    encode: msgpackEncode,
  },
};

module.exports = { SUITES, versions: V };
