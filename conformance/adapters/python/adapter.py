#!/usr/bin/python3
"""Conformance adapter for python-engineio / python-socketio (conformance/ADAPTER.md).

Run it with /usr/bin/python3, where Debian's python3-engineio and python3-socketio live. Those
speak Engine.IO v4 and Socket.IO v5 only, without WebTransport, so the suites are eio4.packet,
eio4.payload and sio5. Each input is fed to the packages' own codecs the way their server feeds
them (engineio/socket.py, socketio/server.py); the adapter adds only what a WebSocket library
does before python-engineio sees a frame (a text frame must be UTF-8). Any exception is a
refusal (`error: true`); the exception is logged on stderr.

Python values without a counterpart in the result format are written so that the difference
shows in the runner's diff instead of being hidden:
- Engine.IO data that python-engineio parsed as JSON (engineio/packet.py Packet.decode) is
  {"t": "json", "v": <the value>}: the application receives that value, not the text.
- An Engine.IO packet type outside 0-6, which Packet.decode accepts, is written as its number.
"""

import base64
import importlib.metadata
import json
import math
import sys
import urllib.parse

from engineio import packet as eio_packet
from engineio import payload as eio_payload
from socketio import packet as sio_packet

SUITES = ["eio4.packet", "eio4.payload", "sio5"]
EIO_TYPES = ["open", "close", "ping", "pong", "message", "upgrade", "noop"]


class Refused(Exception):
    """A check of the server layer refused the input before the codec saw it."""


# ---- bytes and values --------------------------------------------------------------------

def frame_bytes(frame):
    if frame["t"] == "bin":
        return base64.b64decode(frame["v"], validate=True)
    if "hex" in frame:
        return bytes.fromhex(frame["hex"])
    return frame["v"].encode("utf-8")


def bytes_json(data, binary):
    if binary:
        return {"t": "bin", "v": base64.b64encode(data).decode("ascii")}
    try:
        return {"t": "text", "v": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"t": "text", "hex": data.hex()}


def text_json(s):
    # A Python str may hold lone surrogates (JSON "\ud800"); their 3-byte form is WTF-8.
    return bytes_json(s.encode("utf-8", "surrogatepass"), False)


def has_lone_surrogate(s):
    return any(0xD800 <= ord(c) <= 0xDFFF for c in s)


def value_json(v):
    """A Python value as FORMAT.md's Socket.IO values ($bin, $num, $wtf8)."""
    if isinstance(v, (bytes, bytearray)):
        return {"$bin": base64.b64encode(bytes(v)).decode("ascii")}
    if isinstance(v, float) and not math.isfinite(v):
        return {"$num": "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")}
    if isinstance(v, str):
        return {"$wtf8": v.encode("utf-8", "surrogatepass").hex()} if has_lone_surrogate(v) else v
    if isinstance(v, list):
        return [value_json(x) for x in v]
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if has_lone_surrogate(k):
                raise NotImplementedError("a member name with a lone surrogate has no form in the results")
            out[k] = value_json(x)
        return out
    return v


def value_from_json(v):
    """An encode input value as an application hands it to python-socketio."""
    if isinstance(v, list):
        return [value_from_json(x) for x in v]
    if isinstance(v, dict):
        if list(v) == ["$bin"]:
            return base64.b64decode(v["$bin"], validate=True)
        if list(v) == ["$num"]:
            return float(v["$num"].lower().replace("infinity", "inf"))
        return {k: value_from_json(x) for k, x in v.items()}
    return v


# ---- Engine.IO ---------------------------------------------------------------------------

def eio_packet_json(pkt, encoded):
    t = pkt.packet_type
    out = {"type": EIO_TYPES[t] if 0 <= t < len(EIO_TYPES) else t}
    if pkt.binary:
        out["data"] = bytes_json(pkt.data, True)
    elif isinstance(pkt.data, str) and pkt.data == encoded[1:]:
        # Packet.decode fell back to the text after the type: JSON.loads failed or gave an int.
        out["data"] = text_json(pkt.data)
    else:
        out["data"] = {"t": "json", "v": value_json(pkt.data)}
    return out


def ws_message(frame, max_payload):
    """A WebSocket message as python-engineio receives it from its WebSocket library."""
    raw = frame_bytes(frame)
    # Every WebSocket library python-engineio runs on hands over a text message as str, so
    # one that is not UTF-8 never reaches it (the library closes the connection).
    data = raw.decode("utf-8") if frame["t"] == "text" else raw
    # engineio/socket.py Socket._websocket_handler, websocket_wait(): len() of a str counts
    # code points, not bytes.
    if data and len(data) > max_payload:
        raise Refused("packet is too large")
    return data


def eio4_packet_decode(case):
    data = ws_message(case["input"]["frame"], case["options"]["maxPayload"])
    pkt = eio_packet.Packet(encoded_packet=data)
    return {"packets": [eio_packet_json(pkt, data)], "error": False}


def eio4_payload_decode(case):
    # engineio/socket.py Socket.handle_post_request: Content-Length against
    # max_http_buffer_size, then the body decoded as UTF-8 (strictly) whatever its
    # Content-Type, then engineio/payload.py Payload.decode.
    raw = frame_bytes(case["input"]["frame"])
    if len(raw) > case["options"]["maxPayload"]:
        raise Refused("ContentTooLongError")
    body = raw.decode("utf-8")
    p = eio_payload.Payload(encoded_payload=body)
    # The text of each packet, to tell text data from parsed JSON: Payload.decode first
    # unwraps a body starting with "d=" (the JSONP form) with parse_qs, whatever the request.
    if body.startswith("d="):
        body = urllib.parse.parse_qs(body)["d"][0]
    packets = [eio_packet_json(pkt, text) for pkt, text in zip(p.packets, body.split("\x1e"))]
    return {"packets": packets, "error": False}


def eio_packet_from_json(p):
    data = p.get("data")
    if data is not None:
        data = frame_bytes(data) if data["t"] == "bin" else frame_bytes(data).decode("utf-8")
    return eio_packet.Packet(EIO_TYPES.index(p["type"]), data)


def frame_json(encoded):
    if isinstance(encoded, (bytes, bytearray)):
        return bytes_json(bytes(encoded), True)
    return text_json(encoded)


def eio4_packet_encode(case):
    pkt = eio_packet_from_json(case["input"]["packets"][0])
    # b64=True is the polling form "b<base64>"; the WebSocket writer calls encode() for
    # binary frames.
    return {"frame": frame_json(pkt.encode(b64=not case["options"]["supportsBinary"]))}


def eio4_payload_encode(case):
    packets = [eio_packet_from_json(p) for p in case["input"]["packets"]]
    return {"frame": frame_json(eio_payload.Payload(packets=packets).encode())}


# ---- Socket.IO ---------------------------------------------------------------------------

def sio_packet_json(pkt, packet_type):
    # A packet without a namespace is the main namespace to python-socketio (the server's
    # handlers take `namespace or '/'`, the encoder writes neither).
    out = {"type": packet_type, "nsp": pkt.namespace or "/"}
    if pkt.id is not None:
        out["id"] = pkt.id
    # Packet.decode leaves data None both when the packet has none and for JSON null.
    if pkt.data is not None:
        out["data"] = value_json(pkt.data)
    return out


def sio5_decode(case):
    """socketio/server.py Server._handle_eio_message, frame by frame on one connection."""
    packets = []
    pending = None  # the server's _binary_packet[eio_sid]
    try:
        for frame in case["input"]["frames"]:
            raw = frame_bytes(frame)
            if frame["t"] == "text":
                # The WebSocket library's UTF-8 decode, then python-engineio's Packet.decode of
                # the message "4<text>": its data is what python-socketio receives (a JSON value
                # when the text is one, engineio/packet.py).
                data = eio_packet.Packet(encoded_packet="4" + raw.decode("utf-8")).data
            else:
                data = eio_packet.Packet(encoded_packet=raw).data
            if pending is not None:
                if pending.add_attachment(data):
                    # Dispatched to _handle_event / _handle_ack, as EVENT and ACK packets are.
                    packets.append(sio_packet_json(pending, 2 if pending.packet_type == 5 else 3))
                    pending = None
                continue
            pkt = sio_packet.Packet(encoded_packet=data)
            # The server's comparisons, with ==: a packet_type that Packet.decode took from a
            # JSON value (True, 0.0) is dispatched as the integer it equals.
            t = next((k for k in range(7) if pkt.packet_type == k), None)
            if t is None:
                raise ValueError("Unknown packet type.")
            if t in (5, 6):
                pending = pkt
            else:
                # CONNECT_ERROR (4) included: the client handles it (socketio/client.py), the
                # server raises after decoding it (see RESULTS.md).
                packets.append(sio_packet_json(pkt, t))
    except NotImplementedError:
        raise
    except Exception:  # noqa: BLE001 - any exception ends the message handler
        log_exception(case)
        return {"packets": packets, "error": True, "incomplete": False}
    return {"packets": packets, "error": False, "incomplete": pending is not None}


def sio5_encode(case):
    p = case["input"]["packets"][0]
    pkt = sio_packet.Packet(packet_type=p["type"], data=value_from_json(p["data"]) if "data" in p else None,
                            namespace=p["nsp"], id=p.get("id"))
    encoded = pkt.encode()
    return {"frames": [frame_json(f) for f in (encoded if isinstance(encoded, list) else [encoded])]}


# ---- the protocol ------------------------------------------------------------------------

RUN = {
    ("eio4.packet", "decode"): eio4_packet_decode,
    ("eio4.packet", "encode"): eio4_packet_encode,
    ("eio4.payload", "decode"): eio4_payload_decode,
    ("eio4.payload", "encode"): eio4_payload_encode,
    ("sio5", "decode"): sio5_decode,
    ("sio5", "encode"): sio5_encode,
}


def log_exception(case):
    e = sys.exc_info()[1]
    print(f"{case['id']}: {type(e).__name__}: {e}", file=sys.stderr)


def run(case):
    fn = RUN.get((case["suite"], case["direction"]))
    if fn is None:
        raise NotImplementedError(f"python-engineio/python-socketio have no {case['suite']} {case['direction']}")
    try:
        return fn(case)
    except NotImplementedError:
        raise
    except Exception:  # noqa: BLE001 - the codec (or the server check before it) refused
        log_exception(case)
        if case["direction"] == "encode":
            return {"error": True}
        return {"packets": [], "error": True}


def hello():
    return {
        "type": "hello",
        "protocol": 1,
        "name": "python-engineio/python-socketio",
        "version": f"{importlib.metadata.version('python-engineio')}/{importlib.metadata.version('python-socketio')}",
        "profile": "reference",
        "suites": SUITES,
    }


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if request["type"] == "hello":
            answer = hello()
        else:
            case = request["case"]
            try:
                answer = {"type": "result", "id": case["id"], "result": run(case)}
            except NotImplementedError as e:
                answer = {"type": "unsupported", "id": case["id"], "reason": str(e)}
        sys.stdout.write(json.dumps(answer, ensure_ascii=False, allow_nan=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
