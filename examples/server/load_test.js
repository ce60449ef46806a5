#!/usr/bin/env node
// Load test of sioc_example_server in mode socketio, on loopback, bounded in time.
//
//   node load_test.js <sioc_example_server> [node_modules dir holding socket.io-client]
//
// While CLIENTS Socket.IO clients (socket.io-client, half polling only, half WebSocket only) are
// connected at the same time and each sends EVENTS "message-with-ack" and EVENTS "message"
// events (every ack and every "message-back" checked: content, and each exactly once), raw HTTP
// clients
//  - open a session, join "/" and never poll again: the server must drop them after pingInterval
//    + pingTimeout, and a later request on their sid must get the unknown-sid error;
//  - send malformed requests (an unsupported EIO, an unknown sid, an unknown transport, a POST
//    body that is not Engine.IO): each gets its error, and none of the clients above notices.
// Then every client disconnects and the server must exit 0 on SIGTERM. Any failure, or the
// whole run taking over HARD_TIMEOUT_MS, kills the server and exits 1.
'use strict';

const { spawn, execFileSync } = require('child_process');
const http = require('http');
const path = require('path');
const assert = require('assert');

const CLIENTS = 1000;
const EVENTS = 5;  // of each kind, per client
const STALLED = 5;
// While 1,000 clients in this one Node process send their events at once, this process answers
// a ping late by up to about two seconds (measured: raw requests took 0.6-1.9 s then), so the
// timeout leaves room; the stalled pollers take PING_INTERVAL_MS + PING_TIMEOUT_MS to go.
const PING_INTERVAL_MS = 2000;
const PING_TIMEOUT_MS = 5000;
const HARD_TIMEOUT_MS = 90000;
// Per client: its socket in this process, and for a polling client a second connection while a
// POST overlaps the waiting GET; the server has the other end of each. Plus headroom.
const FDS_NEEDED = 2 * CLIENTS + 256;

const serverPath = process.argv[2];
const modulesDir = process.argv[3] || path.join(__dirname, '..', '..', 'vectors', 'node_modules');
if (!serverPath) {
  console.error('usage: node load_test.js <sioc_example_server> [node_modules dir]');
  process.exit(2);
}
const { io } = require(path.join(modulesDir, 'socket.io-client'));

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(2)} s`;
let server = null;

function finish(code, message) {
  if (message) (code === 0 ? console.log : console.error)(message);
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  process.exit(code);
}

const hardTimeout = setTimeout(
  () => finish(1, `FAIL: still running after ${HARD_TIMEOUT_MS} ms (${stage}); server killed`),
  HARD_TIMEOUT_MS);
let stage = 'start';
process.on('exit', () => {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
});

function checkFileLimit() {
  const limit = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  if (limit !== 'unlimited' && Number(limit) < FDS_NEEDED) {
    finish(1, `FAIL: the open-file limit (ulimit -n) is ${limit}; ${CLIENTS} clients need at least ` +
      `${FDS_NEEDED} descriptors in this process and in the server: run \`ulimit -n ${FDS_NEEDED}\` first`);
  }
  return limit;
}

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(serverPath, ['--port', '0', '--mode', 'socketio',
      '--ping-interval', String(PING_INTERVAL_MS), '--ping-timeout', String(PING_TIMEOUT_MS),
      '--connect-timeout', '20000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stdout.setEncoding('utf8');
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /^listening (\d+)$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => { serverErrors += chunk; });
    server.on('error', reject);
    server.on('exit', (code, signal) => {
      if (stage !== 'shutdown') finish(1, `FAIL: the server exited during ${stage} (${code ?? signal}):\n${serverErrors}`);
    });
  });
}
let serverErrors = '';

function request(port, method, query, body, contentType = 'text/plain;charset=UTF-8') {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
    const req = http.request({ host: '127.0.0.1', port, method, path: `/socket.io/?${query}`, headers, agent: false },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c) => { data += c; });
        res.on('end', () => resolve({ status: res.statusCode, body: data }));
      });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function rawSession(port) {
  const open = await request(port, 'GET', 'EIO=4&transport=polling');
  assert.strictEqual(open.status, 200, `handshake: status ${open.status}`);
  assert.ok(open.body.startsWith('0{'), `handshake: body ${open.body}`);
  return JSON.parse(open.body.slice(1)).sid;
}

async function expectUnknownSid(port, sid, what) {
  const r = await request(port, 'GET', `EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`);
  assert.strictEqual(r.status, 400, `${what}: status ${r.status}, body ${r.body}`);
  assert.deepStrictEqual(JSON.parse(r.body), { code: 1, message: 'Session ID unknown' }, what);
}

// One socket.io-client client: resolves once connected; send() then sends its events, and every
// answer is checked as it arrives. The first thing wrong is kept in `error` (rejecting the
// connection when it comes before it).
function runClient(port, n, transport) {
  return new Promise((resolve, reject) => {
    const socket = io(`http://127.0.0.1:${port}`, { transports: [transport], forceNew: true, reconnection: false });
    const acks = new Map();   // key -> times acked
    const backs = new Map();  // key -> times echoed
    const client = { socket, transport, done: false, error: null, closing: false, acks, backs };
    const fail = (why) => {
      if (client.error) return;
      client.error = `client ${n} (${transport}): ${why}`;
      reject(new Error(client.error));
    };
    const args = (kind, k) => [`${kind}-${n}-${k}`, { n, k, transport }, k === 0 ? Buffer.from([n & 255, k, 0xff]) : k];
    const same = (got, want) => {
      try {
        assert.deepStrictEqual(got, want);
        return true;
      } catch {
        return false;
      }
    };
    const check = () => {
      if (acks.size === EVENTS && backs.size === EVENTS) client.done = true;
    };
    socket.on('connect_error', (e) => fail(`connect_error: ${e.message}`));
    socket.on('disconnect', (reason, details) => {
      if (!client.closing) fail(`disconnected: ${reason}${details ? ` (${details.description?.message ?? details.description ?? ''} ${details.context?.status ?? ''} ${details.context?.responseText ?? ''})` : ''}`);
    });
    socket.on('message-back', (...got) => {
      const key = got[0];
      const k = Number(String(key).split('-')[2]);
      if (!(k >= 0 && k < EVENTS) || !same(got, args('m', k))) return fail(`unexpected message-back ${JSON.stringify(got)}`);
      backs.set(key, (backs.get(key) || 0) + 1);
      if (backs.get(key) > 1) return fail(`message-back ${key} came ${backs.get(key)} times`);
      check();
    });
    socket.on('connect', () => {
      const used = socket.io.engine.transport.name;
      if (used !== transport) return fail(`connected over ${used}`);
      resolve(client);
      client.send = () => {
        for (let k = 0; k < EVENTS; ++k) {
          const want = args('a', k);
          socket.timeout(30000).emit('message-with-ack', ...want, (err, ...got) => {
            if (err) return fail(`no ack for event ${k}: ${err.message}`);
            if (!same(got, want)) return fail(`ack ${k} carries ${JSON.stringify(got)}`);
            acks.set(k, (acks.get(k) || 0) + 1);
            if (acks.get(k) > 1) return fail(`ack ${k} came ${acks.get(k)} times`);
            check();
          });
          socket.emit('message', ...args('m', k));
        }
      };
    });
  });
}

function waitFor(predicate, what, ms) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const poll = () => {
      if (predicate()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

async function main() {
  const limit = checkFileLimit();
  const port = await startServer();
  console.log(`server on 127.0.0.1:${port}; open-file limit ${limit}`);

  stage = 'connecting clients';
  const transports = Array.from({ length: CLIENTS }, (_, n) => (n % 2 === 0 ? 'polling' : 'websocket'));
  const clients = await Promise.all(transports.map((t, n) => runClient(port, n, t)));
  console.log(`${elapsed()}: ${CLIENTS} clients connected (${CLIENTS / 2} polling, ${CLIENTS / 2} websocket)`);

  stage = 'stalled pollers and malformed requests';
  // Stalled pollers: handshake, join "/" by POST, then no GET ever again.
  const stalled = [];
  for (let i = 0; i < STALLED; ++i) {
    const sid = await rawSession(port);
    const post = await request(port, 'POST', `EIO=4&transport=polling&sid=${sid}`, '40');
    assert.deepStrictEqual(post, { status: 200, body: 'ok' }, 'POST 40');
    stalled.push(sid);
  }
  const stalledAt = Date.now();

  // Clients send while the malformed requests arrive.
  for (const c of clients) c.send();
  const sending = waitFor(() => clients.every((c) => c.done || c.error), 'every ack and message-back', 60000);

  const bad = [];
  const eio3 = await request(port, 'GET', 'EIO=3&transport=polling');
  assert.strictEqual(eio3.status, 400, `EIO=3: status ${eio3.status}`);
  assert.deepStrictEqual(JSON.parse(eio3.body), { code: 5, message: 'Unsupported protocol version' }, 'EIO=3');
  bad.push('EIO=3 -> 400 code 5');
  await expectUnknownSid(port, 'no-such-sid', 'unknown sid');
  bad.push('unknown sid -> 400 code 1');
  const transport = await request(port, 'GET', 'EIO=4&transport=carrier-pigeon');
  assert.strictEqual(transport.status, 400, `unknown transport: status ${transport.status}`);
  assert.deepStrictEqual(JSON.parse(transport.body), { code: 0, message: 'Transport unknown' }, 'unknown transport');
  bad.push('unknown transport -> 400 code 0');
  // A body that is no Engine.IO payload: "ok", and the session is closed (parse error), as the
  // reference answers (vectors/server/eio4.server.json, eio4.server.post-parse-error).
  const victim = await rawSession(port);
  const garbage = await request(port, 'POST', `EIO=4&transport=polling&sid=${victim}`, '\u0000not a packet\u001e~~');
  assert.deepStrictEqual(garbage, { status: 200, body: 'ok' }, 'garbage POST');
  await expectUnknownSid(port, victim, 'sid after a garbage POST');
  bad.push('garbage POST body -> session closed, unknown sid afterwards');
  console.log(`${elapsed()}: malformed requests answered: ${bad.join('; ')}`);

  stage = 'acks and message-backs';
  await sending;
  const failed = clients.filter((c) => c.error);
  if (failed.length) throw new Error(`${failed.length} client(s) failed, the first: ${failed[0].error}`);
  console.log(`${elapsed()}: ${CLIENTS * EVENTS} acks and ${CLIENTS * EVENTS} message-back events, each once and as sent`);

  stage = 'stalled pollers timing out';
  // pingInterval + pingTimeout after the handshake, plus slack for a loaded machine.
  const wait = PING_INTERVAL_MS + PING_TIMEOUT_MS + 1000 - (Date.now() - stalledAt);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  for (const sid of stalled) await expectUnknownSid(port, sid, `stalled poller ${sid}`);
  console.log(`${elapsed()}: ${STALLED} stalled pollers closed by the ping timeout (unknown sid afterwards)`);

  stage = 'late duplicates';
  // The heartbeat went round meanwhile: every client must still be connected, nothing late.
  for (const c of clients) {
    assert.ok(!c.error, c.error);
    assert.ok(c.socket.connected, `a ${c.transport} client lost its connection`);
    assert.ok([...c.acks.values(), ...c.backs.values()].every((v) => v === 1), 'a duplicate arrived late');
  }
  console.log(`${elapsed()}: all ${CLIENTS} clients still connected after ${STALLED} timeouts and ${bad.length} bad requests`);

  stage = 'shutdown';
  for (const c of clients) {
    c.closing = true;
    c.socket.close();
  }
  const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve(code ?? signal)));
  server.kill('SIGTERM');
  const status = await Promise.race([exited, new Promise((r) => setTimeout(() => r('no exit within 5 s'), 5000))]);
  if (status !== 0) finish(1, `FAIL: the server's exit on SIGTERM: ${status}`);
  if (serverErrors) console.log(`server stderr:\n${serverErrors.trimEnd()}`);
  clearTimeout(hardTimeout);
  finish(0, `PASS in ${elapsed()}`);
}

main().catch((e) => finish(1, `FAIL (${stage}, ${elapsed()}): ${e.stack || e}\n${serverErrors ? `server stderr:\n${serverErrors}` : ''}`));
