'use strict';
// Socket.IO packets in the canonical JSON of FORMAT.md ("Socket.IO suites"), the conversions
// to and from the reference's JavaScript values, and builders for the sio case files.
//
// A canonical packet is {"type": <0-6>, "nsp": "<namespace>", "id"?: <number>, "data"?: <value>}.
// A value is JSON, numbers written exactly (an integer-valued double beyond 2^53 with all its
// digits), except for what JSON cannot hold:
//   {"$bin": "<base64>"}                       a binary value (Buffer, ArrayBuffer, typed array)
//   {"$num": "NaN" | "Infinity" | "-Infinity"}  a non-finite number (js-artifact only)
//   {"$wtf8": "<hex>"}                         a string holding a lone UTF-16 surrogate, as WTF-8
//                                              (js-artifact only)
// and `undefined` is written as JSON.stringify writes it: null in an array, left out of an
// object (js-artifact only). An object of the reference's own data that has a "$bin", "$num"
// or "$wtf8" member would be ambiguous: the conversion refuses it.

const { Buffer } = require('node:buffer');
const B = require('./bytes');

const MARKERS = ['$bin', '$num', '$wtf8'];

const isBinaryJs = (v) => Buffer.isBuffer(v) || v instanceof ArrayBuffer || ArrayBuffer.isView(v);

// A JavaScript value from the reference -> canonical value. `note(what)` is called for every
// artifact met (an undefined, a non-finite number, a lone surrogate).
function toCanon(v, note, where = 'data') {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (B.isWellFormedString(v)) return v;
    note(`${where}: a string with a lone surrogate`);
    return { $wtf8: B.wtf8(v).toString('hex') };
  }
  if (typeof v === 'number') {
    // An integer beyond 2^53 is written with all its digits (a BigInt, which lib/json.js writes
    // as such): JSON.stringify would write the shortest decimal that rounds to it (2^63 as
    // 9223372036854776000), which an exact reader takes for another integer.
    if (Number.isInteger(v) && !Number.isSafeInteger(v)) return BigInt(v);
    if (Number.isFinite(v)) return v;
    note(`${where}: the number ${v}`);
    return { $num: String(v) };
  }
  if (isBinaryJs(v)) return { $bin: B.toBuffer(v).toString('base64') };
  if (Array.isArray(v)) {
    return v.map((x, i) => {
      if (x === undefined) { note(`${where}[${i}]: undefined (written as null)`); return null; }
      return toCanon(x, note, `${where}[${i}]`);
    });
  }
  if (typeof v === 'object') {
    // A null prototype, so that a "__proto__" member is an ordinary member here too.
    const o = Object.create(null);
    for (const k of Object.keys(v)) {
      if (!B.isWellFormedString(k)) throw new Error(`${where}: a member name with a lone surrogate has no canonical form`);
      if (MARKERS.includes(k)) throw new Error(`${where}: a member named ${k} would be read as a marker`);
      if (v[k] === undefined) { note(`${where}.${k}: undefined (left out)`); continue; }
      o[k] = toCanon(v[k], note, `${where}.${k}`);
    }
    return o;
  }
  throw new Error(`${where}: no canonical form for a ${typeof v}`);
}

// UTF-8 byte order of two strings, as nlohmann::json (std::map<std::string>) sorts keys.
const byteOrder = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

// A canonical value -> the JavaScript value an application hands the reference's encoder.
// Encode inputs keep object members in UTF-8 byte order (see FORMAT.md): JSON.stringify writes
// them in the object's own order, sioc (nlohmann::json) sorted, and a vector compares bytes.
function fromCanon(v, where = 'data') {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'string' && !B.isWellFormedString(v)) throw new Error(`${where}: lone surrogate in an encode input`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => fromCanon(x, `${where}[${i}]`));
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === '$bin') return Buffer.from(v.$bin, 'base64');
  if (keys.length === 1 && keys[0] === '$num') return Number(v.$num);
  if (keys.some((k) => MARKERS.includes(k))) throw new Error(`${where}: malformed marker object`);
  const sorted = [...keys].sort(byteOrder);
  if (keys.join('\u0000') !== sorted.join('\u0000')) {
    throw new Error(`${where}: encode input members must be in UTF-8 byte order (got ${JSON.stringify(keys)})`);
  }
  const o = {};
  for (const k of keys) Object.defineProperty(o, k, { value: fromCanon(v[k], `${where}.${k}`), enumerable: true, writable: true, configurable: true });
  return o;
}

// Canonical packet from a packet the reference's Decoder emitted.
function packetFromJs(p, note, version) {
  const o = { type: p.type };
  if (p.nsp !== undefined) o.nsp = toCanon(p.nsp, note, 'nsp');
  else note('a packet without a namespace');
  if (p.id !== undefined) o.id = toCanon(p.id, note, 'id');
  if (p.data !== undefined) o.data = toCanon(p.data, note);
  if (version === 4 && (p.type === 5 || p.type === 6)) note('a reassembled v4 packet keeps its binary type');
  return o;
}

// A canonical packet as the reference's encoders take it.
function packetToJs(p) {
  const o = { type: p.type, nsp: p.nsp };
  if (p.id !== undefined) o.id = fromCanon(p.id, 'id');
  if (p.data !== undefined) o.data = fromCanon(p.data);
  return o;
}

// Checks a canonical packet written in a case file (encode input, strict expectation).
function normPacket(p, where) {
  for (const k of Object.keys(p)) if (!['type', 'nsp', 'id', 'data'].includes(k)) throw new Error(`${where}: packet member ${k}`);
  if (!Number.isInteger(p.type)) throw new Error(`${where}: packet type must be an integer`);
  const o = { type: p.type };
  if (p.nsp !== undefined) o.nsp = p.nsp;
  if (p.id !== undefined) o.id = p.id;
  if (p.data !== undefined) o.data = p.data;
  return o;
}

// ---- builders for case files ------------------------------------------------------------

const T = (s) => B.text(s);                    // a text frame
const TH = (hex) => B.textHex(hex);            // a text frame given as bytes
const Bn = (x) => B.bin(x === undefined ? '' : x); // a binary frame: hex string, array or Buffer
const bin = (x) => ({ $bin: (typeof x === 'string' ? B.hexBytes(x) : B.toBuffer(x)).toString('base64') });
const ph = (num) => ({ _placeholder: true, num });   // a placeholder, for JSON.stringify in cases
// A canonical packet: P(2, ["a"]), P(2, ["a"], {nsp: "/x", id: 1}).
function P(type, data, { nsp = '/', id } = {}) {
  const p = { type, nsp };
  if (id !== undefined) p.id = id;
  if (data !== undefined) p.data = data;
  return p;
}

module.exports = { toCanon, fromCanon, packetFromJs, packetToJs, normPacket, byteOrder, T, TH, Bn, bin, ph, P };
