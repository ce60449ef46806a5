'use strict';
// Engine.IO v3 binary (XHR2) polling payloads.
const { bin, pkt } = require('../lib/bytes');

// One packet of the binary payload: kind byte (0 text, 1 binary), length digits as bytes, 0xFF, bytes.
function rec(kind, bytes) {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  return Buffer.concat([Buffer.from([kind]), Buffer.from(String(b.length).split('').map(Number)), Buffer.from([0xff]), b]);
}
const S = (s) => rec(0, Buffer.from(s, 'utf8')); // a text packet "4hello"
const Bp = (type, ...bytes) => rec(1, Buffer.from([type, ...bytes])); // a binary packet: type byte, data
const body = (...parts) => bin(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p.replace(/\s+/g, ''), 'hex') : p))));

const PR741 = 'socketioxide-pr741';
const UNTYPED = 'engine.io-parser 2.x looks the type up without checking it, so the packet comes out with type ' +
  'undefined (recorded as null) instead of an error; engine.io 3 then ignores it. A strict decoder rejects an unknown type.';
const TRUNCATED = 'the reference slices the packet with Buffer.slice, which stops at the end of the body without ' +
  'complaint, so a length past the end yields a shorter packet; a strict decoder reports the body as truncated.';
const DIGITS = 'the reference appends each length byte to a string in decimal, so a byte above 9 adds two or three ' +
  'characters, and then skips as many bytes as the string has characters; a strict decoder accepts only bytes 0-9.';
const KIND = 'the reference treats every kind byte other than 0 as binary; a strict decoder accepts only 0 and 1.';
const UTF8JS = 'engine.io-parser 2.x decodes text packets with utf8.js in non-strict mode, which accepts a UTF-8-encoded ' +
  'surrogate and turns it into U+FFFD (other invalid UTF-8 is an error); a strict decoder rejects it.';
const LEADING_ZERO = 'the reference parses the length digits with parseInt, so leading zeros pass; a strict decoder ' +
  'accepts only canonical lengths.';

const cases = [];
const decode = (c) => cases.push({ direction: 'decode', ...c });
const encode = (c) => cases.push({ direction: 'encode', ...c });

// ---- decode: well-formed ---------------------------------------------------------------------
decode({ name: 'text-packet', description: 'One text packet: 00, length 6 as the bytes 06, FF, then "4hello".', input: body(S('4hello')), expect: { packets: [pkt('message', 'hello')], error: false } });
decode({ name: 'binary-packet', description: 'One binary packet: 01, length 4 (type byte + 3), FF, then 04 and the data.', input: body(Bp(4, 1, 2, 3)), expect: { packets: [pkt('message', bin('010203'))] } });
decode({ name: 'mixed', description: 'Text, binary, text: order is kept.', input: body(S('4a'), Bp(4, 0xff), S('2probe')) });
decode({ name: 'every-type', description: 'One text packet of each type.', input: body(...['0', '1', '2', '3', '4', '5', '6'].map(S)) });
decode({ name: 'binary-ping', description: 'A binary packet with type byte 2: a ping with binary data.', input: body(Bp(2, 1)) });
decode({ name: 'binary-empty-data', description: 'A binary packet that is only its type byte: empty data.', input: body(Bp(4)) });
decode({ name: 'two-digit-length', description: 'A length of 12: the bytes 01 02.', input: body(S('4hello world')) });
decode({ name: 'three-digit-length', description: 'A length of 300: the bytes 03 00 00.', input: body(S('4' + 'x'.repeat(299))) });
decode({ name: 'text-utf8', description: 'Text packet lengths count UTF-8 bytes here: "4€" is 4.', input: body(S('4€')), expect: { packets: [pkt('message', '€')] } });
decode({ name: 'text-emoji', description: 'A four-byte character.', input: body(S('4😀')) });
decode({ name: 'text-base64', description: 'A text packet in the "b4" + base64 form inside a binary payload.', input: body(S('b4AQID')) });
decode({ name: 'empty-body', description: 'An empty body: no packets, no error.', input: body(''), expect: { packets: [], error: false } });
decode({ name: 'many-packets', description: 'One hundred noops.', input: body(...new Array(100).fill(S('6'))) });

// ---- decode: malformed -----------------------------------------------------------------------
decode({ name: 'text-wrong-length-utf8', description: 'A text length counting UTF-16 units (2) instead of bytes (4): "4" and half of "€", not UTF-8: error.', input: body('00 02 ff 34 e2 82 ac'), expect: { packets: [], error: true } });
decode({ name: 'text-empty-packet', description: 'A text packet of length 0: no type, error.', input: body('00 00 ff'), expect: { error: true } });
decode({ name: 'text-unknown-type', description: 'A text packet with an unknown type.', input: body(S('4a'), S('9')), expect: { packets: [pkt('message', 'a')], error: true } });
decode({ name: 'text-invalid-utf8', description: 'A text packet with the byte 0xFF: utf8.js rejects it.', input: body('00 02 ff 34 ff'), expect: { error: true } });
decode({ name: 'text-overlong', description: 'A text packet with an overlong "/" (C0 AF).', input: body('00 03 ff 34 c0 af') });
decode({ name: 'text-truncated-utf8', description: 'A text packet ending inside a multi-byte character.', input: body('00 03 ff 34 e2 82'), expect: { error: true } });
decode({ name: 'header-only', description: 'A kind byte and nothing else.', input: body('00'), expect: { error: true } });
decode({ name: 'missing-ff', description: 'Length digits with no 0xFF after them.', input: body('00 01'), expect: { error: true } });
decode({ name: 'missing-length', description: 'A kind byte then 0xFF at once: an empty length.', input: body('00 ff 34'), expect: { error: true } });
decode({ name: 'length-too-short', description: 'A length one short: the packet is cut and the rest is read as the next packet, which has no 0xFF. The reference splits the whole body before delivering anything, so no packet comes out.', input: body('00 01 ff 34 61'), expect: { packets: [], error: true } });
decode({ name: 'huge-length-digits', advisory: PR741, description: 'A length of 312 digits: the reference stops reading digits after 311 and fails.', input: body(Buffer.from([0, ...new Array(312).fill(9), 0xff, 0x34])), expect: { packets: [], error: true } });
decode({ name: 'missing-ff-long-body', advisory: PR741, description: 'A body of 400 digit bytes and no 0xFF.', input: body(Buffer.from([0, ...new Array(400).fill(1)])), expect: { error: true } });

// ---- decode: lenient reads ------------------------------------------------------------------------
decode({
  name: 'huge-length', advisory: PR741, description: 'A 20-digit length with two bytes of data: the reference delivers what there is.',
  input: body(Buffer.from([0, ...new Array(20).fill(9), 0xff, 0x34, 0x61])), artifact: true, reason: TRUNCATED, strict: { error: true },
});
decode({
  name: 'huge-length-311-digits', advisory: PR741, description: 'A 311-digit length (parseInt gives Infinity): the reference delivers the rest of the body.',
  input: body(Buffer.from([0, ...new Array(311).fill(9), 0xff, 0x34, 0x61])), artifact: true, reason: TRUNCATED, strict: { error: true },
});
decode({
  name: 'length-past-end', description: 'A length of 9 with two bytes of data.', input: body('00 09 ff 34 61'),
  artifact: true, reason: TRUNCATED, strict: { error: true },
});
decode({
  name: 'binary-length-past-end', description: 'A binary packet whose length runs past the end.', input: body('01 09 ff 04 01 02'),
  artifact: true, reason: TRUNCATED, strict: { error: true },
});
decode({
  name: 'digit-byte-above-9', description: 'A length byte of 10 (not a decimal digit): read as "10", and one byte too many skipped.',
  input: body('00 0a ff 58 34 68 65 6c 6c 6f 31 32 33 34'), artifact: true, reason: DIGITS, strict: { error: true },
});
decode({
  name: 'length-leading-zero', description: 'A length written with a leading zero (00 06).', input: body('00 00 06 ff 34 68 65 6c 6c 6f'),
  artifact: true, reason: LEADING_ZERO, strict: { error: true },
});
decode({
  name: 'kind-byte-2', description: 'A kind byte of 2: read as binary.', input: body('02 03 ff 04 01 02'),
  artifact: true, reason: KIND, strict: { error: true },
});
decode({
  name: 'kind-byte-ff', description: 'A kind byte of 0xFF, which is also the length terminator: an empty length, error.', input: body('ff ff 04 01'),
});
decode({
  name: 'binary-unknown-type', description: 'A binary packet with type byte 9.', input: body(Bp(9, 1)),
  artifact: true, reason: UNTYPED, strict: { error: true },
});
decode({
  name: 'binary-zero-length', description: 'A binary packet of length 0: no type byte.', input: body('01 00 ff'),
  artifact: true, reason: UNTYPED, strict: { error: true },
});
decode({
  name: 'text-surrogate', advisory: PR741, description: 'A text packet with a UTF-8-encoded surrogate (ED A0 80): utf8.js (non-strict) replaces it with U+FFFD.',
  input: body('00 04 ff 34 ed a0 80'), artifact: true, reason: UTF8JS, strict: { error: true },
});
decode({
  name: 'text-surrogate-pair-cesu', advisory: PR741, description: 'A surrogate pair encoded as two three-byte sequences (CESU-8) for U+1F600.',
  input: body('00 07 ff 34 ed a0 bd ed b8 80'), artifact: true, reason: UTF8JS, strict: { error: true },
});

// CVE-2020-36048: engine.io read a whole polling body before any size check.
decode({ name: 'at-max-payload', advisory: 'CVE-2020-36048', description: 'A body of exactly maxPayload bytes.', options: { maxPayload: 9 }, input: body(S('4hello')), expect: { error: false } });
decode({ name: 'over-max-payload', advisory: 'CVE-2020-36048', description: 'A body one byte over maxPayload: refused as a whole.', options: { maxPayload: 8 }, input: body(S('4hello')), expect: { packets: [], error: true } });

// ---- encode --------------------------------------------------------------------------------------
encode({ name: 'empty-list', description: 'No packets: an empty body.', input: [] });
encode({ name: 'text-packet', description: 'One text packet.', input: [pkt('message', 'hello')] });
encode({ name: 'binary-packet', description: 'One binary packet: kind 01, then the type byte and the bytes.', input: [pkt('message', bin('01 02 03'))] });
encode({ name: 'mixed', description: 'Text, binary, text.', input: [pkt('message', 'a'), pkt('message', bin('ff')), pkt('ping', 'probe')] });
encode({ name: 'every-type', description: 'Each type without data.', input: ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'].map((t) => pkt(t)) });
encode({ name: 'text-utf8', description: 'Text lengths count UTF-8 bytes: "4€" is 4.', input: [pkt('message', '€')] });
encode({ name: 'text-emoji', description: 'A four-byte character: length 5.', input: [pkt('message', '😀')] });
encode({ name: 'two-digit-length', description: 'A length of 12: the bytes 01 02.', input: [pkt('message', 'hello world')] });
encode({ name: 'binary-ping', description: 'A binary ping: type byte 02.', input: [pkt('ping', bin('01'))] });
encode({ name: 'binary-empty', description: 'An empty binary message: the type byte alone, length 1.', input: [pkt('message', bin(''))] });
encode({ name: 'empty-text-data', description: 'Empty text data: "4", length 1.', input: [pkt('message', '')] });

module.exports = { suite: 'eio3.payload.binary', cases };
