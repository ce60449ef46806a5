'use strict';
// Engine.IO v3 text polling payloads: "<length>:<packet>", lengths in UTF-16 code units.
const { text, textHex, bin, pkt } = require('../lib/bytes');

const HANDSHAKE = '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}';
const framed = (...packets) => packets.map((p) => `${p.length}:${p}`).join('');
const PR741 = 'socketioxide-pr741';
const NUMBER = 'the reference reads the length with JavaScript\'s Number() and compares with !=, so any string ' +
  'Number() maps to the same value passes (whitespace, signs, leading zeros, "0x", exponents); a strict decoder ' +
  'accepts only canonical decimal digits.';
const SURROGATE = 'the length counts UTF-16 code units, and one that ends between the two halves of a surrogate ' +
  'pair cuts a character in two: the reference delivers a string holding a lone surrogate (recorded as WTF-8 hex). ' +
  'A strict decoder rejects a length that does not end on a character boundary.';
const REPLACED_UTF8 = 'engine.io reads a text body with req.setEncoding("utf8"), which turns invalid bytes into ' +
  'U+FFFD instead of failing; a strict decoder rejects a body that is not UTF-8.';
const UNTYPED = 'engine.io-parser 2.x looks the type of a "b" packet up without checking it, so the packet comes ' +
  'out with type undefined (recorded as null) instead of an error. A strict decoder rejects an unknown type.';
const LENIENT_B64 = 'Node\'s Buffer.from(s, "base64") accepts non-canonical base64; a strict decoder rejects it: the ' +
  'protocol sends standard base64 with padding.';

const cases = [];
const decode = (c) => cases.push({ direction: 'decode', ...c });
const encode = (c) => cases.push({ direction: 'encode', ...c });

// ---- decode: well-formed ---------------------------------------------------------------------
decode({ name: 'single-message', description: 'One packet: "6:4hello".', input: text('6:4hello'), expect: { packets: [pkt('message', 'hello')], error: false } });
decode({ name: 'two-packets', description: 'Two packets back to back.', input: text(framed('4hello', '2probe')) });
decode({ name: 'every-type', description: 'One packet of each type.', input: text(framed('0', '1', '2', '3', '4', '5', '6')) });
decode({ name: 'open-handshake', description: 'The open packet as the first poll returns it.', input: text(framed('0' + HANDSHAKE, '40')) });
decode({ name: 'binary-message', description: 'A binary message as "b4" + base64, its length counting that text.', input: text('6:b4AQID') });
decode({ name: 'text-and-binary', description: 'Text and binary packets mixed.', input: text(framed('4a', 'b4AQ==', '4b')) });
decode({ name: 'binary-ping', description: 'A binary ping "b2...": any type may carry binary data in v3.', input: text(framed('b2AQID')) });
decode({ name: 'binary-empty', description: '"b4" alone: an empty binary message.', input: text('2:b4') });
decode({ name: 'socketio-events', description: 'Socket.IO v4 packets inside messages.', input: text(framed('42["a",1]', '42["b",{"c":"d"}]')) });
decode({ name: 'bmp-length', description: '"€" is one UTF-16 code unit (three UTF-8 bytes): "2:4€".', input: text('2:4€'), expect: { packets: [pkt('message', '€')] } });
decode({ name: 'emoji-length', description: 'An emoji is two UTF-16 code units: "3:4😀".', input: text('3:4😀'), expect: { packets: [pkt('message', '😀')] } });
decode({ name: 'emoji-and-more', description: 'Several non-ASCII packets.', input: text(framed('4😀😀', '4€', '4你好')) });
decode({ name: 'empty-list', description: '"0:" is what the reference encodes for no packets: it decodes to none.', input: text('0:'), expect: { packets: [], error: false } });
decode({ name: 'zero-length-between', description: 'A "0:" between packets is skipped.', input: text('2:4a0:2:4b'), artifact: true,
  reason: 'a zero-length record holds no packet type; the reference skips it. A strict decoder refuses it (only a body that is exactly "0:", the empty list, is accepted).',
  strict: { packets: [pkt('message', 'a')], error: true } });
decode({ name: 'close-then-more', description: 'A close packet followed by more: the parser delivers all of them (the engine.io server stops reading at the close).', input: text(framed('1', '6', '4a')) });
decode({ name: 'many-packets', description: 'One hundred noops.', input: text(new Array(100).fill('1:6').join('')) });
decode({ name: 'record-separator-in-data', description: '0x1E has no meaning in v3: it is data.', input: text(framed('4a\u001eb')) });

// ---- decode: malformed -----------------------------------------------------------------------
decode({ name: 'empty-body', description: 'An empty body: error.', input: text(''), expect: { packets: [], error: true } });
decode({ name: 'no-colon', description: 'Digits and no colon: error at the end.', input: text('6'), expect: { error: true } });
decode({ name: 'length-too-long', description: 'A length past the end of the body: error.', input: text('7:4hello'), expect: { error: true } });
decode({ name: 'length-too-short', description: 'A length one short: the packet is cut and the rest is read as a length.', input: text('5:4hello'), expect: { packets: [pkt('message', 'hell')], error: true } });
decode({ name: 'truncated-second-packet', description: 'A second packet cut short: the first is delivered, then the error.', input: text('6:4hello6:2pro'), expect: { packets: [pkt('message', 'hello')], error: true } });
decode({ name: 'trailing-length', description: 'A length with nothing after it at the end.', input: text('6:4hello6'), expect: { packets: [pkt('message', 'hello')], error: true } });
decode({ name: 'trailing-garbage', description: 'Text after the last packet that is not a length.', input: text('2:4ax'), expect: { packets: [pkt('message', 'a')], error: true } });
decode({ name: 'unknown-type', description: 'A packet with an unknown type: error.', input: text('6:4hello1:9'), expect: { packets: [pkt('message', 'hello')], error: true } });
decode({ name: 'negative-length', description: 'A negative length: error.', input: text('-1:4a'), expect: { error: true } });
decode({ name: 'letter-length', description: 'A length that is not a number.', input: text('a:4a'), expect: { error: true } });
decode({ name: 'utf8-byte-length', description: 'A length counted in UTF-8 bytes (4) instead of UTF-16 units (2): error.', input: text('4:4€'), expect: { error: true } });

// ---- socketioxide PR #741: payloads that made a v3 decoder panic ----------------------------------
decode({ name: 'huge-length', advisory: PR741, description: 'A length far beyond the body (and 2^64): error, and nothing allocated for it.', input: text('99999999999999999999:4a'), expect: { error: true } });
decode({ name: 'huge-length-2-pow-64', advisory: PR741, description: 'A length of 2^64: error.', input: text('18446744073709551616:4a'), expect: { error: true } });
decode({ name: 'huge-length-2-pow-53-plus-1', advisory: PR741, description: 'A length of 2^53+1, which a double cannot hold: error.', input: text('9007199254740993:4a'), expect: { error: true } });
decode({ name: 'huge-length-1000-digits', advisory: PR741, description: 'A 1000-digit length: error.', input: text('9'.repeat(1000) + ':4a'), expect: { error: true } });
decode({ name: 'huge-length-infinity', advisory: PR741, description: 'A length of "Infinity": error.', input: text('Infinity:4a'), expect: { error: true } });
decode({ name: 'zero-length', advisory: PR741, description: '"0:" alone: no packets, no error.', input: text('0:'), expect: { packets: [], error: false } });
decode({ name: 'zero-length-repeated', advisory: PR741, description: '"0:0:0:": no packets, no error.', input: text('0:0:0:'), expect: { packets: [], error: false }, artifact: true,
  reason: 'zero-length records hold no packet type; the reference skips them. A strict decoder refuses them.',
  strict: { packets: [], error: true } });
decode({ name: 'colon-only', advisory: PR741, description: '":" alone: an empty length, error.', input: text(':'), expect: { packets: [], error: true } });
decode({ name: 'colon-then-packet', advisory: PR741, description: '":4a": an empty length, error.', input: text(':4a'), expect: { error: true } });
decode({ name: 'double-colon', advisory: PR741, description: '"::".', input: text('::'), expect: { error: true } });
decode({ name: 'length-then-colon-only', advisory: PR741, description: '"1:" with nothing after it.', input: text('1:'), expect: { error: true } });
decode({ name: 'length-inside-utf8-sequence', advisory: PR741, description: 'A length that ends inside the UTF-8 bytes of "€" (byte 2 of 4): the reference counts UTF-16 units, so "2:4€" is one whole packet; a byte-counting decoder would slice mid-character.', input: text('2:4€1:6'), expect: { packets: [pkt('message', '€'), pkt('noop')], error: false } });
decode({ name: 'length-inside-utf8-sequence-emoji', advisory: PR741, description: 'A length that a byte-counting decoder would end inside an emoji: "3:4😀" (3 UTF-16 units, 5 bytes).', input: text('3:4😀1:6'), expect: { error: false } });
decode({
  name: 'lone-surrogate-split', advisory: PR741, description: 'A length ending between the two halves of an emoji\'s surrogate pair ("2:4😀"): the reference delivers a message holding the high surrogate alone, then fails on the low one.',
  input: text('2:4😀'), artifact: true, reason: SURROGATE, strict: { error: true },
});
decode({
  name: 'lone-surrogate-split-then-packets', advisory: PR741, description: 'As lone-surrogate-split, followed by a well-formed packet that is never reached.',
  input: text('1:62:4😀1:6'), artifact: true, reason: SURROGATE, strict: { packets: [pkt('noop')], error: true },
});
decode({ name: 'lone-surrogate-first', advisory: PR741, description: 'A length that starts a packet with the low half of a pair.', input: text('3:😀4'), expect: { error: true } });
decode({
  name: 'lone-surrogate-utf8', advisory: PR741, description: 'A surrogate encoded in UTF-8 (ED A0 80) in the body: not UTF-8.',
  input: textHex('32 3a 34 ed a0 80'), artifact: true, reason: REPLACED_UTF8, strict: { error: true },
});
decode({
  name: 'lone-surrogate-utf8-counted-as-one', advisory: PR741, description: 'A CESU-8 surrogate (ED A0 80) whose length counts it as one unit, as a WTF-8 writer would: the reference sees three U+FFFD and fails on the leftovers.',
  input: textHex('32 3a 34 ed a0 80 31 3a 36'), artifact: true, reason: REPLACED_UTF8, strict: { error: true },
});

// ---- decode: lenient reads ------------------------------------------------------------------------
for (const [name, s, why] of [
  ['length-leading-space', ' 2:4a', 'a space before the digits'],
  ['length-trailing-space', '2 :4a', 'a space after the digits'],
  ['length-tab-newline', '\t2\n:4a', 'tab and newline around the digits'],
  ['length-leading-zero', '02:4a', 'a leading zero'],
  ['length-plus-sign', '+2:4a', 'a plus sign'],
  ['length-hex', '0x2:4a', 'hexadecimal "0x2"'],
  ['length-binary-literal', '0b10:4a', 'binary literal "0b10"'],
  ['length-exponent', '2e0:4a', 'exponent "2e0"'],
  ['length-decimal-point', '2.0:4a', 'decimal point "2.0"'],
  ['length-bom', '\ufeff2:4a', 'a BOM before it (Number() trims U+FEFF as whitespace)'],
  ['length-unicode-space', '\u30002\u00a0:4a', 'IDEOGRAPHIC SPACE and NO-BREAK SPACE around it'],
  ['length-negative-zero', '-0:2:4a', 'negative zero "-0" (then a real packet)'],
]) {
  decode({ name, description: `A length written with ${why}: accepted by the reference.`, input: text(s), artifact: true, reason: NUMBER, strict: { error: true } });
}
decode({ name: 'base64-unknown-type', description: '"b9...": a binary packet with an unknown type.', input: text('3:b9A'), artifact: true, reason: UNTYPED, strict: { error: true } });
decode({ name: 'base64-no-type', description: '"b" alone, length 1.', input: text('1:b'), artifact: true, reason: UNTYPED, strict: { error: true } });
decode({ name: 'base64-unpadded', description: 'Unpadded base64 in a binary packet.', input: text('4:b4AQ'), artifact: true, reason: LENIENT_B64, strict: { error: true } });
decode({ name: 'base64-url-safe', description: 'URL-safe base64 in a binary packet.', input: text('2:4a6:b4-_-_'), artifact: true, reason: LENIENT_B64, strict: { packets: [pkt('message', 'a')], error: true } });
decode({ name: 'invalid-utf8', description: 'The byte 0xFF in a text packet.', input: textHex('32 3a 34 ff'), artifact: true, reason: REPLACED_UTF8, strict: { error: true } });

// CVE-2020-36048: engine.io read a whole polling body before any size check.
decode({ name: 'at-max-payload', advisory: 'CVE-2020-36048', description: 'A body of exactly maxPayload bytes.', options: { maxPayload: 16 }, input: text(framed('4hello', '4world')), expect: { error: false } });
decode({ name: 'over-max-payload', advisory: 'CVE-2020-36048', description: 'A body one byte over maxPayload: refused as a whole.', options: { maxPayload: 16 }, input: text(framed('4hello', '4world!')), expect: { packets: [], error: true } });
decode({ name: 'max-payload-counts-bytes', advisory: 'CVE-2020-36048', description: 'The limit counts UTF-8 bytes, not the UTF-16 units of the length prefixes: 6 characters, 12 bytes, against maxPayload 10.', options: { maxPayload: 10 }, input: text('4:4€€€'), expect: { error: true } });

// ---- encode --------------------------------------------------------------------------------------
encode({ name: 'empty-list', description: 'No packets: "0:".', input: [] });
encode({ name: 'single-message', description: 'One text packet.', input: [pkt('message', 'hello')] });
encode({ name: 'two-packets', description: 'Two packets.', input: [pkt('message', 'hello'), pkt('ping', 'probe')] });
encode({ name: 'every-type', description: 'Each type without data.', input: ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'].map((t) => pkt(t)) });
encode({ name: 'open-handshake', description: 'The first poll\'s answer: open, then the Socket.IO connect.', input: [pkt('open', HANDSHAKE), pkt('message', '0')] });
encode({ name: 'bmp-length', description: '"€" counts one unit.', input: [pkt('message', '€')] });
encode({ name: 'emoji-length', description: 'An emoji counts two units.', input: [pkt('message', '😀')] });
encode({ name: 'binary-message', description: 'A binary message: "b4" + base64, length counting that text.', input: [pkt('message', bin('01 02 03'))] });
encode({ name: 'binary-padding', description: 'Base64 padding as due.', input: [pkt('message', bin('01'))] });
encode({ name: 'binary-empty', description: 'An empty binary message: "2:b4".', input: [pkt('message', bin(''))] });
encode({ name: 'binary-ping', description: 'Binary data on a ping: "b2" + base64.', input: [pkt('ping', bin('01'))] });
encode({ name: 'text-and-binary', description: 'Mixed packets.', input: [pkt('message', 'a'), pkt('message', bin('ff fe')), pkt('noop')] });
encode({ name: 'long-length', description: 'A packet longer than 9 units: a two-digit length.', input: [pkt('message', 'abcdefghijklmnopqrstuvwxyz')] });
encode({ name: 'empty-text-data', description: 'Empty text data: "1:4".', input: [pkt('message', '')] });

module.exports = { suite: 'eio3.payload.text', cases };
