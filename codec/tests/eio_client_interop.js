'use strict';
// eio::client against the reference server: the engine.io package of vectors/node_modules
// (allowEIO3, pingInterval 300, pingTimeout 200, every message echoed), with this script doing
// the client's HTTP and WebSocket I/O and keeping its clock. The client runs in
// eio_client_driver (JSON lines on its stdin and stdout).
//
//   node eio_client_interop.js <path to sioc_eio_client_driver> <scenario>
//
// Scenarios, each for Engine.IO v4 and v3, polling only or upgrading to WebSocket:
//   echo-<v>-<polling|upgrade>: text and binary messages both ways, heartbeats for longer than
//     pingInterval + pingTimeout, then the client closes; the server sees "transport close".
//   server-close-<v>-<polling|upgrade>: the server closes; the client sees "transport close".
// Listens on 127.0.0.1 only; stops by itself after HARD_LIMIT_MS.

const path = require('node:path');
const http = require('node:http');
const { spawn } = require('node:child_process');
const readline = require('node:readline');

const MODULES = path.join(__dirname, '..', '..', 'vectors', 'node_modules');
const engine = require(path.join(MODULES, 'engine.io'));
const WebSocket = require(path.join(MODULES, 'ws'));

const HOST = '127.0.0.1';
const HARD_LIMIT_MS = 15000;
const HEARTBEAT_MS = 1200;  // longer than pingInterval + pingTimeout: pings must be answered

const [driverPath, scenario] = process.argv.slice(2);
const match = /^(echo|server-close)-v([34])-(polling|upgrade)$/.exec(scenario || '');
if (!driverPath || !match) {
  process.stderr.write('usage: node eio_client_interop.js <driver> <echo|server-close>-v<4|3>-<polling|upgrade>\n');
  process.exit(2);
}
const [, kind, version, transport] = match;
const upgrade = transport === 'upgrade';

const hardLimit = setTimeout(() => fail(`time limit (${HARD_LIMIT_MS} ms) reached`), HARD_LIMIT_MS);
const failures = [];
function fail(why) {
  process.stderr.write(`${scenario}: ${why}\n`);
  process.exit(1);
}
function expect(what, got, want) {
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    failures.push(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
}

const start = Date.now();
const now = () => Date.now() - start;
const b64 = (buf) => Buffer.from(buf).toString('base64');

// ---- the driver: one line in, its actions out ----------------------------------------------

const driver = spawn(driverPath, [], { stdio: ['pipe', 'pipe', 'inherit'] });
driver.on('exit', (code) => { if (code) fail(`driver exited with ${code}`); });
const lines = readline.createInterface({ input: driver.stdout });
let pending = [];
let waiting = null;
lines.on('line', (line) => {
  const msg = JSON.parse(line);
  if (msg.done) {
    const w = waiting;
    waiting = null;
    const actions = pending;
    pending = [];
    w({ actions, state: msg.state });
  } else {
    pending.push(msg);
  }
});
let chain = Promise.resolve();
// Feeds one event to the client (in order with every other) and performs its actions.
function feed(event) {
  chain = chain.then(() => new Promise((resolve) => {
    waiting = resolve;
    driver.stdin.write(JSON.stringify(Object.assign({ now: now() }, event)) + '\n');
  })).then(({ actions, state }) => {
    client.state = state;
    for (const a of actions) perform(a);
  });
  return chain;
}

// ---- the client's I/O --------------------------------------------------------------------------

let port = 0;
const client = { state: 'idle', opened: false, upgraded: false, messages: [], closed: null };
const sockets = new Map();
const server = { messages: [], closed: null, socket: null };

function perform(a) {
  switch (a.kind) {
    case 'http_request': {
      const body = Buffer.from(a.data, 'base64');
      const headers = a.content_type ? { 'content-type': a.content_type, 'content-length': String(body.length) } : {};
      const req = http.request({ host: HOST, port, method: a.method, path: a.target, headers, agent: false }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => feed({ http_response: { id: a.id, status: res.statusCode, body: b64(Buffer.concat(chunks)) } }));
        res.on('error', () => feed({ http_failed: { id: a.id } }));
      });
      req.on('error', () => feed({ http_failed: { id: a.id } }));
      if (a.method === 'POST') req.write(body);
      req.end();
      break;
    }
    case 'websocket_open': {
      const ws = new WebSocket(`ws://${HOST}:${port}${a.target}`);
      ws.binaryType = 'nodebuffer';
      sockets.set(a.id, ws);
      ws.on('open', () => feed({ ws_opened: { id: a.id } }));
      ws.on('message', (data, isBinary) => feed({ ws_message: { id: a.id, data: b64(data), binary: isBinary } }));
      ws.on('close', () => feed({ ws_closed: { id: a.id } }));
      ws.on('error', () => {});
      break;
    }
    case 'websocket_send':
      sockets.get(a.id).send(Buffer.from(a.data, 'base64'), { binary: a.binary });
      break;
    case 'websocket_close':
      sockets.get(a.id).close();
      break;
    case 'opened':
      client.opened = true;
      feed({ send: { data: b64('hello'), binary: false } });
      feed({ send: { data: b64([1, 2, 3]), binary: true } });
      break;
    case 'upgraded':
      client.upgraded = true;
      break;
    case 'message':
      client.messages.push(a.binary ? { binary: a.data } : { text: Buffer.from(a.data, 'base64').toString() });
      if (client.messages.length === 2) feed({ send: { data: b64('third'), binary: false } });
      break;
    case 'closed':
      client.closed = a.reason;
      break;
    case 'send_result':
      if (!a.queued) failures.push('a message was refused');
      break;
    default:
      fail(`unknown action ${a.kind}`);
  }
}

function until(pred, what, ms = 5000) {
  return new Promise((resolve) => {
    const deadline = now() + ms;
    const check = () => {
      if (pred()) return resolve();
      if (now() > deadline) return fail(`timed out waiting for ${what}`);
      setTimeout(check, 10);
    };
    check();
  });
}

async function main() {
  const httpServer = http.createServer();
  const eio = new engine.Server({ pingInterval: 300, pingTimeout: 200, maxHttpBufferSize: 1e6, allowEIO3: true });
  eio.attach(httpServer);
  eio.on('connection', (socket) => {
    server.socket = socket;
    socket.on('message', (data) => {
      server.messages.push(typeof data === 'string' ? { text: data } : { binary: b64(data) });
      socket.send(data);
    });
    socket.on('close', (reason) => { server.closed = reason; });
  });
  await new Promise((r) => httpServer.listen(0, HOST, r));
  port = httpServer.address().port;
  const ticker = setInterval(() => feed({ timer: true }), 20);

  feed({ open: { protocol: Number(version), upgrade } });
  await until(() => client.messages.length === 3, 'three echoes');
  if (upgrade) await until(() => client.upgraded, 'the upgrade');
  const sent = [{ text: 'hello' }, { binary: b64([1, 2, 3]) }, { text: 'third' }];
  expect('messages the server received', server.messages, sent);
  expect('messages the client received', client.messages, sent);
  await new Promise((r) => setTimeout(r, HEARTBEAT_MS));
  expect('closed during the heartbeats (client, server)', [client.closed, server.closed], [null, null]);
  expect('server-side protocol', server.socket.protocol, Number(version));
  expect('server-side transport', server.socket.transport.name, upgrade ? 'websocket' : 'polling');
  if (kind === 'echo') {
    feed({ close: true });
  } else {
    server.socket.close();
  }
  await until(() => client.closed && server.closed, 'both sides closed');
  expect('close reasons (client, server)', [client.closed, server.closed],
    kind === 'echo' ? ['forced close', 'transport close'] : ['transport close', 'forced close']);
  expect('upgraded', client.upgraded, upgrade);

  clearInterval(ticker);
  await chain;
  driver.stdin.end();
  for (const ws of sockets.values()) ws.terminate();
  eio.close();
  httpServer.close();
  clearTimeout(hardLimit);
  if (failures.length) fail(failures.join('\n'));
  process.stdout.write(`${scenario}: ok\n`);
  process.exit(0);
}

main().catch((e) => fail(e.stack));
