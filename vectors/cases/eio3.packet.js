'use strict';
// Engine.IO v3 single packets: WebSocket frames and the text form of one polling packet.
const { text, textHex, bin, pkt } = require('../lib/bytes');

const TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];
const HANDSHAKE = '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}';
const an = (w) => (/^[aeiou]/.test(w) ? 'an ' : 'a ') + w;
const UNTYPED = 'engine.io-parser 2.x looks the type up in a list without checking it, so the packet comes out ' +
  'with type undefined (recorded as null) instead of an error; engine.io 3 then ignores the packet. A strict ' +
  'decoder rejects an unknown type.';
const LENIENT_B64 = 'Node\'s Buffer.from(s, "base64") accepts non-canonical base64 (missing padding, URL-safe ' +
  'alphabet, skipped garbage); a strict decoder rejects it: the protocol sends standard base64 with padding.';

const cases = [];
const decode = (c) => cases.push({ direction: 'decode', ...c });
const encode = (c) => cases.push({ direction: 'encode', ...c });

// ---- decode: text frames ---------------------------------------------------------------------
TYPES.forEach((type, digit) => {
  decode({ name: `${type}-no-data`, description: `The type digit "${digit}" alone: ${an(type)} packet with no data.`, input: text(String(digit)), expect: { packets: [{ type }] } });
});
decode({ name: 'open-handshake', description: 'The v3 open packet with its handshake JSON (no maxPayload in v3).', input: text('0' + HANDSHAKE) });
decode({ name: 'ping-probe', description: 'The upgrade probe.', input: text('2probe') });
decode({ name: 'pong-probe', description: 'The answer to the upgrade probe.', input: text('3probe') });
decode({ name: 'message-text', description: 'A text message.', input: text('4hello'), expect: { packets: [pkt('message', 'hello')] } });
decode({ name: 'message-socketio-event', description: 'A Socket.IO v4 EVENT inside a message.', input: text('42["hello",{"a":1}]') });
decode({ name: 'message-unicode', description: 'Non-ASCII text.', input: text('4héllo € 你好 😀') });
decode({ name: 'close-with-data', description: 'Data after a close digit is kept.', input: text('1x') });
decode({ name: 'message-record-separator', description: '0x1E has no meaning in v3.', input: text('4a\u001eb') });

decode({ name: 'empty-text-frame', description: 'An empty text frame: no type, error.', input: text(''), expect: { error: true } });
for (const [name, s, why] of [
  ['unknown-type-7', '7', 'one past the last type'],
  ['unknown-type-9-with-data', '9hello', 'an unknown digit with data'],
  ['unknown-type-letter', 'x', 'a letter'],
  ['unknown-type-space', ' 4', 'a space (Number(" ") is 0, but the list lookup of " " fails)'],
  ['unknown-type-arabic-indic-digit', '\u0663', 'ARABIC-INDIC DIGIT THREE'],
  ['unknown-type-fullwidth-digit', '\uff12', 'FULLWIDTH DIGIT TWO'],
  ['unknown-type-bom', '\ufeff4a', 'a BOM'],
]) decode({ name, description: `Type character: ${why}. Error.`, input: text(s), expect: { error: true } });
for (const [name, hex, why] of [
  ['invalid-utf8-ff', '34 ff', 'the byte 0xFF'],
  ['invalid-utf8-surrogate', '34 ed a0 80', 'a surrogate encoded in UTF-8'],
  ['invalid-utf8-overlong', '34 c0 af', 'an overlong "/"'],
]) decode({ name, description: `A text frame that is not UTF-8 (${why}): ws rejects it (close 1007) before engine.io sees it.`, input: textHex(hex), expect: { error: true } });

// ---- decode: "b<type>" + base64 ------------------------------------------------------------------
decode({ name: 'base64-message', description: 'A binary message as "b4" + base64.', input: text('b4AQID'), expect: { packets: [pkt('message', bin('010203'))] } });
decode({ name: 'base64-padded', description: 'Base64 with padding.', input: text('b4AQ==') });
decode({ name: 'base64-empty', description: '"b4" alone: an empty binary message.', input: text('b4') });
decode({ name: 'base64-ping', description: 'Binary data on a ping: v3 allows binary data on every type.', input: text('b2AQID') });
decode({ name: 'base64-open', description: 'Binary data on an open packet.', input: text('b0AQID') });
decode({ name: 'base64-unknown-type', description: '"b9" + base64: an unknown type.', input: text('b9AQID'), artifact: true, reason: UNTYPED, strict: { error: true } });
decode({ name: 'base64-no-type', description: '"b" alone: no type at all.', input: text('b'), artifact: true, reason: UNTYPED, strict: { error: true } });
decode({ name: 'base64-letter-type', description: '"bx": a letter as the type.', input: text('bxAQID'), artifact: true, reason: UNTYPED, strict: { error: true } });
decode({ name: 'base64-unpadded', description: 'Base64 without its padding.', input: text('b4AQ'), artifact: true, reason: LENIENT_B64, strict: { error: true } });
decode({ name: 'base64-url-safe', description: 'The URL-safe alphabet.', input: text('b4-_-_'), artifact: true, reason: LENIENT_B64, strict: { error: true } });
decode({ name: 'base64-whitespace', description: 'Whitespace inside base64.', input: text('b4AQ ID'), artifact: true, reason: LENIENT_B64, strict: { error: true } });
decode({ name: 'base64-garbage', description: 'Characters outside any alphabet.', input: text('b4A*Q$I%D'), artifact: true, reason: LENIENT_B64, strict: { error: true } });
decode({ name: 'base64-v4-form', description: 'The v4 form "bAQID" read by v3: "A" is taken as the type (unknown) and "QID" as base64.', input: text('bAQID'), artifact: true, reason: UNTYPED, strict: { error: true } });

// ---- decode: binary frames (type byte, then data) -----------------------------------------------
decode({ name: 'binary-message', description: 'A binary frame: the type byte 0x04, then the data.', input: bin('04 01 02 03'), expect: { packets: [pkt('message', bin('010203'))] } });
decode({ name: 'binary-message-empty', description: 'Only the type byte: a message with empty binary data.', input: bin('04') });
decode({ name: 'binary-ping', description: 'A binary ping (type byte 0x02).', input: bin('02 70 72 6f 62 65') });
decode({ name: 'binary-open', description: 'A binary open (type byte 0x00).', input: bin('00 7b 7d') });
decode({ name: 'binary-noop', description: 'A binary noop (type byte 0x06) with no data.', input: bin('06') });
decode({ name: 'binary-ascii-digit-type', description: 'The ASCII digit "4" (0x34) as the type byte: not a type value.', input: bin('34 68 69'), artifact: true, reason: UNTYPED, strict: { error: true } });
decode({ name: 'binary-unknown-type', description: 'Type byte 0x07.', input: bin('07 01'), artifact: true, reason: UNTYPED, strict: { error: true } });
decode({ name: 'binary-type-ff', description: 'Type byte 0xFF.', input: bin('ff 01'), artifact: true, reason: UNTYPED, strict: { error: true } });
decode({ name: 'binary-empty-frame', description: 'An empty binary frame: no type byte.', input: bin(''), artifact: true, reason: UNTYPED, strict: { error: true } });
decode({ name: 'binary-invalid-utf8-data', description: 'Binary data is not UTF-8 checked.', input: bin('04 ff ed a0 80') });

// ---- decode: size limit --------------------------------------------------------------------------
decode({ name: 'max-payload-at-limit', description: 'A frame of exactly maxPayload bytes.', options: { maxPayload: 6 }, input: text('4hello'), expect: { error: false } });
decode({ name: 'max-payload-over', description: 'A frame one byte over maxPayload: ws refuses it.', options: { maxPayload: 5 }, input: text('4hello'), expect: { error: true } });
decode({ name: 'max-payload-binary-over', description: 'A binary frame over maxPayload.', options: { maxPayload: 3 }, input: bin('04 01 02 03'), expect: { error: true } });

// ---- encode ---------------------------------------------------------------------------------------
TYPES.forEach((type, digit) => encode({ name: `${type}-no-data`, description: `${an(type).replace(/^a/, 'A')} packet with no data: "${digit}".`, input: [pkt(type)] }));
encode({ name: 'open-handshake', description: 'The open packet with handshake JSON.', input: [pkt('open', HANDSHAKE)] });
encode({ name: 'ping-probe', description: 'The upgrade probe.', input: [pkt('ping', 'probe')] });
encode({ name: 'message-text', description: 'A text message.', input: [pkt('message', 'hello')] });
encode({ name: 'message-empty-text', description: 'Empty text data.', input: [pkt('message', '')] });
encode({ name: 'message-unicode', description: 'Non-ASCII text (the WebSocket form is not utf8-encoded by the parser; the frame carries UTF-8).', input: [pkt('message', 'héllo € 😀')] });
encode({ name: 'binary-message', description: 'A binary message with supportsBinary: the type byte 0x04, then the bytes.', input: [pkt('message', bin('01 02 03'))] });
encode({ name: 'binary-message-empty', description: 'An empty binary message: the type byte alone.', input: [pkt('message', bin(''))] });
encode({ name: 'binary-ping', description: 'Binary data on a ping: type byte 0x02.', input: [pkt('ping', bin('01 02'))] });
encode({ name: 'binary-open', description: 'Binary data on an open packet: type byte 0x00.', input: [pkt('open', bin('7b 7d'))] });
encode({ name: 'base64-message', description: 'A binary message without supportsBinary: "b4" + base64.', options: { supportsBinary: false }, input: [pkt('message', bin('01 02 03'))] });
encode({ name: 'base64-padding', description: 'Base64 padding as due.', options: { supportsBinary: false }, input: [pkt('message', bin('01'))] });
encode({ name: 'base64-empty', description: 'An empty binary message without supportsBinary: "b4".', options: { supportsBinary: false }, input: [pkt('message', bin(''))] });
encode({ name: 'base64-ping', description: 'A binary ping without supportsBinary: "b2" + base64.', options: { supportsBinary: false }, input: [pkt('ping', bin('01 02'))] });
encode({ name: 'text-without-supports-binary', description: 'supportsBinary does not change text packets.', options: { supportsBinary: false }, input: [pkt('message', 'hello')] });

module.exports = { suite: 'eio3.packet', cases };
