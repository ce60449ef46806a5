'use strict';
// Records how the reference Engine.IO server (the engine.io package socket.io 4.8.1 uses)
// answers HTTP long-polling and WebSocket requests, good and bad, into server/eio4.server.json
// (Engine.IO v4 clients) and server/eio3.server.json (Engine.IO v3 clients, served with
// allowEIO3), apart from the suite files check.js validates: their steps are exchanges, not
// wire vectors.
//
//   cd vectors && node record-eio-server.js
//
// The server is configured like the one the official v4 test-suite expects (pingInterval 300,
// pingTimeout 200, maxHttpBufferSize 1e6, every message echoed back), with session ids taken
// from a counter ("sid0", "sid1", ...) so that a replay can produce the same bytes. The v3
// cases run against a second server, the same but with allowEIO3. Binary bodies and frames are
// written in base64 (body_base64, binary). Each case is a list of steps. A request step gives
// the request and, unless the reference holds it open, the response; a held request's
// response is recorded by a later { "response_to": id } step. A WebSocket step opens, sends to,
// receives from or sees the close of a connection. Only steps whose order does not depend on
// timers are recorded (every case ends before the first ping, and v3 cases before the ping
// timeout of a client that does not ping).
// Not recorded for that reason: a close packet sent over a WebSocket, which this server ignores
// (the connection ends only at the ping timeout).
//
// Nothing listens on or connects to anything but 127.0.0.1; every wait is bounded and the whole
// run stops after HARD_LIMIT_MS whatever happens.

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const engine = require('engine.io');
const WebSocket = require('ws');

const HOST = '127.0.0.1';
const HARD_LIMIT_MS = 20000;
const WAIT_MS = 2000;  // longest wait for one response, message or close
const OPTIONS = { pingInterval: 300, pingTimeout: 200, maxHttpBufferSize: 1e6 };
// Response headers that belong to HTTP framing or to Node, not to Engine.IO.
const FRAMING_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

const hardLimit = setTimeout(() => {
  process.stderr.write(`record-eio-server: time limit (${HARD_LIMIT_MS} ms) reached, exiting\n`);
  process.exit(2);
}, HARD_LIMIT_MS);

function versionOf(name) {
  return require(path.join(__dirname, 'node_modules', name, 'package.json')).version;
}

function withTimeout(promise, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out: ' + what)), WAIT_MS); }),
  ]).finally(() => clearTimeout(timer));
}

function pickHeaders(raw) {
  const out = {};
  for (const name of Object.keys(raw).sort()) {
    if (!FRAMING_HEADERS.has(name)) out[name] = raw[name];
  }
  return out;
}

function responseOf(res, body) {
  const out = { status: res.statusCode, headers: pickHeaders(res.headers) };
  if (res.headers['content-type'] === 'application/octet-stream') {
    out.body_base64 = body.toString('base64');
  } else {
    out.body = body.toString('utf8');
  }
  return out;
}

let port = 0;  // of the server the current case runs against
let sidCounter = 0;

// Sends one HTTP request; resolves with the response, or { reset: true } when the server
// destroys the connection without answering.
function httpRequest(req) {
  return new Promise((resolve) => {
    const headers = Object.assign({}, req.headers || {});
    // `then` repeats a short text to make a long body without storing it in the vectors.
    const text = req.body === undefined ? undefined : req.body + (req.then ? req.then.text.repeat(req.then.times) : '');
    const body = req.body_base64 !== undefined ? Buffer.from(req.body_base64, 'base64')
      : text === undefined ? undefined : Buffer.from(text, 'utf8');
    if (body !== undefined) headers['content-length'] = String(body.length);
    const r = http.request({ host: HOST, port, method: req.method, path: '/engine.io/?' + req.query, headers, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(responseOf(res, Buffer.concat(chunks))));
        res.on('error', () => resolve({ reset: true }));
      });
    r.on('error', () => resolve({ reset: true }));
    if (body !== undefined) r.write(body);
    r.end();
  });
}

// A WebSocket client that records what the server does with it.
class Ws {
  constructor(query) {
    this.messages = [];
    this.waiters = [];
    this.closed = false;
    this.socket = new WebSocket(`ws://${HOST}:${port}/engine.io/?${query}`);
    this.socket.binaryType = 'nodebuffer';
    this.result = new Promise((resolve) => {
      this.socket.on('open', () => resolve({ status: 101 }));
      this.socket.on('unexpected-response', (_req, res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(responseOf(res, Buffer.concat(chunks))));
      });
      this.socket.on('error', () => resolve({ reset: true }));
    });
    this.socket.on('message', (data, isBinary) => {
      this.messages.push(isBinary ? { binary: data.toString('base64') } : { text: data.toString('utf8') });
      this.wake();
    });
    this.socket.on('close', () => { this.closed = true; this.wake(); });
    this.socket.on('error', () => {});
  }
  wake() { for (const w of this.waiters.splice(0)) w(); }
  until(pred, what) {
    return withTimeout(new Promise((resolve) => {
      const check = () => (pred() ? resolve() : this.waiters.push(check));
      check();
    }), what);
  }
}

// Runs one case's script, recording its steps.
async function runCase(prefix, id, why, script, flags) {
  const firstSid = sidCounter;
  const steps = [];
  const pending = new Map();
  const sockets = new Map();
  const api = {
    sid() { return 'sid' + (sidCounter - 1); },
    async request(req) {
      const response = await withTimeout(httpRequest(req), id + ' request');
      steps.push({ request: req, response });
      return response;
    },
    hold(name, req) {
      steps.push({ request: Object.assign({ id: name }, req), held: true });
      pending.set(name, httpRequest(req));
    },
    async response(name) {
      const response = await withTimeout(pending.get(name), id + ' held ' + name);
      steps.push({ response_to: name, response });
      return response;
    },
    async wsOpen(name, query) {
      const ws = new Ws(query);
      sockets.set(name, ws);
      const result = await withTimeout(ws.result, id + ' ws open');
      steps.push({ ws_open: name, query, result });
      return result;
    },
    wsSend(name, data) {
      const ws = sockets.get(name);
      ws.socket.send(data);
      steps.push(typeof data === 'string' ? { ws_send: name, text: data } : { ws_send: name, binary: data.toString('base64') });
    },
    async wsReceive(name) {
      const ws = sockets.get(name);
      await ws.until(() => ws.messages.length > 0, id + ' ws message');
      steps.push(Object.assign({ ws_receive: name }, ws.messages.shift()));
    },
    async wsClosedByServer(name) {
      const ws = sockets.get(name);
      await ws.until(() => ws.closed, id + ' ws close');
      steps.push({ ws_closed: name });
    },
    wsClose(name) {
      sockets.get(name).socket.close();
      steps.push({ ws_close: name });
    },
  };
  await script(api);
  for (const ws of sockets.values()) ws.socket.terminate();
  const sids = [];
  for (let i = firstSid; i < sidCounter; i++) sids.push('sid' + i);
  return Object.assign({ id: prefix + id, why }, flags, { sids, steps });
}

const POLL = 'EIO=4&transport=polling';
const WS = 'EIO=4&transport=websocket';
const POLL3 = 'EIO=3&transport=polling';
const WS3 = 'EIO=3&transport=websocket';

async function handshake(api) {
  const r = await api.request({ method: 'GET', query: POLL });
  return JSON.parse(r.body.slice(1)).sid;
}

const CASES = [
  ['polling-handshake', 'a polling GET without sid opens a session: the open packet, then nothing until packets are queued',
    async (api) => { await handshake(api); }],
  ['no-query', 'no transport parameter: unknown transport', async (api) => {
    await api.request({ method: 'GET', query: '' });
  }],
  ['unknown-transport', 'a transport the server does not know', async (api) => {
    await api.request({ method: 'GET', query: 'EIO=4&transport=abc' });
  }],
  ['missing-transport', 'EIO without transport', async (api) => {
    await api.request({ method: 'GET', query: 'EIO=4' });
  }],
  ['webtransport-over-http', 'webtransport is refused as a transport of an HTTP request', async (api) => {
    await api.request({ method: 'GET', query: 'EIO=4&transport=webtransport' });
  }],
  ['missing-eio', 'no EIO parameter means protocol 3, refused without allowEIO3', async (api) => {
    await api.request({ method: 'GET', query: 'transport=polling' });
  }],
  ['bad-eio', 'an EIO value other than 4 means protocol 3', async (api) => {
    await api.request({ method: 'GET', query: 'EIO=abc&transport=polling' });
    await api.request({ method: 'GET', query: 'EIO=5&transport=polling' });
  }],
  ['eio3', 'EIO=3 without allowEIO3', async (api) => {
    await api.request({ method: 'GET', query: 'EIO=3&transport=polling' });
  }],
  ['handshake-post', 'a handshake must be a GET', async (api) => {
    await api.request({ method: 'POST', query: POLL, body: '4hello', headers: { 'content-type': 'text/plain;charset=UTF-8' } });
  }],
  ['handshake-put', 'a handshake must be a GET', async (api) => {
    await api.request({ method: 'PUT', query: POLL });
  }],
  ['cors-preflight', 'an OPTIONS preflight without the cors option is a handshake with a bad method', async (api) => {
    await api.request({ method: 'OPTIONS', query: POLL, headers: { origin: 'http://example.test', 'access-control-request-method': 'POST' } });
  }],
  ['websocket-without-upgrade', 'transport=websocket in a plain HTTP request', async (api) => {
    await api.request({ method: 'GET', query: WS });
  }],
  ['unknown-sid', 'a sid the server does not know, for GET and POST', async (api) => {
    await api.request({ method: 'GET', query: POLL + '&sid=nope' });
    await api.request({ method: 'POST', query: POLL + '&sid=nope', body: '4hello' });
  }],
  ['sid-bad-method', 'a session request that is neither GET nor POST', async (api) => {
    const sid = await handshake(api);
    await api.request({ method: 'PUT', query: `${POLL}&sid=${sid}` });
    await api.request({ method: 'OPTIONS', query: `${POLL}&sid=${sid}` });
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '4still open' });
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
  }],
  ['protocol-mismatch', 'a session request with another EIO than the handshake', async (api) => {
    const sid = await handshake(api);
    await api.request({ method: 'GET', query: `EIO=3&transport=polling&sid=${sid}` });
  }],
  ['transport-mismatch', 'a session request on another transport without upgrade', async (api) => {
    const sid = await handshake(api);
    await api.request({ method: 'GET', query: `${WS}&sid=${sid}` });
  }],
  ['post-one-packet', 'a POST answers ok; the echoed message waits for the next GET', async (api) => {
    const sid = await handshake(api);
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '4hello' });
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
  }],
  ['post-several-packets', 'several packets in one body, text and binary, echoed in one batch', async (api) => {
    const sid = await handshake(api);
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '4test1\x1e4test2\x1ebAQIDBA==' });
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
  }],
  ['post-answers-held-get', 'a held GET is answered as soon as a packet is queued', async (api) => {
    const sid = await handshake(api);
    api.hold('get', { method: 'GET', query: `${POLL}&sid=${sid}` });
    await new Promise((r) => setTimeout(r, 50));
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '4hello' });
    await api.response('get');
  }],
  ['post-parse-error', 'a body that does not decode closes the session; the connection is dropped without a response', async (api) => {
    const sid = await handshake(api);
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: 'abc' });
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
  }],
  ['post-parse-error-held-get', 'a parse error while a GET is held: the GET gets a close packet', async (api) => {
    const sid = await handshake(api);
    api.hold('get', { method: 'GET', query: `${POLL}&sid=${sid}` });
    await new Promise((r) => setTimeout(r, 50));
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '6\x1eabc' });
    await api.response('get');
  }],
  ['post-binary-content-type', 'an application/octet-stream body is refused in v4 and closes the session', async (api) => {
    const sid = await handshake(api);
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '4hello', headers: { 'content-type': 'application/octet-stream' } });
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
  }],
  ['post-too-large', 'a body over maxHttpBufferSize gets 413; the session stays open', async (api) => {
    const sid = await handshake(api);
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '4', then: { text: 'a', times: 1e6 } });
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '4after' });
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
  }],
  ['post-largest', 'a body of exactly maxHttpBufferSize bytes is accepted (a noop with data)', async (api) => {
    const sid = await handshake(api);
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '6', then: { text: 'a', times: 1e6 - 1 } });
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '4after' });
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
  }],
  ['duplicate-get', 'a second GET while one is held: 400 for it, a close packet for the first, the session gone', async (api) => {
    const sid = await handshake(api);
    api.hold('first', { method: 'GET', query: `${POLL}&sid=${sid}` });
    await new Promise((r) => setTimeout(r, 50));
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}&t=burst` });
    await api.response('first');
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
  }],
  ['client-close-held-get', 'a close packet from the client: the held GET gets a noop, the POST ok, the session is gone', async (api) => {
    const sid = await handshake(api);
    api.hold('get', { method: 'GET', query: `${POLL}&sid=${sid}` });
    await new Promise((r) => setTimeout(r, 50));
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '1' });
    await api.response('get');
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
  }],
  ['client-close', 'a close packet from the client without a held GET', async (api) => {
    const sid = await handshake(api);
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '4bye\x1e1\x1e4lost' });
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
  }],
  ['client-ping', 'a ping from a v4 client is the wrong heartbeat direction: transport error', async (api) => {
    const sid = await handshake(api);
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '2' });
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
  }],
  ['websocket-handshake', 'a WebSocket without sid opens a session with no upgrades; messages are echoed', async (api) => {
    await api.wsOpen('ws', WS);
    await api.wsReceive('ws');
    api.wsSend('ws', '4hello');
    await api.wsReceive('ws');
    api.wsSend('ws', Buffer.from([1, 2, 3, 4]));
    await api.wsReceive('ws');
    api.wsClose('ws');
  }],
  ['websocket-parse-error', 'a frame that does not decode closes the WebSocket', async (api) => {
    await api.wsOpen('ws', WS);
    await api.wsReceive('ws');
    api.wsSend('ws', 'abc');
    await api.wsClosedByServer('ws');
  }],
  ['websocket-unknown-transport', 'an upgrade request with an unknown transport', async (api) => {
    await api.wsOpen('ws', 'EIO=4&transport=abc');
    await api.wsOpen('ws2', 'EIO=4');
  }],
  ['websocket-unknown-sid', 'an upgrade request with an unknown sid', async (api) => {
    await api.wsOpen('ws', WS + '&sid=nope');
  }],
  ['websocket-polling-transport', 'an upgrade request naming the polling transport is accepted and closed at once', async (api) => {
    await api.wsOpen('ws', POLL);
    await api.wsClosedByServer('ws');
  }],
  ['upgrade', 'probe, the held GET drained with a noop, upgrade, then messages over the WebSocket', async (api) => {
    const sid = await handshake(api);
    await api.wsOpen('ws', `${WS}&sid=${sid}`);
    api.wsSend('ws', '2probe');
    await api.wsReceive('ws');
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
    api.wsSend('ws', '5');
    api.wsSend('ws', '4hello');
    await api.wsReceive('ws');
  }],
  ['upgrade-queued', 'a message queued before the probe goes out on the GET; the one after the upgrade on the WebSocket', async (api) => {
    const sid = await handshake(api);
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '4before' });
    await api.wsOpen('ws', `${WS}&sid=${sid}`);
    api.wsSend('ws', '2probe');
    await api.wsReceive('ws');
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
    api.wsSend('ws', '5');
    api.wsSend('ws', '4after');
    await api.wsReceive('ws');
  }],
  ['upgrade-held-get', 'a GET held when the probe arrives is answered with a noop', async (api) => {
    const sid = await handshake(api);
    api.hold('get', { method: 'GET', query: `${POLL}&sid=${sid}` });
    await new Promise((r) => setTimeout(r, 50));
    await api.wsOpen('ws', `${WS}&sid=${sid}`);
    api.wsSend('ws', '2probe');
    await api.wsReceive('ws');
    await api.response('get');
    api.wsSend('ws', '5');
    api.wsSend('ws', '4hello');
    await api.wsReceive('ws');
  }],
  ['upgrade-then-http', 'after the upgrade, a polling request with the sid is refused', async (api) => {
    const sid = await handshake(api);
    await api.wsOpen('ws', `${WS}&sid=${sid}`);
    api.wsSend('ws', '2probe');
    await api.wsReceive('ws');
    api.wsSend('ws', '5');
    await new Promise((r) => setTimeout(r, 50));
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
    api.wsSend('ws', '4hello');
    await api.wsReceive('ws');
  }],
  ['upgrade-then-websocket', 'after the upgrade, a second WebSocket with the sid is accepted and closed', async (api) => {
    const sid = await handshake(api);
    await api.wsOpen('ws', `${WS}&sid=${sid}`);
    api.wsSend('ws', '2probe');
    await api.wsReceive('ws');
    api.wsSend('ws', '5');
    await new Promise((r) => setTimeout(r, 50));
    await api.wsOpen('ws2', `${WS}&sid=${sid}`);
    await api.wsClosedByServer('ws2');
    api.wsSend('ws', '4hello');
    await api.wsReceive('ws');
  }],
  ['upgrade-twice', 'a second WebSocket while an upgrade is in progress is accepted and closed', async (api) => {
    const sid = await handshake(api);
    await api.wsOpen('ws', `${WS}&sid=${sid}`);
    await api.wsOpen('ws2', `${WS}&sid=${sid}`);
    await api.wsClosedByServer('ws2');
    api.wsSend('ws', '2probe');
    await api.wsReceive('ws');
  }],
  ['upgrade-bad-probe', 'a packet other than the probe on the upgrading WebSocket closes it; polling goes on', async (api) => {
    const sid = await handshake(api);
    await api.wsOpen('ws', `${WS}&sid=${sid}`);
    api.wsSend('ws', '4early');
    await api.wsClosedByServer('ws');
    await api.request({ method: 'POST', query: `${POLL}&sid=${sid}`, body: '4still polling' });
    await api.request({ method: 'GET', query: `${POLL}&sid=${sid}` });
  }],

  ['v3-v4-still-served', 'a server with allowEIO3 still serves v4', async (api) => {
    await api.request({ method: 'GET', query: POLL });
  }, { allowEIO3: true }],
];

// Engine.IO v3 clients, served with allowEIO3.
const CASES3 = [
  ['polling-handshake', 'a v3 handshake: the open packet in a length-prefixed text payload', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
  }],
  ['text-payload', 'a v3 text payload; the echo comes back as one', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: '6:4hello2:4€' });
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['client-ping', 'in v3 the client pings and the server answers with a pong', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: '1:2' });
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['client-pong', 'a pong from a v3 client is the wrong heartbeat direction: transport error', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: '1:3' });
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['binary-payload', 'an XHR2 binary body; a batch holding binary goes back as one', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body_base64: Buffer.from([0, 6, 255, 0x34, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 1, 4, 255, 4, 1, 2, 3]).toString('base64'), headers: { 'content-type': 'application/octet-stream' } });
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['base64-client', 'a v3 client that asked for base64 (b64=1) gets binary data as text', async (api) => {
    await api.request({ method: 'GET', query: POLL3 + '&b64=1' });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: '6:4hello6:b4AQID' });
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['parse-error', 'a v3 body that does not decode closes the session', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: 'abc' });
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['close-held-get', 'a v3 close packet: the held GET gets a noop', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    api.hold('get', { method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
    await new Promise((r) => setTimeout(r, 50));
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: '1:1' });
    await api.response('get');
  }],
  ['protocol-mismatch', 'a v4 request for a v3 session', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'GET', query: `${POLL}&sid=${api.sid()}` });
  }],
  ['websocket', 'a v3 WebSocket: binary frames carry the packet type; client pings get pongs', async (api) => {
    await api.wsOpen('ws', WS3);
    await api.wsReceive('ws');
    api.wsSend('ws', '4hello');
    await api.wsReceive('ws');
    api.wsSend('ws', Buffer.from([4, 1, 2, 3]));
    await api.wsReceive('ws');
    api.wsSend('ws', '2probe');
    await api.wsReceive('ws');
  }],
  ['websocket-base64', 'a v3 WebSocket with b64=1 gets binary data as text frames', async (api) => {
    await api.wsOpen('ws', WS3 + '&b64=1');
    await api.wsReceive('ws');
    api.wsSend('ws', Buffer.from([4, 1, 2, 3]));
    await api.wsReceive('ws');
  }],
  ['upgrade', 'a v3 upgrade: probe, the held GET drained with a noop payload, upgrade', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    api.hold('get', { method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
    await new Promise((r) => setTimeout(r, 50));
    await api.wsOpen('ws', `${WS3}&sid=${api.sid()}`);
    api.wsSend('ws', '2probe');
    await api.wsReceive('ws');
    await api.response('get');
    api.wsSend('ws', '5');
    api.wsSend('ws', '4hello');
    await api.wsReceive('ws');
  }],
  ['missing-eio', 'no EIO parameter means protocol 3, served with allowEIO3', async (api) => {
    await api.request({ method: 'GET', query: 'transport=polling' });
    await api.request({ method: 'POST', query: `transport=polling&sid=${api.sid()}`, body: '6:4hello' });
    await api.request({ method: 'GET', query: `transport=polling&sid=${api.sid()}` });
  }],
  ['other-eio', 'an EIO value other than 4 means protocol 3', async (api) => {
    await api.request({ method: 'GET', query: 'EIO=abc&transport=polling' });
    await api.request({ method: 'POST', query: `EIO=2&transport=polling&sid=${api.sid()}`, body: '6:4hello' });
    await api.request({ method: 'GET', query: `EIO=3&transport=polling&sid=${api.sid()}` });
  }],
  ['utf16-lengths', 'v3 text payload lengths count UTF-16 code units, in requests and responses', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: '3:4é€3:4😀1:4' });
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['bad-length', 'a length prefix that overruns the body is a parse error', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: '9:4hello' });
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['binary-text-only', 'an XHR2 body of text packets; the echo of text goes back as a text payload', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body_base64: Buffer.from([0, 2, 255, 0x34, 0x61, 0, 2, 255, 0x34, 0x62]).toString('base64'), headers: { 'content-type': 'application/octet-stream' } });
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['post-too-large', 'a v3 body over maxHttpBufferSize gets 413; the session stays open', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: '1000000:4', then: { text: 'a', times: 999999 } });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: '6:4after' });
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['duplicate-get', 'a second v3 GET while one is held: 400, a close payload for the first, the session gone', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    api.hold('first', { method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
    await new Promise((r) => setTimeout(r, 50));
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}&t=burst` });
    await api.response('first');
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['client-close', 'a v3 close packet without a held GET; packets after it are dropped', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: '4:4bye1:15:4lost' });
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['bad-requests', 'unknown sid, bad handshake method, session request neither GET nor POST, websocket without upgrade', async (api) => {
    await api.request({ method: 'GET', query: `${POLL3}&sid=nope` });
    await api.request({ method: 'POST', query: POLL3, body: '6:4hello' });
    await api.request({ method: 'GET', query: WS3 });
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'PUT', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['ping-probe-over-polling', 'a v3 ping with data over polling gets a pong with the same data', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: '6:2probe' });
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
  }],
  ['upgrade-queued', 'a v3 message queued before the probe goes out on the GET; the one after the upgrade on the WebSocket', async (api) => {
    await api.request({ method: 'GET', query: POLL3 });
    await api.request({ method: 'POST', query: `${POLL3}&sid=${api.sid()}`, body: '7:4before' });
    await api.wsOpen('ws', `${WS3}&sid=${api.sid()}`);
    api.wsSend('ws', '2probe');
    await api.wsReceive('ws');
    await api.request({ method: 'GET', query: `${POLL3}&sid=${api.sid()}` });
    api.wsSend('ws', '5');
    api.wsSend('ws', '4after');
    await api.wsReceive('ws');
  }],
  ['websocket-ping', 'a v3 client ping over WebSocket, with and without data', async (api) => {
    await api.wsOpen('ws', WS3);
    await api.wsReceive('ws');
    api.wsSend('ws', '2');
    await api.wsReceive('ws');
    api.wsSend('ws', '2x');
    await api.wsReceive('ws');
  }],
];

async function main() {
  const servers = [];
  const start = async (opts) => {
    const httpServer = http.createServer();
    const eio = new engine.Server(opts);
    eio.generateId = () => 'sid' + sidCounter++;
    eio.attach(httpServer);
    eio.on('connection', (socket) => {
      socket.on('message', (data) => socket.send(data));
    });
    await new Promise((r) => httpServer.listen(0, HOST, r));
    servers.push([eio, httpServer]);
    return httpServer.address().port;
  };
  const v4Port = await start(OPTIONS);
  const v3Options = Object.assign({ allowEIO3: true }, OPTIONS);
  const v3Port = await start(v3Options);

  const cases = [];
  for (const [id, why, script, flags] of CASES) {
    port = flags && flags.allowEIO3 ? v3Port : v4Port;
    cases.push(await runCase('eio4.server.', id, why, script, flags || {}));
  }
  const cases3 = [];
  port = v3Port;
  for (const [id, why, script] of CASES3) cases3.push(await runCase('eio3.server.', id, why, script, {}));

  for (const [eio, httpServer] of servers) {
    eio.close();
    httpServer.close();
  }
  const write = (file, what, options, list) => {
    const doc = {
      description: `Responses of the reference Engine.IO server to ${what} polling and WebSocket requests, recorded by record-eio-server.js`,
      reference: `engine.io@${versionOf('engine.io')}`,
      options,
      cases: list,
    };
    fs.writeFileSync(path.join(__dirname, 'server', file), JSON.stringify(doc, null, 1) + '\n');
  };
  write('eio4.server.json', 'Engine.IO v4', OPTIONS, cases);
  write('eio3.server.json', 'Engine.IO v3', v3Options, cases3);
  process.stdout.write(`record-eio-server: ${cases.length} v4 cases, ${cases3.length} v3 cases\n`);
  clearTimeout(hardLimit);
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`record-eio-server: ${e.stack}\n`);
  process.exit(1);
});
