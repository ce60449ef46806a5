'use strict';
// Engine.IO v4 single packets: WebSocket frames and the text form of one polling packet.
const { text, textHex, bin, pkt } = require('../lib/bytes');

const TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];
const HANDSHAKE = '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

const LENIENT_B64 = 'Node\'s Buffer.from(s, "base64") is lenient: it skips characters outside the alphabet, ' +
  'accepts the URL-safe alphabet, does not require padding and stops at the first "="';
const STRICT_B64 = 'a strict decoder rejects it: the protocol sends standard base64 with padding';

const cases = [];
const an = (w) => (/^[aeiou]/.test(w) ? 'an ' : 'a ') + w;
const decode = (c) => cases.push({ direction: 'decode', ...c });
const encode = (c) => cases.push({ direction: 'encode', ...c });

// ---- decode: every type, with and without data --------------------------------------------
TYPES.forEach((type, digit) => {
  decode({
    name: `${type}-no-data`,
    description: `The type digit "${digit}" alone: ${an(type)} packet with no data.`,
    input: text(String(digit)),
    expect: { packets: [{ type }], error: false },
  });
});
decode({ name: 'open-handshake', description: 'The server\'s open packet with its handshake JSON (the data is not parsed at this layer).', input: text('0' + HANDSHAKE) });
decode({ name: 'close-with-data', description: 'A close packet carrying data: the grammar allows data after any type digit.', input: text('1bye') });
decode({ name: 'ping-probe', description: 'The upgrade probe "2probe" sent on the new WebSocket.', input: text('2probe') });
decode({ name: 'pong-probe', description: 'The answer to the upgrade probe, "3probe".', input: text('3probe') });
decode({ name: 'message-text', description: 'A text message.', input: text('4hello'), expect: { packets: [pkt('message', 'hello')] } });
decode({ name: 'upgrade-with-data', description: 'An upgrade packet carrying data.', input: text('5x') });
decode({ name: 'noop-with-data', description: 'A noop packet carrying data.', input: text('6x') });

// ---- decode: text content -----------------------------------------------------------------
decode({ name: 'message-socketio-event', description: 'A Socket.IO EVENT inside a message: Engine.IO passes it through as text.', input: text('42["hello",{"a":1}]') });
decode({ name: 'message-type-digit-data', description: 'Data that starts with a digit: only the first character is the type.', input: text('44') });
decode({ name: 'message-b-data', description: 'A message whose data starts with "b": only a leading "b" (in the type position) means base64.', input: text('4bAQID') });
decode({ name: 'message-space', description: 'Data that is a single space.', input: text('4 ') });
decode({ name: 'message-latin1', description: 'Two-byte UTF-8 sequences.', input: text('4héllo wörld') });
decode({ name: 'message-euro', description: 'Three-byte UTF-8 sequences (U+20AC).', input: text('4€€') });
decode({ name: 'message-cjk', description: 'CJK text.', input: text('4你好世界') });
decode({ name: 'message-emoji', description: 'A character outside the BMP (four UTF-8 bytes, a surrogate pair in UTF-16).', input: text('4😀') });
decode({ name: 'message-max-code-point', description: 'U+10FFFF, the largest code point (F4 8F BF BF), is well-formed.', input: textHex('34 f4 8f bf bf') });
decode({ name: 'message-noncharacter', description: 'U+FFFF is a noncharacter but well-formed UTF-8; accepted.', input: textHex('34 ef bf bf') });
decode({ name: 'message-replacement-char', description: 'A literal U+FFFD in the input is ordinary text.', input: text('4\ufffd') });
decode({ name: 'message-nul', description: 'A NUL byte inside the data is data.', input: text('4a\u0000b') });
decode({ name: 'message-record-separator', description: 'The polling separator 0x1E inside a WebSocket frame is ordinary data.', input: text('4a\u001eb') });
decode({ name: 'message-newlines', description: 'CR, LF and tab inside the data.', input: text('4line1\r\nline2\tend') });
decode({ name: 'message-bom-inside', description: 'A BOM after the type digit is data (U+FEFF), not stripped.', input: text('4\ufeffx') });
decode({ name: 'message-long', description: 'A 10000-character message.', input: text('4' + 'abcdefghij'.repeat(1000)) });

// ---- decode: malformed text frames ----------------------------------------------------------
decode({ name: 'empty-text-frame', description: 'An empty text frame has no type: error.', input: text(''), expect: { error: true } });
for (const [name, s, why] of [
  ['unknown-type-7', '7', 'one past the last type'],
  ['unknown-type-9-with-data', '9hello', 'an unknown digit followed by data'],
  ['unknown-type-letter', 'x', 'a letter'],
  ['unknown-type-uppercase-b', 'BAQID', '"B" is not the base64 marker "b"'],
  ['unknown-type-space', ' 4hello', 'leading whitespace'],
  ['unknown-type-minus', '-1', 'a sign'],
  ['unknown-type-nul', '\u00004', 'a NUL byte'],
  ['unknown-type-arabic-indic-digit', '\u0663hello', 'ARABIC-INDIC DIGIT THREE: a Unicode digit that is not ASCII'],
  ['unknown-type-fullwidth-digit', '\uff12probe', 'FULLWIDTH DIGIT TWO'],
  ['unknown-type-bom', '\ufeff4hello', 'a BOM before the type digit (WebSocket text is not BOM-stripped)'],
  ['unknown-type-emoji', '😀', 'a character outside the BMP'],
]) decode({ name, description: `Type character: ${why}. Not one of 0-6 or "b": error.`, input: text(s), expect: { error: true } });

for (const [name, hex, why] of [
  ['invalid-utf8-lone-continuation', '34 80', 'a continuation byte with no lead byte'],
  ['invalid-utf8-overlong', '34 c0 af', 'an overlong encoding of "/"'],
  ['invalid-utf8-surrogate', '34 ed a0 80', 'a UTF-16 surrogate (U+D800) encoded in UTF-8'],
  ['invalid-utf8-truncated', '34 e2 82', 'a three-byte sequence cut short at the end'],
  ['invalid-utf8-ff', '34 ff', 'the byte 0xFF'],
  ['invalid-utf8-above-max', '34 f4 90 80 80', 'a code point above U+10FFFF'],
  ['invalid-utf8-in-type', 'ff 68 69', 'an invalid byte in the type position'],
  ['invalid-utf8-in-base64', '62 41 51 ff 49 44', 'an invalid byte inside base64 data'],
]) {
  decode({
    name, input: textHex(hex), expect: { error: true },
    description: `A text frame that is not UTF-8: ${why}. The reference server never decodes it: ws rejects the frame (close 1007) before engine.io sees it.`,
  });
}

// ---- decode: binary frames ---------------------------------------------------------------------
decode({ name: 'binary-frame', description: 'A binary frame: in v4 always a message whose data is the whole frame.', input: bin('01 02 03 04'), expect: { packets: [pkt('message', bin('01020304'))] } });
decode({ name: 'binary-frame-empty', description: 'An empty binary frame: a message with empty binary data.', input: bin('') });
decode({ name: 'binary-frame-type-byte', description: 'A v3-style frame (type byte 0x04 first): v4 keeps the 0x04 as data. Clients that strip it lose a byte (socket.io-client-cpp #299).', input: bin('04 01 02 03') });
decode({ name: 'binary-frame-text-bytes', description: 'A binary frame holding the bytes of "4hello": binary data, not a text packet.', input: bin(Buffer.from('4hello')) });
decode({ name: 'binary-frame-all-bytes', description: 'Every byte value 0x00-0xFF.', input: bin(ALL_BYTES) });
decode({ name: 'binary-frame-invalid-utf8', description: 'Binary frames are not UTF-8 checked.', input: bin('ff fe ed a0 80') });

// ---- decode: "b" + base64 ------------------------------------------------------------------------
for (const [name, s, why] of [
  ['base64-1-byte', 'bAQ==', 'one byte, two padding characters'],
  ['base64-2-bytes', 'bAQI=', 'two bytes, one padding character'],
  ['base64-3-bytes', 'bAQID', 'three bytes, no padding needed'],
  ['base64-4-bytes', 'bAQIDBA==', 'four bytes'],
  ['base64-empty', 'b', 'empty data: "b" alone is zero bytes'],
  ['base64-all-bytes', 'b' + ALL_BYTES.toString('base64'), 'every byte value'],
  ['base64-plus-slash', 'b+/+/', 'the standard alphabet\'s "+" and "/"'],
]) decode({ name, description: `Binary message as "b" + base64: ${why}.`, input: text(s) });

for (const [name, s, why] of [
  ['base64-unpadded-1', 'bAQ', 'one byte without its padding'],
  ['base64-unpadded-2', 'bAQI', 'two bytes without padding'],
  ['base64-partial-padding', 'bAQ=', 'one padding character where two are due'],
  ['base64-excess-padding', 'bAQ===', 'three padding characters'],
  ['base64-url-safe', 'b-_-_', 'the URL-safe alphabet ("-" and "_")'],
  ['base64-mixed-alphabets', 'b+/-_', 'both alphabets mixed'],
  ['base64-whitespace', 'bAQ ID\nBA==', 'a space and a newline inside'],
  ['base64-garbage', 'bAQ!!ID', 'characters outside any alphabet, skipped'],
  ['base64-nul', 'bAQ\u0000ID', 'a NUL byte inside, skipped'],
  ['base64-non-ascii', 'bAQ€ID', 'a non-ASCII character inside, skipped'],
  ['base64-padding-in-middle', 'bAQ==ID', 'padding then more data: decoding stops at "="'],
  ['base64-leading-padding', 'b=AQID', 'padding first: nothing is decoded'],
  ['base64-only-padding', 'b====', 'padding only'],
  ['base64-single-char', 'bA', 'one character (6 bits, no whole byte)'],
  ['base64-five-chars', 'bAQIDB', 'five characters (a dangling sextet)'],
  ['base64-nonzero-trailing-bits', 'bAR==', 'non-zero bits after the last byte ("AR==" instead of "AQ==")'],
  ['base64-v3-form', 'b4AQID', 'the v3 form "b<type><base64>": v4 decodes "4AQID" as base64 and gets other bytes'],
]) {
  decode({
    name, description: `Non-canonical base64 after "b": ${why}. The reference accepts it.`, input: text(s),
    artifact: true, reason: `${LENIENT_B64}; ${STRICT_B64}.`, strict: { error: true },
  });
}

// ---- decode: size limit (ws maxPayload) ------------------------------------------------------
decode({ name: 'max-payload-text-at-limit', description: 'A text frame of exactly maxPayload bytes is accepted.', options: { maxPayload: 10 }, input: text('4abcdefghi'), expect: { error: false } });
decode({ name: 'max-payload-text-over', description: 'A text frame one byte over maxPayload: ws refuses it (close 1009).', options: { maxPayload: 10 }, input: text('4abcdefghij'), expect: { error: true } });
decode({ name: 'max-payload-counts-bytes', description: 'The limit counts bytes, not characters: 4 characters, 13 bytes.', options: { maxPayload: 10 }, input: text('4€€€€'), expect: { error: true } });
decode({ name: 'max-payload-binary-over', description: 'A binary frame one byte over maxPayload.', options: { maxPayload: 4 }, input: bin('01 02 03 04 05'), expect: { error: true } });
decode({ name: 'max-payload-base64-counts-text', description: 'A "b" packet whose decoded bytes fit but whose text does not: the frame size counts.', options: { maxPayload: 8 }, input: text('bAQIDBA=='), expect: { error: true } });

// ---- encode ------------------------------------------------------------------------------------------
TYPES.forEach((type, digit) => {
  encode({ name: `${type}-no-data`, description: `${an(type).replace(/^a/, 'A')} packet with no data: the digit "${digit}" alone.`, input: [pkt(type)] });
});
encode({ name: 'open-handshake', description: 'The open packet with handshake JSON.', input: [pkt('open', HANDSHAKE)] });
encode({ name: 'ping-probe', description: 'The upgrade probe.', input: [pkt('ping', 'probe')] });
encode({ name: 'pong-probe', description: 'The answer to the upgrade probe.', input: [pkt('pong', 'probe')] });
encode({ name: 'message-text', description: 'A text message.', input: [pkt('message', 'hello')] });
encode({ name: 'message-empty-text', description: 'Empty text data encodes like no data.', input: [pkt('message', '')] });
encode({ name: 'message-unicode', description: 'Non-ASCII text: written as UTF-8.', input: [pkt('message', 'héllo € 你好 😀')] });
encode({ name: 'message-record-separator', description: '0x1E in a WebSocket frame is plain data.', input: [pkt('message', 'a\u001eb')] });
encode({ name: 'binary-frame', description: 'A binary message with supportsBinary: the raw bytes in a binary frame, no type byte.', input: [pkt('message', bin('01 02 03 04'))] });
encode({ name: 'binary-frame-empty', description: 'An empty binary message: an empty binary frame.', input: [pkt('message', bin(''))] });
encode({ name: 'binary-frame-all-bytes', description: 'Every byte value.', input: [pkt('message', bin(ALL_BYTES))] });
for (const [n, hex] of [[1, '01'], [2, '01 02'], [3, '01 02 03'], [4, '01 02 03 04'], [0, '']]) {
  encode({
    name: `base64-${n}-bytes`, options: { supportsBinary: false }, input: [pkt('message', bin(hex))],
    description: `A ${n}-byte binary message without supportsBinary: "b" + standard base64 with padding.`,
  });
}
encode({
  name: 'binary-ping-frame', description: 'A ping with binary data: the frame carries the raw bytes and the type is lost (v4 binary frames are always messages).',
  input: [pkt('ping', bin('01 02'))],
});
encode({
  name: 'binary-ping-base64', description: 'A ping with binary data without supportsBinary: "b" + base64, which decodes as a message.',
  input: [pkt('ping', bin('01 02'))], options: { supportsBinary: false },
});

module.exports = { suite: 'eio4.packet', cases };
