// The help texts of sioc, laid out like manual pages.
#include "cli.hpp"

namespace sioc_cli {

const char* const main_help = R"(NAME
    sioc - read and write Engine.IO and Socket.IO wire frames

SYNOPSIS
    sioc decode [OPTIONS] [FRAME...]
    sioc decode [OPTIONS] --session FILE
    sioc encode [OPTIONS] [PACKET...]
    sioc --help | --version

DESCRIPTION
    sioc tells what the bytes of a Socket.IO connection mean: the Engine.IO
    packets of each WebSocket frame or HTTP long-polling body, and the
    Socket.IO packets they carry, binary attachments reassembled. A malformed
    frame gets the error's code, byte offset and reason, and a caret under
    the byte at fault. sioc also writes the frames of packets given in JSON.

    It reads Engine.IO v4 and v3 and Socket.IO v5 and v4 (Socket.IO 3.x/4.x
    and 1.x/2.x), in the strict dialect (the protocol as written) or the
    reference dialect (the decisions of the Node packages engine.io-parser
    and socket.io-parser, quirks included).

COMMANDS
    decode    frames in, packets out; see sioc decode --help
    encode    packets in, frames out; see sioc encode --help

OPTIONS
    -h, --help    this text
    --version     the version of sioc

EXIT STATUS
    0    every frame was decoded, or every packet encoded
    1    some frame failed to decode, or some packet failed to encode
    2    usage error: an unknown command or option, a bad option value
    3    unreadable input: a file that cannot be read or is not a recorded
         session, a frame that is not the hex or base64 it should be, a
         line that is not a packet in JSON (sioc stops there)

EXAMPLES
    A WebSocket text frame holding a Socket.IO event:
        sioc decode '42["chat","hi"]'
    An HTTP long-polling body of two packets:
        sioc decode --polling $'40\x1e42/admin,7["join","lobby"]'
    Every frame of a recorded session, as JSON lines:
        sioc decode --json --session vectors/sessions/binary.json
    The frames of a binary event, from its JSON form:
        echo '{"type":2,"nsp":"/","data":["chat",{"$bin":"AQID"}]}' |
            sioc encode
)";

const char* const decode_help = R"(NAME
    sioc decode - decode Engine.IO and Socket.IO frames

SYNOPSIS
    sioc decode [--text | --hex | --base64] [--binary] [--polling]
                [--eio 3|4] [--sio 4|5] [--dialect strict|reference]
                [--eio-only] [--msgpack] [--json] [FRAME...]
    sioc decode [--dialect strict|reference] [--eio-only] [--msgpack] [--json]
                --session FILE

DESCRIPTION
    Decodes each FRAME, or each line of standard input when no FRAME is
    given (blank lines are skipped), and prints its Engine.IO packets and,
    under each message, the Socket.IO packet it completes. All frames go
    through one Socket.IO decoder, in order, as on a connection: the text
    frame of a binary event waits for its attachments, and the packet is
    printed under the frame of the last one, with its wire type
    (BINARY_EVENT, BINARY_ACK), its attachment count and the binary values
    as {"$bin": base64}.

    An error prints the layer, the error code, the byte offset and the
    reason, then the frame with a caret (^) under the byte at fault: a
    window around it when the frame is long, hex for binary data, control
    characters as their symbols (0x1E as U+241E). A Socket.IO error gives
    its offset in the frame and in the message (the Engine.IO packet's
    data). Decoding goes on with the next frame; after a Socket.IO error the
    decoder starts afresh.

    The Socket.IO layer is read in socket.io-parser's format, or with
    --msgpack in socket.io-msgpack-parser's (each packet one binary message,
    binary values inline).

    A FRAME is text taken as is, unless --hex or --base64 says otherwise.
    Whatever the format, a FRAME may start with:
        bin:DATA     a binary frame, DATA in hex (in base64 with --base64)
        text:TEXT    a text frame, TEXT taken as is ("text:" alone is the
                     empty frame)
    Give a text frame that holds a newline or bytes that are not UTF-8 in
    hex. In a shell, $'...' writes the 0x1E of a polling body: $'4a\x1e4b'.

OPTIONS
    --text      frames are text, taken as is (the default)
    --hex       frames are hex digits; spaces and tabs are ignored
    --base64    frames are standard base64 with padding
    --binary    frames are binary: WebSocket binary frames, or with
                --polling --eio 3 binary (XHR2) polling bodies
    --polling   each frame is an HTTP long-polling body: v4 packets
                separated by 0x1E, v3 <length>:<packet> records
    --eio 3|4   the Engine.IO protocol (default 4)
    --sio 4|5   the Socket.IO protocol (default 5, or 4 with --eio 3)
    --dialect strict|reference
                strict (the default) accepts the protocol as written;
                reference decides as engine.io-parser and socket.io-parser
                do, quirks included
    --eio-only  decode the Engine.IO layer only
    --msgpack   read Socket.IO packets as socket.io-msgpack-parser writes
                them (a text message is then unexpected_text)
    --json      print one JSON object per frame (see JSON OUTPUT)
    --session FILE
                decode every frame of a recorded session (the format of
                vectors/sessions/*.json) in order, with one Socket.IO decoder
                per direction. The file gives the protocol versions, and each
                frame its direction, transport and kind; the frames that
                carry no Engine.IO (HTTP requests without a body, answers to
                POSTs, the WebSocket handshake, close frames) are listed as
                such.
    --          what follows is a FRAME, even if it starts with -
    -h, --help  this text
    An option's value may also follow an equals sign: --eio=3.

JSON OUTPUT
    One line per frame, its members in this order:
        frame      the frame's number, from 1
        dir        session frames: "c2s" or "s2c"
        transport  "websocket" or "polling"
        kind       "text" or "bin" (session frames: as recorded, "close"...)
        size       the frame's length in bytes
        http       session frames that carry no Engine.IO: the recorded
                   HTTP request or answer, when there is one
        eio        its Engine.IO packets (absent when it carries none)
        sio        the Socket.IO packets it completes (absent with --eio-only)
        awaiting   attachments still expected after it, when some are
                   ("endless": a count no number of frames reaches, which
                   the reference dialect reads from a v4 "51.5-")
        errors     what failed, when something did
    Packets are in the canonical form of the test vectors (vectors/FORMAT.md):
        {"type":"message","data":{"t":"text","v":"2[\"a\"]"}}
        {"type":5,"nsp":"/","id":0,"data":["a",{"$bin":"AQID"}],"attachments":1}
    An error is {"layer":"engine.io"|"socket.io", "code", "offset" (byte in
    the frame), "sio_offset" (byte in the message, Socket.IO only),
    "message"}; "offset" is absent when the message was base64 in the frame.

EXIT STATUS
    0    every frame was decoded
    1    some frame failed to decode
    2    usage error
    3    unreadable input: a FILE that cannot be read or is not a recorded
         session, a frame that is not the hex or base64 it should be
         (decoding stops there)

EXAMPLES
    Two WebSocket frames, the second a ping:
        sioc decode '42["chat","hi"]' 2probe
    A polling body: a CONNECT, then an event with an ack id on /admin:
        sioc decode --polling $'40\x1e42/admin,7["join","lobby"]'
    A binary event and its attachment:
        sioc decode '451-["up",{"_placeholder":true,"num":0}]' bin:010203
    Engine.IO v3 frames from a capture, in hex, one per line:
        sioc decode --eio 3 --hex < frames.txt
    A recorded session as JSON lines:
        sioc decode --json --session vectors/sessions/upgrade.json
)";

const char* const encode_help = R"(NAME
    sioc encode - write the wire frames of Engine.IO and Socket.IO packets

SYNOPSIS
    sioc encode [--hex | --base64] [--polling [--binary]] [--eio 3|4]
                [--sio 4|5] [--json] [PACKET...]

DESCRIPTION
    Reads packets in JSON, from the arguments or one per line of standard
    input (blank lines are skipped), and prints the frames that carry them.
    A line may also hold a JSON array of packets. The JSON is the canonical
    form of the test vectors (vectors/FORMAT.md):

    A Socket.IO packet has a numeric type:
        {"type": 2, "nsp": "/chat", "id": 7, "data": ["msg", {"$bin": "AQID"}]}
    type 0 CONNECT, 1 DISCONNECT, 2 EVENT, 3 ACK, 4 CONNECT_ERROR (v4: ERROR),
    5 BINARY_EVENT, 6 BINARY_ACK; nsp defaults to "/"; id and data are
    optional; a Socket.IO v4 CONNECT may carry its query in nsp
    ("/admin?token=abc"). Binary values are {"$bin": base64}; an EVENT or
    ACK that holds some is written as a BINARY_EVENT or BINARY_ACK followed
    by its attachments. {"$num": "NaN"} and {"$wtf8": hex} give the encoder
    what JSON cannot hold; "attachments" is ignored. The packet travels in
    Engine.IO messages.

    An Engine.IO packet has a type name:
        {"type": "ping", "data": "probe"}
        {"type": "message", "data": {"t": "bin", "v": "AQID"}}
    type open, close, ping, pong, message, upgrade or noop; data is a
    string, {"t": "text", "v": string}, {"t": "text", "hex": hex} or
    {"t": "bin", "v": base64}, and may be left out.

    Each frame is printed on a line of its own: a text frame as is, a binary
    frame as bin: and its bytes in hex (base64 with --base64), the form that
    sioc decode reads. With --polling the packets of each input line make one
    polling body.

    An encoder's refusal (a DISCONNECT with data, a reserved event name, an
    ack id on a CONNECT, ...) prints the layer, the error code, the byte
    offset (for a polling body, the index of the packet refused) and the
    reason on standard error, with the input line; the next lines are still
    encoded.

OPTIONS
    --hex       binary frames in hex (the default)
    --base64    binary frames in standard base64
    --polling   write one HTTP long-polling body per input line: v4 packets
                separated by 0x1E with binary data as b<base64>; v3
                <length>:<packet> records
    --binary    with --polling --eio 3: the binary (XHR2) body
    --eio 3|4   the Engine.IO protocol (default 4)
    --sio 4|5   the Socket.IO protocol (default 5, or 4 with --eio 3)
    --json      print one JSON object per input line, {"frames": [...]},
                each frame {"t": "text", "v": string} or {"t": "bin",
                "v": base64}; or {"error": {"layer", "code", "offset" (or
                "packet"), "message"}}
    --          what follows is a PACKET, even if it starts with -
    -h, --help  this text
    An option's value may also follow an equals sign: --eio=3.

EXIT STATUS
    0    every packet was encoded
    1    some packet was refused
    2    usage error
    3    unreadable input: a line that is not JSON, or not a packet in the
         form above (encoding stops there)

EXAMPLES
    An event with an ack id on a namespace:
        sioc encode '{"type":2,"nsp":"/chat","id":7,"data":["msg","hi"]}'
    A binary event: a text frame and one binary frame:
        sioc encode '{"type":2,"data":["up",{"$bin":"AQID"}]}'
    The same in a polling body, and decoded back:
        sioc encode --polling '{"type":2,"data":["up",{"$bin":"AQID"}]}' |
            sioc decode --polling
    An Engine.IO v3 binary message over WebSocket:
        sioc encode --eio 3 '{"type":"message","data":{"t":"bin","v":"AQID"}}'
)";

}  // namespace sioc_cli
