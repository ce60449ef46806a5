'use strict';
// Engine.IO v4 HTTP long-polling payloads: packets joined by 0x1E.
const { text, textHex, bin, pkt } = require('../lib/bytes');

const RS = '\u001e';
const HANDSHAKE = '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const LENIENT_B64 = 'Node\'s Buffer.from(s, "base64") accepts non-canonical base64 (missing padding, URL-safe ' +
  'alphabet, skipped garbage); a strict decoder rejects it: the protocol sends standard base64 with padding.';
const REPLACED_UTF8 = 'engine.io reads a text body with req.setEncoding("utf8"), which turns invalid bytes into ' +
  'U+FFFD instead of failing; a strict decoder rejects a body that is not UTF-8.';

const cases = [];
const decode = (c) => cases.push({ direction: 'decode', ...c });
const encode = (c) => cases.push({ direction: 'encode', ...c });

// ---- decode ---------------------------------------------------------------------------------------
decode({ name: 'single-message', description: 'A body holding one packet (no separator).', input: text('4hello'), expect: { packets: [pkt('message', 'hello')], error: false } });
decode({ name: 'two-packets', description: 'Two packets joined by 0x1E.', input: text('4hello' + RS + '2probe') });
decode({ name: 'every-type', description: 'One packet of each type, none with data.', input: text(['0', '1', '2', '3', '4', '5', '6'].join(RS)) });
decode({ name: 'open-handshake', description: 'The open packet as the server sends it in the first poll.', input: text('0' + HANDSHAKE) });
decode({ name: 'binary-message', description: 'A binary message as "b" + base64.', input: text('bAQIDBA==') });
decode({ name: 'text-and-binary', description: 'A text message then a binary one (the digest\'s example).', input: text('4hello' + RS + 'bAQIDBA==') });
decode({ name: 'binary-empty', description: '"b" alone: an empty binary message.', input: text('4a' + RS + 'b') });
decode({ name: 'binary-then-text', description: 'Binary first, then text, then binary.', input: text('bAQ==' + RS + '4x' + RS + 'bAQI=') });
decode({ name: 'unicode', description: 'Non-ASCII text in several packets.', input: text('4😀' + RS + '4€' + RS + '4你好') });
decode({ name: 'message-empty-data', description: 'Messages with no data between separators.', input: text('4' + RS + '4' + RS + '4') });
decode({ name: 'socketio-events', description: 'Socket.IO packets inside messages: Engine.IO passes their text through.', input: text('42["a",1]' + RS + '42["b",{"c":"d"}]' + RS + '43[true]') });
decode({ name: 'many-noops', description: 'One hundred noop packets.', input: text(new Array(100).fill('6').join(RS)) });
decode({ name: 'v3-payload-misread', description: 'A v3 length-prefixed payload sent to a v4 server: "6" is read as a noop type and the rest as its data.', input: text('6:4hello') });
decode({ name: 'record-separator-in-data', description: 'What an encoder produces for text data holding 0x1E ("4a\\x1eb"): decoded as two packets, the second an empty binary message ("b").', input: text('4a' + RS + 'b') });

decode({ name: 'empty-body', description: 'An empty body: one empty packet, which has no type.', input: text(''), expect: { packets: [], error: true } });
decode({ name: 'only-separator', description: 'A body that is just 0x1E: the first (empty) packet fails.', input: text(RS), expect: { packets: [], error: true } });
decode({ name: 'trailing-separator', description: 'A separator after the last packet leaves an empty packet: the packets before it are delivered, then the error.', input: text('4a' + RS), expect: { packets: [pkt('message', 'a')], error: true } });
decode({ name: 'leading-separator', description: 'A separator before the first packet.', input: text(RS + '4a'), expect: { error: true } });
decode({ name: 'double-separator', description: 'Two separators in a row.', input: text('4a' + RS + RS + '4b'), expect: { packets: [pkt('message', 'a')], error: true } });
decode({ name: 'unknown-type-in-middle', description: 'An unknown type in the middle: decoding stops there; nothing after it is delivered.', input: text('4a' + RS + '9' + RS + '4b'), expect: { packets: [pkt('message', 'a')], error: true } });
decode({ name: 'unknown-type-first', description: 'An unknown type first.', input: text('7' + RS + '4a') });
decode({ name: 'bom-body', description: 'A body starting with a BOM: engine.io does not strip it, so the first type is U+FEFF.', input: text('\ufeff4a') });
decode({ name: 'crlf-separator', description: 'Line breaks are not separators: "\\r\\n" is data of the first packet.', input: text('4a\r\n4b') });

decode({ name: 'base64-unpadded', description: 'Unpadded base64 in a payload.', input: text('4a' + RS + 'bAQ'), artifact: true, reason: LENIENT_B64, strict: { packets: [pkt('message', 'a')], error: true } });
decode({ name: 'base64-url-safe', description: 'URL-safe base64 in a payload.', input: text('b-_-_'), artifact: true, reason: LENIENT_B64, strict: { error: true } });
decode({ name: 'base64-whitespace', description: 'A space inside base64.', input: text('bAQ ID'), artifact: true, reason: LENIENT_B64, strict: { error: true } });

decode({
  name: 'invalid-utf8', description: 'A body with the byte 0xFF in a text message.', input: textHex('34 ff'),
  artifact: true, reason: REPLACED_UTF8, strict: { error: true },
});
decode({
  name: 'invalid-utf8-second-packet', description: 'A surrogate encoded in UTF-8 (ED A0 80) in the second packet.',
  input: textHex('34 61 1e 34 ed a0 80'), artifact: true, reason: REPLACED_UTF8,
  strict: { packets: [pkt('message', 'a')], error: true },
});
decode({
  name: 'invalid-utf8-truncated', description: 'A body ending inside a three-byte sequence.',
  input: textHex('34 e2 82'), artifact: true, reason: REPLACED_UTF8, strict: { error: true },
});
decode({
  name: 'invalid-utf8-overlong-separator', description: 'An overlong encoding of 0x1E (C0 9E) is not a separator.',
  input: textHex('34 61 c0 9e 34 62'), artifact: true, reason: REPLACED_UTF8, strict: { error: true },
});

decode({ name: 'binary-body', description: 'A binary (application/octet-stream) body: engine.io refuses it for EIO4 (HTTP 400 "invalid content"), whatever it holds.', input: bin(Buffer.from('4hello')), expect: { error: true } });
decode({ name: 'binary-body-v3-xhr2', description: 'A v3 XHR2 binary payload sent to a v4 server: refused.', input: bin('00 06 ff 34 68 65 6c 6c 6f'), expect: { error: true } });

// CVE-2020-36048: engine.io read a whole polling body before any size check.
decode({ name: 'at-max-payload', advisory: 'CVE-2020-36048', description: 'A body of exactly maxPayload bytes is accepted.', options: { maxPayload: 20 }, input: text('4abcdefgh' + RS + '4ijklmnopq'), expect: { packets: [pkt('message', 'abcdefgh'), pkt('message', 'ijklmnopq')], error: false } });
decode({ name: 'over-max-payload', advisory: 'CVE-2020-36048', description: 'A body one byte over maxPayload: refused as a whole (HTTP 413), no packet delivered, though each packet is small.', options: { maxPayload: 20 }, input: text('4abcdefgh' + RS + '4ijklmnopqr'), expect: { packets: [], error: true } });
decode({ name: 'many-packets-over-max-payload', advisory: 'CVE-2020-36048', description: 'A thousand noops (1999 bytes) against maxPayload 1000.', options: { maxPayload: 1000 }, input: text(new Array(1000).fill('6').join(RS)), expect: { error: true } });
decode({ name: 'max-payload-counts-bytes', advisory: 'CVE-2020-36048', description: 'The limit counts UTF-8 bytes: 5 characters, 13 bytes, maxPayload 10.', options: { maxPayload: 10 }, input: text('4€€€€'), expect: { error: true } });
decode({
  name: 'max-payload-counts-replaced-bytes', advisory: 'CVE-2020-36048',
  description: 'engine.io measures the body after UTF-8 decoding: 5 bytes with 4 invalid ones become 13 bytes of U+FFFD and exceed maxPayload 10.',
  options: { maxPayload: 10 }, input: textHex('34 ff ff ff ff'), expect: { error: true },
});

// ---- encode ---------------------------------------------------------------------------------------
encode({ name: 'single-message', description: 'One text packet: no separator.', input: [pkt('message', 'hello')] });
encode({ name: 'two-packets', description: 'Two packets joined by 0x1E.', input: [pkt('message', 'hello'), pkt('ping', 'probe')] });
encode({ name: 'every-type', description: 'One packet of each type.', input: ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'].map((t) => pkt(t)) });
encode({ name: 'open-handshake', description: 'The first poll\'s answer: the open packet.', input: [pkt('open', HANDSHAKE)] });
encode({ name: 'binary-message', description: 'A binary message: "b" + standard base64 with padding.', input: [pkt('message', bin('01 02 03 04'))] });
encode({ name: 'text-and-binary', description: 'Text then binary (the digest\'s example).', input: [pkt('message', 'hello'), pkt('message', bin('01 02 03 04'))] });
for (const [n, hex] of [[1, '01'], [2, '01 02'], [3, '01 02 03'], [0, '']]) {
  encode({ name: `binary-${n}-bytes`, description: `A ${n}-byte binary message: base64 padding as due.`, input: [pkt('message', bin(hex))] });
}
encode({ name: 'unicode', description: 'Non-ASCII text, written as UTF-8.', input: [pkt('message', '😀'), pkt('message', '€')] });
encode({ name: 'empty-text-data', description: 'Empty text data and no data encode alike.', input: [pkt('message', ''), pkt('message')] });
encode({ name: 'many-noops', description: 'One hundred noops.', input: new Array(100).fill(pkt('noop')) });
encode({
  name: 'record-separator-in-text', description: 'Text data containing 0x1E: the reference writes it as is, and a decoder then splits the packet in two (see decode.record-separator-in-data).',
  input: [pkt('message', 'a\u001eb')],
  reason: 'the v4 polling format cannot carry 0x1E inside text data; a strict encoder refuses such a packet rather than send a payload that decodes to different packets.',
  strict: { error: true },
});
encode({
  name: 'binary-ping', description: 'A ping with binary data: written as "b" + base64, which decodes as a message.',
  input: [pkt('ping', bin('01'))],
});

module.exports = { suite: 'eio4.payload', cases };
