'use strict';
// The tests of the sioc command-line tool, one CTest test per case (CMake
// registers every line of the form `  'name': {` below as cli.<name>):
//
//   node cases.js path/to/sioc NAME
//
// A case runs sioc with arguments and standard input and checks its exit
// status and what it printed. Expected outputs are written by hand from the
// protocol (the byte counts, offsets and caret columns are worked out in the
// comments), or taken from the recorded vectors under vectors/.
const assert = require('assert');
const { spawnSync } = require('child_process');
const path = require('path');

const VECTORS = path.join(__dirname, '..', '..', '..', 'vectors');

// Lines of output, each ending with a newline.
const lines = (...text) => text.map((t) => `${t}\n`).join('');

const cases = {
  // --- decode: what goes in -------------------------------------------------

  'decode.text_frames_from_arguments': {
    // 42["chat","hi"] is 15 bytes: Engine.IO message (4) carrying the Socket.IO
    // EVENT 2["chat","hi"] on "/"; 2probe is a ping with data; 6 a noop.
    args: ['decode', '42["chat","hi"]', '2probe', '6'],
    status: 0,
    stdout: lines(
      '#1 text frame, 15 bytes',
      '  engine.io message: 2["chat","hi"]',
      '    socket.io EVENT /: ["chat","hi"]',
      '#2 text frame, 6 bytes',
      '  engine.io ping: probe',
      '#3 text frame, 1 byte',
      '  engine.io noop'),
  },

  'decode.lines_of_standard_input': {
    // One frame per line; the blank line is skipped. 41/admin, (9 bytes) is a
    // DISCONNECT of /admin.
    args: ['decode'],
    stdin: '40\n\n41/admin,\n',
    status: 0,
    stdout: lines(
      '#1 text frame, 2 bytes',
      '  engine.io message: 0',
      '    socket.io CONNECT /',
      '#2 text frame, 9 bytes',
      '  engine.io message: 1/admin,',
      '    socket.io DISCONNECT /admin'),
  },

  'decode.hex_input': {
    // 34 32 5B 22 61 22 5D is 42["a"] (digits in either case, spaces ignored);
    // "text:2" is a text frame written as is inside --hex input: a ping.
    args: ['decode', '--hex', '34 32 5B 22 61 22 5d', 'text:2'],
    status: 0,
    stdout: lines(
      '#1 text frame, 7 bytes',
      '  engine.io message: 2["a"]',
      '    socket.io EVENT /: ["a"]',
      '#2 text frame, 1 byte',
      '  engine.io ping'),
  },

  'decode.base64_input': {
    // NDJbImEiXQ== is the base64 of 42["a"]; "bin:AQID" a binary frame of
    // 01 02 03, in base64 because of --base64; it completes the binary event
    // announced by the text frame before it.
    args: ['decode', '--base64', 'NDJbImEiXQ==', 'text:451-["up",{"_placeholder":true,"num":0}]', 'bin:AQID'],
    status: 0,
    stdout: lines(
      '#1 text frame, 7 bytes',
      '  engine.io message: 2["a"]',
      '    socket.io EVENT /: ["a"]',
      '#2 text frame, 40 bytes',
      '  engine.io message: 51-["up",{"_placeholder":true,"num":0}]',
      '    socket.io waiting for 1 more attachment',
      '#3 binary frame, 3 bytes',
      '  engine.io message (binary, 3 bytes): 01 02 03',
      '    socket.io BINARY_EVENT / attachments=1: ["up",{"$bin":"AQID"}]'),
  },

  'decode.polling_body': {
    // A v4 body: packets separated by 0x1E, a binary message as "b" + base64.
    // 1 (ping) + 1 + 40 (the binary event) + 1 + 5 (bAQID) = 48 bytes.
    args: ['decode', '--polling', '2\x1e451-["up",{"_placeholder":true,"num":0}]\x1ebAQID'],
    status: 0,
    stdout: lines(
      '#1 polling body, 48 bytes',
      '  engine.io ping',
      '  engine.io message: 51-["up",{"_placeholder":true,"num":0}]',
      '    socket.io waiting for 1 more attachment',
      '  engine.io message (binary, 3 bytes): 01 02 03',
      '    socket.io BINARY_EVENT / attachments=1: ["up",{"$bin":"AQID"}]'),
  },

  'decode.engine_io_v3_polling_body': {
    // Recorded in vectors/sessions/v2-upgrade-binary-ack.json: lengths count
    // UTF-16 code units (27 for 42/admin,["hi","héllo €😀"], whose UTF-8 is 32
    // bytes; 35 with "27:"); then an ACK with id 0. Socket.IO v4 by default.
    args: ['decode', '--eio', '3', '--polling', '27:42/admin,["hi","héllo €😀"]', '12:430["got",4]'],
    status: 0,
    stdout: lines(
      '#1 polling body, 35 bytes',
      '  engine.io message: 2/admin,["hi","héllo €😀"]',
      '    socket.io EVENT /admin: ["hi","héllo €😀"]',
      '#2 polling body, 15 bytes',
      '  engine.io message: 30["got",4]',
      '    socket.io ACK / id=0: ["got",4]'),
  },

  'decode.engine_io_v3_websocket_frames': {
    // v3 binary frames start with the packet type (04, message); v3 text
    // frames carry binary data as "b" + type + base64 (b4AQID: 01 02 03).
    // 452-[...] announces two attachments: DE AD, then 01 02 03.
    args: ['decode', '--eio', '3',
      '452-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]', 'bin:04dead', 'b4AQID'],
    status: 0,
    stdout: lines(
      '#1 text frame, 69 bytes',
      '  engine.io message: 52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
      '    socket.io waiting for 2 more attachments',
      '#2 binary frame, 3 bytes',
      '  engine.io message (binary, 2 bytes): de ad',
      '    socket.io waiting for 1 more attachment',
      '#3 text frame, 6 bytes',
      '  engine.io message (binary, 3 bytes): 01 02 03',
      '    socket.io BINARY_EVENT / attachments=2: ["a",{"$bin":"3q0="},{"$bin":"AQID"}]'),
  },

  'decode.socket_io_v4_connect_query': {
    // Socket.IO v4 puts a CONNECT's query in the namespace; it is shown there,
    // as the reference reports it ("/admin?token=abc" in the recordings).
    args: ['decode', '--eio', '3', '40/admin?token=abc,'],
    status: 0,
    stdout: lines(
      '#1 text frame, 19 bytes',
      '  engine.io message: 0/admin?token=abc,',
      '    socket.io CONNECT /admin?token=abc'),
  },

  'decode.binary_attachments_across_frames': {
    // A binary event with ack id 0 and one attachment (FF), then a binary ack
    // on /ns with id 3 whose attachment is empty: each packet is printed under
    // the frame that completes it, with its wire type and count.
    args: ['decode', '451-0["up",{"_placeholder":true,"num":0}]', 'bin:ff',
      '461-/ns,3[{"_placeholder":true,"num":0}]', 'bin:'],
    status: 0,
    stdout: lines(
      '#1 text frame, 41 bytes',
      '  engine.io message: 51-0["up",{"_placeholder":true,"num":0}]',
      '    socket.io waiting for 1 more attachment',
      '#2 binary frame, 1 byte',
      '  engine.io message (binary, 1 byte): ff',
      '    socket.io BINARY_EVENT / id=0 attachments=1: ["up",{"$bin":"/w=="}]',
      '#3 text frame, 40 bytes',
      '  engine.io message: 61-/ns,3[{"_placeholder":true,"num":0}]',
      '    socket.io waiting for 1 more attachment',
      '#4 binary frame, 0 bytes',
      '  engine.io message (binary, 0 bytes)',
      '    socket.io BINARY_ACK /ns id=3 attachments=1: [{"$bin":""}]'),
  },

  'decode.json_lines': {
    // One object per frame, members in a fixed order, packets in the
    // vectors' canonical form (vectors/FORMAT.md): a message without data
    // ("4") has no "data", and is no Socket.IO packet (the empty message
    // would start at byte 1 of the frame); the wire type 5 and the count come
    // with the reassembled packet; "awaiting" while attachments are expected.
    args: ['decode', '--json', '4', '451-["up",{"_placeholder":true,"num":0}]', 'bin:0102'],
    status: 1,
    stdout: lines(
      '{"frame":1,"transport":"websocket","kind":"text","size":1,"eio":[{"type":"message"}],"sio":[],' +
        '"errors":[{"layer":"socket.io","code":"empty_packet","offset":1,"sio_offset":0,' +
        '"message":"empty frame: no packet type"}]}',
      '{"frame":2,"transport":"websocket","kind":"text","size":40,"eio":[{"type":"message","data":{"t":"text",' +
        '"v":"51-[\\"up\\",{\\"_placeholder\\":true,\\"num\\":0}]"}}],"sio":[],"awaiting":1}',
      '{"frame":3,"transport":"websocket","kind":"bin","size":2,"eio":[{"type":"message","data":{"t":"bin","v":"AQI="}}],' +
        '"sio":[{"type":5,"nsp":"/","data":["up",{"$bin":"AQI="}],"attachments":1}]}'),
  },

  'decode.json_lines_of_a_polling_body': {
    // Every packet of the body in one line; the binary message's base64 is
    // decoded (bAQID: 01 02 03) and written back in the canonical form.
    args: ['decode', '--json', '--polling', '--eio-only', '4a\x1ebAQID'],
    status: 0,
    stdout: lines(
      '{"frame":1,"transport":"polling","kind":"text","size":8,"eio":[{"type":"message","data":{"t":"text","v":"a"}},' +
        '{"type":"message","data":{"t":"bin","v":"AQID"}}]}'),
  },

  'decode.eio_only': {
    // The Socket.IO layer is left alone: a binary frame with no binary packet
    // before it is not an error at the Engine.IO layer.
    args: ['decode', '--eio-only', '42["a"]', 'bin:0102'],
    status: 0,
    stdout: lines(
      '#1 text frame, 7 bytes',
      '  engine.io message: 2["a"]',
      '#2 binary frame, 2 bytes',
      '  engine.io message (binary, 2 bytes): 01 02'),
  },

  'decode.msgpack_packets': {
    // The frames of vectors/sio5.msgpack.json's decode cases event-namespace-ack-id
    // ({"type":2,"nsp":"/admin","id":12,"data":["foo",{"a":1}]}) and binary-inline
    // ({"type":2,"nsp":"/","data":["upload",<000102ff>]}); a text message is
    // unexpected in that format.
    args: ['decode', '--msgpack', 'bin:84a47479706502a36e7370a62f61646d696ea269640ca46461746192a3666f6f81a16101',
           'bin:83a47479706502a36e7370a12fa46461746192a675706c6f6164c404000102ff', '42["a"]'],
    status: 1,
    stdout: lines(
      '#1 binary frame, 36 bytes',
      '  engine.io message (binary, 36 bytes): 84 a4 74 79 70 65 02 a3 6e 73 70 a6 2f 61 64 6d 69 6e a2 69 64 0c a4 64 61 74 61 92 a3 66 6f 6f \u2026',
      '    socket.io EVENT /admin id=12: ["foo",{"a":1}]',
      '#2 binary frame, 32 bytes',
      '  engine.io message (binary, 32 bytes): 83 a4 74 79 70 65 02 a3 6e 73 70 a1 2f a4 64 61 74 61 92 a6 75 70 6c 6f 61 64 c4 04 00 01 02 ff',
      '    socket.io EVENT /: ["upload",{"$bin":"AAEC/w=="}]',
      '#3 text frame, 7 bytes',
      '  engine.io message: 2["a"]',
      '    socket.io error: unexpected_text at byte 1 (byte 0 of the message): text frame: the msgpack format sends every packet as a binary frame',
      '      42["a"]',
      '       ^'),
  },

  'decode.dialect_reference_decides_as_the_reference': {
    // vectors/sio5.json sio5.decode.ack-id-leading-zero: socket.io-parser reads
    // the ack id "01" with Number(): 1.
    args: ['decode', '--dialect', 'reference', '4201["a"]'],
    status: 0,
    stdout: lines(
      '#1 text frame, 9 bytes',
      '  engine.io message: 201["a"]',
      '    socket.io EVENT / id=1: ["a"]'),
  },

  'decode.dialect_strict_is_the_default': {
    // The same frame in the strict dialect: an ack id has no leading zero. The
    // bad byte is the "0", byte 1 of the message and byte 2 of the frame.
    args: ['decode', '4201["a"]'],
    status: 1,
    stdout: lines(
      '#1 text frame, 9 bytes',
      '  engine.io message: 201["a"]',
      '    socket.io error: invalid_ack_id at byte 2 (byte 1 of the message): ack id has a leading zero',
      '      4201["a"]',
      '        ^'),
  },

  'decode.session_readable': {
    // vectors/sessions/ws-only.json, frame by frame: the WebSocket upgrade
    // request and its 101 carry no Engine.IO; the open packet (104 bytes);
    // CONNECT both ways; events (objects come back with sorted members);
    // a heartbeat; JSON escapes; DISCONNECT; the two close frames.
    args: ['decode', '--session', path.join(VECTORS, 'sessions', 'ws-only.json')],
    status: 0,
    stdout: lines(
      '#1 c2s websocket HTTP GET /socket.io/?EIO=4&transport=websocket (no Engine.IO)',
      '#2 s2c websocket HTTP 101 answer to GET (no Engine.IO)',
      '#3 s2c websocket text frame, 104 bytes',
      '  engine.io open: {"sid":"wFi2q86EVyC_v3zFAAAA","upgrades":[],"pingInterval":200,"pingTimeout":2000,' +
        '"maxPayload":1000000}',
      '#4 c2s websocket text frame, 2 bytes',
      '  engine.io message: 0',
      '    socket.io CONNECT /',
      '#5 s2c websocket text frame, 32 bytes',
      '  engine.io message: 0{"sid":"AvMrE6tD21tGp4uqAAAA"}',
      '    socket.io CONNECT /: {"sid":"AvMrE6tD21tGp4uqAAAA"}',
      '#6 c2s websocket text frame, 50 bytes',
      '  engine.io message: 2["hello","world",42,{"a":[1,true,null],"b":"x"}]',
      '    socket.io EVENT /: ["hello","world",42,{"a":[1,true,null],"b":"x"}]',
      '#7 s2c websocket text frame, 64 bytes',
      '  engine.io message: 2["welcome",{"msg":"hi","n":1,"list":[true,false,null,1.5,-2]}]',
      '    socket.io EVENT /: ["welcome",{"list":[true,false,null,1.5,-2],"msg":"hi","n":1}]',
      '#8 s2c websocket text frame, 1 byte',
      '  engine.io ping',
      '#9 c2s websocket text frame, 1 byte',
      '  engine.io pong',
      '#10 c2s websocket text frame, 48 bytes',
      '  engine.io message: 2["unicode","é€😀 \\"quoted\\" \\\\ \\n tab\\t"]',
      '    socket.io EVENT /: ["unicode","é€😀 \\"quoted\\" \\\\ \\n tab\\t"]',
      '#11 s2c websocket text frame, 56 bytes',
      '  engine.io message: 2["unicode-back","é€😀 \\"quoted\\" \\\\ \\n tab\\t",22]',
      '    socket.io EVENT /: ["unicode-back","é€😀 \\"quoted\\" \\\\ \\n tab\\t",22]',
      '#12 c2s websocket text frame, 2 bytes',
      '  engine.io message: 1',
      '    socket.io DISCONNECT /',
      '#13 c2s websocket close frame (no Engine.IO)',
      '#14 s2c websocket close frame (no Engine.IO)'),
  },

  'decode.session_polling_frames': {
    // vectors/sessions/v2-upgrade-binary-ack.json over polling: the first GET
    // carries nothing, its answer the v3 open packet and the "/" CONNECT
    // (94:0{...}2:40, 101 bytes), then the client's CONNECT with a query.
    args: ['decode', '--session', path.join(VECTORS, 'sessions', 'v2-upgrade-binary-ack.json')],
    status: 0,
    stdoutStartsWith: lines(
      '#1 c2s polling HTTP GET /socket.io/?EIO=3&transport=polling&t=Q8HRH3u&b64=1 (no Engine.IO)',
      '#2 s2c polling body, 101 bytes',
      '  engine.io open: {"sid":"ZKHJetrc6KfVK8QAAAAP","upgrades":["websocket"],"pingInterval":200,"pingTimeout":2000}',
      '  engine.io message: 0',
      '    socket.io CONNECT /',
      '#3 c2s polling body, 22 bytes',
      '  engine.io message: 0/admin?token=abc,',
      '    socket.io CONNECT /admin?token=abc',
      '#4 s2c polling HTTP 200 answer to POST: ok (no Engine.IO)'),
  },

  // --- decode: errors -------------------------------------------------------

  'error.engine_io_code_offset_and_caret': {
    // "9" is no Engine.IO packet type: byte 0.
    args: ['decode', '9oops'],
    status: 1,
    stdout: lines(
      '#1 text frame, 5 bytes',
      '  engine.io error: unknown_packet_type at byte 0: packet type is not a digit from 0 to 6',
      '    9oops',
      '    ^'),
  },

  'error.socket_io_offset_in_frame_and_message': {
    // "7" is no Socket.IO packet type: byte 0 of the message, byte 1 of the
    // frame, where the caret goes.
    args: ['decode', '47["a"]'],
    status: 1,
    stdout: lines(
      '#1 text frame, 7 bytes',
      '  engine.io message: 7["a"]',
      '    socket.io error: unknown_packet_type at byte 1 (byte 0 of the message): packet type is not a digit from 0 to 6',
      '      47["a"]',
      '       ^'),
  },

  'error.bytes_that_are_not_utf8_shown_escaped': {
    // 42["\xFF"]: FF at byte 4 is no UTF-8; it is shown as \xff, the caret
    // under its backslash.
    args: ['decode', '--hex', '34 32 5b 22 ff 22 5d'],
    status: 1,
    stdout: lines(
      '#1 text frame, 7 bytes',
      '  engine.io error: invalid_utf8 at byte 4: packet data is not well-formed UTF-8',
      '    42["\\xff"]',
      '        ^'),
  },

  'error.long_frame_shows_a_window': {
    // "4" + 100 × "a", 0x1E, "9x", 0x1E, "4" + 100 × "b": 206 bytes, the bad
    // type "9" at byte 102. The window keeps the 32 characters before it
    // (31 × "a" and the separator, shown as U+241E) and 40 from it on
    // ("9x", separator, "4", 36 × "b"), with "… " before and " …" after: the
    // caret is at column 2 + 32 = 34.
    args: ['decode', '--polling', '--eio-only', `4${'a'.repeat(100)}\x1e9x\x1e4${'b'.repeat(100)}`],
    status: 1,
    stdout: lines(
      '#1 polling body, 206 bytes',
      `  engine.io message: ${'a'.repeat(100)}`,
      '  engine.io error: unknown_packet_type at byte 102: packet type is not a digit from 0 to 6',
      `    … ${'a'.repeat(31)}\u241e9x\u241e4${'b'.repeat(36)} …`,
      `    ${' '.repeat(34)}^`),
  },

  'error.binary_frame_shown_in_hex': {
    // A v3 binary frame starts with its packet type: 09 is none.
    args: ['decode', '--eio', '3', 'bin:090102'],
    status: 1,
    stdout: lines(
      '#1 binary frame, 3 bytes',
      '  engine.io error: unknown_packet_type at byte 0: packet type byte is not a value from 0 to 6',
      '    09 01 02',
      '    ^'),
  },

  'error.attachment_from_base64_points_into_the_message': {
    // The binary message of a polling body is base64 on the wire: its bytes
    // are not in the frame, so the error points into the message, in hex.
    args: ['decode', '--polling', 'bAQID'],
    status: 1,
    stdout: lines(
      '#1 polling body, 5 bytes',
      '  engine.io message (binary, 3 bytes): 01 02 03',
      '    socket.io error: unexpected_binary at byte 0 of the message: binary frame with no binary packet waiting for it',
      '      01 02 03',
      '      ^'),
  },

  'error.decoding_goes_on_after_an_error': {
    // A placeholder for attachment 1 of 1 is refused where it starts: the
    // "{" after 51-["a", (byte 8 of the message, 9 of the frame). After a
    // Socket.IO error the decoder starts afresh: the attachment of the refused
    // packet is unexpected, the next event decodes.
    args: ['decode', '--json', '451-["a",{"_placeholder":true,"num":1}]', 'bin:01', '42["b"]'],
    status: 1,
    stdout: lines(
      '{"frame":1,"transport":"websocket","kind":"text","size":39,"eio":[{"type":"message","data":{"t":"text",' +
        '"v":"51-[\\"a\\",{\\"_placeholder\\":true,\\"num\\":1}]"}}],"sio":[],"errors":[{"layer":"socket.io",' +
        '"code":"invalid_placeholder","offset":9,"sio_offset":8,"message":"placeholder is not ' +
        '{\\"_placeholder\\":true,\\"num\\":N} with N below the attachment count"}]}',
      '{"frame":2,"transport":"websocket","kind":"bin","size":1,"eio":[{"type":"message","data":{"t":"bin","v":"AQ=="}}],' +
        '"sio":[],"errors":[{"layer":"socket.io","code":"unexpected_binary","offset":0,"sio_offset":0,' +
        '"message":"binary frame with no binary packet waiting for it"}]}',
      '{"frame":3,"transport":"websocket","kind":"text","size":7,"eio":[{"type":"message","data":{"t":"text",' +
        '"v":"2[\\"b\\"]"}}],"sio":[{"type":2,"nsp":"/","data":["b"]}]}'),
  },

  // --- exit statuses --------------------------------------------------------

  'exit.usage_unknown_option': {
    args: ['decode', '--nope'],
    status: 2,
    stdout: '',
    stderr: lines('sioc: unknown option --nope', "Try 'sioc decode --help'."),
  },

  'exit.usage_bad_value': {
    args: ['decode', '--eio', '5', '40'],
    status: 2,
    stdout: '',
    stderr: lines('sioc: --eio takes 3 or 4', "Try 'sioc decode --help'."),
  },

  'exit.usage_no_command': {
    args: [],
    status: 2,
    stdout: '',
    stderr: lines('sioc: a command is expected: decode or encode', "Try 'sioc --help'."),
  },

  'exit.usage_session_with_frames': {
    args: ['decode', '--session', path.join(VECTORS, 'sessions', 'ws-only.json'), '42["a"]'],
    status: 2,
    stdout: '',
    stderr: lines('sioc: --session takes the frames, their kind and the protocol versions from the file',
      "Try 'sioc decode --help'."),
  },

  'exit.unreadable_file': {
    args: ['decode', '--session', path.join(VECTORS, 'sessions', 'no-such-session.json')],
    status: 3,
    stdout: '',
    stderr: lines(`sioc: ${path.join(VECTORS, 'sessions', 'no-such-session.json')}: cannot open the file`),
  },

  'exit.file_that_is_not_a_session': {
    args: ['decode', '--session', path.join(VECTORS, 'schema.json')],
    status: 3,
    stdout: '',
    stderr: lines(`sioc: ${path.join(VECTORS, 'schema.json')}: not a recorded session (eio 3 or 4, sio 4 or 5 and frames expected)`),
  },

  'exit.frame_that_is_not_hex_stops_decoding': {
    // "4g" is not hex: its "g" is at byte 1. Frame 1 is printed, frame 3 never read.
    args: ['decode', '--hex', '32', '4g', '33'],
    status: 3,
    stdout: lines('#1 text frame, 1 byte', '  engine.io ping'),
    stderr: lines('sioc: frame 2: not hexadecimal (two digits per byte)', '  4g', '   ^'),
  },

  'exit.frame_that_is_not_base64': {
    // "=" may only pad the end: byte 2 of "AQ=x".
    args: ['decode', '--base64', 'AQ=x'],
    status: 3,
    stdout: '',
    stderr: lines('sioc: frame 1: not base64 (standard alphabet, padded)', '  AQ=x', '    ^'),
  },

  // --- encode ---------------------------------------------------------------

  'encode.socket_io_packets': {
    // An event with an ack id on /chat: 4 (Engine.IO message), then the
    // Socket.IO text 2/chat,7[...]; a CONNECT with auth; a DISCONNECT.
    args: ['encode', '{"type":2,"nsp":"/chat","id":7,"data":["msg","hi"]}', '{"type":0,"data":{"token":"x"}}',
      '{"type":1,"nsp":"/chat"}'],
    status: 0,
    stdout: lines('42/chat,7["msg","hi"]', '40{"token":"x"}', '41/chat,'),
  },

  'encode.binary_attachments': {
    // A binary value makes the EVENT a BINARY_EVENT (5) with one attachment:
    // the placeholder in the text frame, the bytes in a binary frame.
    args: ['encode', '{"type":2,"data":["up",{"$bin":"AQID"}]}'],
    status: 0,
    stdout: lines('451-["up",{"_placeholder":true,"num":0}]', 'bin:010203'),
  },

  'encode.binary_frames_in_base64': {
    args: ['encode', '--base64', '{"type":3,"id":4,"data":[{"$bin":"AQID"}]}'],
    status: 0,
    stdout: lines('461-4[{"_placeholder":true,"num":0}]', 'bin:AQID'),
  },

  'encode.engine_io_packets': {
    // Engine.IO packets by type name; a line may hold an array of packets.
    args: ['encode', '[{"type":"ping","data":"probe"},{"type":"noop"}]', '{"type":"message","data":{"t":"bin","v":"AQID"}}'],
    status: 0,
    stdout: lines('2probe', '6', 'bin:010203'),
  },

  'encode.polling_body': {
    // The packets of a line make one v4 body, 0x1E between them, the
    // attachment as "b" + base64.
    args: ['encode', '--polling', '[{"type":"ping"},{"type":2,"data":["up",{"$bin":"AQID"}]}]'],
    status: 0,
    stdout: lines('2\x1e451-["up",{"_placeholder":true,"num":0}]\x1ebAQID'),
  },

  'encode.engine_io_v3': {
    // v3: a binary frame starts with the type byte 04; a text body is
    // <length>:<packet> records (6:4hello1:2); a Socket.IO v4 CONNECT's query
    // is written in the namespace.
    args: ['encode', '--eio', '3', '{"type":"message","data":{"t":"bin","v":"AQID"}}', '{"type":0,"nsp":"/admin?token=abc"}'],
    status: 0,
    stdout: lines('bin:04010203', '40/admin?token=abc,'),
  },

  'encode.engine_io_v3_polling_body': {
    // <length>:<packet> records: 6:4hello, then 1:2.
    args: ['encode', '--eio', '3', '--polling', '[{"type":"message","data":"hello"},{"type":"ping"}]'],
    status: 0,
    stdout: lines('6:4hello1:2'),
  },

  'encode.engine_io_v3_binary_polling_body': {
    // The XHR2 form: 00, the length 6 as the byte 06, FF, "4hello"; then 01,
    // the length 4, FF, 04 01 02 03 (the bodies of the text-packet and
    // binary-packet cases of vectors/eio3.payload.binary.json, one after the other).
    args: ['encode', '--eio', '3', '--polling', '--binary', '--json',
      '[{"type":"message","data":"hello"},{"type":"message","data":{"t":"bin","v":"AQID"}}]'],
    status: 0,
    stdout: lines('{"frames":[{"t":"bin","v":"AAb/NGhlbGxvAQT/BAECAw=="}]}'),
  },

  'encode.json_output': {
    args: ['encode', '--json', '{"type":2,"data":["up",{"$bin":"AQID"}]}'],
    status: 0,
    stdout: lines('{"frames":[{"t":"text","v":"451-[\\"up\\",{\\"_placeholder\\":true,\\"num\\":0}]"},{"t":"bin","v":"AQID"}]}'),
  },

  'encode.refusal_is_reported_and_encoding_goes_on': {
    // A DISCONNECT carries no data: refused (code, offset, reason, the line);
    // the next line is still encoded.
    args: ['encode', '{"type":1,"data":1}', '{"type":"ping"}'],
    status: 1,
    stdout: lines('2'),
    stderr: lines('sioc: line 1: socket.io error: invalid_packet at byte 0: DISCONNECT carries no data',
      '  {"type":1,"data":1}'),
  },

  'encode.refusal_as_json': {
    args: ['encode', '--json', '{"type":2,"data":["connect"]}'],
    status: 1,
    stdoutMatches: /^\{"error":\{"layer":"socket\.io","code":"invalid_packet","offset":0,"message":"[^"]+"\}\}\n$/,
  },

  'encode.line_that_is_not_json_stops_encoding': {
    // The parser stops at the string after 2 (its last character, byte 15).
    args: ['encode', '{"type":"ping"}', '{"type":2 "data"}', '{"type":"ping"}'],
    status: 3,
    stdout: lines('2'),
    stderr: lines("sioc: line 2: not JSON: syntax error while parsing object - unexpected string literal; expected '}'",
      '  {"type":2 "data"}',
      '                 ^'),
  },

  'encode.line_that_is_not_a_packet': {
    args: ['encode', '{"type":9}'],
    status: 3,
    stdout: '',
    stderr: lines('sioc: line 1: "type" is not a Socket.IO packet type (0 to 6)', '  {"type":9}'),
  },

  // --- help and README --------------------------------------------------------

  'readme.examples_show_real_output': { check: checkReadme },

  'help.main_page': { check: (sioc) => checkHelp(sioc, ['--help']) },
  'help.decode_page': { check: (sioc) => checkHelp(sioc, ['decode', '--help']) },
  'help.encode_page': { check: (sioc) => checkHelp(sioc, ['encode', '--help']) },

  // --- the recorded vectors -------------------------------------------------

  'vectors.eio4_packet_decode': { check: (sioc) => eioVectors(sioc, 'eio4.packet', []) },
  'vectors.eio4_payload_decode': { check: (sioc) => eioVectors(sioc, 'eio4.payload', ['--polling']) },
  'vectors.eio3_packet_decode': { check: (sioc) => eioVectors(sioc, 'eio3.packet', ['--eio', '3']) },
  'vectors.eio3_text_payload_decode': { check: (sioc) => eioVectors(sioc, 'eio3.payload.text', ['--eio', '3', '--polling']) },
  'vectors.eio3_binary_payload_decode': {
    check: (sioc) => eioVectors(sioc, 'eio3.payload.binary', ['--eio', '3', '--polling']),
  },
  'vectors.sio5_decode': { check: (sioc) => sioDecodeVectors(sioc, 'sio5') },
  'vectors.sio4_decode': { check: (sioc) => sioDecodeVectors(sioc, 'sio4') },
  'vectors.sio5_encode': { check: (sioc) => sioEncodeVectors(sioc, 'sio5') },
  'vectors.sio4_encode': { check: (sioc) => sioEncodeVectors(sioc, 'sio4') },
};

function run(sioc, args, stdin) {
  const r = spawnSync(sioc, args, { input: stdin ?? '', encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  return r;
}

function same(actual, expected) {
  try {
    assert.deepStrictEqual(actual, expected);
    return true;
  } catch {
    return false;
  }
}

// A manual page: its section headings in order, and exit status 0.
function checkHelp(sioc, args) {
  const r = run(sioc, args);
  const problems = [];
  if (r.status !== 0) problems.push(`exit status ${r.status}`);
  const text = r.stdout.split('\n');
  let last = -1;
  for (const section of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'EXIT STATUS', 'EXAMPLES']) {
    const at = text.indexOf(section, last + 1);
    if (at < 0) problems.push(`no ${section} section after the previous one`);
    last = Math.max(last, at);
  }
  return problems;
}

// The README's examples of the tool, each a command as written there, how to
// run it, and which lines of its output the README shows.
const README_EXAMPLES = [
  {
    shown: `sioc decode '451-["upload",{"_placeholder":true,"num":0}]' bin:ffd8ff`,
    args: ['decode', '451-["upload",{"_placeholder":true,"num":0}]', 'bin:ffd8ff'],
  },
  {
    shown: `sioc decode --polling $'40\\x1e42/admin,07["join","lobby"]'`,
    args: ['decode', '--polling', '40\x1e42/admin,07["join","lobby"]'],
  },
  {
    shown: 'sioc decode --json --session vectors/sessions/binary.json | sed -n 9p',
    args: ['decode', '--json', '--session', path.join(VECTORS, 'sessions', 'binary.json')],
    line: 9,
  },
  {
    shown: `echo '{"type":2,"nsp":"/chat","id":7,"data":["photo",{"$bin":"/9j/"}]}' | sioc encode`,
    args: ['encode'],
    stdin: '{"type":2,"nsp":"/chat","id":7,"data":["photo",{"$bin":"/9j/"}]}\n',
  },
];

function checkReadme(sioc) {
  const readme = require('fs').readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const problems = [];
  for (const e of README_EXAMPLES) {
    let out = run(sioc, e.args, e.stdin).stdout;
    if (e.line !== undefined) out = `${out.split('\n')[e.line - 1]}\n`;
    const transcript = `$ ${e.shown}\n${out}`;
    if (!readme.includes(transcript)) problems.push(`README.md does not show:\n${transcript}`);
  }
  return problems;
}

// The bytes of a vector frame for `sioc decode --hex`: hex for a text frame,
// "bin:" + hex for a binary one ("text:" for the empty text frame, which a
// blank line cannot give).
function hexFrame(frame, prefix = Buffer.alloc(0)) {
  let bytes;
  if (frame.t === 'bin') bytes = Buffer.from(frame.v, 'base64');
  else bytes = frame.hex !== undefined ? Buffer.from(frame.hex, 'hex') : Buffer.from(frame.v, 'utf8');
  bytes = Buffer.concat([prefix, bytes]);
  if (frame.t === 'bin') return `bin:${bytes.toString('hex')}`;
  return bytes.length === 0 ? 'text:' : bytes.toString('hex');
}

// Every decode case of an Engine.IO suite at the default maxPayload, in one
// run of `sioc decode --json --eio-only`: each frame's packets and verdict
// must be the strict expectation (expected_strict, else expected).
// Decided above the codec, by the HTTP server (as codec/tests/eio_vectors_test.cpp lists).
const DECIDED_ABOVE_THE_CODEC = {
  'eio4.payload.decode.binary-body': 'an EIO4 server refuses an application/octet-stream body by its content type',
};

function eioVectors(sioc, suite, args) {
  const all = require(path.join(VECTORS, `${suite}.json`)).cases.filter((c) => c.direction === 'decode');
  const cases = all.filter((c) => c.options.maxPayload === 1000000 && !(c.id in DECIDED_ABOVE_THE_CODEC));
  const r = run(sioc, ['decode', '--json', '--eio-only', '--hex', ...args],
    cases.map((c) => hexFrame(c.input.frame)).join('\n') + '\n');
  const out = r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
  const problems = [];
  if (out.length !== cases.length) problems.push(`${out.length} lines for ${cases.length} cases; ${r.stderr}`);
  let failing = false;
  cases.forEach((c, i) => {
    const expected = c.expected_strict || c.expected;
    const got = out[i] || {};
    failing = failing || expected.error;
    if (!same(got.eio, expected.packets) || (got.errors !== undefined) !== expected.error) {
      problems.push(`${c.id}: sioc ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
    }
  });
  if (r.status !== (failing ? 1 : 0)) problems.push(`exit status ${r.status}`);
  console.log(`${suite}: ${cases.length} cases (${all.length - cases.length} left out: another maxPayload, ` +
              'or decided by the HTTP server)');
  return problems;
}

// What socket.io-parser delivers for a reassembled binary packet (EVENT or
// ACK, without the count), from the wire form sioc prints.
function asDelivered(p) {
  const q = { ...p };
  if (q.type === 5) q.type = 2;
  if (q.type === 6) q.type = 3;
  delete q.attachments;
  return q;
}

// Every decode case of a Socket.IO suite, one run each (a case's frames go
// through one decoder), each frame wrapped in an Engine.IO message as a
// WebSocket carries it: "4" before a text frame, and in v3 the type byte 04
// before a binary one. The packets delivered before the first error, the
// verdict and whether attachments are still awaited must be the strict
// expectation.
function sioDecodeVectors(sioc, suite) {
  const v4 = suite === 'sio4';
  const all = require(path.join(VECTORS, `${suite}.json`)).cases.filter((c) => c.direction === 'decode');
  const cases = all.filter((c) => v4 || c.options.maxAttachments === 10);
  const problems = [];
  for (const c of cases) {
    const frames = c.input.frames.map((f) => hexFrame(f, Buffer.from(f.t === 'bin' ? (v4 ? [4] : []) : [0x34])));
    const r = run(sioc, ['decode', '--json', '--hex', ...(v4 ? ['--eio', '3'] : [])], frames.join('\n') + '\n');
    // The vectors write numbers as JSON.stringify does, -0 as 0.
    const out = r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l, (k, v) => (Object.is(v, -0) ? 0 : v)));
    const failed = out.findIndex((l) => l.errors !== undefined);
    const before = failed < 0 ? out : out.slice(0, failed);
    const got = {
      packets: before.flatMap((l) => l.sio).map(asDelivered),
      error: failed >= 0,
      incomplete: failed < 0 && out.length > 0 && out[out.length - 1].awaiting !== undefined,
    };
    const expected = c.expected_strict || c.expected;
    if (!same(got, expected) || r.status !== (expected.error ? 1 : 0) || out.length !== frames.length) {
      problems.push(`${c.id}: sioc ${JSON.stringify(got)} (status ${r.status}), expected ${JSON.stringify(expected)}`);
    }
  }
  console.log(`${suite}: ${cases.length} decode cases (${all.length - cases.length} with another maxAttachments left out)`);
  return problems;
}

// True when JSON.parse rounded an integer of the input, which the JSON given
// to sioc would then not hold.
function hasUnsafeInteger(value) {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasUnsafeInteger);
  return false;
}

// Every encode case of a Socket.IO suite, one packet per line of a single
// run of `sioc encode --json`: the frames must be the recorded ones inside
// Engine.IO messages ("4" before the text frame; in v3 the type byte 04
// before each attachment), or a refusal where the strict expectation is one.
function sioEncodeVectors(sioc, suite) {
  const v4 = suite === 'sio4';
  const all = require(path.join(VECTORS, `${suite}.json`)).cases.filter((c) => c.direction === 'encode');
  const cases = all.filter((c) => !hasUnsafeInteger(c.input.packets[0]));
  const r = run(sioc, ['encode', '--json', ...(v4 ? ['--eio', '3'] : [])],
    cases.map((c) => JSON.stringify(c.input.packets[0])).join('\n') + '\n');
  const out = r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
  const problems = [];
  if (out.length !== cases.length) problems.push(`${out.length} lines for ${cases.length} cases; ${r.stderr}`);
  let refusals = 0;
  cases.forEach((c, i) => {
    const expected = c.expected_strict || c.expected;
    const got = out[i] || {};
    if (expected.error) {
      refusals++;
      if (got.error === undefined) problems.push(`${c.id}: sioc ${JSON.stringify(got)}, expected a refusal`);
      return;
    }
    const frames = expected.frames.map((f) => {
      if (f.t === 'bin') {
        const bytes = Buffer.from(f.v, 'base64');
        return { t: 'bin', v: (v4 ? Buffer.concat([Buffer.from([4]), bytes]) : bytes).toString('base64') };
      }
      return f.hex !== undefined ? { t: 'text', hex: `34${f.hex}` } : { t: 'text', v: `4${f.v}` };
    });
    if (!same(got, { frames })) problems.push(`${c.id}: sioc ${JSON.stringify(got)}, expected ${JSON.stringify({ frames })}`);
  });
  if (r.status !== (refusals > 0 ? 1 : 0)) problems.push(`exit status ${r.status}`);
  console.log(`${suite}: ${cases.length} encode cases (${all.length - cases.length} with integers beyond 2^53 left out)`);
  return problems;
}

// A case with fixed expectations: exit status, standard output (exact, a
// prefix or a pattern) and standard error (exact when given).
function checkFixed(sioc, c) {
  const r = run(sioc, c.args, c.stdin);
  const problems = [];
  if (r.status !== c.status) problems.push(`exit status ${r.status}, expected ${c.status}`);
  const show = (s) => JSON.stringify(s).replace(/\\n/g, '\\n\n');
  if (c.stdout !== undefined && r.stdout !== c.stdout) {
    problems.push(`standard output:\n${show(r.stdout)}\nexpected:\n${show(c.stdout)}`);
  }
  if (c.stdoutStartsWith !== undefined && !r.stdout.startsWith(c.stdoutStartsWith)) {
    problems.push(`standard output:\n${show(r.stdout.slice(0, c.stdoutStartsWith.length + 200))}\nexpected to start with:\n${show(c.stdoutStartsWith)}`);
  }
  if (c.stdoutMatches !== undefined && !c.stdoutMatches.test(r.stdout)) {
    problems.push(`standard output:\n${show(r.stdout)}\nexpected to match ${c.stdoutMatches}`);
  }
  const stderr = c.stderr ?? '';
  if (r.stderr !== stderr) problems.push(`standard error:\n${show(r.stderr)}\nexpected:\n${show(stderr)}`);
  return problems;
}

const [sioc, name] = process.argv.slice(2);
const c = cases[name];
if (!sioc || !c) {
  console.error(`usage: node cases.js SIOC CASE\ncases: ${Object.keys(cases).join(' ')}`);
  process.exit(2);
}
const problems = c.check ? c.check(sioc) : checkFixed(sioc, c);
for (const p of problems) console.log(p);
console.log(problems.length === 0 ? `${name}: ok` : `${name}: ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
