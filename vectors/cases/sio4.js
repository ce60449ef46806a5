'use strict';
// Socket.IO v4 (socket.io-parser 3.4.3, Socket.IO 1.x/2.x): text frames and their binary
// attachments, decoded frame by frame by one Decoder; packets encoded by the Encoder.
const { T, TH, Bn, bin, ph, P } = require('../lib/sio');

const J = JSON.stringify;
const ev = (...args) => '2' + J(args);
const bev = (count, ...args) => T(`5${count}-` + J(['a', ...args])); // a BINARY_EVENT text frame, event "a"
const nest = (n, inner = '') => '['.repeat(n) + inner + ']'.repeat(n);

// ---- reasons ------------------------------------------------------------------------------------
const BINARY_TYPE = 'socket.io-parser 3.4.3 delivers a reassembled binary packet with its wire type (5 ' +
  'BINARY_EVENT, 6 BINARY_ACK) although its attachments are in place; Socket.IO 2.x servers and clients handle 5 as ' +
  '2 and 6 as 3, and 4.x reports 2 and 3. A strict decoder reports what the packet is: EVENT or ACK.';
// expected_strict of a case whose only difference is BINARY_TYPE.
const asEventAck = (e) => ({ ...e, packets: e.packets.map((p) => (p.type === 5 || p.type === 6 ? { ...p, type: p.type - 3 } : p)) });
const ERROR_PACKET = 'socket.io-parser 3.4.3 does not fail on an unknown packet type: it emits {type: 4, data: ' +
  '"parser error: unknown packet type N"} without a namespace (recorded without "nsp"), which Socket.IO 2.x servers ' +
  'and clients drop for want of a namespace. A strict decoder rejects the frame.';
const TYPE_NUMBER = 'socket.io-parser reads the packet type as Number(first character), so the empty frame and a ' +
  'first character JavaScript trims as whitespace read as 0 (CONNECT). A strict decoder requires a digit from 0 to 6.';
const ID_SPACE = 'socket.io-parser reads the ack id as the run of characters c with Number(c) == c, which takes ' +
  'JavaScript whitespace as well as digits, and then Number() of the run. A strict decoder takes ASCII digits only.';
const LEADING_ZERO = 'socket.io-parser reads the ack id with Number(), which ignores leading zeros; a strict ' +
  'decoder accepts only the canonical decimal form.';
const NSP_END = 'socket.io-parser ends the namespace at the first "," or at the end of the frame. A strict decoder ' +
  'requires the ",".';
const NO_PAYLOAD = 'socket.io-parser validates a payload only when there is one, so an EVENT or ACK without data ' +
  'passes. A strict decoder requires the array.';
const LOOSE_OBJECT = 'socket.io-parser 3.4.3 checks CONNECT and ERROR payloads with typeof payload === "object", ' +
  'which null and arrays pass. A strict decoder requires an object (or, for ERROR, a string).';
const PRECISION = 'socket.io-parser reads the ack id with Number(), which rounds beyond 2^53 (Infinity beyond the ' +
  'double range). A strict decoder refuses ack ids above 2^53-1 (sioc: decode_options::max_ack_id).';
const COUNT_NUMBER = 'socket.io-parser reads the attachment count as Number() of the text before the first "-" and ' +
  'checks it with !=, so anything Number() maps to a number passes. A strict decoder accepts only canonical decimal ' +
  'digits.';
const COUNT_ZERO = 'socket.io-parser 3.4.3 delivers a binary packet declaring 0 attachments at once, placeholders ' +
  'untouched, and keeps its reconstructor: the decoder then waits for ever, swallowing binary frames and failing on ' +
  'text (GHSA-2m8v-j782-fhvr, fixed in 4.2.7 by refusing the count).';
const COUNT_ENDLESS = 'socket.io-parser 3.4.3 takes any number as the count; one that no number of frames reaches ' +
  '(a fraction, Infinity) leaves the decoder waiting for ever. A strict decoder refuses it.';
const NO_LIMIT = 'socket.io-parser 3.4.3 has no limit on the declared count (GHSA-677m-j7p3-52f9 added maxAttachments ' +
  'in 4.2.6). A strict decoder bounds it (sioc: decode_options::max_attachments, 10 by default, as 4.2.6+).';
const PH_FRACTION = 'socket.io-parser checks a placeholder\'s num only as typeof "number" and 0 <= num < count, so ' +
  'a fraction passes and picks buffers[num], which is undefined (recorded as null in an array). A strict decoder ' +
  'requires an integer num below the count.';
const PH_EXACT = 'socket.io-parser takes any object whose _placeholder member is true as a placeholder. A strict ' +
  'decoder requires exactly {"_placeholder":true,"num":N}.';
const PH_LATE = 'socket.io-parser checks placeholders only when the last attachment arrives. A strict decoder ' +
  'checks them with the text frame.';
const LONE_SURROGATE = 'JSON.parse accepts an escaped lone UTF-16 surrogate (recorded as {"$wtf8": hex}). A strict ' +
  'decoder refuses it.';
const INFINITY = 'JSON.parse reads a number beyond the double range as Infinity (recorded as {"$num":"Infinity"}). ' +
  'A strict decoder refuses it.';
const DEPTH = 'JSON.parse (V8) accepts this nesting. A strict decoder bounds the depth of a payload (sioc: ' +
  'decode_options::max_depth, 64 by default).';
const and = (...reasons) => reasons.join(' Also: ');

const cases = [];
const decode = (c) => cases.push({ direction: 'decode', ...c });
const encode = (c) => cases.push({ direction: 'encode', ...c });

// ---- decode: every packet type ------------------------------------------------------------------
decode({ name: 'connect', description: 'CONNECT: the type digit alone.', input: [T('0')], expect: { packets: [P(0)], error: false, incomplete: false } });
decode({ name: 'connect-namespace', description: 'CONNECT to /admin.', input: [T('0/admin,')] });
decode({ name: 'connect-namespace-query', description: 'CONNECT to /admin with a query string in the namespace field, as socket.io-client 2.x sends it.', input: [T('0/admin?token=abc&x=1,')], expect: { packets: [P(0, undefined, { nsp: '/admin?token=abc&x=1' })] } });
decode({ name: 'connect-root-query', description: 'CONNECT to the main namespace with a query.', input: [T('0/?token=abc,')] });
decode({ name: 'connect-object', description: 'CONNECT with an object payload: accepted by 3.4.3.', input: [T('0{"a":1}')] });
decode({ name: 'connect-null', description: 'CONNECT with null: typeof null is "object".', input: [T('0null')], artifact: true, reason: LOOSE_OBJECT, strict: { error: true }, expect: { packets: [P(0, null)] } });
decode({ name: 'connect-array', description: 'CONNECT with an array: typeof [] is "object".', input: [T('0[1]')], artifact: true, reason: LOOSE_OBJECT, strict: { error: true } });
decode({ name: 'connect-string', description: 'CONNECT with a string: refused.', input: [T('0"x"')], expect: { error: true } });
decode({ name: 'disconnect', description: 'DISCONNECT.', input: [T('1')] });
decode({ name: 'disconnect-namespace', description: 'DISCONNECT from /admin.', input: [T('1/admin,')] });
decode({ name: 'disconnect-payload', description: 'DISCONNECT with a payload: refused.', input: [T('1{}')], expect: { error: true } });
decode({ name: 'event', description: 'An EVENT.', input: [T('2["hello"]')], expect: { packets: [P(2, ['hello'])] } });
decode({ name: 'event-args', description: 'An EVENT with arguments of every JSON kind.', input: [T(ev('hello', 1, 'two', { three: 3 }, [4], null, true, false, 1.5, -2))] });
decode({ name: 'event-namespace-id', description: 'An EVENT on a namespace with an ack id.', input: [T('2/admin,456["foo"]')] });
decode({ name: 'event-numeric-name', description: 'A number as the event name.', input: [T('2[1,"a"]')] });
decode({ name: 'event-connect-name', description: 'An event named "connect": 3.4.3 has no reserved names.', input: [T('2["connect"]')], expect: { packets: [P(2, ['connect'])] } });
decode({ name: 'event-disconnect-name', description: 'An event named "disconnect": not reserved in 3.4.3.', input: [T('2/admin,["disconnect",1]')] });
decode({ name: 'event-new-listener-name', description: 'An event named "newListener": not reserved in 3.4.3.', input: [T('2["newListener"]')] });
decode({ name: 'ack', description: 'An ACK.', input: [T('3/admin,13["bar"]')], expect: { packets: [P(3, ['bar'], { nsp: '/admin', id: 13 })] } });
decode({ name: 'ack-empty', description: 'An ACK with no arguments.', input: [T('31[]')] });
decode({ name: 'error-string', description: 'ERROR with a string, as Socket.IO 2.x sends a refused connection.', input: [T('4"Not authorized"')], expect: { packets: [P(4, 'Not authorized')] } });
decode({ name: 'error-object', description: 'ERROR with an object.', input: [T('4/admin,{"message":"x"}')] });
decode({ name: 'error-no-data', description: 'ERROR without data.', input: [T('4')] });
decode({ name: 'error-null', description: 'ERROR with null: typeof null is "object".', input: [T('4null')], artifact: true, reason: LOOSE_OBJECT, strict: { error: true } });
decode({ name: 'error-array', description: 'ERROR with an array.', input: [T('4[1]')], artifact: true, reason: LOOSE_OBJECT, strict: { error: true } });
decode({ name: 'error-number', description: 'ERROR with a number: refused.', input: [T('4/x,1.5')], expect: { error: true } });
decode({ name: 'binary-event', description: 'A BINARY_EVENT with one attachment: 3.4.3 delivers it as type 5.', input: [T('51-["baz",{"_placeholder":true,"num":0}]'), Bn('01 02 03')], artifact: true, reason: BINARY_TYPE, strict: asEventAck, expect: { packets: [P(5, ['baz', bin('010203')])] } });
decode({ name: 'binary-ack', description: 'A BINARY_ACK with one attachment: delivered as type 6.', input: [T('61-12[' + J(ph(0)) + ']'), Bn('ff')], artifact: true, reason: BINARY_TYPE, strict: asEventAck, expect: { packets: [P(6, [bin('ff')], { id: 12 })] } });
decode({ name: 'binary-namespace-id', description: 'A BINARY_EVENT with namespace and ack id.', input: [T('51-/admin,7["a",' + J(ph(0)) + ']'), Bn('00')], artifact: true, reason: BINARY_TYPE, strict: asEventAck });
decode({ name: 'sequence-mixed', description: 'Several packets on one decoder.', input: [T('0'), T('2["a"]'), T('51-["b",' + J(ph(0)) + ']'), Bn('01'), T('3/x,1[]')], artifact: true, reason: BINARY_TYPE, strict: asEventAck });

// ---- decode: namespaces and ack ids -------------------------------------------------------------
decode({ name: 'namespace-unicode', description: 'A non-ASCII namespace and event name.', input: [T('2/ünï😀,9["héllo 😀"]')] });
decode({ name: 'namespace-missing-comma', description: 'A namespace without its ",": it swallows the rest of the frame.', input: [T('2/admin["a"]')], artifact: true, reason: NSP_END, strict: { error: true } });
decode({ name: 'namespace-query-at-end', description: 'A CONNECT with a query and no ",".', input: [T('0/admin?token=abc')], artifact: true, reason: NSP_END, strict: { error: true } });
decode({ name: 'namespace-query-empty', description: 'A CONNECT whose query is empty: "/admin?".', input: [T('0/admin?,')] });
decode({ name: 'namespace-query-on-event', description: 'A "?" in the namespace of an EVENT: part of the namespace.', input: [T('2/admin?x=1,["a"]')] });
decode({ name: 'ack-id-2-53-minus-1', description: 'Ack id 2^53-1.', input: [T('29007199254740991["a"]')] });
decode({ name: 'ack-id-2-53-plus-1', description: 'Ack id 2^53+1: Number() rounds it to 2^53.', input: [T('29007199254740993["a"]')], artifact: true, reason: PRECISION, strict: { error: true } });
decode({ name: 'ack-id-400-digits', description: 'A 400-digit ack id: Number() gives Infinity.', input: [T('3' + '9'.repeat(400) + '[]')], artifact: true, reason: PRECISION, strict: { error: true } });
decode({ name: 'ack-id-leading-zero', description: 'Ack id "01".', input: [T('201["a"]')], artifact: true, reason: LEADING_ZERO, strict: { error: true } });
decode({ name: 'ack-id-space', description: 'A space where the ack id goes: id 0.', input: [T('2 ["a"]')], artifact: true, reason: ID_SPACE, strict: { error: true } });
decode({ name: 'ack-id-space-between-digits', description: 'A space between digits: NaN.', input: [T('21 2["a"]')], artifact: true, reason: ID_SPACE, strict: { error: true } });
decode({ name: 'ack-id-no-data', description: 'An EVENT with an ack id and no payload.', input: [T('212')], artifact: true, reason: NO_PAYLOAD, strict: { error: true } });
decode({ name: 'no-payload-event', description: 'A bare "2".', input: [T('2')], artifact: true, reason: NO_PAYLOAD, strict: { error: true } });

// ---- decode: payloads ---------------------------------------------------------------------------
for (const [name, payload] of [['object', '{}'], ['string', '"a"'], ['null', 'null'], ['true-name', '[true]']]) {
  decode({ name: `event-payload-${name}`, description: `EVENT with the payload ${payload}: refused.`, input: [T('2' + payload)], expect: { error: true } });
}
for (const [name, payload] of [['object', '{}'], ['null', 'null']]) {
  decode({ name: `ack-payload-${name}`, description: `ACK with the payload ${payload}: refused.`, input: [T('31' + payload)], expect: { error: true } });
}
decode({ name: 'json-invalid', description: 'A payload that is not JSON.', input: [T('2["a"')], expect: { error: true } });
decode({ name: 'json-trailing-garbage', description: 'Garbage after the payload.', input: [T('2["a"]]')], expect: { error: true } });
decode({ name: 'number-forms', description: 'Numbers in the forms JSON allows.', input: [T('2["a",1.0,1E2,-0,0.1,9007199254740994]')] });
decode({ name: 'number-1e400', description: '1e400 in the payload: Infinity.', input: [T('2["a",1e400]')], artifact: true, reason: INFINITY, strict: { error: true } });
decode({ name: 'string-lone-surrogate', description: 'A lone surrogate escape in an argument.', input: [T('2["a","\\udfff"]')], artifact: true, reason: LONE_SURROGATE, strict: { error: true } });
decode({ name: 'string-unicode', description: 'Escaped and raw non-ASCII text.', input: [T('2["\\u00e9\\ud83d\\ude00","é😀"]')] });
decode({ name: 'nesting-64-arrays', description: 'An argument nested 64 arrays deep.', input: [T('2["a",' + nest(63, '1') + ']')] });
decode({ name: 'nesting-100-arrays', description: 'An argument nested 100 arrays deep: JSON.parse accepts it.', input: [T('2["a",' + nest(99, '1') + ']')], reason: DEPTH, strict: { error: true } });
for (const [name, s, why] of [['7', '7', 'the digit 7'], ['9', '9["a"]', 'the digit 9'], ['letter', 'x', 'a letter'], ['json', '["a"]', 'a bare JSON array']]) {
  decode({ name: `unknown-type-${name}`, description: `A text frame starting with ${why}: 3.4.3 emits its parser-error packet.`, input: [T(s)], artifact: true, reason: ERROR_PACKET, strict: { error: true } });
}
decode({ name: 'unknown-type-then-event', description: 'An unknown type, then an EVENT: the reference\'s decoder goes on after its parser-error packet.', input: [T('8'), T('2["a"]')], artifact: true, reason: ERROR_PACKET, strict: { error: true } });
decode({ name: 'invalid-utf8', description: 'A text frame that is not UTF-8: ws closes the connection (1007).', input: [TH('32 5b 22 ff 22 5d')], expect: { error: true } });
decode({ name: 'empty-frame', description: 'An empty text frame: CONNECT.', input: [T('')], artifact: true, reason: TYPE_NUMBER, strict: { error: true }, expect: { packets: [P(0)] } });
decode({ name: 'space-frame', description: 'A space: CONNECT.', input: [T(' ')], artifact: true, reason: TYPE_NUMBER, strict: { error: true } });
decode({ name: 'bom-connect-namespace', description: 'A BOM then a namespace: CONNECT to it.', input: [T('\ufeff/admin,')], artifact: true, reason: TYPE_NUMBER, strict: { error: true } });

// ---- decode: attachments ------------------------------------------------------------------------
decode({ name: 'attach-multiple', description: 'Three attachments.', input: [bev(3, ph(0), { x: [ph(1)] }, ph(2)), Bn('01'), Bn('02'), Bn('03')], artifact: true, reason: BINARY_TYPE, strict: asEventAck });
decode({ name: 'attach-reused', description: 'One attachment, two placeholders.', input: [bev(1, ph(0), ph(0)), Bn('0102')], artifact: true, reason: BINARY_TYPE, strict: asEventAck });
decode({ name: 'attach-empty-buffer', description: 'An empty attachment.', input: [bev(1, ph(0)), Bn('')], artifact: true, reason: BINARY_TYPE, strict: asEventAck });
decode({
  name: 'attach-10', description: 'Ten attachments.',
  input: [bev(10, ...Array.from({ length: 10 }, (_, i) => ph(i))), ...Array.from({ length: 10 }, (_, i) => Bn([i]))],
  artifact: true, reason: BINARY_TYPE, strict: asEventAck,
});
decode({
  name: 'attach-11', description: 'Eleven attachments: 3.4.3 has no limit and delivers the packet.',
  input: [bev(11, ...Array.from({ length: 11 }, (_, i) => ph(i))), ...Array.from({ length: 11 }, (_, i) => Bn([i]))],
  artifact: true, reason: and(BINARY_TYPE, NO_LIMIT), strict: { error: true },
});
decode({ name: 'attach-pending-at-end', description: 'Two attachments declared, one sent.', input: [bev(2, ph(0), ph(1)), Bn('01')], expect: { packets: [], incomplete: true } });
decode({ name: 'attach-text-while-pending', description: 'A text frame while an attachment is awaited.', input: [bev(2, ph(0), ph(1)), Bn('01'), T('2["b"]')], expect: { error: true } });
decode({ name: 'attach-binary-nothing-pending', description: 'A binary frame with nothing pending.', input: [Bn('01')], expect: { error: true } });
decode({ name: 'attach-no-payload', description: 'A binary packet with no payload.', input: [T('51-'), Bn('01')], artifact: true, reason: and(NO_PAYLOAD, BINARY_TYPE), strict: { error: true } });
decode({ name: 'attach-payload-object', description: 'A BINARY_EVENT whose payload is an object: refused.', input: [T('51-{"a":1}')], expect: { error: true } });
decode({ name: 'placeholder-extra-keys', description: 'A placeholder with an extra member: still replaced.', input: [T('51-["a",{"_placeholder":true,"num":0,"x":1}]'), Bn('01')], artifact: true, reason: and(PH_EXACT, BINARY_TYPE), strict: { error: true } });
decode({ name: 'placeholder-in-plain-event', description: 'A placeholder object in a plain EVENT is data.', input: [T(ev('a', ph(0)))] });
decode({ name: 'placeholder-unchecked-while-pending', description: 'An out-of-range placeholder, attachment not sent yet: the reference waits.', input: [bev(1, ph(3))], reason: PH_LATE, strict: { error: true } });

const CVE2421 = 'CVE-2022-2421';
for (const [name, num, why] of [['splice', '"splice"', 'the name of an array method'], ['negative', '-1', 'negative'], ['out-of-range', '1', 'one past the last'], ['missing', undefined, 'missing'], ['string-0', '"0"', 'a numeric string']]) {
  const phText = num === undefined ? '{"_placeholder":true}' : `{"_placeholder":true,"num":${num}}`;
  decode({ name: `num-${name}`, advisory: CVE2421, description: `A placeholder whose num is ${why}: "illegal attachments" once the attachment arrives (3.4.3 has the fix).`, input: [T(`51-["a",${phText}]`), Bn('01')], expect: { packets: [], error: true } });
}
decode({ name: 'num-fraction', advisory: CVE2421, description: 'num 0.5: passes the check; buffers[0.5] is undefined.', input: [T('51-["a",{"_placeholder":true,"num":0.5}]'), Bn('01')], artifact: true, reason: and(PH_FRACTION, BINARY_TYPE), strict: { error: true } });

// Counts.
decode({ name: 'count-0', advisory: 'GHSA-2m8v-j782-fhvr', description: 'A count of 0: the packet is delivered at once (type 5, placeholders untouched) and the decoder keeps waiting.', input: [bev(0)], artifact: true, reason: and(COUNT_ZERO, BINARY_TYPE), strict: { packets: [P(2, ['a'])] }, expect: { packets: [P(5, ['a'])], incomplete: true } });
decode({ name: 'count-0-binary-swallowed', advisory: 'GHSA-2m8v-j782-fhvr', description: 'A count of 0, then binary frames: the reference keeps every one (the memory exhaustion of the advisory).', input: [bev(0, ph(0)), Bn('01'), Bn('02'), Bn('03')], artifact: true, reason: and(COUNT_ZERO, BINARY_TYPE, 'A strict decoder checks placeholders against the count with the text frame: with a count of 0, none is valid.'), strict: { error: true } });
decode({ name: 'count-0-then-text', advisory: 'GHSA-2m8v-j782-fhvr', description: 'A count of 0, then a text frame: "got plaintext data when reconstructing a packet".', input: [bev(0), T('2["b"]')], artifact: true, reason: and(COUNT_ZERO, BINARY_TYPE), strict: { packets: [P(2, ['a']), P(2, ['b'])] } });
decode({ name: 'count-empty', advisory: 'GHSA-2m8v-j782-fhvr', description: '"5-[...]": Number("") is 0.', input: [T('5-["a"]')], artifact: true, reason: and(COUNT_NUMBER, COUNT_ZERO, BINARY_TYPE), strict: { error: true } });
decode({ name: 'count-1000', advisory: 'GHSA-677m-j7p3-52f9', description: 'A count of 1000: 3.4.3 waits for a thousand attachments.', input: [bev(1000, ph(0)), Bn('01')], reason: NO_LIMIT, strict: { error: true }, expect: { incomplete: true } });
decode({ name: 'count-2-32', advisory: 'GHSA-677m-j7p3-52f9', description: 'A count of 2^32.', input: [bev(4294967296, ph(0))], reason: NO_LIMIT, strict: { error: true } });
decode({ name: 'count-fraction', description: 'A count of 1.5: no number of attachments reaches it.', input: [bev('1.5', ph(0)), Bn('01'), Bn('02')], artifact: true, reason: COUNT_ENDLESS, strict: { error: true }, expect: { packets: [], incomplete: true } });
decode({ name: 'count-fraction-then-text', description: 'A count of 1.5, then a text frame: the waiting decoder fails on it.', input: [bev('1.5', ph(0)), Bn('01'), T('2["b"]')], expect: { error: true } });
decode({ name: 'count-infinity', description: 'A count "Infinity".', input: [T('5Infinity-["a"]'), Bn('01')], artifact: true, reason: COUNT_ENDLESS, strict: { error: true } });
decode({ name: 'count-leading-zero', description: 'A count "01": Number() reads 1.', input: [T('501-["a",' + J(ph(0)) + ']'), Bn('01')], artifact: true, reason: and(COUNT_NUMBER, BINARY_TYPE), strict: { error: true } });
decode({ name: 'count-hex', description: 'A count "0x1".', input: [T('50x1-["a",' + J(ph(0)) + ']'), Bn('01')], artifact: true, reason: and(COUNT_NUMBER, BINARY_TYPE), strict: { error: true } });
decode({ name: 'count-letters', description: 'A count "x": NaN, refused.', input: [T('5x-["a"]')], expect: { error: true } });
decode({ name: 'count-negative', description: 'A count "-1": the count ends at the first "-", so it is empty (0) and the namespace/id/payload read "1-[...]": not JSON.', input: [T('5-1-["a"]')], expect: { error: true } });

const SIO357 = 'socketioxide-357';
decode({ name: '45', advisory: SIO357, description: '"45": ERROR with ack id 5 and no payload.', input: [T('45')] });
for (const [name, s] of [['5', '5'], ['5a-dash', '5a-'], ['51', '51']]) {
  decode({ name, advisory: SIO357, description: `"${s}": a binary header without a valid count and "-".`, input: [T(s)], expect: { packets: [], error: true } });
}
decode({ name: '5-dash', advisory: SIO357, description: '"5-": count 0 (Number("")), no payload: delivered at once, and the decoder keeps waiting.', input: [T('5-')], artifact: true, reason: and(COUNT_NUMBER, COUNT_ZERO, NO_PAYLOAD, BINARY_TYPE), strict: { error: true } });

const CPP299 = 'socket-io-client-cpp-299';
decode({ name: '451', advisory: CPP299, description: '"451": ERROR with ack id 51.', input: [T('451')] });
decode({ name: 'ack-20-digits', advisory: CPP299, description: 'A 20-digit ack id.', input: [T('212345678901234567890["a"]')], artifact: true, reason: PRECISION, strict: { error: true } });

const CVE32695 = 'CVE-2023-32695';
for (const [name, payload] of [['object-event', '[{}]'], ['null-event', '[null]'], ['empty-array', '[]']]) {
  decode({ name, advisory: CVE32695, description: `EVENT "2${payload}": no event name; refused.`, input: [T('2' + payload)], expect: { packets: [], error: true } });
}
decode({ name: 'error-event', advisory: 'CVE-2024-38355', description: 'An event named "error": delivered.', input: [T('2["error"]')] });
decode({ name: 'long-count', advisory: 'CVE-2020-36049', description: 'A 10000-digit attachment count: Number() gives Infinity, so 3.4.3 waits for ever.', input: [T('5' + '1'.repeat(10000) + '-["a"]'), Bn('01')], artifact: true, reason: COUNT_ENDLESS, strict: { error: true } });
decode({ name: 'long-ack-id', advisory: 'CVE-2020-36049', description: 'A 10000-digit ack id: Infinity.', input: [T('2' + '1'.repeat(10000) + '["a"]')], artifact: true, reason: PRECISION, strict: { error: true } });
decode({ name: 'unconnected-namespace', advisory: 'python-socketio-2026', description: 'A binary packet for a namespace never connected: the parser delivers it.', input: [T('51-/never,["a",' + J(ph(0)) + ']'), Bn('01')], artifact: true, reason: BINARY_TYPE, strict: asEventAck });

// ---- encode ---------------------------------------------------------------------------------
encode({ name: 'connect', description: 'CONNECT.', input: [P(0)], expect: { frames: [T('0')] } });
encode({ name: 'connect-namespace', description: 'CONNECT to /admin.', input: [P(0, undefined, { nsp: '/admin' })] });
encode({ name: 'connect-query', description: 'CONNECT with a query in the namespace field, as socket.io-client 2.x writes it.', input: [P(0, undefined, { nsp: '/admin?token=abc' })], expect: { frames: [T('0/admin?token=abc,')] } });
encode({ name: 'disconnect', description: 'DISCONNECT from /admin.', input: [P(1, undefined, { nsp: '/admin' })] });
encode({ name: 'event', description: 'An EVENT.', input: [P(2, ['hello', { a: 1, b: [true] }])] });
encode({ name: 'event-namespace-id', description: 'An EVENT on a namespace with an ack id.', input: [P(2, ['foo'], { nsp: '/admin', id: 456 })] });
encode({ name: 'event-id-0', description: 'Ack id 0.', input: [P(2, ['foo'], { id: 0 })] });
encode({ name: 'event-connect-name', description: 'An event named "connect": v4 has no reserved names.', input: [P(2, ['connect'])] });
encode({ name: 'event-unicode', description: 'Non-ASCII text.', input: [P(2, ['héllo', '😀'], { nsp: '/ñ' })] });
encode({ name: 'event-numbers', description: 'Numbers as JSON.stringify writes them.', input: [P(2, ['n', 0.1, 1e21, 1e-7, -1.5, 9007199254740991])] });
encode({ name: 'ack', description: 'An ACK.', input: [P(3, ['bar'], { nsp: '/admin', id: 13 })] });
encode({ name: 'error-string', description: 'ERROR with a string.', input: [P(4, 'Not authorized')], expect: { frames: [T('4"Not authorized"')] } });
encode({ name: 'error-object', description: 'ERROR with an object.', input: [P(4, { message: 'x' })] });
encode({ name: 'binary-event', description: 'A BINARY_EVENT (type 5, as the 2.x server marks packets holding binary): placeholder and attachment.', input: [P(5, ['baz', bin('010203')])], expect: { frames: [T('51-["baz",{"_placeholder":true,"num":0}]'), Bn('010203')] } });
encode({ name: 'binary-ack', description: 'A BINARY_ACK.', input: [P(6, [bin('ff')], { id: 12, nsp: '/admin' })] });
encode({ name: 'binary-multiple', description: 'Several binary values, numbered depth-first.', input: [P(5, ['a', bin('01'), { x: [bin('02')], y: bin('') }])] });
const ABOVE = 'socket.io-parser 3.4.3 converts binary values only in packets given as BINARY_EVENT/BINARY_ACK (the 2.x server ' +
  'picks the type with has-binary above the parser); given an EVENT or ACK it writes each Buffer through its toJSON. A strict ' +
  'encoder writes the binary packet the data calls for.';
encode({ name: 'binary-in-event-type', description: 'An EVENT (type 2) holding a binary value: 3.4.3 writes the Buffer as JSON.', input: [P(2, ['a', bin('0102')])], artifact: true, reason: ABOVE, strict: { frames: [T('51-["a",{"_placeholder":true,"num":0}]'), Bn('0102')] } });
encode({ name: 'binary-in-ack-type', description: 'An ACK (type 3) holding a binary value.', input: [P(3, [bin('ff')], { id: 1 })], artifact: true, reason: ABOVE, strict: { frames: [T('61-1[{"_placeholder":true,"num":0}]'), Bn('ff')] } });
const REFUSE = (what) => `socket.io-parser's Encoder writes whatever it is given; ${what} A strict encoder refuses the packet.`;
encode({ name: 'connect-with-data', description: 'A v4 CONNECT with data: the reference writes it.', input: [P(0, { a: 1 })], reason: REFUSE('a v4 CONNECT carries no data (the query travels in the namespace field).'), strict: { error: true } });
encode({ name: 'binary-type-without-binary', description: 'BINARY_EVENT with no binary value: count 0.', input: [P(5, ['a'])], reason: REFUSE('"50-" is refused by 4.2.7 decoders and makes 3.4.3 decoders wait for ever.'), strict: { error: true } });
encode({ name: 'disconnect-with-data', description: 'DISCONNECT with data.', input: [P(1, 'x')], reason: REFUSE('a DISCONNECT payload is refused by the decoder.'), strict: { error: true } });

module.exports = { suite: 'sio4', cases };
