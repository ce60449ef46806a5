'use strict';
// Socket.IO v5 (socket.io-parser 4.2.7): text frames and their binary attachments, decoded
// frame by frame by one Decoder; packets encoded by the Encoder.
const { T, TH, Bn, bin, ph, P } = require('../lib/sio');

const J = JSON.stringify;
const ev = (...args) => '2' + J(args); // an EVENT text frame on "/"
const nest = (n, inner = '') => '['.repeat(n) + inner + ']'.repeat(n);
const nestObj = (n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

// ---- reasons ------------------------------------------------------------------------------------
const TYPE_NUMBER = 'socket.io-parser reads the packet type as Number(first character), so the empty frame ' +
  'and a first character JavaScript trims as whitespace read as 0 (CONNECT), and the header goes on after that ' +
  'character. A strict decoder requires a digit from 0 to 6.';
const ID_SPACE = 'socket.io-parser reads the ack id as the run of characters c with Number(c) == c, which takes ' +
  'JavaScript whitespace as well as digits, and then Number() of the run (whitespace alone is 0). A strict decoder ' +
  'takes ASCII digits only and refuses whitespace before the payload.';
const ID_GAP = ID_SPACE + ' Here the run holds whitespace between digits, which Number() reads as NaN (recorded as ' +
  '{"$num":"NaN"}).';
const LEADING_ZERO = 'socket.io-parser reads the ack id with Number(), which ignores leading zeros; a strict ' +
  'decoder accepts only the canonical decimal form, as the encoder writes it.';
const NSP_END = 'socket.io-parser ends the namespace at the first "," or at the end of the frame, so a namespace ' +
  'without its "," swallows the rest of the frame. A strict decoder requires the ",".';
const NO_PAYLOAD = 'socket.io-parser validates a payload only when there is one, so an EVENT or ACK without ' +
  'data passes and reaches the application with data undefined. A strict decoder requires the array (an EVENT ' +
  'without an event name has no meaning).';
const COUNT_NUMBER = 'socket.io-parser reads the attachment count as Number() of the text before the first "-" ' +
  'and checks it with !=, so anything Number() maps to an integer passes (whitespace, leading zeros, "+", ' +
  'fractions such as "1.0", exponents, hex, octal and binary literals). A strict decoder accepts only canonical ' +
  'decimal digits.';
const PRECISION = 'socket.io-parser reads the ack id with Number(), which rounds beyond 2^53 to the nearest double ' +
  '(and gives Infinity beyond the double range), so the id the application answers with is not the one sent. A ' +
  'strict decoder refuses ack ids above 2^53-1, the largest a JavaScript peer holds exactly (sioc: ' +
  'decode_options::max_ack_id).';
const SAFE_LIMIT = 'socket.io-parser reads 2^53 exactly, but it is the first integer a JavaScript peer cannot ' +
  'tell from its neighbour (2^53 + 1 rounds to it). A strict decoder refuses ack ids above 2^53-1 (sioc: ' +
  'decode_options::max_ack_id).';
const PH_FRACTION = 'socket.io-parser checks a placeholder\'s num only as typeof "number" and 0 <= num < count, so a ' +
  'fraction passes and picks buffers[num], which is undefined: the application receives undefined (an array ' +
  'element recorded as null, an object member left out, as JSON.stringify writes them). A strict decoder requires ' +
  'an integer num below the count.';
const PH_EXACT = 'socket.io-parser takes any object whose _placeholder member is true as a placeholder and checks ' +
  'only that num is a number in [0, count). A strict decoder requires exactly {"_placeholder":true,"num":N} with N ' +
  'an integer literal below the declared count, and checks it with the text frame.';
const PH_LATE = 'socket.io-parser checks placeholders only when the last attachment arrives; the error comes ' +
  'with that binary frame. A strict decoder checks them against the declared count with the text frame.';
const LONE_SURROGATE = 'JSON.parse accepts a "\\uD800"-style escape of a lone UTF-16 surrogate and makes a string ' +
  'that is not Unicode text (recorded as {"$wtf8": hex}). A strict decoder refuses it: no UTF-8 text holds it.';
const INFINITY = 'JSON.parse reads a number beyond the double range as Infinity, which JSON cannot write back ' +
  '(recorded as {"$num":"Infinity"}). A strict decoder refuses it.';
const BIG_INT = 'JSON.parse rounds an integer beyond 2^53 to the nearest double. A strict decoder keeps the exact ' +
  'integer (sioc: a 64-bit integer).';
const DEPTH = 'JSON.parse (V8) accepts this nesting. A strict decoder bounds the depth of a payload (sioc: ' +
  'decode_options::max_depth, 64 by default) so that hostile nesting costs bounded memory and time.';

const cases = [];
const decode = (c) => cases.push({ direction: 'decode', ...c });
const encode = (c) => cases.push({ direction: 'encode', ...c });

// ---- decode: every packet type ------------------------------------------------------------------
decode({ name: 'connect', description: 'CONNECT to the main namespace: the type digit alone.', input: [T('0')], expect: { packets: [P(0)], error: false, incomplete: false } });
decode({ name: 'connect-auth', description: 'CONNECT with an auth object.', input: [T('0{"token":"123"}')], expect: { packets: [P(0, { token: '123' })] } });
decode({ name: 'connect-namespace', description: 'CONNECT to /admin.', input: [T('0/admin,')], expect: { packets: [P(0, undefined, { nsp: '/admin' })] } });
decode({ name: 'connect-namespace-auth', description: 'CONNECT to /admin with an auth object.', input: [T('0/admin,{"token":"123"}')] });
decode({ name: 'connect-sid', description: 'The server\'s answer to CONNECT: an object with the sid.', input: [T('0{"sid":"wZX3oN0bSVIhsaknAAAI"}')] });
decode({ name: 'connect-auth-nested', description: 'CONNECT with a nested auth object.', input: [T('0{"a":{"b":[1,2,{"c":null}]},"d":true}')] });
decode({ name: 'connect-empty-object', description: 'CONNECT with an empty auth object.', input: [T('0{}')] });
decode({ name: 'disconnect', description: 'DISCONNECT from the main namespace.', input: [T('1')], expect: { packets: [P(1)] } });
decode({ name: 'disconnect-namespace', description: 'DISCONNECT from /admin.', input: [T('1/admin,')] });
decode({ name: 'event', description: 'An EVENT with only its name.', input: [T('2["hello"]')], expect: { packets: [P(2, ['hello'])] } });
decode({ name: 'event-args', description: 'An EVENT with arguments of every JSON kind.', input: [T(ev('hello', 1, 'two', { three: 3 }, [4], null, true, false, 1.5, -2))] });
decode({ name: 'event-namespace', description: 'An EVENT on /admin.', input: [T('2/admin,["bar"]')], expect: { packets: [P(2, ['bar'], { nsp: '/admin' })] } });
decode({ name: 'event-ack-id', description: 'An EVENT asking for an acknowledgement (id 12).', input: [T('212["foo"]')], expect: { packets: [P(2, ['foo'], { id: 12 })] } });
decode({ name: 'event-namespace-ack-id', description: 'Namespace, ack id and payload together.', input: [T('2/admin,456["foo",{"a":1}]')] });
decode({ name: 'event-numeric-name', description: 'An event "name" that is a number: the reference accepts a number as the first element.', input: [T('2[1,"a"]')] });
decode({ name: 'event-numeric-name-float', description: 'A fractional number as the event name.', input: [T('2[1.5]')] });
decode({ name: 'event-numeric-name-negative', description: 'A negative number as the event name.', input: [T('2[-1,{}]')] });
decode({ name: 'event-empty-name', description: 'The empty string as the event name.', input: [T('2[""]')] });
decode({ name: 'event-whitespace-in-json', description: 'JSON whitespace inside the array (not before it).', input: [T('2[ "a" , 1 ,\n\t{ "b" : [ ] } ]')] });
decode({ name: 'event-trailing-whitespace', description: 'JSON whitespace after the payload: JSON.parse accepts it.', input: [T('2["a"] \n')] });
decode({ name: 'ack', description: 'An ACK with arguments.', input: [T('3/admin,13["bar"]')], expect: { packets: [P(3, ['bar'], { nsp: '/admin', id: 13 })] } });
decode({ name: 'ack-empty', description: 'An ACK with no arguments: the empty array.', input: [T('31[]')], expect: { packets: [P(3, [], { id: 1 })] } });
decode({ name: 'ack-id-0', description: 'ACK id 0.', input: [T('30["a"]')] });
decode({ name: 'ack-without-id', description: 'An ACK without an ack id: the reference accepts it (nothing to match it to).', input: [T('3["a"]')] });
decode({ name: 'ack-object-arg', description: 'An ACK whose only argument is an object.', input: [T('35[{"ok":true}]')] });
decode({ name: 'connect-error-object', description: 'CONNECT_ERROR with an object.', input: [T('4{"message":"Not authorized"}')], expect: { packets: [P(4, { message: 'Not authorized' })] } });
decode({ name: 'connect-error-object-data', description: 'CONNECT_ERROR with message and data, on a namespace.', input: [T('4/admin,{"message":"x","data":{"code":42}}')] });
decode({ name: 'connect-error-string', description: 'CONNECT_ERROR with a string (Socket.IO 3.0 sent these).', input: [T('4"Not authorized"')] });
decode({ name: 'connect-error-no-data', description: 'CONNECT_ERROR without data: no payload, nothing to validate.', input: [T('4')] });
decode({ name: 'binary-event', description: 'A BINARY_EVENT with one attachment, delivered as EVENT (type 2) with the buffer in place.', input: [T('51-["baz",{"_placeholder":true,"num":0}]'), Bn('01 02 03')], expect: { packets: [P(2, ['baz', bin('010203')])], incomplete: false } });
decode({ name: 'binary-ack', description: 'A BINARY_ACK with one attachment, delivered as ACK (type 3).', input: [T('61-12[' + J(ph(0)) + ']'), Bn('ff')], expect: { packets: [P(3, [bin('ff')], { id: 12 })] } });
decode({ name: 'binary-event-namespace-id', description: 'A BINARY_EVENT with namespace and ack id.', input: [T('51-/admin,7["a",' + J(ph(0)) + ']'), Bn('00')] });
decode({ name: 'binary-ack-namespace', description: 'A BINARY_ACK on a namespace.', input: [T('61-/admin,3["a",' + J(ph(0)) + ']'), Bn('0a0b')] });
decode({ name: 'binary-event-numeric-name', description: 'A BINARY_EVENT whose name is a number.', input: [T('51-[7,' + J(ph(0)) + ']'), Bn('01')] });
decode({ name: 'binary-ack-empty-args', description: 'A BINARY_ACK whose data is the empty array: the attachment is still awaited, then dropped.', input: [T('61-1[]'), Bn('01')] });
decode({ name: 'sequence-mixed', description: 'Several packets on one decoder: text, binary with attachments, text.', input: [T('0'), T('2["a"]'), T('51-["b",' + J(ph(0)) + ']'), Bn('01'), T('3/x,1[]')] });

// ---- decode: namespaces -------------------------------------------------------------------------
for (const [name, nsp, why] of [
  ['nested-path', '/a/b/c', 'a namespace with several path segments'],
  ['explicit-root', '/', 'the main namespace written out with its ","'],
  ['double-slash', '//', 'two slashes'],
  ['query-like', '/admin?x=1', 'a "?" in a v5 namespace, which v5 does not split off'],
  ['space', '/a b', 'a space'],
  ['punctuation', "/a-b_c.d~!$&'()*+;=:@", 'URL punctuation'],
  ['brackets-quotes', '/a["b"]{}', 'JSON-looking characters'],
  ['latin1', '/ñandú', 'two-byte UTF-8'],
  ['cjk', '/日本語', 'three-byte UTF-8'],
  ['emoji', '/😀', 'four-byte UTF-8 (a surrogate pair in JavaScript)'],
  ['rtl-mark', '/a\u200fb', 'an invisible bidi control'],
  ['nul', '/a\u0000b', 'a NUL character'],
  ['long', '/' + 'n'.repeat(2000), 'two thousand characters'],
]) {
  decode({ name: `namespace-${name}`, description: `An EVENT on a namespace with ${why}.`, input: [T(`2${nsp},["a"]`)] });
}
for (const [name, evName] of [['accents', 'événement'], ['katakana', 'イベント'], ['emoji', '😀'], ['zero-width', '\u200b'], ['rtl', 'مرحبا'], ['combining', 'e\u0301']]) {
  decode({ name: `event-name-unicode-${name}`, description: `An event name in non-ASCII text (${name}).`, input: [T(ev(evName, 1))] });
}
decode({ name: 'namespace-unicode-event', description: 'A non-ASCII namespace and event name together, with an ack id.', input: [T('2/ünï,9["héllo wörld 😀"]')] });
decode({
  name: 'namespace-missing-comma', description: 'A namespace without its ",": the reference reads the whole rest of the frame as the namespace.',
  input: [T('2/admin["a"]')], artifact: true, reason: NSP_END, strict: { error: true },
  expect: { packets: [P(2, undefined, { nsp: '/admin["a"]' })] },
});
decode({ name: 'namespace-at-end', description: 'CONNECT "0/admin" without the ",": the namespace ends with the frame.', input: [T('0/admin')], artifact: true, reason: NSP_END, strict: { error: true } });
decode({ name: 'namespace-slash-only-at-end', description: '"1/": a namespace of just "/" at the end of the frame.', input: [T('1/')], artifact: true, reason: NSP_END, strict: { error: true } });
decode({ name: 'namespace-without-slash', description: '"2admin,[...]": a namespace must start with "/", so "admin," is read as the payload, which is not JSON.', input: [T('2admin,["a"]')], expect: { error: true } });
decode({ name: 'namespace-then-nothing', description: 'An EVENT with a namespace and no payload.', input: [T('2/admin,')], artifact: true, reason: NO_PAYLOAD, strict: { error: true } });

// ---- decode: ack ids ----------------------------------------------------------------------------
for (const [name, id] of [['1', '1'], ['2-31', '2147483648'], ['2-32-minus-1', '4294967295'], ['2-32', '4294967296'],
  ['2-53-minus-1', '9007199254740991']]) {
  decode({ name: `ack-id-${name}`, description: `Ack id ${id} on an EVENT.`, input: [T(`2${id}["a"]`)] });
}
decode({ name: 'ack-id-2-53-minus-1-ack', description: 'Ack id 2^53-1 on an ACK, the largest id exactly held by JavaScript.', input: [T('39007199254740991[]')], expect: { packets: [P(3, [], { id: 9007199254740991 })] } });
decode({ name: 'ack-id-2-53', description: 'Ack id 2^53: the reference holds it exactly.', input: [T('29007199254740992["a"]')], reason: SAFE_LIMIT, strict: { error: true } });
decode({
  name: 'ack-id-2-53-plus-1', description: 'Ack id 2^53+1: Number() rounds it to 2^53.', input: [T('29007199254740993["a"]')],
  artifact: true, reason: PRECISION, strict: { error: true }, expect: { packets: [P(2, ['a'], { id: 9007199254740992 })] },
});
decode({ name: 'ack-id-2-64-minus-1', description: 'Ack id 2^64-1: Number() rounds it to 2^64.', input: [T('218446744073709551615["a"]')], artifact: true, reason: PRECISION, strict: { error: true } });
decode({ name: 'ack-id-2-64', description: 'Ack id 2^64, beyond 64 bits.', input: [T('218446744073709551616["a"]')], artifact: true, reason: PRECISION, strict: { error: true } });
decode({ name: 'ack-id-25-digits', description: 'A 25-digit ack id: Number() gives 1e24.', input: [T('21000000000000000000000000["a"]')], artifact: true, reason: PRECISION, strict: { error: true } });
decode({ name: 'ack-id-400-digits', description: 'A 400-digit ack id: Number() gives Infinity.', input: [T('2' + '9'.repeat(400) + '["a"]')], artifact: true, reason: PRECISION, strict: { error: true } });
decode({ name: 'ack-id-leading-zero', description: 'Ack id "01": Number() reads 1.', input: [T('201["a"]')], artifact: true, reason: LEADING_ZERO, strict: { error: true }, expect: { packets: [P(2, ['a'], { id: 1 })] } });
decode({ name: 'ack-id-00', description: 'Ack id "00": Number() reads 0.', input: [T('200["a"]')], artifact: true, reason: LEADING_ZERO, strict: { error: true } });
decode({ name: 'ack-id-no-data', description: 'An EVENT with an ack id and no payload.', input: [T('212')], artifact: true, reason: NO_PAYLOAD, strict: { error: true } });
decode({ name: 'ack-id-ack-no-data', description: 'An ACK with an ack id and no payload.', input: [T('312')], artifact: true, reason: NO_PAYLOAD, strict: { error: true } });
decode({ name: 'ack-id-on-connect', description: 'An ack id on CONNECT: the grammar puts the id after the namespace for every type, and the reference keeps it.', input: [T('01{}')] });
decode({ name: 'ack-id-on-disconnect', description: 'An ack id on DISCONNECT.', input: [T('17')] });
decode({ name: 'ack-id-exponent', description: '"21e3[...]": the id stops at "e", which leaves "e3[...]" as the payload: not JSON.', input: [T('21e3["a"]')], expect: { error: true } });
decode({ name: 'ack-id-arabic-digit', description: 'An Arabic-Indic digit (U+0663) where the ack id goes: Number() does not read it, so it starts the payload, which is not JSON.', input: [T('2٣["a"]')], expect: { error: true } });
decode({ name: 'ack-id-fullwidth-digit', description: 'A fullwidth digit (U+FF12) where the ack id goes: not an ack id, and not JSON.', input: [T('2２["a"]')], expect: { error: true } });
decode({ name: 'ack-id-sign', description: '"2-1[...]": a sign is not part of an ack id, and "-1[...]" is not JSON.', input: [T('2-1["a"]')], expect: { error: true } });
decode({ name: 'ack-id-space', description: '"2 [...]": a space where the ack id goes. Number(" ") is 0.', input: [T('2 ["a"]')], artifact: true, reason: ID_SPACE, strict: { error: true }, expect: { packets: [P(2, ['a'], { id: 0 })] } });
decode({ name: 'ack-id-spaces-around', description: '"2 1 [...]": spaces around the digit; Number(" 1 ") is 1.', input: [T('2 1 ["a"]')], artifact: true, reason: ID_SPACE, strict: { error: true } });
decode({ name: 'ack-id-tab', description: 'A tab where the ack id goes.', input: [T('2\t["a"]')], artifact: true, reason: ID_SPACE, strict: { error: true } });
decode({ name: 'ack-id-newline', description: 'A line feed where the ack id goes.', input: [T('2\n["a"]')], artifact: true, reason: ID_SPACE, strict: { error: true } });
decode({ name: 'ack-id-nbsp', description: 'U+00A0 (no-break space) where the ack id goes: JavaScript whitespace too.', input: [T('2\u00a0["a"]')], artifact: true, reason: ID_SPACE, strict: { error: true } });
decode({ name: 'ack-id-ideographic-space', description: 'U+3000 (ideographic space) where the ack id goes.', input: [T('2\u3000["a"]')], artifact: true, reason: ID_SPACE, strict: { error: true } });
decode({ name: 'ack-id-only-spaces', description: '"2  ": spaces and no payload: EVENT with id 0 and no data.', input: [T('2  ')], artifact: true, reason: ID_SPACE, strict: { error: true } });
decode({ name: 'ack-id-line-separator', description: 'U+2028 (line separator) where the ack id goes: JavaScript whitespace.', input: [T('2\u2028["a"]')], artifact: true, reason: ID_SPACE, strict: { error: true } });
decode({ name: 'ack-id-bom', description: 'U+FEFF (BOM) where the ack id goes: JavaScript whitespace.', input: [T('2\ufeff["a"]')], artifact: true, reason: ID_SPACE, strict: { error: true } });
decode({ name: 'ack-id-multibyte-spaces-then-digit', description: 'Two U+3000 then "1": Number() reads 1.', input: [T('2\u3000\u30001["a"]')], artifact: true, reason: ID_SPACE, strict: { error: true } });
decode({ name: 'ack-id-after-namespace-space', description: 'A space between the namespace\'s "," and the payload: read as ack id 0.', input: [T('2/admin, ["a"]')], artifact: true, reason: ID_SPACE, strict: { error: true } });
for (const [name, ch, what] of [['zero-width-space', '\u200b', 'U+200B (zero-width space)'], ['mongolian-vowel-separator', '\u180e', 'U+180E (Mongolian vowel separator, not whitespace since ES2016)'],
  ['next-line', '\u0085', 'U+0085 (NEL)'], ['nul', '\u0000', 'NUL']]) {
  decode({ name: `ack-id-not-space-${name}`, description: `${what} where the ack id goes: not JavaScript whitespace, so it starts the payload, which is not JSON.`, input: [T(`2${ch}["a"]`)], expect: { error: true } });
}
decode({ name: 'ack-id-space-between-digits', description: '"21 2[...]": a space between digits: Number("1 2") is NaN.', input: [T('21 2["a"]')], artifact: true, reason: ID_GAP, strict: { error: true } });

// ---- decode: payload validation -----------------------------------------------------------------
for (const [name, payload] of [['array', '[]'], ['string', '"x"'], ['null', 'null'], ['true', 'true'], ['invalid-json', '{']]) {
  decode({ name: `connect-payload-${name}`, description: `CONNECT with the payload ${payload}: only an object is valid.`, input: [T('0' + payload)], expect: { error: true } });
}
for (const [name, payload] of [['object', '{}'], ['string', '""'], ['null', 'null'], ['array', '[]']]) {
  decode({ name: `disconnect-payload-${name}`, description: `DISCONNECT with the payload ${payload}: DISCONNECT carries none.`, input: [T('1' + payload)], expect: { error: true } });
}
decode({ name: 'disconnect-namespace-payload', description: 'DISCONNECT from /admin with a payload.', input: [T('1/admin,{}')], expect: { error: true } });
for (const [name, payload] of [['array', '[]'], ['null', 'null'], ['true', 'true']]) {
  decode({ name: `connect-error-payload-${name}`, description: `CONNECT_ERROR with the payload ${payload}: only a string or an object is valid.`, input: [T('4' + payload)], expect: { error: true } });
}
for (const [name, payload] of [['object', '{}'], ['string', '"a"'], ['null', 'null'], ['array-name', '[[]]'], ['true-name', '[true]'], ['false-name', '[false]']]) {
  decode({ name: `event-payload-${name}`, description: `EVENT with the payload ${payload}: an array starting with a string or a number is required.`, input: [T('2' + payload)], expect: { error: true } });
}
for (const [name, payload] of [['object', '{}'], ['string', '"a"'], ['null', 'null'], ['number', '1.5']]) {
  decode({ name: `ack-payload-${name}`, description: `ACK with the payload ${payload}: an array is required.`, input: [T('31' + payload)], expect: { error: true } });
}
for (const name of ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']) {
  decode({ name: `event-reserved-${name.toLowerCase().replace(/_/g, '-')}`, description: `The reserved event name "${name}" is refused.`, input: [T(ev(name, 1))], expect: { error: true } });
}
decode({ name: 'event-reserved-escaped', description: 'The reserved name "connect" written with a JSON escape ("\\u0063onnect"): refused once unescaped.', input: [T('2["\\u0063onnect"]')], expect: { error: true } });
decode({ name: 'event-reserved-namespace', description: 'A reserved name on a namespace, with an ack id.', input: [T('2/admin,1["disconnect"]')], expect: { error: true } });
for (const [name, evName] of [['case', 'Connect'], ['trailing-space', 'connect '], ['suffix', 'disconnect_'], ['proto', '__proto__'],
  ['constructor', 'constructor'], ['to-string', 'toString'], ['message', 'message'], ['ping', 'ping']]) {
  decode({ name: `event-near-reserved-${name}`, description: `"${evName}" is not a reserved name: accepted.`, input: [T(ev(evName))] });
}
for (const [name, payload, why] of [
  ['unterminated', '["a"', 'an unterminated array'], ['trailing-garbage', '["a"]x', 'garbage after the array'],
  ['trailing-comma', '["a",]', 'a trailing comma'], ['single-quotes', "['a']", 'single quotes'],
  ['nan', '["a",NaN]', 'NaN, which is not JSON'], ['hex-escape', '["\\x41"]', 'a \\x escape'],
  ['raw-control', '["a\u0001"]', 'a raw control character in a string'], ['two-values', '["a"]["b"]', 'two arrays'],
  ['leading-plus', '["a",+1]', 'a number with a "+" sign'], ['leading-zero-number', '["a",01]', 'a number with a leading zero'],
]) {
  decode({ name: `json-${name}`, description: `An EVENT whose payload has ${why}: JSON.parse fails, which the reference reports as an invalid payload.`, input: [T('2' + payload)], expect: { error: true } });
}

// ---- decode: numbers, strings and nesting in the payload ----------------------------------------
decode({ name: 'number-float-forms', description: 'Numbers in the forms JSON allows: fraction, exponent, negative zero.', input: [T('2["a",1.0,1E2,1e-2,-0,0.1,-1.5e+3]')] });
decode({ name: 'number-2-53-plus-2', description: '2^53+2 in the payload: a double holds it exactly.', input: [T('2["a",9007199254740994]')] });
decode({ name: 'number-2-63', description: '2^63 in the payload: a double holds it exactly.', input: [T('2["a",9223372036854775808]')] });
decode({ name: 'number-negative-2-63', description: '-2^63, the smallest 64-bit integer.', input: [T('2["a",-9223372036854775808]')] });
decode({ name: 'number-long-fraction', description: 'A number with more digits than a double holds, with a fraction: a double in every reading.', input: [T('2["a",123456789012345678901234567890.5]')] });
decode({ name: 'number-underflow', description: '1e-400 underflows to 0.', input: [T('2["a",1e-400]')] });
decode({ name: 'number-2-53-plus-1', description: '2^53+1 in the payload: JSON.parse rounds it to 2^53.', input: [T('2["a",9007199254740993]')], artifact: true, reason: BIG_INT, strict: { packets: [P(2, ['a', 9007199254740993n])] } });
decode({ name: 'number-2-64-minus-1', description: '2^64-1 in the payload: JSON.parse rounds it to 2^64.', input: [T('2["a",18446744073709551615]')], artifact: true, reason: BIG_INT, strict: { packets: [P(2, ['a', 18446744073709551615n])] } });
decode({ name: 'number-minus-1e400', description: '-1e400 in the payload: JSON.parse gives -Infinity.', input: [T('2["a",-1e400]')], artifact: true, reason: INFINITY, strict: { error: true } });
decode({ name: 'number-extremes', description: 'The smallest subnormal, the smallest normal and the largest finite double, and a value rounding to the smallest subnormal.', input: [T('2["a",4.9e-324,2.2250738585072014e-308,1.7976931348623157e308,2.4703282292062328e-324,-0.0]')] });
decode({ name: 'number-2-64', description: '2^64 in the payload, beyond 64 bits: the nearest double.', input: [T('2["a",18446744073709551616]')] });
decode({ name: 'number-below-int64', description: '-2^63-1 in the payload, below the 64-bit range: the nearest double.', input: [T('2["a",-9223372036854775809]')] });
decode({ name: 'number-1e20-integer', description: 'An integer beyond 64 bits that a double holds exactly, as JSON.stringify writes 1e20.', input: [T('2["a",100000000000000000000]')] });
decode({ name: 'number-1e400', description: '1e400 in the payload: JSON.parse gives Infinity.', input: [T('2["a",1e400]')], artifact: true, reason: INFINITY, strict: { error: true } });
decode({ name: 'number-name-1e400', description: '1e400 as the event name: Infinity is a number, so the reference accepts it as a name.', input: [T('2[1e400]')], artifact: true, reason: INFINITY, strict: { error: true } });
decode({ name: 'string-escapes', description: 'Every JSON string escape.', input: [T('2["a","\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u00e9\\u20ac"]')] });
decode({ name: 'string-surrogate-pair-escape', description: 'An emoji written as an escaped surrogate pair.', input: [T('2["\\ud83d\\ude00"]')] });
decode({ name: 'string-unicode-raw', description: 'Raw UTF-8 of one to four bytes in strings and member names.', input: [T('2["é€😀",{"ключ":"值"}]')] });
decode({ name: 'string-lone-high-surrogate', description: 'A lone high surrogate escape as the event name.', input: [T('2["\\ud800"]')], artifact: true, reason: LONE_SURROGATE, strict: { error: true } });
decode({ name: 'string-lone-low-surrogate', description: 'A lone low surrogate escape in an argument.', input: [T('2["a","x\\udc00y"]')], artifact: true, reason: LONE_SURROGATE, strict: { error: true } });
decode({ name: 'string-reversed-surrogates', description: 'A low then a high surrogate escape: two lone surrogates.', input: [T('2["a","\\udc00\\ud800"]')], artifact: true, reason: LONE_SURROGATE, strict: { error: true } });
decode({ name: 'object-duplicate-keys', description: 'A repeated member name: the last value wins, as JSON.parse does.', input: [T('2["a",{"k":1,"k":2}]')] });
decode({ name: 'object-proto-key', description: 'A "__proto__" member: JSON.parse makes it an ordinary own member.', input: [T('2["a",{"__proto__":{"x":1},"constructor":2}]')] });
decode({ name: 'object-key-order', description: 'Members out of alphabetical order (results compare objects unordered).', input: [T('2["a",{"z":1,"a":2,"m":{"y":1,"b":2}}]')] });
decode({ name: 'nesting-64-arrays', description: 'An argument nested 64 arrays deep (the innermost value inside 64 arrays): JSON.parse accepts it, and so does a decoder bounding depth at 64.', input: [T('2["a",' + nest(63, '1') + ']')] });
decode({ name: 'nesting-65-arrays', description: 'An argument nested one level deeper than 64: JSON.parse accepts it.', input: [T('2["a",' + nest(64, '1') + ']')], reason: DEPTH, strict: { error: true } });
decode({ name: 'nesting-100-arrays', description: 'An argument nested 100 arrays deep: JSON.parse accepts it.', input: [T('2["a",' + nest(99, '1') + ']')], reason: DEPTH, strict: { error: true } });
decode({ name: 'nesting-100-objects', description: 'An argument nested 100 objects deep: JSON.parse accepts it.', input: [T('2["a",' + nestObj(99) + ']')], reason: DEPTH, strict: { error: true } });
decode({ name: 'nesting-100-connect', description: 'A CONNECT auth object nested 100 deep: JSON.parse accepts it.', input: [T('0' + nestObj(100))], reason: DEPTH, strict: { error: true } });

// ---- decode: unknown types and malformed frames -------------------------------------------------
for (const [name, s, why] of [['7', '7', 'one past the last type'], ['9', '9["a"]', 'an unknown digit'], ['letter', 'a', 'a letter'],
  ['minus', '-1', 'a minus sign'], ['plus', '+2["a"]', 'a plus sign'], ['arabic-digit', '٢["a"]', 'an Arabic-Indic digit (U+0662)'],
  ['fullwidth-digit', '２["a"]', 'a fullwidth digit (U+FF12)'], ['nul', '\u0000', 'a NUL character'],
  ['json', '["a"]', 'a bare JSON array']]) {
  decode({ name: `unknown-type-${name}`, description: `A text frame starting with ${why}: not a packet type.`, input: [T(s)], expect: { packets: [], error: true } });
}
decode({ name: 'invalid-utf8-payload', description: 'A text frame with a byte that is not UTF-8 (0xFF) in a string: ws closes the connection (1007) before the parser sees it.', input: [TH('32 5b 22 ff 22 5d')], expect: { error: true } });
decode({ name: 'invalid-utf8-namespace', description: 'A truncated UTF-8 sequence in the namespace.', input: [TH('32 2f c3 2c 5b 22 61 22 5d')], expect: { error: true } });
decode({ name: 'invalid-utf8-surrogate', description: 'A UTF-8-encoded surrogate (ED A0 80) in a string.', input: [TH('32 5b 22 ed a0 80 22 5d')], expect: { error: true } });
decode({ name: 'invalid-utf8-after-good-packet', description: 'A good packet, then a frame that is not UTF-8: the first is delivered.', input: [T('2["a"]'), TH('32 5b 22 c0 af 22 5d')], expect: { packets: [P(2, ['a'])], error: true } });
decode({ name: 'empty-frame', description: 'An empty text frame: Number("") is 0, so the reference delivers CONNECT.', input: [T('')], artifact: true, reason: TYPE_NUMBER, strict: { error: true }, expect: { packets: [P(0)] } });
decode({ name: 'space-frame', description: 'A text frame holding one space: CONNECT.', input: [T(' ')], artifact: true, reason: TYPE_NUMBER, strict: { error: true } });
decode({ name: 'tab-frame', description: 'A text frame holding one tab: CONNECT.', input: [T('\t')], artifact: true, reason: TYPE_NUMBER, strict: { error: true } });
decode({ name: 'nbsp-connect-auth', description: 'U+00A0 then an object: CONNECT with that auth object.', input: [T('\u00a0{"token":"x"}')], artifact: true, reason: TYPE_NUMBER, strict: { error: true } });
decode({ name: 'bom-connect-namespace', description: 'A BOM (U+FEFF) then a namespace: CONNECT to that namespace.', input: [T('\ufeff/admin,{}')], artifact: true, reason: TYPE_NUMBER, strict: { error: true } });
decode({ name: 'line-separator-frame', description: 'U+2028 then an object: CONNECT with it (JavaScript trims U+2028).', input: [T('\u2028{}')], artifact: true, reason: TYPE_NUMBER, strict: { error: true } });
decode({ name: 'space-then-digit', description: '" 1": CONNECT, and the "1" after the space is read as an ack id.', input: [T(' 1')], artifact: true, reason: TYPE_NUMBER, strict: { error: true } });
decode({ name: 'nbsp-then-digit', description: 'U+00A0 then "5": CONNECT with ack id 5.', input: [T('\u00a05')], artifact: true, reason: TYPE_NUMBER, strict: { error: true } });
for (const [name, ch, what] of [['zero-width-space', '\u200b', 'U+200B'], ['next-line', '\u0085', 'U+0085 (NEL)'], ['mongolian-vowel-separator', '\u180e', 'U+180E'], ['emoji', '😀', 'an emoji (its first UTF-16 unit is a lone surrogate to charAt)']]) {
  decode({ name: `not-space-type-${name}`, description: `A text frame starting with ${what}: not whitespace to JavaScript, so not a packet type.`, input: [T(`${ch}{}`)], expect: { error: true } });
}
decode({ name: 'ideographic-space-namespace', description: 'U+3000 then a namespace: CONNECT to it (the namespace is looked for right after the type character).', input: [T('\u3000/admin,{}')], artifact: true, reason: TYPE_NUMBER, strict: { error: true } });
decode({ name: 'newline-then-event', description: 'A line feed then "2[...]": CONNECT, the "2" read as an ack id, the array as a CONNECT payload (invalid).', input: [T('\n2["a"]')], expect: { error: true } });
decode({ name: 'no-payload-event', description: 'A bare "2": EVENT with no data.', input: [T('2')], artifact: true, reason: NO_PAYLOAD, strict: { error: true }, expect: { packets: [P(2)] } });
decode({ name: 'no-payload-ack', description: 'A bare "3": ACK with no id and no data.', input: [T('3')], artifact: true, reason: NO_PAYLOAD, strict: { error: true } });

// ---- decode: attachments ------------------------------------------------------------------------
const bev = (count, ...args) => T(`5${count}-` + J(['a', ...args])); // a BINARY_EVENT text frame, event "a"
decode({ name: 'attach-nested-object', description: 'A placeholder inside an object.', input: [bev(1, { x: ph(0) }), Bn('01')] });
decode({ name: 'attach-nested-deep', description: 'A placeholder inside arrays and objects.', input: [bev(1, { x: [{ y: [ph(0)] }] }), Bn('01 02')] });
decode({ name: 'attach-multiple', description: 'Three attachments in order.', input: [bev(3, ph(0), ph(1), ph(2)), Bn('01'), Bn('02 02'), Bn('03 03 03')] });
decode({ name: 'attach-out-of-order', description: 'Placeholders that refer to the attachments in reverse order.', input: [bev(2, ph(1), ph(0)), Bn('aa'), Bn('bb')] });
decode({ name: 'attach-reused', description: 'Two placeholders for the same attachment: both get its bytes.', input: [bev(1, ph(0), { again: ph(0) }), Bn('01 02')] });
decode({ name: 'attach-unreferenced', description: 'Two attachments, one placeholder: the second is awaited, then dropped.', input: [bev(2, ph(0)), Bn('01'), Bn('02')] });
decode({ name: 'attach-no-placeholder', description: 'One attachment and no placeholder at all.', input: [bev(1), Bn('01')] });
decode({ name: 'attach-empty-buffer', description: 'An empty attachment (zero bytes).', input: [bev(1, ph(0)), Bn('')], expect: { packets: [P(2, ['a', bin('')])] } });
decode({ name: 'attach-all-empty', description: 'Three empty attachments.', input: [bev(3, ph(0), ph(1), ph(2)), Bn(''), Bn(''), Bn('')] });
decode({ name: 'attach-all-byte-values', description: 'An attachment holding every byte value.', input: [bev(1, ph(0)), Bn(ALL_BYTES)] });
decode({ name: 'attach-text-bytes', description: 'An attachment whose bytes spell a text packet: binary frames are attachments whatever they hold.', input: [bev(1, ph(0)), Bn(Buffer.from('2["x"]'))] });
decode({
  name: 'attach-10', description: 'Ten attachments: the most maxAttachments (10) allows.',
  input: [bev(10, ...Array.from({ length: 10 }, (_, i) => ph(i))), ...Array.from({ length: 10 }, (_, i) => Bn([i]))],
});
decode({ name: 'attach-11', description: 'A count of 11, one more than maxAttachments (10): "too many attachments".', input: [bev(11, ph(0))], expect: { error: true } });
decode({ name: 'attach-max-option-2-count-2', description: 'With maxAttachments 2, a count of 2 passes.', options: { maxAttachments: 2 }, input: [bev(2, ph(0), ph(1)), Bn('01'), Bn('02')] });
decode({ name: 'attach-max-option-2-count-3', description: 'With maxAttachments 2, a count of 3 is too many.', options: { maxAttachments: 2 }, input: [bev(3, ph(0))], expect: { error: true } });
decode({ name: 'attach-count-0', description: 'A count of 0 ("50-"): refused since 4.2.7.', input: [bev(0)], expect: { error: true } });
decode({ name: 'attach-pending-at-end', description: 'Two attachments declared, one sent: the decoder is still waiting at the end.', input: [bev(2, ph(0), ph(1)), Bn('01')], expect: { packets: [], error: false, incomplete: true } });
decode({ name: 'attach-text-while-pending', description: 'A text frame while an attachment is still awaited: error.', input: [bev(2, ph(0), ph(1)), Bn('01'), T('2["b"]')], expect: { packets: [], error: true } });
decode({ name: 'attach-text-right-after-header', description: 'A text frame right after a binary packet\'s text frame.', input: [bev(1, ph(0)), T('2["b"]')], expect: { error: true } });
decode({ name: 'attach-binary-nothing-pending', description: 'A binary frame with no binary packet waiting: error.', input: [Bn('01')], expect: { packets: [], error: true } });
decode({ name: 'attach-binary-after-complete', description: 'A binary frame after the binary packet has all its attachments.', input: [bev(1, ph(0)), Bn('01'), Bn('02')], expect: { packets: [P(2, ['a', bin('01')])], error: true } });
decode({ name: 'attach-empty-binary-nothing-pending', description: 'An empty binary frame with nothing pending.', input: [T('2["a"]'), Bn('')], expect: { error: true } });
decode({ name: 'attach-two-packets', description: 'Two binary packets one after the other.', input: [bev(1, ph(0)), Bn('01'), T('51-["b",' + J(ph(0)) + ']'), Bn('02')] });
decode({ name: 'attach-no-payload', description: 'A binary packet with no payload: EVENT without data once the attachment arrives.', input: [T('51-'), Bn('01')], artifact: true, reason: NO_PAYLOAD, strict: { error: true } });
decode({ name: 'attach-no-payload-namespace', description: 'A binary packet with a namespace and no payload.', input: [T('51-/admin,'), Bn('01')], artifact: true, reason: NO_PAYLOAD, strict: { error: true } });
decode({ name: 'attach-payload-not-array', description: 'A BINARY_EVENT whose payload is an object.', input: [T('51-{"_placeholder":true,"num":0}')], expect: { error: true } });
decode({ name: 'attach-name-is-placeholder', description: 'A BINARY_EVENT whose first element (the name) is a placeholder: not a string or a number.', input: [T('51-[' + J(ph(0)) + ']')], expect: { error: true } });
decode({ name: 'attach-reserved-name', description: 'A BINARY_EVENT with a reserved name.', input: [T('51-["connect",' + J(ph(0)) + ']')], expect: { error: true } });
decode({ name: 'attach-binary-ack-object', description: 'A BINARY_ACK whose payload is an object.', input: [T('61-1{"a":1}')], expect: { error: true } });
decode({ name: 'placeholder-in-plain-event', description: 'A placeholder object in a plain EVENT is ordinary data.', input: [T(ev('a', ph(0)))] });
decode({ name: 'placeholder-flag-string', description: '"_placeholder": "true" (a string) is not a placeholder.', input: [bev(1, { _placeholder: 'true', num: 0 }), Bn('01')] });
decode({ name: 'placeholder-flag-false', description: '"_placeholder": false is not a placeholder.', input: [bev(1, { _placeholder: false, num: 0 }), Bn('01')] });
decode({ name: 'placeholder-flag-one', description: '"_placeholder": 1 is not a placeholder.', input: [bev(1, { _placeholder: 1, num: 0 }), Bn('01')] });
decode({ name: 'placeholder-proto-member', description: 'A placeholder as the value of a "__proto__" member.', input: [T('51-["a",{"__proto__":' + J(ph(0)) + '}]'), Bn('01')] });
decode({ name: 'placeholder-duplicate-flag', description: '"_placeholder" given twice, false then true: the last wins, so it is a placeholder.', input: [T('51-["a",{"_placeholder":false,"_placeholder":true,"num":0}]'), Bn('01')], artifact: true, reason: PH_EXACT, strict: { error: true } });
decode({ name: 'placeholder-duplicate-num', description: '"num" given twice, "x" then 0: the last wins.', input: [T('51-["a",{"_placeholder":true,"num":"x","num":0}]'), Bn('01')], artifact: true, reason: PH_EXACT, strict: { error: true } });
decode({ name: 'placeholder-nested-in-placeholder', description: 'A placeholder with an extra member holding another (out-of-range) placeholder: the outer one is replaced whole, the inner never looked at.', input: [T('51-["a",{"_placeholder":true,"num":0,"x":{"_placeholder":true,"num":5}}]'), Bn('01')], artifact: true, reason: PH_EXACT, strict: { error: true } });
decode({ name: 'placeholder-num-rounds-to-1', description: 'num 0.99999999999999999999, which JSON.parse rounds to 1, with two attachments: attachment 1.', input: [T('52-["a",{"_placeholder":true,"num":0.99999999999999999999}]'), Bn('01'), Bn('02')], artifact: true, reason: PH_EXACT, strict: { error: true } });
decode({ name: 'placeholder-key-order', description: '"num" before "_placeholder": member order does not matter.', input: [T('51-["a",{"num":0,"_placeholder":true}]'), Bn('01')] });
decode({ name: 'placeholder-num-1e0', description: 'num written 1e0 (the number 1), with two attachments: the reference picks attachment 1.', input: [T('52-["a",{"_placeholder":true,"num":1e0}]'), Bn('01'), Bn('02')], artifact: true, reason: PH_EXACT, strict: { error: true } });
decode({ name: 'placeholder-num-0.0', description: 'num written 0.0: the reference picks attachment 0.', input: [T('51-["a",{"_placeholder":true,"num":0.0}]'), Bn('01')], artifact: true, reason: PH_EXACT, strict: { error: true } });
decode({ name: 'placeholder-num-late-error', description: 'A placeholder out of range is found only when the last attachment arrives; a good packet before it is delivered.', input: [T('2["x"]'), bev(2, ph(5)), Bn('01'), Bn('02')], expect: { packets: [P(2, ['x'])], error: true } });
decode({ name: 'placeholder-num-unchecked-while-pending', description: 'A placeholder out of range, and the attachment not sent yet: the reference waits for it.', input: [bev(1, ph(1))], reason: PH_LATE, strict: { error: true }, expect: { error: false, incomplete: true } });

// CVE-2022-2421: placeholder num not checked.
const CVE2421 = 'CVE-2022-2421';
for (const [name, num, why] of [
  ['splice', '"splice"', 'the name of an array method'], ['string-0', '"0"', 'a numeric string'],
  ['proto', '"__proto__"', '"__proto__"'], ['length', '"length"', '"length"'],
  ['negative', '-1', 'a negative index'], ['out-of-range', '1', 'one past the last attachment'],
  ['far-out-of-range', '4294967295', 'a huge index'], ['null', 'null', 'null'], ['true', 'true', 'true'],
  ['array', '[0]', 'an array'], ['object', '{}', 'an object'], ['infinity', '1e400', 'a number JSON.parse reads as Infinity'],
]) {
  decode({
    name: `num-${name}`, advisory: CVE2421, description: `A placeholder whose num is ${why} (${num}): "illegal attachments" once the attachment arrives.`,
    input: [T('51-["a",{"_placeholder":true,"num":' + num + '}]'), Bn('01')], expect: { packets: [], error: true },
  });
}
decode({ name: 'num-missing', advisory: CVE2421, description: 'A placeholder without num.', input: [T('51-["a",{"_placeholder":true}]'), Bn('01')], expect: { error: true } });
decode({ name: 'num-splice-pending', advisory: CVE2421, description: 'num "splice" with the attachment not sent yet: the reference has not looked at the placeholder.', input: [T('51-["a",{"_placeholder":true,"num":"splice"}]')], reason: PH_LATE, strict: { error: true }, expect: { incomplete: true } });
decode({ name: 'num-fraction', advisory: CVE2421, description: 'num 0.5: a number in [0, 1), so it passes the check, and buffers[0.5] is undefined.', input: [T('51-["a",{"_placeholder":true,"num":0.5}]'), Bn('01')], artifact: true, reason: PH_FRACTION, strict: { error: true } });
decode({ name: 'num-fraction-in-object', advisory: CVE2421, description: 'num 0.5 as an object member: the member becomes undefined (left out here).', input: [T('51-["a",{"x":{"_placeholder":true,"num":0.5},"y":1}]'), Bn('01')], artifact: true, reason: PH_FRACTION, strict: { error: true } });
decode({ name: 'num-tiny', advisory: CVE2421, description: 'num 1e-300: passes the check, picks nothing.', input: [T('51-["a",{"_placeholder":true,"num":1e-300}]'), Bn('01')], artifact: true, reason: PH_FRACTION, strict: { error: true } });
decode({ name: 'num-negative-zero', advisory: CVE2421, description: 'num -0: -0 >= 0 holds and buffers[-0] is buffers[0].', input: [T('51-["a",{"_placeholder":true,"num":-0}]'), Bn('01')] });
decode({ name: 'extra-keys', advisory: CVE2421, description: 'A placeholder with an extra member: the reference still replaces it.', input: [T('51-["a",{"_placeholder":true,"num":0,"x":1}]'), Bn('01')], artifact: true, reason: PH_EXACT, strict: { error: true } });

// GHSA-677m-j7p3-52f9 and GHSA-2m8v-j782-fhvr: declared counts.
decode({ name: 'count-100', advisory: 'GHSA-677m-j7p3-52f9', description: 'A declared count of 100: refused (maxAttachments 10) before anything is buffered.', input: [bev(100, ph(0))], expect: { error: true } });
decode({ name: 'count-2-32', advisory: 'GHSA-677m-j7p3-52f9', description: 'A declared count of 2^32.', input: [bev(4294967296, ph(0))], expect: { error: true } });
decode({ name: 'count-1e9-binary-ack', advisory: 'GHSA-677m-j7p3-52f9', description: 'A BINARY_ACK declaring a billion attachments.', input: [T('61000000000-1[]')], expect: { error: true } });
decode({ name: 'count-exponent', advisory: 'GHSA-677m-j7p3-52f9', description: 'A count written "1e9": Number() reads a billion, too many.', input: [T('51e9-["a"]')], expect: { error: true } });
decode({ name: 'count-infinity', advisory: 'GHSA-677m-j7p3-52f9', description: 'A count "Infinity": not an integer.', input: [T('5Infinity-["a"]')], expect: { error: true } });
decode({ name: 'zero-count', advisory: 'GHSA-2m8v-j782-fhvr', description: 'A declared count of 0 with binary frames following: refused at the text frame since 4.2.7.', input: [T('50-["a"]'), Bn('01'), Bn('02')], expect: { packets: [], error: true } });
decode({ name: 'zero-count-binary-ack', advisory: 'GHSA-2m8v-j782-fhvr', description: 'A BINARY_ACK declaring 0 attachments.', input: [T('60-1[]')], expect: { error: true } });
decode({ name: 'zero-count-padded', advisory: 'GHSA-2m8v-j782-fhvr', description: 'A count "00".', input: [T('500-["a"]')], expect: { error: true } });

// GHSA-55mf-67qm-4wpg (socketioxide): a partial packet left pending.
decode({ name: 'pending-forever', advisory: 'GHSA-55mf-67qm-4wpg', description: 'A binary packet declaring ten attachments and sent one: the decoder waits (bounded by the count).', input: [bev(10, ph(0)), Bn('01')], expect: { incomplete: true } });
decode({ name: 'pending-then-text', advisory: 'GHSA-55mf-67qm-4wpg', description: 'A pending binary packet, then text: the connection fails rather than holding the partial packet.', input: [bev(3, ph(0)), Bn('01'), Bn('02'), T('2["b"]')], expect: { error: true } });

// python-socketio (2026): attachments for a namespace never connected.
decode({ name: 'unconnected-namespace', advisory: 'python-socketio-2026', description: 'A binary packet for a namespace the client never connected to: the parser delivers it (connections are above the parser; the server then drops it).', input: [T('51-/never,["a",' + J(ph(0)) + ']'), Bn('01')] });

// socketioxide #357: malformed binary headers.
const SIO357 = 'socketioxide-357';
decode({ name: '45', advisory: SIO357, description: '"45": CONNECT_ERROR whose "5" is read as an ack id, no payload.', input: [T('45')] });
for (const [name, s] of [['5', '5'], ['5-dash', '5-'], ['5a-dash', '5a-'], ['51', '51'], ['5-1-array', '5-1-[]'], ['6', '6'], ['5-space-dash', '5 -["a"]']]) {
  decode({ name, advisory: SIO357, description: `"${s}": a binary header without a valid count and "-".`, input: [T(s)], expect: { packets: [], error: true } });
}

// socket.io-client-cpp #299: std::stoi on wire digits.
const CPP299 = 'socket-io-client-cpp-299';
decode({ name: '451', advisory: CPP299, description: '"451": CONNECT_ERROR with ack id 51 and no payload.', input: [T('451')] });
decode({ name: 'ack-2-31', advisory: CPP299, description: 'An ack id of 2^31, one past what std::stoi reads.', input: [T('32147483648["a"]')] });
decode({ name: 'ack-20-digits', advisory: CPP299, description: 'A 20-digit ack id: Number() rounds it.', input: [T('212345678901234567890["a"]')], artifact: true, reason: PRECISION, strict: { error: true } });
decode({ name: 'count-2-31', advisory: CPP299, description: 'An attachment count of 2^31.', input: [bev(2147483648, ph(0))], expect: { error: true } });

// CVE-2023-32695: malformed event names.
const CVE32695 = 'CVE-2023-32695';
for (const [name, payload] of [['object-event', '[{}]'], ['null-event', '[null]'], ['empty-array', '[]'], ['array-event', '[[]]'], ['bool-event', '[true]'],
  ['object-event-namespace', '/admin,[{}]'], ['null-event-ack-id', '1[null]']]) {
  decode({ name, advisory: CVE32695, description: `EVENT "2${payload}": no event name; refused without a crash.`, input: [T('2' + payload)], expect: { packets: [], error: true } });
}
decode({ name: 'binary-null-event', advisory: CVE32695, description: 'BINARY_EVENT with a null name.', input: [T('51-[null,' + J(ph(0)) + ']')], expect: { error: true } });

// CVE-2024-38355: an event named "error".
decode({ name: 'error-event', advisory: 'CVE-2024-38355', description: 'An event named "error": not reserved by the parser, delivered faithfully (the server must not treat it as its own error event).', input: [T('2["error",{"x":1}]')], expect: { packets: [P(2, ['error', { x: 1 }])] } });
decode({ name: 'error-event-namespace-ack', advisory: 'CVE-2024-38355', description: 'An event named "error" on a namespace with an ack id.', input: [T('2/admin,5["error"]')] });

// CVE-2020-36049: long numeric prefixes.
const CVE36049 = 'CVE-2020-36049';
decode({ name: 'long-count', advisory: CVE36049, description: 'A 10000-digit attachment count: Number() gives Infinity, not an integer.', input: [T('5' + '1'.repeat(10000) + '-["a"]')], expect: { error: true } });
decode({ name: 'long-count-no-dash', advisory: CVE36049, description: 'A 10000-digit attachment count without "-".', input: [T('5' + '1'.repeat(10000))], expect: { error: true } });
decode({ name: 'long-ack-id', advisory: CVE36049, description: 'A 10000-digit ack id: Number() gives Infinity.', input: [T('2' + '1'.repeat(10000) + '["a"]')], artifact: true, reason: PRECISION, strict: { error: true } });
decode({ name: 'long-namespace', advisory: CVE36049, description: 'A 10000-character namespace.', input: [T('2/' + 'x'.repeat(10000) + ',["a"]')] });

// ---- decode: Number() coercions of the attachment count -----------------------------------------
for (const [name, count, n] of [
  ['space', ' 1', 1], ['leading-zero', '01', 1], ['fraction-zero', '1.0', 1], ['hex', '0x1', 1], ['plus', '+1', 1],
  ['exponent-fraction', '.1e1', 1], ['exponent', '1e1', 10], ['binary', '0b1', 1], ['octal', '0o1', 1], ['trailing-space', '1 ', 1],
  ['tab', '\t1', 1],
]) {
  decode({
    name: `count-number-${name}`, description: `An attachment count written ${J(count)}: Number() reads ${n}.`,
    input: [T(`5${count}-` + J(['a', ...Array.from({ length: n }, (_, i) => ph(i))])), ...Array.from({ length: n }, (_, i) => Bn([i]))],
    artifact: true, reason: COUNT_NUMBER, strict: { error: true },
  });
}
for (const [name, count, n] of [
  ['nbsp', '\u00a01', 1], ['uppercase-hex', '0X1', 1], ['uppercase-binary', '0B11', 3], ['uppercase-octal', '0O2', 2],
  ['trailing-dot', '1.', 1], ['plus-fraction-exponent', '+.1e1', 1], ['exponent-plus', '1e+0', 1], ['spaces-around-hex', ' 0x2 ', 2],
  ['fraction-exponent', '0.5e1', 5], ['uppercase-exponent', '1E1', 10], ['line-separator', '\u20282', 2],
]) {
  decode({
    name: `count-number-${name}`, description: `An attachment count written ${J(count)}: Number() reads ${n}.`,
    input: [T(`5${count}-` + J(['a', ...Array.from({ length: n }, (_, i) => ph(i))])), ...Array.from({ length: n }, (_, i) => Bn([i]))],
    artifact: true, reason: COUNT_NUMBER, strict: { error: true },
  });
}
decode({ name: 'count-namespace-dash', description: '"5/a-b,[...]": no count; the count runs to the "-" inside the namespace and reads "/a": not a number.', input: [T('5/a-b,["a"]')], expect: { error: true } });
for (const [name, count] of [['fraction', '1.5'], ['negative', '-1'], ['letters', 'x'], ['empty', ''], ['space-only', ' '], ['nan', 'NaN'], ['hex-big', '0x10'],
  ['hex-empty', '0x'], ['dot', '.'], ['exponent-minus', '1e'], ['underscore', '1_0'], ['arabic-digit', '٣'], ['plus-infinity', '+Infinity'],
  ['zero-width-space', '\u200b1'], ['two-signs', '+-1'], ['hex-fraction', '0x1.0'], ['octal-legacy', '01.5'], ['binary-digit-2', '0b2']]) {
  decode({ name: `count-invalid-${name}`, description: `An attachment count written ${J(count)}: not an integer from 1 to 10.`, input: [T(`5${count}-["a"]`)], expect: { error: true } });
}

// ---- encode ---------------------------------------------------------------------------------
const ENC_KEYS = 'members are given in UTF-8 byte order, the order both JSON.stringify (insertion order) and sioc (sorted) then write';
encode({ name: 'connect', description: 'CONNECT to the main namespace.', input: [P(0)], expect: { frames: [T('0')] } });
encode({ name: 'connect-auth', description: `CONNECT with an auth object (${ENC_KEYS}).`, input: [P(0, { token: '123' })] });
encode({ name: 'connect-namespace', description: 'CONNECT to /admin.', input: [P(0, undefined, { nsp: '/admin' })], expect: { frames: [T('0/admin,')] } });
encode({ name: 'connect-namespace-auth', description: 'CONNECT to /admin with auth.', input: [P(0, { a: 1, b: [true, null] }, { nsp: '/admin' })] });
encode({ name: 'disconnect', description: 'DISCONNECT.', input: [P(1)] });
encode({ name: 'disconnect-namespace', description: 'DISCONNECT from /admin.', input: [P(1, undefined, { nsp: '/admin' })] });
encode({ name: 'event', description: 'An EVENT.', input: [P(2, ['hello'])], expect: { frames: [T('2["hello"]')] } });
encode({ name: 'event-args', description: 'An EVENT with arguments of every JSON kind.', input: [P(2, ['hello', 1, 'two', { three: 3 }, [4], null, true, false, 1.5, -2])] });
encode({ name: 'event-namespace-id', description: 'An EVENT on a namespace with an ack id.', input: [P(2, ['foo'], { nsp: '/admin', id: 456 })] });
encode({ name: 'event-id-0', description: 'Ack id 0 is written (the reference tests id != null).', input: [P(2, ['foo'], { id: 0 })], expect: { frames: [T('20["foo"]')] } });
encode({ name: 'event-id-max-safe', description: 'Ack id 2^53-1.', input: [P(2, ['foo'], { id: 9007199254740991 })] });
encode({ name: 'event-numeric-name', description: 'A number as the event name.', input: [P(2, [42, 'x'])] });
encode({ name: 'event-unicode', description: 'Non-ASCII namespace, name and arguments, written as raw UTF-8.', input: [P(2, ['héllo', '日本', '😀'], { nsp: '/ñ' })] });
encode({ name: 'event-escapes', description: 'Strings JSON.stringify escapes: quote, backslash, controls; it leaves "/", DEL, U+2028 and U+2029 raw.', input: [P(2, ['a', '"\\/\b\f\n\r\t\u0000\u0001\u001f\u007f\u2028\u2029'])] });
encode({ name: 'event-numbers', description: 'Numbers as JSON.stringify writes them (shortest round trip, exponent from 1e21 and below 1e-6, -0 as 0).', input: [P(2, ['n', 0, -0, 0.1, 1.5, -2.25, 1e20, 1e21, 1e-6, 1e-7, 123456789.123, 5e-324, 1.7976931348623157e308, 9007199254740994, 2 ** 63])] });
// Doubles of every magnitude, from a fixed pseudo-random sequence: the shortest round-trip digits
// JSON.stringify writes, in plain or exponent notation.
let seed = 12345;
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const DOUBLES = [];
for (let e = -30; e <= 30; e += 1) DOUBLES.push(Number(((rnd() - 0.5) * 10 ** e).toPrecision(1 + Math.floor(rnd() * 17))));
encode({ name: 'event-doubles', description: 'Sixty-one doubles from 1e-30 to 1e30, with 1 to 17 significant digits, as JSON.stringify writes them.', input: [P(2, ['d', ...DOUBLES])] });
encode({ name: 'event-doubles-awkward', description: 'Doubles whose shortest form is long or sits at a notation boundary.', input: [P(2, ['d', 0.1 + 0.2, 1 / 3, 2 / 3, 4.35, 1.23e-18, 1.5e300, -1e-7, 123456789012345680000, 999999999999999900000, 1e21 - 65536, 0.000001234, 2 ** -1074, 2 ** 1023, 9007199254740993.5])] });
encode({ name: 'event-control-characters', description: 'Every C0 control character, DEL and C1 controls: JSON.stringify escapes C0 only, with \\b \\t \\n \\f \\r or \\u00xx.', input: [P(2, ['c', Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f\u0080\u009f'])] });
encode({ name: 'event-key-escapes', description: 'Member names that need escaping.', input: [P(2, ['k', JSON.parse('{"\\n":1,"\\"":2,"a\\\\b":3}')])] });
encode({ name: 'event-nested', description: `Nested arrays and objects (${ENC_KEYS}).`, input: [P(2, ['a', { a: [1, { b: null }], c: { d: [[]] } }, [[{}]]])] });
encode({ name: 'event-key-order', description: 'Member names in UTF-8 byte order, including digits, capitals and non-ASCII.', input: [P(2, ['a', { 1: 1, 2: 2, A: 3, _: 4, a: 5, z: 6, 'é': 7, '日': 8 }])] });
encode({ name: 'event-error-name', description: 'An event named "error": not reserved.', input: [P(2, ['error'])] });
encode({ name: 'ack', description: 'An ACK.', input: [P(3, ['bar'], { nsp: '/admin', id: 13 })], expect: { frames: [T('3/admin,13["bar"]')] } });
encode({ name: 'ack-empty', description: 'An ACK with no arguments.', input: [P(3, [], { id: 1 })] });
encode({ name: 'connect-error-object', description: 'CONNECT_ERROR with an object.', input: [P(4, { data: { code: 42 }, message: 'Not authorized' })] });
encode({ name: 'connect-error-string', description: 'CONNECT_ERROR with a string.', input: [P(4, 'Not authorized')] });
encode({ name: 'binary-event', description: 'An EVENT holding a binary value: written as BINARY_EVENT with a placeholder, then the attachment.', input: [P(2, ['baz', bin('010203')])], expect: { frames: [T('51-["baz",{"_placeholder":true,"num":0}]'), Bn('010203')] } });
encode({ name: 'binary-ack', description: 'An ACK holding a binary value: BINARY_ACK.', input: [P(3, [bin('ff')], { id: 12 })] });
encode({ name: 'binary-namespace-id', description: 'A binary EVENT with namespace and ack id.', input: [P(2, ['a', bin('00')], { nsp: '/admin', id: 7 })] });
encode({ name: 'binary-multiple', description: 'Three binary values, numbered depth-first.', input: [P(2, ['a', bin('01'), { x: [bin('02')], y: bin('03') }])] });
encode({ name: 'binary-in-object', description: 'A binary value as an object member.', input: [P(2, ['a', { file: bin('cafe'), name: 'x' }])] });
encode({ name: 'binary-empty', description: 'An empty binary value: an empty attachment.', input: [P(2, ['a', bin('')])] });
encode({ name: 'binary-all-bytes', description: 'A binary value holding every byte value.', input: [P(2, ['a', bin(ALL_BYTES)])] });
encode({ name: 'binary-ten', description: 'Ten binary values.', input: [P(2, ['a', ...Array.from({ length: 10 }, (_, i) => bin([i]))])] });
encode({ name: 'binary-eleven', description: 'Eleven binary values: the encoder has no limit (a v5 decoder with maxAttachments 10 refuses the result).', input: [P(2, ['a', ...Array.from({ length: 11 }, (_, i) => bin([i]))])] });
encode({ name: 'binary-same-bytes-twice', description: 'Two equal binary values: two attachments.', input: [P(2, ['a', bin('01'), bin('01')])] });
encode({
  name: 'binary-type-given', description: 'A packet given as BINARY_EVENT (type 5): 4.2.7 only converts EVENT/ACK, so it writes "undefined" as the count and the Buffer as JSON.',
  input: [P(5, ['a', bin('0102')])], artifact: true,
  reason: 'socket.io-parser 4.x finds attachments only in EVENT/ACK packets; given type 5 it writes the attachment count as the string "undefined" and the Buffer through its toJSON. A strict encoder writes the binary packet properly.',
  strict: { frames: [T('51-["a",{"_placeholder":true,"num":0}]'), Bn('0102')] },
});
const REFUSE = (what) => `socket.io-parser's Encoder writes whatever it is given; ${what} A strict encoder refuses the packet.`;
encode({ name: 'binary-type-without-binary', description: 'BINARY_EVENT (type 5) with no binary value: "5undefined-".', input: [P(5, ['a'])], artifact: true, reason: REFUSE('"5undefined-" is refused by every v5 decoder.'), strict: { error: true } });
encode({ name: 'disconnect-with-data', description: 'DISCONNECT with data: the reference writes it; decoders refuse it.', input: [P(1, { a: 1 })], reason: REFUSE('a DISCONNECT payload is refused by the v5 decoder.'), strict: { error: true } });
encode({ name: 'reserved-event', description: 'An EVENT named "connect": the reference encoder writes it; its decoder refuses it.', input: [P(2, ['connect'])], reason: REFUSE('a reserved event name is refused by the v5 decoder.'), strict: { error: true } });
encode({ name: 'connect-array', description: 'CONNECT with an array.', input: [P(0, [1])], reason: REFUSE('a CONNECT payload that is not an object is refused by the v5 decoder.'), strict: { error: true } });
encode({ name: 'connect-error-number', description: 'CONNECT_ERROR with a number.', input: [P(4, 42)], reason: REFUSE('a CONNECT_ERROR payload must be a string or an object.'), strict: { error: true } });
encode({ name: 'event-empty-array', description: 'An EVENT with no name.', input: [P(2, [])], reason: REFUSE('an EVENT without a name is refused by the v5 decoder (CVE-2023-32695).'), strict: { error: true } });
encode({ name: 'ack-without-id', description: 'An ACK without an ack id.', input: [P(3, ['a'])], reason: REFUSE('an ACK without an id answers nothing.'), strict: { error: true } });
encode({ name: 'id-on-connect', description: 'An ack id on CONNECT.', input: [P(0, undefined, { id: 1 })], reason: REFUSE('only EVENT and ACK carry ack ids.'), strict: { error: true } });
encode({ name: 'id-2-53', description: 'Ack id 2^53: the reference writes it.', input: [P(2, ['a'], { id: 9007199254740992 })], reason: REFUSE('an ack id above 2^53-1 cannot be answered exactly by a JavaScript peer.'), strict: { error: true } });
encode({ name: 'namespace-without-slash', description: 'A namespace without its leading "/": the reference writes "2admin,[...]", which no decoder reads back as a namespace.', input: [P(2, ['a'], { nsp: 'admin' })], reason: REFUSE('a namespace must start with "/".'), strict: { error: true } });
encode({ name: 'namespace-with-comma', description: 'A namespace holding ",": it ends the namespace on the wire.', input: [P(2, ['a'], { nsp: '/a,b' })], reason: REFUSE('a "," inside the namespace would end it early.'), strict: { error: true } });
encode({ name: 'connect-null', description: 'CONNECT with data null: the reference writes no payload (it tests data != null).', input: [P(0, null)], reason: REFUSE('null data is dropped without a word, which is not what was given.'), strict: { error: true } });
encode({ name: 'event-null', description: 'EVENT with data null: the reference writes a bare "2".', input: [P(2, null)], reason: REFUSE('null data is dropped, and a bare "2" is refused by strict decoders.'), strict: { error: true } });
encode({ name: 'namespace-empty', description: 'An empty namespace: the reference writes none (it tests nsp for truth), as for "/".', input: [P(2, ['a'], { nsp: '' })], reason: REFUSE('a namespace must start with "/".'), strict: { error: true } });
encode({ name: 'non-finite-number', description: 'NaN in the data: JSON.stringify writes null.', input: [P(2, ['a', { $num: 'NaN' }])], artifact: true, reason: REFUSE('JSON.stringify writes NaN as null, which is not the value given.'), strict: { error: true } });
encode({ name: 'infinity', description: 'Infinity in the data: JSON.stringify writes null.', input: [P(2, ['a', { $num: 'Infinity' }])], artifact: true, reason: REFUSE('JSON.stringify writes Infinity as null, which is not the value given.'), strict: { error: true } });

module.exports = { suite: 'sio5', cases };
