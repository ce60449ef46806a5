'use strict';
// Engine.IO v4.1 WebTransport stream framing.
const { bin, pkt, hexBytes } = require('../lib/bytes');

// Canonical header for a payload of `len` bytes.
function header(len, binary) {
  const flag = binary ? 0x80 : 0;
  if (len < 126) return Buffer.from([flag | len]);
  if (len < 65536) return Buffer.from([flag | 126, len >> 8, len & 0xff]);
  const h = Buffer.alloc(9);
  h[0] = flag | 127;
  h.writeBigUInt64BE(BigInt(len), 1);
  return h;
}
const T = (s) => Buffer.concat([header(Buffer.byteLength(s), false), Buffer.from(s)]);
const Bn = (x) => { const b = typeof x === 'string' ? hexBytes(x) : Buffer.from(x); return Buffer.concat([header(b.length, true), b]); };
const H = (hex) => hexBytes(hex);
const stream = (...parts) => bin(Buffer.concat(parts));

const TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];
const HANDSHAKE = '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket","webtransport"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const MAX_SAFE = Number.MAX_SAFE_INTEGER; // 2^53 - 1
const TEXT_DECODER = 'engine.io-parser turns a text payload into a string with new TextDecoder(), which is not ' +
  'fatal (invalid bytes become U+FFFD) and strips a leading BOM';

const cases = [];
const decode = (c) => cases.push({ direction: 'decode', ...c });
const encode = (c) => cases.push({ direction: 'encode', ...c });

// ---- decode: well-formed streams ---------------------------------------------------------------
decode({ name: 'text-message', description: 'One text packet: header 0x06 (text, length 6), then "4hello".', input: stream(T('4hello')), expect: { packets: [pkt('message', 'hello')], error: false, incomplete: false } });
decode({ name: 'every-type', description: 'One packet of each type, each one byte long.', input: stream(...TYPES.map((_, d) => T(String(d)))) });
decode({ name: 'open-handshake', description: 'The open packet with its handshake JSON.', input: stream(T('0' + HANDSHAKE)) });
decode({ name: 'ping-pong-probe', description: 'Probe ping and pong in one stream.', input: stream(T('2probe'), T('3probe')) });
decode({ name: 'binary-message', description: 'One binary packet: header 0x84 (binary, length 4), then the raw bytes.', input: stream(Bn('01 02 03 04')), expect: { packets: [pkt('message', bin('01020304'))] } });
decode({ name: 'binary-text-bytes', description: 'The binary flag with the bytes of "4hello": binary data, not a text packet.', input: stream(Bn(Buffer.from('4hello'))) });
decode({ name: 'binary-all-bytes', description: 'Every byte value in one binary packet (16-bit length: 256).', input: stream(Bn(Buffer.from(Array.from({ length: 256 }, (_, i) => i)))) });
decode({ name: 'text-and-binary', description: 'Text, binary, text.', input: stream(T('4a'), Bn('ff'), T('4b')) });
decode({ name: 'text-multibyte', description: 'The length counts UTF-8 bytes: "4€" is 4 bytes.', input: stream(T('4€')), expect: { packets: [pkt('message', '€')] } });
decode({ name: 'text-emoji', description: 'A four-byte UTF-8 character, which the chunkings split in every position.', input: stream(T('4😀'), T('4😀')) });
decode({ name: 'text-bom-inside', description: 'A BOM after the type digit is data (TextDecoder strips only a leading one).', input: stream(T('4\ufeffx')) });
decode({ name: 'text-base64', description: 'A text payload in the polling form "b" + base64: decoded as a binary message.', input: stream(T('bAQID')), expect: { packets: [pkt('message', bin('010203'))] } });
decode({ name: 'text-base64-empty', description: 'A text payload "b": an empty binary message (the only way to carry one, since a zero length is an error).', input: stream(T('b')) });
decode({ name: 'text-125', description: 'The longest inline length, 125.', input: stream(T('4' + 'x'.repeat(124))) });
decode({ name: 'text-126', description: 'The shortest 16-bit length, 126: header 7E 00 7E.', input: stream(T('4' + 'x'.repeat(125))) });
decode({ name: 'binary-126', description: 'A binary packet with a 16-bit length: header FE 00 7E.', input: stream(Bn(Buffer.alloc(126, 0xab))) });
decode({ name: 'binary-65536', description: 'The shortest 64-bit length, 65536: header FF 00 00 00 00 00 01 00 00.', input: stream(Bn(Buffer.alloc(65536, 0x5a))) });
decode({ name: 'many-packets', description: 'Fifty noops back to back.', input: stream(...new Array(50).fill(T('6'))) });
decode({ name: 'empty-stream', description: 'No bytes at all: no packets, and the stream ends between packets.', input: stream(), expect: { packets: [], error: false, incomplete: false } });

// Non-minimal lengths: the engine.io framing does not forbid them and the reference accepts them.
decode({ name: 'non-minimal-16-bit-length', description: 'A 16-bit extended length holding 6 (WebSocket would require the inline form): accepted.', input: stream(H('7e 00 06'), Buffer.from('4hello')) });
decode({ name: 'non-minimal-64-bit-length', description: 'A 64-bit extended length holding 6: accepted.', input: stream(H('7f 00 00 00 00 00 00 00 06'), Buffer.from('4hello')) });
decode({ name: 'non-minimal-binary-64-bit-length', description: 'A binary packet with a 64-bit length holding 2.', input: stream(H('ff 00 00 00 00 00 00 00 02 01 02')) });

// ---- decode: truncated streams (the reference waits for more bytes; no error) ----------------
decode({ name: 'truncated-after-header', description: 'The stream ends right after a header: incomplete, not an error.', input: stream(H('06')), expect: { packets: [], error: false, incomplete: true } });
decode({ name: 'truncated-in-payload', description: 'The stream ends inside a payload.', input: stream(H('06'), Buffer.from('4he')), expect: { incomplete: true } });
decode({ name: 'truncated-in-16-bit-length', description: 'The stream ends inside a 16-bit extended length.', input: stream(H('7e 00')), expect: { incomplete: true } });
decode({ name: 'truncated-in-64-bit-length', description: 'The stream ends inside a 64-bit extended length.', input: stream(H('7f 00 00 00 00 00')), expect: { incomplete: true } });
decode({ name: 'truncated-before-16-bit-length', description: 'The stream ends right after a header announcing a 16-bit length.', input: stream(H('fe')), expect: { incomplete: true } });
decode({ name: 'packet-then-truncated', description: 'A whole packet, then a partial one: the first is delivered.', input: stream(T('4a'), H('7f 00 00')), expect: { packets: [pkt('message', 'a')], incomplete: true } });
decode({ name: 'truncated-in-utf8', description: 'The stream ends inside a multi-byte character of a text payload.', input: stream(H('05'), H('34 f0 9f 98')), expect: { incomplete: true } });
decode({
  name: 'length-max-safe-integer', description: 'A 64-bit length of 2^53-1 with maxPayload 2^53-1: the length is accepted and the decoder waits for the payload.',
  options: { maxPayload: MAX_SAFE }, input: stream(H('7f 00 1f ff ff ff ff ff ff')), expect: { packets: [], error: false, incomplete: true },
});

// ---- decode: errors --------------------------------------------------------------------------------
decode({ name: 'zero-length-text', description: 'A text header with length 0: error.', input: stream(H('00')), expect: { packets: [], error: true } });
decode({ name: 'zero-length-binary', description: 'A binary header with length 0 (0x80): error. This is what the reference encoder writes for an empty binary message (see encode.binary-empty).', input: stream(H('80')), expect: { error: true } });
decode({ name: 'zero-length-16-bit', description: 'A 16-bit extended length of 0: error.', input: stream(H('7e 00 00')), expect: { error: true } });
decode({ name: 'zero-length-64-bit', description: 'A 64-bit extended length of 0: error.', input: stream(H('7f 00 00 00 00 00 00 00 00')), expect: { error: true } });
decode({ name: 'zero-length-after-packet', description: 'A packet, then a zero length: the packet is delivered, then the error.', input: stream(T('4a'), H('00'), T('4b')), expect: { packets: [pkt('message', 'a')], error: true } });
decode({ name: 'unknown-type', description: 'A text payload with an unknown type digit: error; nothing after it counts.', input: stream(T('4a'), T('9'), T('4b')), expect: { packets: [pkt('message', 'a')], error: true } });
decode({ name: 'empty-type-bom-only', description: 'A text payload that is only a BOM: TextDecoder strips it, leaving an empty packet.', input: stream(H('03 ef bb bf')), expect: { error: true } });
decode({ name: 'over-max-payload-inline', advisory: 'CVE-2020-36048', description: 'An inline length over maxPayload: error as soon as the header byte arrives, before any payload byte (the WebTransport form of the CVE\'s class: size checked before buffering).', options: { maxPayload: 5 }, input: stream(H('06')), expect: { error: true } });
decode({ name: 'at-max-payload-inline', description: 'A length equal to maxPayload is accepted.', options: { maxPayload: 6 }, input: stream(T('4hello')), expect: { error: false } });
decode({ name: 'over-max-payload-16-bit', advisory: 'CVE-2020-36048', description: 'A 16-bit length one over maxPayload: error once the length is read, with no payload byte sent.', options: { maxPayload: 1000 }, input: stream(H('7e 03 e9')), expect: { error: true } });
decode({ name: 'over-max-payload-64-bit', advisory: 'CVE-2020-36048', description: 'A 64-bit length one over the default maxPayload (1000001): error once the length is read, with no payload byte sent.', input: stream(H('7f 00 00 00 00 00 0f 42 41')), expect: { error: true } });
decode({ name: 'max-payload-64-bit-all-ones', description: 'A 64-bit length of 2^64-1.', options: { maxPayload: MAX_SAFE }, input: stream(H('7f ff ff ff ff ff ff ff ff')), expect: { error: true } });
decode({ name: 'length-2-pow-53', description: 'A 64-bit length of 2^53 (above JavaScript\'s safe integers): error, even with maxPayload 2^53-1.', options: { maxPayload: MAX_SAFE }, input: stream(H('7f 00 20 00 00 00 00 00 00')), expect: { error: true } });
decode({ name: 'length-top-bit-set', description: 'A 64-bit length with its top bit set (2^63).', options: { maxPayload: MAX_SAFE }, input: stream(H('ff 80 00 00 00 00 00 00 00')), expect: { error: true } });
decode({ name: 'length-max-safe-default-max-payload', description: 'A 64-bit length of 2^53-1 against the default maxPayload.', input: stream(H('7f 00 1f ff ff ff ff ff ff')), expect: { error: true } });
decode({
  name: 'extended-header-under-small-max-payload',
  description: 'maxPayload 100 and a non-minimal 16-bit length of 6: the reference compares the header\'s 7-bit value (126) with maxPayload before reading the real length, and fails.',
  options: { maxPayload: 100 }, input: stream(H('7e 00 06'), Buffer.from('4hello')), expect: { error: true },
  artifact: true,
  reason: 'the reference checks expectedLength > maxPayload after every state step, including right after the first header byte, when expectedLength still holds the marker 126 or 127; a decoder that checks the real length accepts this packet.',
  strict: { packets: [pkt('message', 'hello')], error: false },
});

// ---- decode: text payloads the reference decodes leniently ----------------------------------
decode({
  name: 'bom-before-text', description: 'A BOM before the type digit of a text payload: the reference strips it and decodes "4hello".',
  input: stream(H('09 ef bb bf'), Buffer.from('4hello')), artifact: true,
  reason: `${TEXT_DECODER}; a strict decoder rejects it: the type must be the first byte.`, strict: { error: true },
});
decode({
  name: 'invalid-utf8-text', description: 'A text payload with the byte 0xFF.',
  input: stream(H('03 34 ff 68')), artifact: true, reason: `${TEXT_DECODER}; a strict decoder rejects text that is not UTF-8.`, strict: { error: true },
});
decode({
  name: 'invalid-utf8-surrogate', description: 'A text payload with a surrogate encoded in UTF-8 (ED A0 80).',
  input: stream(T('4a'), H('04 34 ed a0 80')), artifact: true, reason: `${TEXT_DECODER}; a strict decoder rejects text that is not UTF-8.`,
  strict: { packets: [pkt('message', 'a')], error: true },
});
decode({
  name: 'invalid-utf8-overlong', description: 'A text payload with an overlong "/" (C0 AF).',
  input: stream(H('03 34 c0 af')), artifact: true, reason: `${TEXT_DECODER}; a strict decoder rejects text that is not UTF-8.`, strict: { error: true },
});
decode({
  name: 'invalid-utf8-cut-by-length', description: 'A length that ends a text payload inside a multi-byte character, the rest of which follows as the next header.',
  input: stream(H('02 34 e2'), H('82 ac')), artifact: true, reason: `${TEXT_DECODER}; a strict decoder rejects text that is not UTF-8.`, strict: { error: true },
});
decode({
  name: 'base64-unpadded', description: 'A text payload "bAQ": unpadded base64.',
  input: stream(T('bAQ')), artifact: true,
  reason: 'Node\'s Buffer.from(s, "base64") accepts base64 without padding; a strict decoder rejects it: the protocol sends standard base64 with padding.',
  strict: { error: true },
});

// ---- encode -----------------------------------------------------------------------------------------
TYPES.forEach((type) => encode({ name: `${type}-no-data`, description: `A ${type} packet with no data: header 0x01, then the digit.`, input: [pkt(type)] }));
encode({ name: 'open-handshake', description: 'The open packet with handshake JSON.', input: [pkt('open', HANDSHAKE)] });
encode({ name: 'message-text', description: 'A text message.', input: [pkt('message', 'hello')] });
encode({ name: 'message-empty-text', description: 'Empty text data: "4", length 1.', input: [pkt('message', '')] });
encode({ name: 'message-multibyte', description: 'The length counts UTF-8 bytes.', input: [pkt('message', '€😀')] });
encode({ name: 'binary-message', description: 'A binary message: header 0x84, then the raw bytes (no type).', input: [pkt('message', bin('01 02 03 04'))] });
encode({ name: 'text-125', description: 'A 125-byte text packet: inline length.', input: [pkt('message', 'x'.repeat(124))] });
encode({ name: 'text-126', description: 'A 126-byte text packet: 16-bit length.', input: [pkt('message', 'x'.repeat(125))] });
encode({ name: 'binary-125', description: 'A 125-byte binary packet: inline length with the binary flag (0xFD).', input: [pkt('message', bin(Buffer.alloc(125, 1)))] });
encode({ name: 'binary-126', description: 'A 126-byte binary packet: 16-bit length with the binary flag (0xFE).', input: [pkt('message', bin(Buffer.alloc(126, 1)))] });
encode({ name: 'binary-65536', description: 'A 65536-byte binary packet: 64-bit length with the binary flag (0xFF).', input: [pkt('message', bin(Buffer.alloc(65536, 0x5a)))] });
encode({ name: 'several-packets', description: 'Packets written one after another in one stream.', input: [pkt('open', '{}'), pkt('message', 'a'), pkt('message', bin('ff')), pkt('ping')] });
encode({
  name: 'binary-empty', description: 'An empty binary message: the reference writes header 0x80 (binary, length 0), which its own decoder rejects (see decode.zero-length-binary).',
  input: [pkt('message', bin(''))],
  reason: 'the framing cannot carry an empty binary packet (a zero length is an error); a strict encoder writes the text packet "b" instead (01 62), which every decoder reads as an empty binary message.',
  strict: { frame: bin('01 62') },
});
encode({
  name: 'binary-ping', description: 'A ping with binary data: written as a bare binary frame, which decodes as a message.',
  input: [pkt('ping', bin('01'))],
});

module.exports = { suite: 'eio4.webtransport', cases };
