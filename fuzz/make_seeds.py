#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target: OUT/<target>/<sha1 of the input>.

Seeds come from literal samples below (the protocol's examples and the hostile
inputs of shared/protocol/README.md) and from the vector suites under
--vectors: every frame of a suite file seeds the target of that suite. The
Socket.IO targets take theirs from the sio5/sio4 suites (each case's frame
sequence for the decoders, each text frame for the fast path, each packet for
the encoder) and from the recorded sessions under vectors/sessions/ (the
Engine.IO messages of each direction); sio_msgpack from the sio5.msgpack suite. The
session targets (sio_server_session, sio_client_session, sio_pair) take hand-made
scripts of whole sessions. A missing suite or session file gives no seeds, not an error. Run by the build (fuzz/CMakeLists.txt), so the corpora
are never committed; OUT is replaced on each run.
"""

import argparse
import base64
import hashlib
import json
import pathlib
import shutil
import struct

# Vector suite file name -> fuzz target.
SUITES = {
    "eio4.packet.json": "eio4_packet",
    "eio4.payload.json": "eio4_payload",
    "eio4.webtransport.json": "webtransport",
    "eio3.packet.json": "eio3_packet",
    "eio3.payload.text.json": "eio3_text_payload",
    "eio3.payload.binary.json": "eio3_binary_payload",
}

HANDSHAKE = (b'{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],'
             b'"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}')


def wt_frame(payload: bytes, binary: bool = False) -> bytes:
    """One WebTransport frame with the shortest length header."""
    flag = 0x80 if binary else 0
    n = len(payload)
    if n < 126:
        return bytes([flag | n]) + payload
    if n <= 0xFFFF:
        return bytes([flag | 126]) + n.to_bytes(2, "big") + payload
    return bytes([flag | 127]) + n.to_bytes(8, "big") + payload


def v3_text(packets) -> bytes:
    """A v3 text payload of packet strings (lengths in UTF-16 code units)."""
    out = b""
    for p in packets:
        units = len(p.encode("utf-16-le")) // 2
        out += str(units).encode() + b":" + p.encode("utf-8")
    return out


def v3_binary_record(kind: int, packet: bytes) -> bytes:
    return bytes([kind]) + bytes(int(d) for d in str(len(packet))) + b"\xff" + packet


# The WebTransport target's control prefix (see webtransport.cpp): feed whole,
# byte by byte, in 3-byte chunks, in the reference dialect, with the small limit.
WT_CONTROLS = [b"\x00", b"\x01\x01", b"\x01\x03", b"\x02\x02\x05", b"\x10", b"\x20", b"\x31\x01"]

WT_STREAMS = [
    wt_frame(b"4hello"),
    wt_frame(b"\x01\x02\x03", binary=True),
    wt_frame(b"2probe") + wt_frame(b"3probe") + wt_frame(b"6"),
    wt_frame(b"4" + b"x" * 200),
    wt_frame(bytes(range(256)) * 2, binary=True),
    wt_frame(b"bAQIDBA=="),
    b"\x01b",
    b"\x00",
    b"\x80",
    b"\x7e\x00\x05" + b"4abcd",         # 16-bit length, not the shortest form
    b"\x7f" + (6).to_bytes(8, "big") + b"4hello",
    b"\x7f" + (2**53).to_bytes(8, "big"),
    b"\xff" + (2**64 - 1).to_bytes(8, "big"),
    b"\xfe\xff\xff",
    b"\x7e\x00",                        # truncated inside the extended length
    b"\x06\xef\xbb\xbf4hi",             # a BOM, which the reference drops
    wt_frame(b"4\xff\xfe"),
    wt_frame(b"9oops"),
]

LITERALS = {
    "eio4_packet": [
        b"", b"0", b"1", b"2", b"3", b"4", b"5", b"6", b"7", b"9oops", b"2probe", b"3probe",
        b"4hello", b"0" + HANDSHAKE, b"b", b"bAQIDBA==", b"bAQIDBA", b"bAQ==AQ==", b"bAR==",
        b"b-_8=", b"bA Q=", b"4\xe2\x82\xac", b"4\xf0\x9f\x98\x80", b"4\xff", b"4\xed\xa0\x80",
        b"4\xc0\x80", b"\x01\x02\x03", b"4" + b"x" * 1100,
    ],
    "eio4_payload": [
        b"4hello\x1ebAQIDBA==", b"2\x1e3\x1e6", b"4hi\x1e", b"\x1e", b"4a\x1e\x1e4b",
        b"\x1e".join([b"4"] * 70), b"bAQ\x1ebAQI\x1ebAQID", b"\x1e".join([b"bAAAAA"] * 40),
        b"4\xff\x1ebAQ==", b"3probe\x1ebAQID", b"0" + HANDSHAKE + b"\x1e40",
    ],
    "webtransport": [control + stream for control in WT_CONTROLS for stream in WT_STREAMS],
    "eio3_packet": [
        b"", b"4hello", b"2probe", b"b4AQID", b"b0", b"b", b"b9", b"b4AQ", b"\x04\x01\x02\x03",
        b"\x00", b"\x07", b"4\xff", b"4\xed\xa0\x80", b"0" + HANDSHAKE,
    ],
    "eio3_text_payload": [
        v3_text(["4hello"]), v3_text(["4hello", "2probe"]), b"0:", b"0:0:", b"1:", b":",
        b"2:4\xe2\x82\xac", b"3:4\xf0\x9f\x98\x80", b"2:4\xf0\x9f\x98\x80", b"6:b4AQID",
        b"06:4hello", b"+6:4hello", b" 6:4hello", b"6.0:4hello", b"6e0:4hello", b"0x6:4hello",
        b"-0:", b"99999999999999999999:4", b"4:4\xed\xa0\x80", b"2:4\xff", b"1e400:4",
        v3_text(["4x"] * 70),
    ],
    "eio3_binary_payload": [
        b"", v3_binary_record(0, b"4hello"), v3_binary_record(1, b"\x04\x01\x02\x03"),
        v3_binary_record(0, b"2probe") + v3_binary_record(1, b"\x04\xff"),
        v3_binary_record(0, b"b4AQID"), b"\x00\xff", b"\x00\x00\x06\xff4hello",
        b"\x02\x06\xff4hello", b"\x00\x0c\xff4hello", b"\x00" + b"\x09" * 400 + b"\xff",
        b"\x00\x06", v3_binary_record(0, b"4\xed\xa0\x80"), b"\x00\x09\xff4",
        b"".join(v3_binary_record(0, b"4") for _ in range(70)),
    ],
    "handshake": [
        HANDSHAKE,
        b'{"sid":"a","upgrades":[],"pingInterval":0,"pingTimeout":0}',
        b'{"sid":"a","upgrades":["websocket","webtransport"],"pingInterval":2147483647,'
        b'"pingTimeout":2147483648}',
        b'{"sid":"\\u00e9\\n\\"","upgrades":["\\u0000"],"pingInterval":1,"pingTimeout":2,'
        b'"maxPayload":18446744073709551615,"extra":{"a":[1,2.5,null,true]}}',
        b'{"sid":"","upgrades":[],"pingInterval":1,"pingTimeout":1}',
        b'{"sid":1}', b"[]", b"{}", b"", b"[" * 40 + b"]" * 40,
        b'{"sid":"x","sid":"y","upgrades":["a"],"upgrades":[],"pingInterval":1,"pingTimeout":1}',
        b'{"sid":"\xff","upgrades":[],"pingInterval":1,"pingTimeout":1}',
    ],
}


def frame_bytes(frame):
    """The bytes of a frame object: {"t": "text"|"bin", "v": ...} or {"t": ..., "hex": ...}."""
    if "hex" in frame:
        return bytes.fromhex(frame["hex"].replace(" ", ""))
    if frame["t"] == "bin":
        return base64.b64decode(frame["v"])
    return frame["v"].encode("utf-8")


def frames(node):
    """The wire frames of a suite: every "frame" member (a decode case's input,
    an encode case's expected output), not the packet data inside them."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "frame" and isinstance(value, dict) and "t" in value:
                yield frame_bytes(value)
            else:
                yield from frames(value)
    elif isinstance(node, list):
        for value in node:
            yield from frames(value)


def wt_prefixes(case):
    """Control prefixes for a WebTransport case: whole, byte by byte, and each
    recorded chunking that the prefix can express (15 sizes, each below 256)."""
    prefixes = [b"\x00", b"\x01\x01"]
    for sizes in case.get("input", {}).get("chunkings", []):
        if 0 < len(sizes) <= 15 and all(0 < n < 256 for n in sizes):
            prefixes.append(bytes([len(sizes)]) + bytes(sizes))
    return prefixes


def vector_seeds(vectors: pathlib.Path):
    """(target, input) for every frame of every known suite file."""
    for path in sorted(list(vectors.glob("*.json")) + list(vectors.glob("cases/*.json"))):
        target = SUITES.get(path.name)
        if target is None:
            continue
        suite = json.loads(path.read_text(encoding="utf-8"))
        for case in suite.get("cases", []):
            for frame in frames(case):
                if target == "webtransport":
                    for prefix in wt_prefixes(case):
                        yield target, prefix + frame
                else:
                    yield target, frame
                # Open packets carry the handshake JSON.
                if target in ("eio4_packet", "eio3_packet") and frame.startswith(b"0{"):
                    yield "handshake", frame[1:]


# ---- Socket.IO -------------------------------------------------------------

# Suite file -> (decoder target, protocol version).
SIO_SUITES = {"sio5.json": ("sio5_decoder", 5), "sio4.json": ("sio4_decoder", 4)}


def sio_decoder_input(frames, control=1):
    """A decoder target's input (see sio_decoder.hpp): a control byte (limits:
    0 small, 1 default; bit 2 when the first frame is binary), the text and
    binary separators, then the frames. The separators are bytes that occur in
    no frame, 0x1E and 0x1F when possible; None if there are not two such."""
    used = set(b"".join(data for data, _ in frames))
    free = [b for b in dict.fromkeys([0x1E, 0x1F, *range(256)]) if b not in used]
    if len(free) < 2 or not frames:
        return None
    t, b = free[0], free[1]
    if frames[0][1]:
        control |= 4
    out = bytes([control, t, b]) + frames[0][0]
    for data, binary in frames[1:]:
        out += bytes([b if binary else t]) + data
    return out


def sio_decoder_seeds(target, frames):
    for control in (0, 1):
        data = sio_decoder_input(frames, control)
        if data is not None:
            yield target, data


def enc_string(data: bytes) -> bytes:
    """A string of the encode target: backslashes doubled, ended by a backslash
    and another byte."""
    return data.replace(b"\\", b"\\\\") + b"\\\x01"


def enc_varint(n: int) -> bytes:
    out = b""
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out += bytes([byte | 0x80])
        else:
            return out + bytes([byte])


def enc_value(v) -> bytes:
    """A JSON value of the vectors (with their $bin, $num and $wtf8 forms) in the
    encode target's input format (see sio_encode.cpp)."""
    if v is None:
        return b"\x00"
    if v is False:
        return b"\x01"
    if v is True:
        return b"\x02"
    if isinstance(v, int):
        if 0 <= v < 2**64:
            return b"\x03" + enc_varint(v)
        if -(2**63) <= v < 0:
            return b"\x04" + enc_varint(-1 - v)
        return b"\x05" + struct.pack("<d", float(v))
    if isinstance(v, float):
        return b"\x05" + struct.pack("<d", v)
    if isinstance(v, str):
        return b"\x07" + enc_string(v.encode("utf-8", "surrogatepass"))
    if isinstance(v, list):
        return b"\x09" + bytes([min(len(v), 255)]) + b"".join(enc_value(e) for e in v[:255])
    if isinstance(v, dict):
        if list(v) == ["$bin"]:
            return b"\x08" + enc_string(base64.b64decode(v["$bin"]))
        if list(v) == ["$num"]:
            return b"\x05" + struct.pack("<d", float(v["$num"].lower().replace("infinity", "inf")))
        if list(v) == ["$wtf8"]:
            return b"\x07" + enc_string(bytes.fromhex(v["$wtf8"]))
        items = list(v.items())[:255]
        return b"\x0a" + bytes([len(items)]) + b"".join(
            enc_string(k.encode("utf-8", "surrogatepass")) + enc_value(e) for k, e in items)
    raise ValueError(f"not a vector value: {v!r}")


def sio_encode_input(packet, version):
    """A packet of the vectors ({"type", "nsp", "id", "data"}) as the encode
    target's input, or None if it has no such form (a NaN ack id)."""
    kind = packet.get("type")
    if not isinstance(kind, int) or not 0 <= kind <= 7:
        return None
    nsp, query = packet.get("nsp", "/"), ""
    if version == 4 and kind == 0 and "?" in nsp:
        nsp, query = nsp.split("?", 1)
    flags = kind | (8 if version == 4 else 0)
    out = b""
    if nsp != "/":
        flags |= 16
        out += enc_string(nsp.encode("utf-8", "surrogatepass"))
    if query:
        flags |= 32
        out += enc_string(query.encode("utf-8", "surrogatepass"))
    if "id" in packet:
        if not isinstance(packet["id"], int) or packet["id"] < 0:
            return None
        flags |= 64
        out += enc_varint(packet["id"] % 2**64)
    if "data" in packet:
        flags |= 128
        out += enc_value(packet["data"])
    return bytes([flags]) + out


def sio_packets(node):
    """Every packet of a case: its encode input and its expected results."""
    for key in ("input", "expected", "expected_strict"):
        part = node.get(key) or {}
        for p in part.get("packets", []) if isinstance(part, dict) else []:
            if isinstance(p, dict):
                yield p


def sio_suite_seeds(vectors: pathlib.Path):
    for name, (target, version) in SIO_SUITES.items():
        path = vectors / name
        if not path.is_file():
            continue
        suite = json.loads(path.read_text(encoding="utf-8"))
        for case in suite.get("cases", []):
            sequences = []
            if case.get("direction") == "decode":
                sequences.append(case.get("input", {}).get("frames", []))
            for key in ("expected", "expected_strict"):
                if isinstance(case.get(key), dict) and "frames" in case[key]:
                    sequences.append(case[key]["frames"])
            for sequence in sequences:
                frames = [(frame_bytes(f), f["t"] == "bin") for f in sequence]
                yield from sio_decoder_seeds(target, frames)
                for data, binary in frames:
                    if not binary:
                        yield "sio_fast_path", data
            for packet in sio_packets(case):
                data = sio_encode_input(packet, version)
                if data is not None:
                    yield "sio_encode", data


def sio_msgpack_seeds(vectors: pathlib.Path):
    """Every frame of the sio5.msgpack suite (decode inputs and encoded
    outputs) for sio_msgpack, under the default, small and wide limits
    (fuzz/sio_msgpack.cpp: a control byte, then the frame)."""
    path = vectors / "sio5.msgpack.json"
    if not path.is_file():
        return
    suite = json.loads(path.read_text(encoding="utf-8"))
    for case in suite.get("cases", []):
        sequences = [case.get("input", {}).get("frames", [])]
        for key in ("expected", "expected_strict"):
            if isinstance(case.get(key), dict):
                sequences.append(case[key].get("frames", []))
        for sequence in sequences:
            for frame in sequence:
                text = 4 if frame["t"] != "bin" else 0
                for limits in (1, 0, 3):
                    yield "sio_msgpack", bytes([limits | text]) + frame_bytes(frame)


def session_seeds(vectors: pathlib.Path):
    """Each direction of a recorded session: its Engine.IO messages in order,
    for the decoder of its Socket.IO version; each text message for the fast
    path; each Socket.IO packet for the encoder."""
    for path in sorted((vectors / "sessions").glob("*.json")):
        session = json.loads(path.read_text(encoding="utf-8"))
        version = session.get("sio")
        target = {5: "sio5_decoder", 4: "sio4_decoder"}.get(version)
        if target is None:
            continue
        for direction in ("c2s", "s2c"):
            messages = []
            for frame in session.get("frames", []):
                if frame.get("dir") != direction:
                    continue
                for packet in frame.get("eio", []):
                    if packet.get("type") == "message" and "data" in packet:
                        messages.append((frame_bytes(packet["data"]), packet["data"]["t"] == "bin"))
                for packet in frame.get("sio", []):
                    data = sio_encode_input(packet, version)
                    if data is not None:
                        yield "sio_encode", data
            if messages:
                yield from sio_decoder_seeds(target, messages)
            for data, binary in messages:
                if not binary:
                    yield "sio_fast_path", data


def sio_literal_decoder_inputs():
    """Frame sequences for both decoder targets, from the protocol's examples
    and quirks (sio_parse.cpp) and the limits the targets set."""
    ph = b'{"_placeholder":true,"num":%d}'
    seqs = [
        [(b"0", False)], [(b"0/admin,", False)], [(b'0{"token":"x"}', False)], [(b"1", False)],
        [(b'2["a",1,{"b":[true,null]}]', False)], [(b'2/admin,12["a"]', False)], [(b"312[]", False)],
        [(b'4{"message":"no"}', False)], [(b'4"no"', False)],
        [(b'51-["a",' + ph % 0 + b"]", False), (b"\x01\x02\x03", True)],
        [(b'62-/admin,7[' + ph % 1 + b"," + ph % 0 + b"]", False), (b"", True), (b"\xff" * 40, True)],
        [(b'53-["a",' + ph % 0 + b"," + ph % 0 + b"," + ph % 2 + b"]", False),
         (b"x" * 3000, True), (b"y", True), (b"z", True)],
        [(b'51-["a",' + b",".join([ph % 0] * 8) + b"]", False), (b"q" * 1000, True)],
        [(b'511-["a"]', False)], [(b'50-["a"]', False), (b'2["b"]', False)], [(b'5-["a"]', False), (b"\x01", True)],
        [(b'51.5-["a"]', False), (b"\x01", True), (b"2", False)],
        [(b'51-["a",{"_placeholder":true,"num":0.5}]', False), (b"\x01", True)],
        [(b'51-["a",{"_placeholder":true,"num":0,"x":1}]', False), (b"\x01", True)],
        [(b'51-["a",' + ph % 1 + b"]", False), (b"\x01", True)],
        [(b"\x01", True), (b'2["a"]', False)], [(b'51-["a",' + ph % 0 + b"]", False), (b'2["a"]', False)],
        [(b"7", False), (b'2["a"]', False)], [(b"", False)], [(b" ", False)], [(b"2/admin[\"a\"]", False)],
        [(b'2 ["a"]', False)], [(b'201["a"]', False)], [(b"2", False)], [(b"0null", False)], [(b"4[1]", False)],
        [(b'2["connect"]', False)], [(b'0/admin?token=abc,', False)], [(b'0/admin?,', False)],
        [(b'2["a",1e20]', False)], [(b'2["a",1.0,-0.0,1e-7,1e21]', False)],
        [(b"2" + b"[" * 20 + b"]" * 20, False)], [(b'29007199254740991["a"]', False)],
        [(b'2["a","\xed\xa0\x80"]', False)], [(b'2["\xe2\x82\xac",{"\xf0\x9f\x98\x80":1}]', False)],
        [(b'2["a",{"b":1,"b":2}]', False)],
        # The shapes that cost the decoder most memory per byte (sio_decoder.hpp, held_bound).
        [(b'2["a",' + b"{}," * 600 + b"{}]", False)], [(b'2["a",' + b'"",' * 600 + b'""]', False)],
        [(b'2["a",{' + b",".join(b'"%d":{}' % i for i in range(200)) + b"}]", False)],
        [(b'51-["a",' + b",".join([ph % 0] * 60) + b"]", False), (b"x" * 1000, True)],
        [(b'53-["a",' + ph % 2 + b"]", False), (b"", True), (b"", True), (b"", True)],
    ]
    return seqs


SIO_FAST_PATH_LITERALS = [
    b"", b" ", b"\xc2\xa0{}", b"\xef\xbb\xbf/admin,{}", b'5 1-["a"]', b'501-["a"]', b'51.0-["a"]', b'50x1-["a"]',
    b'5+1-["a"]', b'5.1e1-["a"]', b'51e1-["a"]', b"5-", b"50-", b'51.5-["a"]', b'5Infinity-["a"]', b'5 -["a"]',
    b'511-["a"]', b'2/admin["a"]', b'2 ["a"]', b'2 1 ["a"]', b"2  ", b'201["a"]', b"2", b"0null", b"0[1]",
    b"4null", b"4[1]", b'2["connect"]', b'51-["a",{"_placeholder":true,"num":0,"x":1}]',
    b'51-["a",{"_placeholder":true,"num":0.5}]', b'51-["a",{"_placeholder":true,"num":1}]', b"7",
    b'29007199254740993["a"]', b'21 2["a"]', b'2["a",1e20]', b'2["a","\\ud800"]', b'2[1.5e3,"x"]',
    b'2[ "a" , 1 , 2 ]', b'2["a"] ', b'0/admin?token=abc,', b'0/admin?,', b'3["a"]', b"4", b'4"x"',
    b'2["\\u0063onnect"]', b'2["a\\"b",{"c":[1,{"d":null}]}]', b'2' + b"[" * 70 + b"]" * 70,
    b'2["a",' + b"[" * 5 + b"]" * 5 + b"]", b'2["a",-0,-0.0,1E2,0.1e-2]', b'2[-1,"x"]',
    b'52-["a",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}]',
    b'51-["a",{"num":0,"_placeholder":true}]', b'51-["a",{"_placeholder":true,"_placeholder":true,"num":0}]',
    b'51-["a",{"_placeholder":false,"num":0}]', b'6' + b'1-/x,3[{"_placeholder":true,"num":0}]',
]


def sio_literal_seeds():
    for frames in sio_literal_decoder_inputs():
        for target in ("sio5_decoder", "sio4_decoder"):
            yield from sio_decoder_seeds(target, frames)
    for data in SIO_FAST_PATH_LITERALS:
        yield "sio_fast_path", data
    samples = [
        ({"type": 0, "nsp": "/"}, 5), ({"type": 0, "nsp": "/admin", "data": {"token": "x"}}, 5),
        ({"type": 0, "nsp": "/admin?token=abc"}, 4), ({"type": 1, "nsp": "/"}, 5),
        ({"type": 2, "nsp": "/", "data": ["a", 1.5, -2, 2**64 - 1, None, True, {"b": [{}]}]}, 5),
        ({"type": 2, "nsp": "/x", "id": 9007199254740991, "data": [7]}, 5),
        ({"type": 3, "nsp": "/", "id": 0, "data": []}, 5),
        ({"type": 4, "nsp": "/", "data": {"message": "no"}}, 5), ({"type": 4, "nsp": "/", "data": "no"}, 4),
        ({"type": 5, "nsp": "/", "data": ["a", {"$bin": "AQID"}, [{"$bin": ""}]]}, 5),
        ({"type": 6, "nsp": "/", "id": 3, "data": [{"$bin": "AQID"}, {"$bin": "AQID"}]}, 4),
        ({"type": 2, "nsp": "/", "data": ["a", 1e20, 1e21, -(2.0**63), 2.0**64]}, 5),
        ({"type": 2, "nsp": "/", "data": ["a", {"_placeholder": True, "num": 0}, {"$bin": "AA=="}]}, 5),
        ({"type": 2, "nsp": "/", "data": ["connect"]}, 5), ({"type": 2, "nsp": "/", "data": ["connect"]}, 4),
        ({"type": 2, "nsp": "/", "data": ["a", {"$wtf8": "eda080"}]}, 5),
        ({"type": 2, "nsp": "/", "data": ["a", {"$num": "NaN"}]}, 5),
        ({"type": 7, "nsp": "/"}, 5), ({"type": 2, "nsp": "a,b", "data": ["a"]}, 5),
    ]
    for packet, version in samples:
        yield "sio_encode", sio_encode_input(packet, version)
    yield "sio_encode", b""
    yield "sio_encode", bytes(range(256))


# ---- Sessions ----------------------------------------------------------------

# The session targets read scripts (fuzz/session_support.hpp, and each target's header comment):
# option bytes, then records of a kind byte and its fields. These write a few whole sessions, so
# that the fuzzers start from handshakes, namespaces, events, acks, upgrades and closes.

def sio_rec(kind, nsp=0, ack=None, payload=13, attachments=None):
    """The fields of session_support.hpp's sio_text(): shape, [attachments], namespace,
    [ack id], payload index (0 ["e"], 2 ["e",<placeholder 0>], 4 [], 13 nothing)."""
    out = bytes([kind])
    if kind in (5, 6):
        out += bytes([attachments or 0])
    out += bytes([nsp])
    if kind in (2, 3, 5, 6):
        out += bytes([0xFF if ack is None else ack])
    return out + bytes([payload])


def message(kind, **fields):
    """An Engine.IO message carrying a Socket.IO packet (eio_packet_of)."""
    return b"\x00" + sio_rec(kind, **fields)


def control(index):
    """An Engine.IO control packet: 0 ping, 1 pong, 2 2probe, 3 3probe, 4 upgrade, 5 noop."""
    return bytes([0xC0 + index])


def attachment(data: bytes):
    return b"\xa0" + bytes([len(data)]) + data


def body(*packets):
    return bytes([len(packets) - 1]) + b"".join(packets)


SERVER_OPTIONS = bytes([0, 64, 7, 64, 100, 100, 100, 100, 100, 0x17, 100, 100])


def server_scripts():
    """sio_server_session: polling, an upgrade to WebSocket, a WebSocket-only session with a
    binary event, and more namespaces than max_namespaces."""
    handshake_get = bytes([0, 0x00, 0])
    handshake_ws = bytes([0, 0x01, 0])

    def get(i):
        return bytes([1, 0, i, 0])

    def post(i, *packets):
        return bytes([3, 0, i, 0]) + body(*packets) + b"\x00"

    def ws(j, packet):
        return bytes([8, j]) + packet

    accept = bytes([15, 0, 0, 0])
    emit_with_ack = bytes([16, 0, 0, 0, 1, 0])
    emit = bytes([16, 0, 0, 0, 2, 1])
    ack = bytes([17, 0, 0, 0, 0, 1])
    timer = bytes([13, 0])
    polling = (handshake_get + post(0, message(0)) + accept + get(0) + post(0, message(2, ack=1, payload=0))
               + ack + emit_with_ack + get(0) + post(0, message(3, ack=0, payload=4)) + timer + get(0)
               + post(0, control(1)) + emit + bytes([19, 0, 0]) + get(0))
    upgrade = (handshake_get + post(0, message(0)) + accept + get(0) + bytes([6, 0, 0, 0, 0])
               + ws(0, control(2)) + get(0) + ws(0, control(4)) + ws(0, message(2, payload=0)) + emit
               + emit_with_ack + ws(0, message(3, ack=0, payload=4)) + timer + ws(0, control(1))
               + bytes([12, 0]))
    websocket_only = (handshake_ws + ws(0, message(0)) + accept
                      + ws(0, message(5, attachments=1, ack=2, payload=2)) + ws(0, attachment(b"\x01\x02"))
                      + bytes([16, 0, 0, 0, 2, 1]) + bytes([18, 0, 0]) + ws(0, message(1)))
    too_many = handshake_get + b"".join(post(0, message(0, nsp=n)) for n in range(6)) + timer
    for script in (polling, upgrade, websocket_only, too_many):
        yield "sio_server_session", SERVER_OPTIONS + script
        yield "sio_server_session", bytes([0x18]) + SERVER_OPTIONS[1:] + script  # the other dialects


CLIENT_OPTIONS = bytes([0, 200, 7, 64, 100, 100, 0x17, 100, 100, 0, 0, 0])


def client_scripts():
    """sio_client_session: polling, an upgrade to WebSocket, a WebSocket-only session."""

    def respond(k, payload, status=0):
        return bytes([0, k, status]) + payload

    def handshake(upgrade):
        return bytes([0x00 if upgrade else 0x04, 100, 100, 100])

    def ws(k, packet):
        return bytes([6, k, 0x20]) + packet

    def polling(*packets):
        return b"\x60" + body(*packets)

    opening = bytes([19, 0, 1])
    ok = b"\x40"
    connect = bytes([13, 0xC0, 0])
    emit_with_ack = bytes([15, 0, 0, 1, 0])
    emit = bytes([15, 0, 0, 2, 1])
    timer = bytes([11, 0])
    polling_script = (opening + respond(0, b"\x00" + handshake(False)) + connect + respond(1, ok)
                      + respond(0, polling(message(0, payload=0))) + emit_with_ack + respond(1, ok)
                      + respond(0, polling(message(2, ack=1, payload=0), message(3, ack=0, payload=4), control(0)))
                      + bytes([17, 0, 1, 0, 1]) + respond(1, ok) + timer + emit + bytes([19, 0, 0]))
    upgrade_script = (opening + respond(0, b"\x00" + handshake(True)) + bytes([5, 0]) + ws(0, control(3))
                      + respond(0, polling(control(5))) + connect + ws(0, message(0, payload=0)) + emit_with_ack
                      + ws(0, message(5, attachments=1, ack=0, payload=2)) + bytes([6, 0, 0x20]) + attachment(b"\x07")
                      + ws(0, control(0)) + timer + bytes([10, 0]))
    websocket_only = (opening + bytes([5, 0, 6, 0, 0x00]) + handshake(False) + connect + ws(0, message(0, payload=0))
                      + emit + ws(0, message(1)) + bytes([13, 0xC1, 1]) + timer + bytes([19, 0, 0]))
    yield "sio_client_session", CLIENT_OPTIONS + polling_script
    yield "sio_client_session", CLIENT_OPTIONS + upgrade_script
    yield "sio_client_session", bytes([1]) + CLIENT_OPTIONS[1:] + websocket_only
    yield "sio_client_session", bytes([0x0C]) + CLIENT_OPTIONS[1:] + polling_script


def pair_scripts():
    """sio_pair: both namespaces connected, events both ways, a timer and a disconnect, over
    each transport setting (fuzz/sio_pair.cpp: 4 option bytes, then records)."""
    deliver = bytes([0, 0, 0]) * 12

    def both_emit(nsp):
        return bytes([8, nsp, 10, nsp])

    script = (bytes([12, 0]) + deliver + bytes([12, 1]) + deliver + both_emit(0) + both_emit(1) + both_emit(0)
              + deliver + bytes([14, 0]) + deliver + bytes([13, 1, 1]) + both_emit(0) + deliver)
    for options in (bytes([0, 0, 0, 0]), bytes([0, 0, 1, 0]), bytes([0, 0, 2, 0])):
        yield "sio_pair", options + script


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--vectors", type=pathlib.Path)
    parser.add_argument("--targets", nargs="+", required=True, help="every target gets a directory")
    args = parser.parse_args()

    shutil.rmtree(args.out, ignore_errors=True)
    for target in args.targets:
        (args.out / target).mkdir(parents=True)

    seeds = [(t, s) for t, samples in LITERALS.items() for s in samples]
    seeds += list(sio_literal_seeds())
    seeds += list(server_scripts())
    seeds += list(client_scripts())
    seeds += list(pair_scripts())
    if args.vectors and args.vectors.is_dir():
        seeds += list(vector_seeds(args.vectors))
        seeds += list(sio_suite_seeds(args.vectors))
        seeds += list(sio_msgpack_seeds(args.vectors))
        seeds += list(session_seeds(args.vectors))
    for target, data in seeds:
        if target in args.targets:
            (args.out / target / hashlib.sha1(data).hexdigest()).write_bytes(data)


if __name__ == "__main__":
    main()
