'use strict';
// Socket.IO v5 over msgpack (socket.io-msgpack-parser 3.0.2, notepack.io 2.2.0): each packet is
// one binary frame holding a msgpack map, binary values inline; decoded frame by frame by one
// Decoder, packets encoded by the Encoder.
const { Buffer } = require('node:buffer');
const { T, Bn, bin, P } = require('../lib/sio');

// ---- a msgpack writer for the inputs ------------------------------------------------------------
// Written here rather than taken from the reference, so that the decode inputs do not depend on
// the encoder under test. Minimal forms throughout; raw() splices bytes in as they are, map()
// keeps its pairs in the order given (keys of any kind, duplicates allowed).
class Raw { constructor(hex) { this.bytes = Buffer.from(hex.replace(/\s+/g, ''), 'hex'); } }
class Pairs { constructor(pairs) { this.pairs = pairs; } }
const raw = (hex) => new Raw(hex);
const map = (...pairs) => new Pairs(pairs);

function head(small, base, widths, n) {
  if (small !== null && n < small.limit) return Buffer.from([small.tag | n]);
  for (const [tag, size] of widths) {
    if (n < 2 ** (8 * size)) {
      const b = Buffer.alloc(1 + size);
      b[0] = tag;
      b.writeUIntBE(n, 1, size);
      return b;
    }
  }
  throw new Error(`${base}: too long`);
}

function mp(v) {
  if (v instanceof Raw) return v.bytes;
  if (v === null) return Buffer.from([0xc0]);
  if (v === false) return Buffer.from([0xc2]);
  if (v === true) return Buffer.from([0xc3]);
  if (typeof v === 'bigint') {
    const b = Buffer.alloc(9);
    if (v >= 0n) { b[0] = 0xcf; b.writeBigUInt64BE(v, 1); } else { b[0] = 0xd3; b.writeBigInt64BE(v, 1); }
    return b;
  }
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) { const b = Buffer.alloc(9); b[0] = 0xcb; b.writeDoubleBE(v, 1); return b; }
    if (v >= 0 && v < 0x80) return Buffer.from([v]);
    if (v < 0 && v >= -32) return Buffer.from([0x100 + v]);
    if (v >= 0) {
      if (v < 2 ** 8) return Buffer.from([0xcc, v]);
      if (v < 2 ** 16) { const b = Buffer.alloc(3); b[0] = 0xcd; b.writeUInt16BE(v, 1); return b; }
      if (v < 2 ** 32) { const b = Buffer.alloc(5); b[0] = 0xce; b.writeUInt32BE(v, 1); return b; }
      return mp(BigInt(v));
    }
    if (v >= -(2 ** 7)) return Buffer.from([0xd0, v & 0xff]);
    if (v >= -(2 ** 15)) { const b = Buffer.alloc(3); b[0] = 0xd1; b.writeInt16BE(v, 1); return b; }
    if (v >= -(2 ** 31)) { const b = Buffer.alloc(5); b[0] = 0xd2; b.writeInt32BE(v, 1); return b; }
    return mp(BigInt(v));
  }
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    return Buffer.concat([head({ limit: 32, tag: 0xa0 }, 'str', [[0xd9, 1], [0xda, 2], [0xdb, 4]], s.length), s]);
  }
  if (Buffer.isBuffer(v)) return Buffer.concat([head(null, 'bin', [[0xc4, 1], [0xc5, 2], [0xc6, 4]], v.length), v]);
  if (Array.isArray(v)) {
    return Buffer.concat([head({ limit: 16, tag: 0x90 }, 'array', [[0xdc, 2], [0xdd, 4]], v.length), ...v.map(mp)]);
  }
  const pairs = v instanceof Pairs ? v.pairs : Object.entries(v);
  return Buffer.concat([head({ limit: 16, tag: 0x80 }, 'map', [[0xde, 2], [0xdf, 4]], pairs.length),
    ...pairs.flatMap(([k, x]) => [mp(k), mp(x)])]);
}

const F = (v) => Bn(mp(v)); // a binary frame holding v
// A packet map in the order the reference encoder writes it: type, nsp, id, data.
function pk(type, data, { nsp = '/', id } = {}) {
  const pairs = [['type', type], ['nsp', nsp]];
  if (id !== undefined) pairs.push(['id', id]);
  if (data !== undefined) pairs.push(['data', data]);
  return map(...pairs);
}
const FP = (...args) => F(pk(...args)); // a binary frame holding a packet
const nest = (n, inner) => (n === 0 ? inner : [nest(n - 1, inner)]);

// ---- reasons ------------------------------------------------------------------------------------
const NUMBER_KIND = 'JavaScript has one number type, so the reference cannot tell a msgpack float from an ' +
  'integer: a float with an integral value passes Number.isInteger. A strict decoder requires a msgpack integer ' +
  'where the packet needs one (type, id).';
const NEGATIVE_ID = 'socket.io-msgpack-parser checks the ack id only with Number.isInteger, so a negative id ' +
  'passes; no encoder makes one (socket.io numbers acks from 0, the text format has no sign). A strict decoder ' +
  'refuses it.';
const PRECISION = 'notepack.io reads a uint64 as hi * 2^32 + lo in a double, which rounds beyond 2^53, so the ' +
  'ack id the application answers with is not the one sent. A strict decoder refuses ack ids above 2^53-1, the ' +
  'largest a JavaScript peer holds exactly.';
const BIG_INT = 'notepack.io reads a uint64 as hi * 2^32 + lo in a double, which rounds beyond 2^53. A strict ' +
  'decoder keeps the exact integer.';
const UNDEFINED_EXT = 'notepack.io reads the fixext 1 of type 0 as JavaScript undefined (its own extension), ' +
  'and a member holding undefined is as good as absent to the reference. A strict decoder reads only ext 8/16/32 ' +
  'of type 0 (notepack.io\'s ArrayBuffer) as binary and refuses every other extension: undefined is no value of ' +
  'the protocol.';
const EXT_ARRAY = 'notepack.io reads an extension of a type it does not know as the JavaScript array ' +
  '[type, Buffer], so it passes as an EVENT payload. A strict decoder refuses unknown extension types.';
const DATE_EXT = 'notepack.io reads the fixext 8 of type 0 as a JavaScript Date, which has no members of its ' +
  'own and so reaches the application as an object without members (recorded as {}). A strict decoder refuses it.';
const PROTO = 'notepack.io builds maps as plain JavaScript objects, so a "__proto__" key sets the object\'s ' +
  'prototype instead of a member, and the packet\'s type, nsp and data are inherited from it. A strict decoder ' +
  'reads "__proto__" as an ordinary (unknown) key: the packet has no type.';
const BAD_UTF8 = 'notepack.io decodes msgpack strings with Buffer.toString("utf8"), which replaces invalid ' +
  'UTF-8 with U+FFFD. A strict decoder refuses a string that is not UTF-8.';
const EVENT_NAME = 'socket.io-msgpack-parser checks only that an EVENT payload is an array, where socket.io-parser ' +
  '(the text format) also requires a string or number event name that is not reserved (CVE-2023-32695). A strict ' +
  'decoder applies the same checks to both formats.';
const DEPTH = 'notepack.io accepts this nesting. A strict decoder bounds the depth of a payload (64, as for the ' +
  'text format) so that hostile nesting costs bounded memory and time.';
const ENCODE_2_64 = 'notepack.io writes an integral double of 2^64 or more as uint64 with hi = (value / 2^32) >> 0, ' +
  'which wraps: 2^64 is written as 0. A strict encoder refuses an integer msgpack cannot hold.';

const EVENT_NAME_ENCODE = 'socket.io-msgpack-parser\'s Encoder writes whatever it is given; an EVENT without a name is ' +
  'refused by the text format\'s v5 decoder (CVE-2023-32695) and by a strict msgpack decoder. A strict encoder refuses the packet.';

const cases = [];
const decode = (c) => cases.push({ direction: 'decode', ...c });
const encode = (c) => cases.push({ direction: 'encode', ...c });

// ---- decode: every packet type ------------------------------------------------------------------
decode({ name: 'connect', description: 'CONNECT to the main namespace: {type: 0, nsp: "/"}.', input: [FP(0)], expect: { packets: [P(0)], error: false, incomplete: false } });
decode({ name: 'connect-auth', description: 'CONNECT with an auth object.', input: [FP(0, { token: '123' })], expect: { packets: [P(0, { token: '123' })] } });
decode({ name: 'connect-namespace-auth', description: 'CONNECT to /admin with an auth object.', input: [FP(0, { token: 'abc' }, { nsp: '/admin' })] });
decode({ name: 'connect-sid', description: 'The server\'s answer to CONNECT: an object with the sid.', input: [FP(0, { sid: 'wZX3oN0bSVIhsaknAAAI' })] });
decode({ name: 'disconnect', description: 'DISCONNECT from the main namespace.', input: [FP(1)], expect: { packets: [P(1)] } });
decode({ name: 'disconnect-namespace', description: 'DISCONNECT from /admin.', input: [FP(1, undefined, { nsp: '/admin' })] });
decode({ name: 'event', description: 'An EVENT with only its name.', input: [FP(2, ['hello'])], expect: { packets: [P(2, ['hello'])] } });
decode({ name: 'event-args', description: 'An EVENT with arguments of every msgpack kind JSON has.', input: [FP(2, ['hello', 1, 'two', { three: 3 }, [4], null, true, false, 1.5, -2])] });
decode({ name: 'event-namespace-ack-id', description: 'Namespace, ack id and payload together.', input: [FP(2, ['foo', { a: 1 }], { nsp: '/admin', id: 12 })], expect: { packets: [P(2, ['foo', { a: 1 }], { nsp: '/admin', id: 12 })] } });
decode({ name: 'ack', description: 'An ACK answering id 1.', input: [FP(3, ['ok'], { id: 1 })], expect: { packets: [P(3, ['ok'], { id: 1 })] } });
decode({ name: 'ack-empty', description: 'An ACK with no arguments: the empty array.', input: [FP(3, [], { id: 0 })] });
decode({ name: 'connect-error-string', description: 'CONNECT_ERROR with a string.', input: [FP(4, 'not authorized')] });
decode({ name: 'connect-error-object', description: 'CONNECT_ERROR with an object, as socket.io 4 sends it.', input: [FP(4, { message: 'not authorized', data: { code: 4 } })] });
decode({ name: 'two-frames', description: 'Two packets in two frames: each frame decodes on its own.', input: [FP(0), FP(2, ['a'], { id: 1 })], expect: { packets: [P(0), P(2, ['a'], { id: 1 })] } });
decode({ name: 'valid-then-invalid', description: 'A valid frame, then one that is not msgpack: the first packet is delivered, then the error.', input: [FP(2, ['a']), Bn('c1')], expect: { packets: [P(2, ['a'])], error: true } });

// ---- decode: binary inline ------------------------------------------------------------------------
decode({ name: 'binary-inline', description: 'A Buffer argument: msgpack bin 8, delivered as bytes.', input: [FP(2, ['upload', Buffer.from('000102ff', 'hex')])], expect: { packets: [P(2, ['upload', bin('000102ff')])] } });
decode({ name: 'binary-nested-empty', description: 'Binary values inside an object and an array, one of them empty.', input: [FP(2, ['a', { file: Buffer.from('hi'), parts: [Buffer.alloc(0)] }])] });
decode({ name: 'binary-16', description: '300 bytes of binary: msgpack bin 16.', input: [FP(2, ['a', Buffer.alloc(300, 0xab)])] });
decode({ name: 'binary-ext0-arraybuffer', description: 'An ext 8 of type 0: how notepack.io writes an ArrayBuffer; read back as bytes.', input: [FP(2, ['a', raw('c7 03 00 010203')])], expect: { packets: [P(2, ['a', bin('010203')])] } });

// ---- decode: msgpack forms ------------------------------------------------------------------------
decode({ name: 'member-order', description: 'The map\'s members in another order (data, id, nsp, type): the same packet.', input: [F(map(['data', ['a']], ['id', 5], ['nsp', '/x'], ['type', 2]))], expect: { packets: [P(2, ['a'], { nsp: '/x', id: 5 })] } });
decode({ name: 'extra-member', description: 'An extra member, as socket.io-client 4 sends ("options": {"compress": true}): not part of the packet.', input: [F(map(['type', 2], ['data', ['a']], ['options', { compress: true }], ['nsp', '/']))], expect: { packets: [P(2, ['a'])] } });
decode({ name: 'non-minimal-forms', description: 'Type as uint 8, namespace as str 8, payload as array 16, map as map 16: msgpack allows any width.', input: [Bn(Buffer.concat([raw('de0003').bytes, mp('type'), raw('cc02').bytes, mp('nsp'), raw('d9012f').bytes, mp('data'), raw('dc0001a161').bytes]))], expect: { packets: [P(2, ['a'])] } });
decode({ name: 'unicode', description: 'Strings beyond ASCII: accents, CJK, an emoji (4-byte UTF-8), in the namespace too.', input: [FP(2, ['héllo', '日本語', '😀'], { nsp: '/ñ' })] });
decode({ name: 'integers', description: 'Integers of every msgpack width, both signs.', input: [FP(2, ['a', 127, 128, 65535, 65536, 4294967295, 4294967296, -32, -33, -129, -32769, -2147483649])] });
decode({ name: 'int64-min', description: '-2^63 as int 64: a double holds it exactly.', input: [FP(2, ['a', -(2n ** 63n)])], expect: { packets: [P(2, ['a', -(2n ** 63n)])] } });
decode({ name: 'uint64-2-53', description: '2^53 as uint 64: a double holds it exactly.', input: [FP(2, ['a', 2n ** 53n])] });
decode({ name: 'uint64-max', description: '2^64-1 as uint 64: read as a double, rounded to 2^64.', input: [FP(2, ['a', 2n ** 64n - 1n])], artifact: true, reason: BIG_INT, strict: { packets: [P(2, ['a', 2n ** 64n - 1n])] } });
decode({ name: 'float32', description: 'A float 32 (1.5).', input: [FP(2, ['a', raw('ca3fc00000')])], expect: { packets: [P(2, ['a', 1.5])] } });
decode({ name: 'float64-infinity', description: 'Infinity as float 64: msgpack carries it, JSON cannot (recorded as {"$num":"Infinity"}).', input: [FP(2, ['a', raw('cb7ff0000000000000')])], artifact: true, reason: 'JavaScript numbers hold Infinity and the reference delivers it; no JSON value is it. A strict decoder refuses a non-finite number, as for the text format.', strict: { error: true } });

// ---- decode: packets the Decoder refuses --------------------------------------------------------
decode({ name: 'type-5', description: 'Type 5 (BINARY_EVENT) has no place in this format.', input: [FP(5, ['a'])], expect: { error: true } });
decode({ name: 'type-negative', description: 'Type -1.', input: [FP(-1, ['a'])], expect: { error: true } });
decode({ name: 'type-string', description: 'Type as the string "2".', input: [FP('2', ['a'])], expect: { error: true } });
decode({ name: 'type-missing', description: 'A map without a type.', input: [F(map(['nsp', '/'], ['data', ['a']]))], expect: { error: true } });
decode({ name: 'type-float-integral', description: 'Type 2 written as float 64 2.0: an integer to JavaScript.', input: [FP(raw('cb4000000000000000'), ['a'])], artifact: true, reason: NUMBER_KIND, strict: { error: true } });
decode({ name: 'nsp-missing', description: 'A map without a namespace.', input: [F(map(['type', 2], ['data', ['a']]))], expect: { error: true } });
decode({ name: 'nsp-number', description: 'A namespace that is a number.', input: [FP(2, ['a'], { nsp: 1 })], expect: { error: true } });
decode({ name: 'nsp-nil', description: 'A namespace that is nil.', input: [FP(2, ['a'], { nsp: null })], expect: { error: true } });
decode({ name: 'nsp-no-slash', description: 'A namespace without its leading "/": the parser only checks for a string (the server then finds no such namespace).', input: [FP(0, undefined, { nsp: 'admin' })], expect: { packets: [P(0, undefined, { nsp: 'admin' })] } });
decode({ name: 'connect-data-array', description: 'CONNECT whose auth is an array.', input: [FP(0, ['a'])], expect: { error: true } });
decode({ name: 'connect-data-nil', description: 'CONNECT whose auth is nil.', input: [FP(0, null)], expect: { error: true } });
decode({ name: 'disconnect-data', description: 'DISCONNECT with data.', input: [FP(1, {})], expect: { error: true } });
decode({ name: 'event-no-data', description: 'An EVENT without data.', input: [FP(2)], expect: { error: true } });
decode({ name: 'event-data-object', description: 'An EVENT whose data is an object.', input: [FP(2, { a: 1 })], expect: { error: true } });
decode({ name: 'ack-data-string', description: 'An ACK whose data is a string.', input: [FP(3, 'ok', { id: 1 })], expect: { error: true } });
decode({ name: 'connect-error-no-data', description: 'CONNECT_ERROR without data.', input: [FP(4)], expect: { error: true } });
decode({ name: 'connect-error-array', description: 'CONNECT_ERROR whose data is an array.', input: [FP(4, ['a'])], expect: { error: true } });
decode({ name: 'id-string', description: 'An ack id that is a string.', input: [FP(2, ['a'], { id: '1' })], expect: { error: true } });
decode({ name: 'id-fraction', description: 'An ack id of 1.5.', input: [FP(2, ['a'], { id: 1.5 })], expect: { error: true } });
decode({ name: 'id-nil', description: 'An ack id that is nil.', input: [FP(2, ['a'], { id: null })], expect: { error: true } });
decode({ name: 'id-negative', description: 'An ack id of -1: an integer, so the reference takes it.', input: [FP(2, ['a'], { id: -1 })], reason: NEGATIVE_ID, strict: { error: true } });
decode({ name: 'id-2-53-plus-1', description: 'Ack id 2^53+1 as uint 64: read as 2^53.', input: [FP(2, ['a'], { id: 2n ** 53n + 1n })], artifact: true, reason: PRECISION, strict: { error: true } });
decode({ name: 'id-undefined-ext', description: 'An ack id written as notepack.io\'s undefined (fixext 1, type 0): read as no id.', input: [FP(2, ['a'], { id: raw('d40000') })], artifact: true, reason: UNDEFINED_EXT, strict: { error: true } });
decode({ name: 'event-empty-array', description: 'An EVENT without an event name: the empty array.', input: [FP(2, [])], reason: EVENT_NAME, strict: { error: true } });
decode({ name: 'event-object-name', description: 'An EVENT whose "name" is an object.', input: [FP(2, [{}])], reason: EVENT_NAME, strict: { error: true } });
decode({ name: 'event-reserved-name', description: 'The reserved event name "connect": not checked by this parser.', input: [FP(2, ['connect'])], reason: EVENT_NAME, strict: { error: true } });
decode({ name: 'data-ext-unknown', description: 'An extension of type 5 in the payload: read as [5, bytes].', input: [FP(2, ['a', raw('d405aa')])], artifact: true, reason: EXT_ARRAY, strict: { error: true } });
decode({ name: 'data-date-ext', description: 'notepack.io\'s Date extension (fixext 8, type 0) in the payload.', input: [FP(2, ['a', raw('d700 0000000000000000')])], artifact: true, reason: DATE_EXT, strict: { error: true } });
decode({ name: 'proto-key', description: 'A map whose only key is "__proto__", holding a packet.', input: [F(map(['__proto__', pk(2, ['x'])]))], artifact: true, reason: PROTO, strict: { error: true } });
decode({ name: 'string-invalid-utf8', description: 'A string holding the bytes c3 28 (not UTF-8).', input: [FP(2, ['a', raw('a2c328')])], artifact: true, reason: BAD_UTF8, strict: { error: true } });
decode({ name: 'nesting-100-arrays', description: 'An argument nested 100 arrays deep.', input: [FP(2, ['a', nest(99, 1)])], reason: DEPTH, strict: { error: true } });

// ---- decode: frames that are not one msgpack value ------------------------------------------------
decode({ name: 'empty-frame', description: 'An empty binary frame.', input: [Bn('')], expect: { error: true } });
decode({ name: 'truncated', description: 'A packet without its last byte.', input: [Bn(mp(pk(2, ['abc'])).subarray(0, -1))], expect: { error: true } });
decode({ name: 'truncated-header', description: 'The frame ends inside a uint 32 (the ack id, last member): one of its four bytes.', input: [F(map(['type', 2], ['nsp', '/'], ['data', ['a']], ['id', raw('ce00')]))], expect: { error: true } });
decode({ name: 'trailing-bytes', description: 'A packet followed by a nil: one frame holds exactly one value.', input: [Bn(Buffer.concat([mp(pk(2, ['a'])), Buffer.from([0xc0])]))], expect: { error: true } });
decode({ name: 'top-level-array', description: 'An array instead of a map.', input: [F([2, '/', ['a']])], expect: { error: true } });
decode({ name: 'top-level-nil', description: 'A nil instead of a map.', input: [F(null)], expect: { error: true } });
decode({ name: 'reserved-byte', description: 'The byte c1, which msgpack never uses.', input: [Bn('c1')], expect: { error: true } });
decode({ name: 'array32-huge-count', description: 'A payload declaring 2^32-1 elements and holding none.', input: [FP(2, raw('ddffffffff'))], expect: { error: true } });
decode({ name: 'str32-huge-length', description: 'A namespace declaring 2^32-1 bytes and holding one.', input: [FP(2, ['a'], { nsp: raw('dbffffffff2f') })], expect: { error: true } });
decode({ name: 'text-frame', description: 'A text frame in the text format: the Decoder takes only msgpack bytes.', input: [T('2["hello"]')], expect: { error: true } });
decode({ name: 'text-frame-digit', description: 'The text frame "0": notepack.io, handed a string, takes the character "0" for a positive fixint and returns it, and that is no packet.', input: [T('0')], expect: { error: true } });

// ---- encode ---------------------------------------------------------------------------------------
encode({ name: 'connect', description: 'CONNECT to the main namespace.', input: [P(0)], expect: { frames: [F(pk(0))] } });
encode({ name: 'connect-auth', description: 'CONNECT with an auth object.', input: [P(0, { token: '123' })], expect: { frames: [F(pk(0, { token: '123' }))] } });
encode({ name: 'connect-namespace', description: 'CONNECT to /admin.', input: [P(0, undefined, { nsp: '/admin' })] });
encode({ name: 'disconnect', description: 'DISCONNECT.', input: [P(1)] });
encode({ name: 'event', description: 'An EVENT with only its name.', input: [P(2, ['hello'])], expect: { frames: [F(pk(2, ['hello']))] } });
encode({ name: 'event-args', description: 'An EVENT with arguments of every JSON kind; object members keep their order.', input: [P(2, ['hello', 1, 'two', { a: [1, { b: null }], three: 3 }, [4], null, true, false, 1.5, -2])] });
encode({ name: 'event-namespace-ack-id', description: 'Namespace, ack id and payload: id written between nsp and data.', input: [P(2, ['foo'], { nsp: '/admin', id: 12 })], expect: { frames: [F(pk(2, ['foo'], { nsp: '/admin', id: 12 }))] } });
encode({ name: 'ack', description: 'An ACK.', input: [P(3, ['ok'], { id: 1 })] });
encode({ name: 'connect-error', description: 'CONNECT_ERROR with an object.', input: [P(4, { message: 'not authorized' })] });
encode({ name: 'binary-inline', description: 'A binary argument: written inline as msgpack bin 8.', input: [P(2, ['upload', bin('000102ff')])], expect: { frames: [F(pk(2, ['upload', Buffer.from('000102ff', 'hex')]))] } });
encode({ name: 'binary-256', description: '256 bytes of binary: bin 16.', input: [P(2, ['a', bin(Buffer.alloc(256, 7))])] });
encode({ name: 'unicode', description: 'Strings beyond ASCII, in the namespace too.', input: [P(2, ['héllo', '日本語', '😀'], { nsp: '/ñ' })], expect: { frames: [F(pk(2, ['héllo', '日本語', '😀'], { nsp: '/ñ' }))] } });
encode({ name: 'string-widths', description: 'Strings of 31, 32 and 256 bytes: fixstr, str 8, str 16.', input: [P(2, ['a'.repeat(31), 'b'.repeat(32), 'c'.repeat(256)])] });
encode({ name: 'integers', description: 'Integers at every msgpack width boundary, both signs.', input: [P(2, ['a', 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649])] });
encode({ name: 'integers-64', description: '2^53 and 2^63 (exact doubles): uint 64.', input: [P(2, ['a', 2n ** 53n, 2n ** 63n])] });
encode({ name: 'integer-2-64', description: '2^64 (an exact double): written as uint 64 0.', input: [P(2, ['a', 2n ** 64n])], artifact: true, reason: ENCODE_2_64, strict: { error: true } });
encode({ name: 'floats', description: 'Fractions, one of them tiny: always float 64.', input: [P(2, ['a', 0.5, -1.25, 1e-300, 123456.789])] });
encode({ name: 'large-integral-double', description: '1e300, an integral double far beyond 2^64: written as uint 64 0.', input: [P(2, ['a', 1e300])], artifact: true, reason: ENCODE_2_64, strict: { error: true } });
encode({ name: 'event-empty-array', description: 'An EVENT with no name: the encoder writes it.', input: [P(2, [])], reason: EVENT_NAME_ENCODE, strict: { error: true } });

module.exports = { suite: 'sio5.msgpack', cases };
