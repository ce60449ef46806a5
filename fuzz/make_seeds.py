#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target: OUT/<target>/<sha1 of the input>.

Seeds come from literal samples below (the protocol's examples and the hostile
inputs of shared/protocol/README.md) and from the vector suites under
--vectors: every frame of a suite file seeds the target of that suite. Run by
the build (fuzz/CMakeLists.txt), so the corpora are never committed; OUT is
replaced on each run.
"""

import argparse
import base64
import hashlib
import json
import pathlib
import shutil

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
    if args.vectors and args.vectors.is_dir():
        seeds += list(vector_seeds(args.vectors))
    for target, data in seeds:
        if target in args.targets:
            (args.out / target / hashlib.sha1(data).hexdigest()).write_bytes(data)


if __name__ == "__main__":
    main()
