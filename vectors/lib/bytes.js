'use strict';
// Frames, packet data and the canonical JSON forms of FORMAT.md.
//
// A frame (or text/binary packet data) in a vector file is one of
//   {"t": "text", "v": "<string>"}    text whose bytes are well-formed UTF-8
//   {"t": "text", "hex": "<hex>"}     text whose bytes are not (invalid UTF-8 on the wire,
//                                     or a reference string holding a lone surrogate, as WTF-8)
//   {"t": "bin",  "v": "<base64>"}    binary, standard alphabet, padded
// These helpers build them in case files and convert them for the reference.

const { Buffer } = require('node:buffer');

// Strict UTF-8 well-formedness (Unicode table 3-7: no overlongs, no surrogates, <= U+10FFFF).
function isWellFormedUtf8(bytes) {
  const b = bytes;
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

// True when a JavaScript string has no lone surrogate.
function isWellFormedString(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

// UTF-8 of a JavaScript string, lone surrogates written as their 3-byte form (WTF-8).
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

function toBuffer(x) {
  if (Buffer.isBuffer(x)) return x;
  if (x instanceof ArrayBuffer) return Buffer.from(x);
  if (ArrayBuffer.isView(x)) return Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  if (Array.isArray(x)) return Buffer.from(x);
  throw new TypeError('not bytes: ' + Object.prototype.toString.call(x));
}

// "34 ff 0a" or "34ff0a" -> Buffer
function hexBytes(hex) {
  const clean = hex.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error('bad hex: ' + hex);
  return Buffer.from(clean, 'hex');
}

// ---- builders used by case files -------------------------------------------------------

// Text from a string (well-formed) or bytes given as hex (any).
const text = (s) => ({ t: 'text', v: s });
const textHex = (hex) => textBytes(hexBytes(hex));
// Binary from a Buffer, an array of byte values, or a hex string.
const bin = (x) => ({ t: 'bin', v: (typeof x === 'string' ? hexBytes(x) : toBuffer(x)).toString('base64') });

// Text frame from bytes: "v" when well-formed UTF-8, else "hex".
function textBytes(bytes) {
  const b = toBuffer(bytes);
  return isWellFormedUtf8(b) ? { t: 'text', v: b.toString('utf8') } : { t: 'text', hex: b.toString('hex') };
}

// Text data from a JavaScript string produced by the reference.
function textFromString(s) {
  return isWellFormedString(s) ? { t: 'text', v: s } : { t: 'text', hex: wtf8(s).toString('hex') };
}

// Canonical packet: {"type": ..., "data"?: ...}. `data` may be a frame object, a string (text)
// or undefined.
function pkt(type, data) {
  const p = { type };
  if (data !== undefined) p.data = typeof data === 'string' ? text(data) : data;
  return p;
}

// ---- conversions --------------------------------------------------------------------------

// The bytes of a frame object.
function frameBytes(f) {
  if (f.t === 'bin') return Buffer.from(f.v, 'base64');
  if ('hex' in f) return hexBytes(f.hex);
  return Buffer.from(f.v, 'utf8');
}

// Normalises a frame written in a case file: text given as hex that is well-formed becomes "v".
function normFrame(f) {
  if (f.t === 'text') return textBytes(frameBytes(f));
  return { t: 'bin', v: frameBytes(f).toString('base64') };
}

function normPacket(p) {
  const o = { type: p.type };
  if (p.data !== undefined) o.data = normFrame(typeof p.data === 'string' ? text(p.data) : p.data);
  return o;
}

// A reference (JavaScript) packet as canonical JSON. The reference's error packet is not a
// packet: callers turn it into `error: true` first.
function packetFromJs(p) {
  const o = { type: p.type === undefined ? null : p.type };
  if (p.data !== undefined) {
    if (typeof p.data === 'string') o.data = textFromString(p.data);
    else o.data = { t: 'bin', v: toBuffer(p.data).toString('base64') };
  }
  return o;
}

// A canonical packet as the reference's encoders take it.
function packetToJs(p) {
  const o = { type: p.type };
  if (p.data !== undefined) {
    if (p.data.t === 'bin') o.data = Buffer.from(p.data.v, 'base64');
    else if ('v' in p.data) o.data = p.data.v;
    else throw new Error('encode input text must be well-formed (use "v")');
  }
  return o;
}

const isJsErrorPacket = (p) => p && p.type === 'error' && p.data === 'parser error';

module.exports = {
  isWellFormedUtf8, isWellFormedString, wtf8, toBuffer, hexBytes,
  text, textHex, bin, textBytes, textFromString, pkt,
  frameBytes, normFrame, normPacket, packetFromJs, packetToJs, isJsErrorPacket,
};
