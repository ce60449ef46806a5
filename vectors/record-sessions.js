'use strict';
// Records real Socket.IO sessions, byte for byte, as JSON files in vectors/sessions/.
//
//   cd vectors && node record-sessions.js            # all sessions
//   node record-sessions.js ws-only acks             # only the named ones
//
// For each session it starts a real socket.io server and a real socket.io-client on 127.0.0.1
// (ports chosen by the OS), with a small recording TCP proxy between them. The proxy forwards
// every byte unchanged and, on the side, parses HTTP/1.1 and WebSocket (RFC 6455) framing to
// record every HTTP body and every WebSocket message in both directions. Each recorded
// Engine.IO payload is then decoded with the reference parsers (engine.io-parser, socket.io-parser)
// and the application-level view (events, acks, connects, disconnects, as socket.io's own
// callbacks saw them) is stored next to it. See SESSIONS.md for the file format.
//
// Nothing listens on or connects to anything but 127.0.0.1. Every wait is bounded; the whole
// run is killed after HARD_LIMIT_MS whatever happens.

const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const { Buffer } = require('node:buffer');

const HOST = '127.0.0.1';
const HARD_LIMIT_MS = 30000;     // the whole run
const SESSION_LIMIT_MS = 6000;   // one session's script
const PING_INTERVAL = 200;
const PING_TIMEOUT = 2000;
const OUT_DIR = path.join(__dirname, 'sessions');

const hardLimit = setTimeout(() => {
  process.stderr.write(`record-sessions: hard time limit (${HARD_LIMIT_MS} ms) reached, exiting\n`);
  process.exit(2);
}, HARD_LIMIT_MS);

const eio4 = require('eio4');
const eio3 = require('eio3');
const sio5 = require('sio5');
const sio4 = require('sio4');

function versionOf(name) {
  return require(path.join(__dirname, 'node_modules', name, 'package.json')).version;
}

// ---- small utilities ------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Resolves when pred() is truthy (checked every 5 ms), rejects after ms.
function until(pred, ms, what) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      let v;
      try { v = pred(); } catch (e) { reject(e); return; }
      if (v) { resolve(v); return; }
      if (Date.now() - t0 > ms) { reject(new Error('timed out waiting for ' + what)); return; }
      setTimeout(tick, 5);
    };
    tick();
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out: ' + what)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// Strict UTF-8 well-formedness (no overlongs, no surrogates, <= U+10FFFF).
function isWellFormedUtf8(b) {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) { i += 1; continue; }
    let len; let lo = 0x80; let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) { len = 3; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { len = 4; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
    else return false;
    if (i + len > b.length) return false;
    if (b[i + 1] < lo || b[i + 1] > hi) return false;
    for (let k = 2; k < len; k++) if ((b[i + k] & 0xc0) !== 0x80) return false;
    i += len;
  }
  return true;
}

function isWellFormedString(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

// WTF-8 bytes of a JS string (lone surrogates as their 3-byte form).
function wtf8(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { cp = 0x10000 + ((cp - 0xd800) << 10) + (d - 0xdc00); i++; }
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Buffer.from(out);
}

function isBytes(x) {
  return Buffer.isBuffer(x) || x instanceof ArrayBuffer || ArrayBuffer.isView(x);
}
function toBuffer(x) {
  if (Buffer.isBuffer(x)) return x;
  if (x instanceof ArrayBuffer) return Buffer.from(x);
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength);
}

// Engine.IO packet data / frame payload as {"t":"text","v"} | {"t":"text","hex"} | {"t":"bin","v"}.
function dataFromJs(d) {
  if (typeof d === 'string') {
    return isWellFormedString(d) ? { t: 'text', v: d } : { t: 'text', hex: wtf8(d).toString('hex') };
  }
  return { t: 'bin', v: toBuffer(d).toString('base64') };
}

// Application / Socket.IO data as canonical JSON: binary values become {"$bin": base64}.
function canon(x) {
  if (x === undefined) return undefined;
  if (x === null || typeof x !== 'object') {
    if (typeof x === 'string' && !isWellFormedString(x)) return { $wtf8: wtf8(x).toString('hex') };
    return x;
  }
  if (isBytes(x)) return { $bin: toBuffer(x).toString('base64') };
  if (Array.isArray(x)) return x.map((v) => (v === undefined ? null : canon(v)));
  if (x instanceof Error) {
    const o = { message: x.message };
    if (x.data !== undefined) o.data = canon(x.data);
    return o;
  }
  const o = {};
  for (const k of Object.keys(x)) if (x[k] !== undefined) o[k] = canon(x[k]);
  return o;
}

function eioPacketFromJs(p) {
  if (p.type === 'error' && p.data === 'parser error') return { error: 'parser error' };
  const o = { type: p.type === undefined ? null : p.type };
  if (p.data !== undefined) o.data = dataFromJs(p.data);
  return o;
}

function sioPacketFromJs(p) {
  const o = { type: p.type, nsp: p.nsp };
  if (p.id !== undefined && p.id !== null) o.id = p.id;
  if (p.data !== undefined) o.data = canon(p.data);
  if (p.query !== undefined) o.query = p.query;
  return o;
}

// ---- the recording proxy --------------------------------------------------------------------

// One direction of one TCP connection: HTTP/1.1 messages until a 101, then WebSocket frames.
class StreamParser {
  constructor(conn, dir) {
    this.conn = conn;
    this.dir = dir;
    this.buf = Buffer.alloc(0);
    this.mode = 'head';       // head | body | chunked | untilclose | ws | dead
    this.msg = null;          // HTTP message being read
    this.wsParts = null;      // fragments of the WebSocket message being read
  }

  push(chunk) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    this.pump();
  }

  end() {
    if (this.mode === 'untilclose' && this.msg) { this.finishHttp(this.buf); this.buf = Buffer.alloc(0); }
    if (this.buf.length && this.mode !== 'dead') {
      this.conn.rec.note(`conn ${this.conn.id} ${this.dir}: ${this.buf.length} unparsed bytes at end (mode ${this.mode})`);
    }
  }

  pump() {
    for (;;) {
      if (this.mode === 'head') { if (!this.readHead()) return; }
      else if (this.mode === 'body') {
        if (this.buf.length < this.msg.length) return;
        const body = this.buf.subarray(0, this.msg.length);
        this.buf = this.buf.subarray(this.msg.length);
        this.finishHttp(body);
      } else if (this.mode === 'chunked') { if (!this.readChunk()) return; }
      else if (this.mode === 'ws') { if (!this.readWsFrame()) return; }
      else return; // untilclose, dead
    }
  }

  readHead() {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const lines = this.buf.subarray(0, end).toString('latin1').split('\r\n');
    this.buf = this.buf.subarray(end + 4);
    const first = lines.shift();
    const headers = {};
    for (const l of lines) {
      const c = l.indexOf(':');
      if (c > 0) headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
    }
    const msg = { headers, chunks: [] };
    let noBody = false;
    if (this.dir === 'c2s') {
      const m = /^(\S+) (\S+) HTTP\/1\.[01]$/.exec(first);
      if (!m) { this.fail('bad request line: ' + first); return false; }
      msg.method = m[1]; msg.path = m[2];
      this.conn.requests.push(msg);
    } else {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(first);
      if (!m) { this.fail('bad status line: ' + first); return false; }
      msg.status = Number(m[1]);
      msg.request = this.conn.requests.shift() || null;
      if (msg.status === 101 || (msg.status >= 100 && msg.status < 200) || msg.status === 204 || msg.status === 304
          || (msg.request && msg.request.method === 'HEAD')) noBody = true;
    }
    this.msg = msg;
    const te = (headers['transfer-encoding'] || '').toLowerCase();
    if (noBody) { this.finishHttp(Buffer.alloc(0)); }
    else if (te.includes('chunked')) { this.mode = 'chunked'; }
    else if (headers['content-length'] !== undefined) { msg.length = Number(headers['content-length']); this.mode = 'body'; }
    else if (this.dir === 'c2s') { this.finishHttp(Buffer.alloc(0)); }
    else { this.mode = 'untilclose'; }
    return true;
  }

  readChunk() {
    const eol = this.buf.indexOf('\r\n');
    if (eol < 0) return false;
    const size = parseInt(this.buf.subarray(0, eol).toString('latin1').split(';')[0], 16);
    if (!(size >= 0)) { this.fail('bad chunk size'); return false; }
    if (size === 0) {
      // last chunk, then optional trailers, then CRLF
      const endTrailers = this.buf.indexOf('\r\n\r\n', eol);
      if (endTrailers < 0) return false;
      this.buf = this.buf.subarray(endTrailers + 4);
      this.msg.chunked = true;
      this.finishHttp(Buffer.concat(this.msg.chunks));
      return true;
    }
    if (this.buf.length < eol + 2 + size + 2) return false;
    this.msg.chunks.push(this.buf.subarray(eol + 2, eol + 2 + size));
    this.buf = this.buf.subarray(eol + 2 + size + 2);
    return true;
  }

  finishHttp(body) {
    const msg = this.msg;
    this.msg = null;
    this.mode = 'head';
    this.conn.rec.onHttp(this.conn, this.dir, msg, Buffer.from(body));
    if (this.dir === 's2c' && msg.status === 101) {
      this.mode = 'ws';
      this.conn.c2s.mode = 'ws';
      this.conn.ws = { extensions: msg.headers['sec-websocket-extensions'] || null };
      this.conn.c2s.pump();
    }
  }

  readWsFrame() {
    const b = this.buf;
    if (b.length < 2) return false;
    const fin = (b[0] & 0x80) !== 0;
    const rsv = (b[0] >> 4) & 7;
    const opcode = b[0] & 0x0f;
    const masked = (b[1] & 0x80) !== 0;
    let len = b[1] & 0x7f;
    let off = 2;
    if (len === 126) { if (b.length < 4) return false; len = b.readUInt16BE(2); off = 4; }
    else if (len === 127) { if (b.length < 10) return false; len = Number(b.readBigUInt64BE(2)); off = 10; }
    let mask = null;
    if (masked) { if (b.length < off + 4) return false; mask = b.subarray(off, off + 4); off += 4; }
    if (b.length < off + len) return false;
    const payload = Buffer.from(b.subarray(off, off + len));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
    this.buf = b.subarray(off + len);
    const expectMask = this.dir === 'c2s';
    if (masked !== expectMask) this.conn.rec.note(`conn ${this.conn.id} ${this.dir}: frame masked=${masked}`);
    if (opcode >= 8) { this.conn.rec.onWsControl(this.conn, this.dir, opcode, payload); return true; }
    if (opcode !== 0) this.wsParts = { opcode, rsv, parts: [] };
    if (!this.wsParts) { this.fail('continuation frame without a message'); return false; }
    this.wsParts.parts.push(payload);
    if (fin) {
      const m = this.wsParts;
      this.wsParts = null;
      this.conn.rec.onWsMessage(this.conn, this.dir, m.opcode, m.rsv, Buffer.concat(m.parts), m.parts.length);
    }
    return true;
  }

  fail(why) {
    this.conn.rec.note(`conn ${this.conn.id} ${this.dir}: ${why}; no longer parsing this stream`);
    this.mode = 'dead';
  }
}

class Recorder {
  constructor(eio) {
    this.eio = eio;            // 4 or 3: which reference decoders to use
    this.frames = [];
    this.notes = [];
    this.conns = [];
    this.frozen = false;
    this.lateFrames = 0;
    this.holdUpgrades = false; // hold WebSocket upgrade requests of an existing session (sid=)
    this.held = [];
    this.lastTextHeader = { c2s: null, s2c: null };
    this.sioDecoders = { c2s: this.newSioDecoder('c2s'), s2c: this.newSioDecoder('s2c') };
    this.currentFrame = null;
  }

  note(s) { if (!this.notes.includes(s)) this.notes.push(s); }

  newSioDecoder(dir) {
    const d = this.eio === 4 ? new sio5.Decoder() : new sio4.Decoder();
    d.on('decoded', (p) => {
      const f = this.currentFrame;
      if (!f) { this.note(`${dir}: socket.io packet decoded outside a frame`); return; }
      const c = sioPacketFromJs(p);
      // socket.io-parser 4.x reports a reassembled BINARY_EVENT/BINARY_ACK as EVENT/ACK (2/3)
      // and both versions drop the attachment count; the canonical form keeps the wire type
      // and count, taken from the header of the last text packet in this direction.
      const h = this.lastTextHeader[dir];
      if (h && (h.type === 5 || h.type === 6) && (p.type === h.type || p.type === h.type - 3)) {
        const o = { type: h.type, nsp: c.nsp };
        if (c.id !== undefined) o.id = c.id;
        if (c.data !== undefined) o.data = c.data;
        o.attachments = h.attachments;
        (f.sio = f.sio || []).push(o);
        return;
      }
      (f.sio = f.sio || []).push(c);
    });
    return d;
  }

  listen(targetPort) {
    this.server = net.createServer({ allowHalfOpen: true }, (client) => this.accept(client, targetPort));
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, HOST, () => resolve(this.server.address().port));
    });
  }

  accept(client, targetPort) {
    const conn = { id: this.conns.length, rec: this, requests: [], ws: null, client, holding: null };
    conn.c2s = new StreamParser(conn, 'c2s');
    conn.s2c = new StreamParser(conn, 's2c');
    this.conns.push(conn);
    const upstream = net.connect({ port: targetPort, host: HOST, allowHalfOpen: true });
    conn.upstream = upstream;
    let first = true;
    const forwardC2s = (d) => { conn.c2s.push(d); upstream.write(d); };
    client.on('data', (d) => {
      if (first) {
        first = false;
        const line = d.subarray(0, Math.max(0, d.indexOf('\r\n'))).toString('latin1');
        if (this.holdUpgrades && /^GET /.test(line) && /[?&]transport=websocket/.test(line) && /[?&]sid=/.test(line)) {
          conn.holding = [];
          this.held.push(() => { const q = conn.holding; conn.holding = null; for (const x of q) forwardC2s(x); });
        }
      }
      if (conn.holding) conn.holding.push(d); else forwardC2s(d);
    });
    upstream.on('data', (d) => { conn.s2c.push(d); client.write(d); });
    client.on('end', () => { conn.c2s.end(); if (!conn.holding) upstream.end(); });
    upstream.on('end', () => { conn.s2c.end(); client.end(); });
    const kill = () => { client.destroy(); upstream.destroy(); };
    client.on('error', kill); upstream.on('error', kill);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  releaseUpgrades() {
    this.holdUpgrades = false;
    const h = this.held; this.held = [];
    for (const f of h) f();
  }

  close() {
    this.releaseUpgrades();
    for (const c of this.conns) { c.client.destroy(); c.upstream.destroy(); }
    return new Promise((r) => this.server.close(() => r()));
  }

  // -- recording --

  push(frame, decode) {
    if (this.frozen) { this.lateFrames++; return; }
    this.frames.push(frame);
    if (decode) {
      this.currentFrame = frame;
      try { decode(frame); } finally { this.currentFrame = null; }
    }
  }

  onHttp(conn, dir, msg, body) {
    const req = dir === 'c2s' ? msg : msg.request;
    const reqPath = req ? req.path : null;
    const transport = reqPath && /[?&]transport=websocket/.test(reqPath) ? 'websocket' : 'polling';
    const ct = msg.headers['content-type'] || null;
    const binary = ct !== null && /octet-stream/i.test(ct);
    const frame = { dir, transport, conn: conn.id };
    Object.assign(frame, bodyField(body, binary));
    const h = {};
    if (req) { h.method = req.method; h.path = req.path; }
    if (dir === 's2c') h.status = msg.status;
    if (ct !== null) h.contentType = ct;
    if (msg.headers['content-encoding']) {
      h.contentEncoding = msg.headers['content-encoding'];
      this.note(`conn ${conn.id} ${dir}: Content-Encoding ${h.contentEncoding}; body not decoded`);
    }
    if (msg.chunked) h.chunked = true;
    if (msg.status === 101 && msg.headers['sec-websocket-extensions']) {
      h.extensions = msg.headers['sec-websocket-extensions'];
    }
    frame.http = h;
    // Which HTTP bodies are Engine.IO payloads: polling POST bodies, and 200 responses to
    // polling GETs. Not: upgrade requests/101s, GET request bodies, "ok" answers to POSTs,
    // error responses.
    const isPayload = transport === 'polling' && !h.contentEncoding && (
      (dir === 'c2s' && req.method === 'POST') ||
      (dir === 's2c' && req && req.method === 'GET' && msg.status === 200));
    if (!isPayload) { this.push(frame, null); return; }
    this.push(frame, (f) => {
      let packets = [];
      if (this.eio === 4) {
        packets = eio4.decodePayload(binary ? body : body.toString('utf8'), 'nodebuffer');
      } else {
        eio3.decodePayload(binary ? body : body.toString('utf8'), (p) => { packets.push(p); });
      }
      this.eioPackets(f, dir, packets);
    });
  }

  onWsMessage(conn, dir, opcode, rsv, payload, fragments) {
    const binary = opcode === 2;
    const frame = { dir, transport: 'websocket', conn: conn.id };
    if (opcode !== 1 && opcode !== 2) {
      frame.kind = 'opcode' + opcode; frame.v = payload.toString('base64');
      this.note(`conn ${conn.id} ${dir}: WebSocket opcode ${opcode}`);
      this.push(frame, null);
      return;
    }
    Object.assign(frame, bodyField(payload, binary));
    if (fragments > 1) frame.fragments = fragments;
    if (rsv) {
      frame.rsv = rsv;
      this.note(`conn ${conn.id} ${dir}: RSV bits ${rsv} set (compressed?); payload not decoded`);
      this.push(frame, null);
      return;
    }
    this.push(frame, (f) => {
      const data = binary ? payload : payload.toString('utf8');
      const p = this.eio === 4 ? eio4.decodePacket(data, 'nodebuffer') : eio3.decodePacket(data);
      this.eioPackets(f, dir, [p]);
    });
  }

  onWsControl(conn, dir, opcode, payload) {
    const kind = { 8: 'close', 9: 'ping', 10: 'pong' }[opcode] || 'opcode' + opcode;
    const frame = { dir, transport: 'websocket', conn: conn.id, kind, v: payload.toString('base64') };
    if (opcode === 8 && payload.length >= 2) {
      frame.code = payload.readUInt16BE(0);
      frame.reason = payload.subarray(2).toString('utf8');
    }
    this.push(frame, null);
  }

  eioPackets(frame, dir, packets) {
    frame.eio = packets.map(eioPacketFromJs);
    for (const p of packets) {
      if (p.type !== 'message') continue;
      if (typeof p.data === 'string') {
        const m = /^([0-9])(?:([0-9]+)-)?/.exec(p.data);
        this.lastTextHeader[dir] = m ? { type: Number(m[1]), attachments: m[2] === undefined ? undefined : Number(m[2]) } : null;
      }
      try {
        this.sioDecoders[dir].add(p.data);
      } catch (e) {
        (frame.sio = frame.sio || []).push({ error: String(e && e.message || e) });
        this.sioDecoders[dir] = this.newSioDecoder(dir);
      }
    }
  }

  // Engine.IO packets of one type seen so far in one direction (optionally on one transport).
  count(dir, type, transport) {
    let n = 0;
    for (const f of this.frames) {
      if (f.dir !== dir || !f.eio || (transport && f.transport !== transport)) continue;
      for (const p of f.eio) if (p.type === type) n++;
    }
    return n;
  }
}

function bodyField(bytes, binary) {
  if (binary) return { kind: 'bin', v: bytes.toString('base64') };
  if (isWellFormedUtf8(bytes)) return { kind: 'text', v: bytes.toString('utf8') };
  return { kind: 'text', hex: bytes.toString('hex') };
}

// ---- application-level logging -----------------------------------------------------------

class AppLog {
  constructor() { this.entries = []; this.frozen = false; }
  add(e) { if (!this.frozen) this.entries.push(e); }
  has(pred) { return this.entries.some(pred); }
}

// Server side (socket.io 4): log connections, every event (onAny), and disconnects.
function logServerNsp4(io, nsp, log, onConnection) {
  io.of(nsp).on('connection', (socket) => {
    const e = { on: 'connection', nsp };
    if (socket.handshake.auth && Object.keys(socket.handshake.auth).length) e.auth = canon(socket.handshake.auth);
    log.add(e);
    socket.onAny((name, ...args) => log.add(eventEntry(nsp, name, args)));
    socket.on('disconnect', (reason) => log.add({ on: 'disconnect', nsp, reason }));
    if (onConnection) onConnection(socket);
  });
}

// Client side (socket.io-client 4).
function logClientSocket4(socket, nsp, log) {
  socket.on('connect', () => log.add({ on: 'connect', nsp }));
  socket.on('connect_error', (err) => {
    const e = { on: 'connect_error', nsp, message: err.message };
    if (err.data !== undefined) e.data = canon(err.data);
    log.add(e);
  });
  socket.on('disconnect', (reason) => log.add({ on: 'disconnect', nsp, reason }));
  socket.onAny((name, ...args) => log.add(eventEntry(nsp, name, args)));
  return socket;
}

function eventEntry(nsp, name, args) {
  const ack = args.length > 0 && typeof args[args.length - 1] === 'function';
  const e = { on: 'event', nsp, name, args: canon(ack ? args.slice(0, -1) : args) };
  if (ack) e.ack = true;
  return e;
}

// An ack callback that logs what came back.
function ackLogger(log, nsp, name, then) {
  return (...args) => { log.add({ on: 'ack', nsp, name, args: canon(args) }); if (then) then(...args); };
}

// ---- one session ----------------------------------------------------------------------------

async function runSession(def) {
  const v2 = def.eio === 3;
  const rec = new Recorder(def.eio);
  const httpServer = http.createServer();
  await new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, HOST, resolve);
  });
  const serverOpts = {
    pingInterval: PING_INTERVAL,
    pingTimeout: PING_TIMEOUT,
    perMessageDeflate: false,
    httpCompression: false,
    ...(def.serverOpts || {}),
  };
  // The server is socket.io@2 for Engine.IO v3 sessions unless the session asks for the
  // socket.io@4 server (with allowEIO3) instead.
  const v2Server = v2 && !def.v4Server;
  let io;
  if (v2Server) io = require('socket.io-v2')(httpServer, serverOpts);
  else io = new (require('socket.io').Server)(httpServer, serverOpts);

  const proxyPort = await rec.listen(httpServer.address().port);
  const url = `http://${HOST}:${proxyPort}`;
  const serverLog = new AppLog();
  const clientLog = new AppLog();
  const clients = [];  // things with .close() / .disconnect() to stop at the end
  const ctx = {
    url, rec, io, serverLog, clientLog, clients,
    // Client options shared by every socket.io-client 4 session.
    clientOpts: (extra) => ({ forceNew: true, reconnection: false, timeout: 3000, ...extra }),
    waitServer: (pred, what) => until(() => serverLog.has(pred), 3000, 'server: ' + what),
    waitClient: (pred, what) => until(() => clientLog.has(pred), 3000, 'client: ' + what),
    // Waits for one full heartbeat (v4: server ping, client pong; v3: client ping, server pong).
    heartbeat: async (transport) => {
      const [pinger, ponger] = v2 ? ['c2s', 's2c'] : ['s2c', 'c2s'];
      const base = rec.count(ponger, 'pong', transport);
      await until(() => rec.count(ponger, 'pong', transport) > base
        && rec.count(pinger, 'ping', transport) > 0, 3000, 'a heartbeat on ' + (transport || 'any transport'));
    },
  };
  if (def.server) def.server(ctx);
  let error = null;
  try {
    await withTimeout(def.client(ctx), SESSION_LIMIT_MS, def.id);
    await sleep(60); // let the last frames and callbacks arrive
  } catch (e) {
    error = e;
  }
  serverLog.frozen = clientLog.frozen = true;
  rec.frozen = true;
  // Teardown: client sockets, the socket.io server, the HTTP server, the proxy.
  for (const c of clients) { try { (c.close || c.disconnect).call(c); } catch (_) { /* ignore */ } }
  try {
    await withTimeout(new Promise((resolve) => {
      if (v2Server) { io.close(); resolve(); } else io.close(() => resolve());
    }), 1000, 'io.close');
  } catch (_) { /* ignore */ }
  if (httpServer.closeAllConnections) httpServer.closeAllConnections();
  httpServer.close();
  await withTimeout(rec.close(), 1000, 'proxy close').catch(() => {});
  if (error) throw error;
  // Cross-check: the events decoded from the frames of one direction, in order, are exactly the
  // events the receiving application saw.
  crossCheck(rec.frames, 'c2s', serverLog.entries, 'server');
  crossCheck(rec.frames, 's2c', clientLog.entries, 'client');
  if (rec.lateFrames) rec.note(`${rec.lateFrames} frame(s) after the script ended were not recorded`);

  const session = {
    id: def.id,
    description: def.description,
    eio: def.eio,
    sio: v2 ? 4 : 5,
    software: {
      server: 'socket.io@' + versionOf(v2Server ? 'socket.io-v2' : 'socket.io'),
      client: 'socket.io-client@' + versionOf(v2 ? 'socket.io-client-v2' : 'socket.io-client'),
      decoders: v2 ? ['engine.io-parser@' + versionOf('eio3'), 'socket.io-parser@' + versionOf('sio4')]
        : ['engine.io-parser@' + versionOf('eio4'), 'socket.io-parser@' + versionOf('sio5')],
    },
    options: { pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT, ...(def.optionsNote || {}) },
    frames: rec.frames,
    expected: { server: serverLog.entries, client: clientLog.entries },
  };
  if (rec.notes.length) session.notes = rec.notes;
  return session;
}

function crossCheck(frames, dir, entries, side) {
  const wire = [];
  for (const f of frames) {
    if (f.dir !== dir || !f.sio) continue;
    for (const p of f.sio) {
      if (p.error) throw new Error(`${dir}: socket.io decode error: ${p.error}`);
      if (p.type === 2 || p.type === 5) {
        wire.push({ nsp: p.nsp, name: p.data[0], args: p.data.slice(1), ack: p.id !== undefined });
      }
    }
  }
  const app = entries.filter((e) => e.on === 'event')
    .map((e) => ({ nsp: e.nsp, name: e.name, args: e.args, ack: !!e.ack }));
  const a = JSON.stringify(wire); const b = JSON.stringify(app);
  if (a !== b) throw new Error(`cross-check failed: ${dir} frames decode to\n  ${a}\nbut the ${side} saw\n  ${b}`);
}

// ---- the sessions ---------------------------------------------------------------------------

const ioc = () => require('socket.io-client');
const onceEvent = (emitter, ev) => new Promise((r) => emitter.once(ev, r));

const SESSIONS = [];

// 1. WebSocket only ------------------------------------------------------------------------
SESSIONS.push({
  id: 'ws-only',
  description: 'socket.io-client with transports ["websocket"]: handshake over WebSocket, text events both ways (including non-ASCII text), a heartbeat, client disconnect.',
  eio: 4,
  optionsNote: { transports: ['websocket'] },
  server({ io, serverLog }) {
    logServerNsp4(io, '/', serverLog, (s) => {
      s.on('hello', () => s.emit('welcome', { msg: 'hi', n: 1, list: [true, false, null, 1.5, -2] }));
      s.on('unicode', (t) => s.emit('unicode-back', t, t.length));
    });
  },
  async client(ctx) {
    const s = logClientSocket4(ioc()(ctx.url, ctx.clientOpts({ transports: ['websocket'] })), '/', ctx.clientLog);
    ctx.clients.push(s);
    await onceEvent(s, 'connect');
    s.emit('hello', 'world', 42, { a: [1, true, null], b: 'x' });
    await ctx.waitClient((e) => e.name === 'welcome', 'welcome');
    await ctx.heartbeat('websocket');
    s.emit('unicode', 'é€😀 "quoted" \\ \n tab\t');
    await ctx.waitClient((e) => e.name === 'unicode-back', 'unicode-back');
    s.disconnect();
    await ctx.waitServer((e) => e.on === 'disconnect', 'disconnect');
  },
});

// 2. Polling only ----------------------------------------------------------------------------
SESSIONS.push({
  id: 'polling-only',
  description: 'socket.io-client with transports ["polling"]: handshake and everything else over HTTP long-polling (0x1e-separated payloads, binary as b<base64>), text and binary events both ways, a heartbeat, client disconnect (socket.io DISCONNECT, then Engine.IO close in a POST).',
  eio: 4,
  optionsNote: { transports: ['polling'] },
  serverOpts: { transports: ['polling'] },
  server({ io, serverLog }) {
    logServerNsp4(io, '/', serverLog, (s) => {
      s.on('hello', (t) => s.emit('welcome', 'hi from polling', t));
      s.on('bin', () => s.emit('bin-back', Buffer.from([0xff, 0x00, 0x80, 0x1e]), 'after'));
    });
  },
  async client(ctx) {
    const s = logClientSocket4(ioc()(ctx.url, ctx.clientOpts({ transports: ['polling'] })), '/', ctx.clientLog);
    ctx.clients.push(s);
    await onceEvent(s, 'connect');
    s.emit('hello', 'world \u00e9\u20ac\u{1F600}');
    await ctx.waitClient((e) => e.name === 'welcome', 'welcome');
    s.emit('bin', Buffer.from([1, 2, 3, 0x1e]));
    await ctx.waitClient((e) => e.name === 'bin-back', 'bin-back');
    await ctx.heartbeat('polling');
    s.disconnect();
    await ctx.waitServer((e) => e.on === 'disconnect', 'disconnect');
  },
});

// 3. Polling, then upgrade to WebSocket ---------------------------------------------------------
SESSIONS.push({
  id: 'upgrade',
  description: 'Default client (polling first, then upgrade). The proxy holds the WebSocket upgrade request until an event, an ack and a heartbeat have gone over polling; then the upgrade (2probe/3probe/noop/5) happens and more traffic goes over WebSocket.',
  eio: 4,
  optionsNote: { transports: ['polling', 'websocket'], upgradeHeldUntilPollingTrafficDone: true },
  server({ io, serverLog }) {
    logServerNsp4(io, '/', serverLog, (s) => {
      s.on('before', (x, cb) => { cb('ack-before'); s.emit('before-reply', x); });
      s.on('after', (x, cb) => { cb('ack-after'); s.emit('after-reply', x); });
    });
  },
  async client(ctx) {
    ctx.rec.holdUpgrades = true;
    const s = logClientSocket4(ioc()(ctx.url, ctx.clientOpts()), '/', ctx.clientLog);
    ctx.clients.push(s);
    await onceEvent(s, 'connect');
    s.emit('before', 'over polling', ackLogger(ctx.clientLog, '/', 'before'));
    await ctx.waitClient((e) => e.name === 'before-reply', 'before-reply');
    await ctx.waitClient((e) => e.on === 'ack', 'ack');
    await ctx.heartbeat('polling');
    const upgraded = onceEvent(s.io.engine, 'upgrade');
    ctx.rec.releaseUpgrades();
    await withTimeout(upgraded, 3000, 'upgrade');
    s.emit('after', 'over websocket', ackLogger(ctx.clientLog, '/', 'after'));
    await ctx.waitClient((e) => e.name === 'after-reply', 'after-reply');
    await ctx.heartbeat('websocket');
    s.disconnect();
    await ctx.waitServer((e) => e.on === 'disconnect', 'disconnect');
  },
});

// 4. Namespaces with auth ---------------------------------------------------------------------
SESSIONS.push({
  id: 'namespaces-auth',
  description: 'One Manager, two namespaces multiplexed on one WebSocket: "/" without auth and "/admin" with an auth payload checked by a namespace middleware. Events on both namespaces, a broadcast to /admin, a heartbeat, then both sockets disconnect.',
  eio: 4,
  optionsNote: { transports: ['websocket'] },
  server({ io, serverLog }) {
    io.of('/admin').use((socket, next) => {
      if (socket.handshake.auth && socket.handshake.auth.token === 's3cret') next();
      else next(new Error('bad token'));
    });
    logServerNsp4(io, '/', serverLog, (s) => {
      s.on('root-msg', (x) => s.emit('root-reply', x + '!'));
    });
    logServerNsp4(io, '/admin', serverLog, (s) => {
      s.on('whoami', () => {
        s.emit('admin-info', { role: 'admin', auth: s.handshake.auth });
        io.of('/admin').emit('broadcast', 'to all admins');
      });
    });
  },
  async client(ctx) {
    const { Manager } = ioc();
    const m = new Manager(ctx.url, ctx.clientOpts({ transports: ['websocket'] }));
    const root = logClientSocket4(m.socket('/'), '/', ctx.clientLog);
    const admin = logClientSocket4(m.socket('/admin', { auth: { token: 's3cret', user: 'ana' } }), '/admin', ctx.clientLog);
    ctx.clients.push(root, admin);
    await Promise.all([onceEvent(root, 'connect'), onceEvent(admin, 'connect')]);
    root.emit('root-msg', 'hello root');
    await ctx.waitClient((e) => e.name === 'root-reply', 'root-reply');
    admin.emit('whoami');
    await ctx.waitClient((e) => e.name === 'broadcast', 'broadcast');
    await ctx.heartbeat('websocket');
    admin.disconnect();
    await ctx.waitServer((e) => e.on === 'disconnect' && e.nsp === '/admin', '/admin disconnect');
    root.disconnect();
    await ctx.waitServer((e) => e.on === 'disconnect' && e.nsp === '/', '/ disconnect');
  },
});

// 5. Acks both ways ----------------------------------------------------------------------------
SESSIONS.push({
  id: 'acks',
  description: 'Acknowledgements both ways over WebSocket: client->server acks with one, zero and several arguments, an ack on a custom namespace, server->client acks (callback and emitWithAck).',
  eio: 4,
  optionsNote: { transports: ['websocket'] },
  server({ io, serverLog }) {
    logServerNsp4(io, '/', serverLog, (s) => {
      s.on('add', (a, b, cb) => cb(a + b));
      s.on('noargs', (cb) => cb());
      s.on('multi', (cb) => cb('a', { b: 1 }, [2, 3], null));
      s.on('ask-me', async () => {
        s.emit('question', 'what is 6*7?', ackLogger(serverLog, '/', 'question', async () => {
          const r = await s.emitWithAck('question2', { x: 1 });
          serverLog.add({ on: 'emitWithAck-result', nsp: '/', name: 'question2', value: canon(r) });
          s.emit('done');
        }));
      });
    });
    logServerNsp4(io, '/ns', serverLog, (s) => {
      s.on('echo', (x, cb) => cb({ echoed: x }));
    });
  },
  async client(ctx) {
    const { Manager } = ioc();
    const m = new Manager(ctx.url, ctx.clientOpts({ transports: ['websocket'] }));
    const s = logClientSocket4(m.socket('/'), '/', ctx.clientLog);
    const ns = logClientSocket4(m.socket('/ns'), '/ns', ctx.clientLog);
    ctx.clients.push(s, ns);
    await Promise.all([onceEvent(s, 'connect'), onceEvent(ns, 'connect')]);
    const L = ctx.clientLog;
    await new Promise((r) => s.emit('add', 2, 3, ackLogger(L, '/', 'add', r)));
    await new Promise((r) => s.emit('noargs', ackLogger(L, '/', 'noargs', r)));
    await new Promise((r) => s.emit('multi', ackLogger(L, '/', 'multi', r)));
    const echoed = await ns.emitWithAck('echo', 'on /ns');
    L.add({ on: 'emitWithAck-result', nsp: '/ns', name: 'echo', value: canon(echoed) });
    s.on('question', (q, cb) => cb(42));
    s.on('question2', (x, cb) => cb('second answer', x));
    const done = onceEvent(s, 'done');
    s.emit('ask-me');
    await withTimeout(done, 3000, 'done');
    await ctx.heartbeat('websocket');
    ns.disconnect();
    s.disconnect();
    await ctx.waitServer((e) => e.on === 'disconnect' && e.nsp === '/', 'disconnect');
  },
});

// 6. Binary attachments both ways ------------------------------------------------------------------
const BIN_300 = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff));
SESSIONS.push({
  id: 'binary',
  description: 'Binary attachments both ways over WebSocket: one buffer, nested structures with several buffers and an empty buffer, a 300-byte buffer (16-bit WebSocket length), binary on a custom namespace, binary acks (type 6) both ways.',
  eio: 4,
  optionsNote: { transports: ['websocket'] },
  server({ io, serverLog }) {
    logServerNsp4(io, '/', serverLog, (s) => {
      s.on('one', () => s.emit('one-back', Buffer.from([0xde, 0xad, 0xbe, 0xef])));
      s.on('nested', (obj, cb) => {
        cb('got it', { first: Buffer.from('ack-bin-1'), second: [Buffer.alloc(0), Buffer.from([0])] });
      });
      s.on('send-me', () => {
        s.emit('nested-back', {
          deep: { list: [Buffer.from([1]), 'text', { empty: Buffer.alloc(0), more: [Buffer.from([2, 3])] }] },
          big: BIN_300,
        }, Buffer.from('second arg'), ackLogger(serverLog, '/', 'nested-back'));
      });
    });
    logServerNsp4(io, '/bin', serverLog, (s) => {
      s.on('ns-bin', (b) => s.emit('ns-bin-back', b, Buffer.from([9, 9])));
    });
  },
  async client(ctx) {
    const { Manager } = ioc();
    const m = new Manager(ctx.url, ctx.clientOpts({ transports: ['websocket'] }));
    const s = logClientSocket4(m.socket('/'), '/', ctx.clientLog);
    const nb = logClientSocket4(m.socket('/bin'), '/bin', ctx.clientLog);
    ctx.clients.push(s, nb);
    await Promise.all([onceEvent(s, 'connect'), onceEvent(nb, 'connect')]);
    const L = ctx.clientLog;
    s.emit('one', Buffer.from([1, 2, 3]));
    await ctx.waitClient((e) => e.name === 'one-back', 'one-back');
    await new Promise((r) => s.emit('nested', {
      a: { b: [Buffer.from([10, 20]), 'x', { c: Buffer.alloc(0) }] },
      list: [Buffer.from('hi'), Buffer.from([0xff])],
      n: 1,
    }, ackLogger(L, '/', 'nested', r)));
    s.on('nested-back', (...args) => { const cb = args.pop(); cb(Buffer.from('client-ack'), 'ok'); });
    s.emit('send-me');
    await ctx.waitServer((e) => e.on === 'ack' && e.name === 'nested-back', 'ack of nested-back');
    nb.emit('ns-bin', BIN_300);
    await ctx.waitClient((e) => e.name === 'ns-bin-back', 'ns-bin-back');
    await ctx.heartbeat('websocket');
    nb.disconnect();
    s.disconnect();
    await ctx.waitServer((e) => e.on === 'disconnect' && e.nsp === '/', 'disconnect');
  },
});

// 7. A refused connection --------------------------------------------------------------------------
SESSIONS.push({
  id: 'refused',
  description: 'Connections refused at the Socket.IO level over one WebSocket: a namespace middleware calls next(new Error("not authorized")) with err.data (CONNECT_ERROR with message and data), and a namespace that does not exist ("Invalid namespace"). "/" connects normally; then the client closes.',
  eio: 4,
  optionsNote: { transports: ['websocket'] },
  server({ io, serverLog }) {
    io.of('/private').use((socket, next) => {
      serverLog.add({ on: 'middleware', nsp: '/private', auth: canon(socket.handshake.auth) });
      const err = new Error('not authorized');
      err.data = { reason: 'token rejected', code: 403, retry: false };
      next(err);
    });
    logServerNsp4(io, '/', serverLog);
    logServerNsp4(io, '/private', serverLog);
  },
  async client(ctx) {
    const { Manager } = ioc();
    const m = new Manager(ctx.url, ctx.clientOpts({ transports: ['websocket'] }));
    const root = logClientSocket4(m.socket('/'), '/', ctx.clientLog);
    await onceEvent(root, 'connect');
    const priv = logClientSocket4(m.socket('/private', { auth: { token: 'wrong' } }), '/private', ctx.clientLog);
    await onceEvent(priv, 'connect_error');
    const nowhere = logClientSocket4(m.socket('/nowhere'), '/nowhere', ctx.clientLog);
    await onceEvent(nowhere, 'connect_error');
    ctx.clients.push(root, priv, nowhere);
    await ctx.heartbeat('websocket');
    priv.disconnect();
    nowhere.disconnect();
    root.disconnect();
    await ctx.waitServer((e) => e.on === 'disconnect', 'disconnect');
  },
});

// 8a. Client-initiated disconnects --------------------------------------------------------------------
SESSIONS.push({
  id: 'disconnect-client',
  description: 'Client-initiated disconnects over WebSocket: the client leaves namespace /a (DISCONNECT 1/a,) while staying on "/", then disconnects "/", which also closes the Engine.IO connection (WebSocket close).',
  eio: 4,
  optionsNote: { transports: ['websocket'] },
  server({ io, serverLog }) {
    logServerNsp4(io, '/', serverLog, (s) => s.on('still-here', () => s.emit('yes')));
    logServerNsp4(io, '/a', serverLog);
  },
  async client(ctx) {
    const { Manager } = ioc();
    const m = new Manager(ctx.url, ctx.clientOpts({ transports: ['websocket'] }));
    const root = logClientSocket4(m.socket('/'), '/', ctx.clientLog);
    const a = logClientSocket4(m.socket('/a'), '/a', ctx.clientLog);
    ctx.clients.push(root, a);
    await Promise.all([onceEvent(root, 'connect'), onceEvent(a, 'connect')]);
    a.disconnect();
    await ctx.waitServer((e) => e.on === 'disconnect' && e.nsp === '/a', '/a disconnect');
    root.emit('still-here');
    await ctx.waitClient((e) => e.name === 'yes', 'yes');
    await ctx.heartbeat('websocket');
    root.disconnect();
    await ctx.waitServer((e) => e.on === 'disconnect' && e.nsp === '/', '/ disconnect');
  },
});

// 8b. Server-initiated disconnects -----------------------------------------------------------------------
SESSIONS.push({
  id: 'disconnect-server',
  description: 'Server-initiated disconnects over HTTP long-polling: the server disconnects the /b socket (DISCONNECT 1/b,), then disconnects "/" with close=true, which also closes the Engine.IO session (close packet in a poll response).',
  eio: 4,
  optionsNote: { transports: ['polling'] },
  serverOpts: { transports: ['polling'] },
  server({ io, serverLog }) {
    const sockets = {};
    logServerNsp4(io, '/', serverLog, (s) => {
      sockets['/'] = s;
      s.on('kick-me', () => s.disconnect(true));
    });
    logServerNsp4(io, '/b', serverLog, (s) => {
      sockets['/b'] = s;
      s.on('leave-b', () => s.disconnect());
    });
  },
  async client(ctx) {
    const { Manager } = ioc();
    const m = new Manager(ctx.url, ctx.clientOpts({ transports: ['polling'] }));
    const root = logClientSocket4(m.socket('/'), '/', ctx.clientLog);
    const b = logClientSocket4(m.socket('/b'), '/b', ctx.clientLog);
    ctx.clients.push(root, b);
    await Promise.all([onceEvent(root, 'connect'), onceEvent(b, 'connect')]);
    await ctx.heartbeat('polling');
    b.emit('leave-b');
    await ctx.waitClient((e) => e.on === 'disconnect' && e.nsp === '/b', '/b disconnect');
    root.emit('kick-me');
    await ctx.waitClient((e) => e.on === 'disconnect' && e.nsp === '/', '/ disconnect');
    await ctx.waitServer((e) => e.on === 'disconnect' && e.nsp === '/', 'server / disconnect');
  },
});

// 9. socket.io@2 (Engine.IO v3, Socket.IO v4) ---------------------------------------------------------
// The same script runs against the socket.io@2 server and against socket.io@4 with allowEIO3.
function v2Server({ io, serverLog }) {
  const logNsp = (nsp, setup) => io.of(nsp).on('connection', (s) => {
    const e = { on: 'connection', nsp };
    const token = (s.handshake.query && s.handshake.query.token) || (s.handshake.auth && s.handshake.auth.token);
    if (nsp !== '/' && token) e.token = token;
    serverLog.add(e);
    // socket.use sees every incoming event as [name, ...args, ackFn?] in both 2.x and 4.x.
    s.use((packet, next) => { serverLog.add(eventEntry(nsp, packet[0], packet.slice(1))); next(); });
    s.on('disconnect', (reason) => serverLog.add({ on: 'disconnect', nsp, reason }));
    if (setup) setup(s);
  });
  logNsp('/', (s) => {
    s.on('bin', (b, cb) => {
      cb('got', b.length);
      s.emit('bin-back', { payload: Buffer.from([0xca, 0xfe]), empty: Buffer.alloc(0) },
        ackLogger(serverLog, '/', 'bin-back'));
    });
    s.on('after', (x, cb) => { cb(Buffer.from('ack-bin')); s.emit('after-reply', Buffer.from([4, 5, 6])); });
  });
  logNsp('/admin', (s) => s.on('hi', (t) => s.emit('hi-back', 'admin ok', t)));
}

async function v2Client(ctx) {
  const ioc2 = require('socket.io-client-v2');
  const m = new ioc2.Manager(ctx.url, { forceNew: true, reconnection: false, timeout: 3000 });
  const L = ctx.clientLog;
  const watch = (s, nsp, events) => {
    s.on('connect', () => L.add({ on: 'connect', nsp }));
    s.on('disconnect', (reason) => L.add({ on: 'disconnect', nsp, reason }));
    s.on('error', (err) => L.add({ on: 'error', nsp, error: canon(err) }));
    for (const ev of events) s.on(ev, (...args) => L.add(eventEntry(nsp, ev, args)));
    return s;
  };
  ctx.rec.holdUpgrades = true;
  const root = watch(m.socket('/'), '/', ['bin-back', 'after-reply']);
  const admin = watch(m.socket('/admin', { query: { token: 'abc' } }), '/admin', ['hi-back']);
  ctx.clients.push(admin, root);
  await Promise.all([
    until(() => root.connected, 3000, 'v2 / connect'),
    until(() => admin.connected, 3000, 'v2 /admin connect'),
  ]);
  // Non-ASCII text over v3 polling: payload lengths count UTF-16 code units.
  admin.emit('hi', 'h\u00e9llo \u20ac\u{1F600}');
  await ctx.waitClient((e) => e.name === 'hi-back', 'hi-back');
  root.on('bin-back', (obj, cb) => cb(Buffer.from([1, 2]), 'client-ack'));
  root.emit('bin', Buffer.from([0, 1, 2, 255]), ackLogger(L, '/', 'bin'));
  await ctx.waitServer((e) => e.on === 'ack' && e.name === 'bin-back', 'ack of bin-back');
  await ctx.waitClient((e) => e.on === 'ack' && e.name === 'bin', 'ack of bin');
  await ctx.heartbeat('polling');
  const upgraded = onceEvent(m.engine, 'upgrade');
  ctx.rec.releaseUpgrades();
  await withTimeout(upgraded, 3000, 'v2 upgrade');
  root.emit('after', Buffer.from('over ws'), ackLogger(L, '/', 'after'));
  await ctx.waitClient((e) => e.name === 'after-reply', 'after-reply');
  await ctx.waitClient((e) => e.on === 'ack' && e.name === 'after', 'ack of after');
  await ctx.heartbeat('websocket');
  admin.close();
  await ctx.waitServer((e) => e.on === 'disconnect' && e.nsp === '/admin', '/admin disconnect');
  root.close();
  await ctx.waitServer((e) => e.on === 'disconnect' && e.nsp === '/', '/ disconnect');
}

const V2_DESCRIPTION = 'Engine.IO v3 / Socket.IO protocol v4 with socket.io-client@2: polling (length-prefixed text payloads; the Node client has no XHR2 so it asks for b64=1 and binary travels as b4<base64> packets) with client-side pings, "/" and "/admin?token=abc" (query in the CONNECT packet), non-ASCII text, a binary event with an ack and a binary ack both ways over polling, then the (held) upgrade to WebSocket (binary frames start with the 0x04 type byte), a binary event with a binary ack over WebSocket, then the client disconnects both namespaces.';

SESSIONS.push({
  id: 'v2-upgrade-binary-ack',
  description: 'socket.io@2 server. ' + V2_DESCRIPTION,
  eio: 3,
  optionsNote: { transports: ['polling', 'websocket'], upgradeHeldUntilPollingTrafficDone: true },
  server: v2Server,
  client: v2Client,
});

// 10. socket.io@4 server with allowEIO3, socket.io-client@2 -----------------------------------------
SESSIONS.push({
  id: 'v2-client-v4-server',
  description: 'socket.io@4 server with allowEIO3: true (the migration setup). ' + V2_DESCRIPTION,
  eio: 3,
  v4Server: true,
  serverOpts: { allowEIO3: true },
  optionsNote: { transports: ['polling', 'websocket'], upgradeHeldUntilPollingTrafficDone: true, allowEIO3: true },
  server: v2Server,
  client: v2Client,
});

// ---- output -----------------------------------------------------------------------------------

// Pretty enough to diff: one frame / one expected entry per line.
function formatSession(s) {
  const lines = ['{'];
  const keys = Object.keys(s);
  keys.forEach((k, i) => {
    const last = i === keys.length - 1 ? '' : ',';
    const v = s[k];
    if (k === 'frames') {
      lines.push(`  "frames": [`);
      v.forEach((f, j) => lines.push('    ' + JSON.stringify(f) + (j === v.length - 1 ? '' : ',')));
      lines.push('  ]' + last);
    } else if (k === 'expected') {
      lines.push(`  "expected": {`);
      const sides = Object.keys(v);
      sides.forEach((side, si) => {
        lines.push(`    ${JSON.stringify(side)}: [`);
        v[side].forEach((e, j) => lines.push('      ' + JSON.stringify(e) + (j === v[side].length - 1 ? '' : ',')));
        lines.push('    ]' + (si === sides.length - 1 ? '' : ','));
      });
      lines.push('  }' + last);
    } else {
      lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}${last}`);
    }
  });
  lines.push('}');
  return lines.join('\n') + '\n';
}

function summary(s) {
  const c = { c2s: 0, s2c: 0, websocket: 0, polling: 0, eio: 0, sio: 0 };
  for (const f of s.frames) {
    c[f.dir]++; c[f.transport]++;
    if (f.eio) c.eio += f.eio.length;
    if (f.sio) c.sio += f.sio.length;
  }
  return `${s.frames.length} frames (c2s ${c.c2s}, s2c ${c.s2c}; websocket ${c.websocket}, polling ${c.polling}), `
    + `${c.eio} Engine.IO packets, ${c.sio} Socket.IO packets, `
    + `expected ${s.expected.server.length} server / ${s.expected.client.length} client entries`;
}

async function main() {
  const only = process.argv.slice(2);
  const defs = only.length ? SESSIONS.filter((d) => only.includes(d.id)) : SESSIONS;
  if (only.length && defs.length !== only.length) {
    throw new Error('unknown session id; known: ' + SESSIONS.map((d) => d.id).join(', '));
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  let failures = 0;
  for (const def of defs) {
    try {
      const s = await runSession(def);
      fs.writeFileSync(path.join(OUT_DIR, def.id + '.json'), formatSession(s));
      process.stdout.write(`${def.id}: ${summary(s)}\n`);
      if (s.notes) for (const n of s.notes) process.stdout.write(`  note: ${n}\n`);
    } catch (e) {
      failures++;
      process.stdout.write(`${def.id}: FAILED: ${e && e.stack || e}\n`);
    }
  }
  clearTimeout(hardLimit);
  process.exit(failures ? 1 : 0);
}

process.on('unhandledRejection', (e) => { process.stderr.write('unhandled rejection: ' + (e && e.stack || e) + '\n'); });
main().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });
