#!/usr/bin/env node
// "The client" of README.md (this directory), played by the reference socket.io-client 4.8.1
// against sioc_example_server in mode interop, which this script starts on a free loopback port.
//
//   node reference_client.js <sioc_example_server> <polling|upgrade|websocket> [node_modules dir]
//
// Every event, ack and connection answer is compared with what the scenario says (deep equality;
// binary arguments must arrive as Buffers with the same bytes), nothing else may arrive, the
// heartbeat must run while the client idles, and the server must print "session ok" for the
// session and exit 0 on SIGTERM. Prints "interop ok" and exits 0, or names the first step that
// went wrong and exits 1. Bounded: each step by STEP_TIMEOUT_MS, the whole run by
// TOTAL_TIMEOUT_MS; the server is killed on every way out.
'use strict';

const { spawn } = require('child_process');
const path = require('path');
const util = require('util');

const STEP_TIMEOUT_MS = 5000;
const TOTAL_TIMEOUT_MS = 20000;
const IDLE_MS = 1000;
// The server pings every 300 ms (its default --ping-interval), so an idle second holds three
// pings; two leave room for a late timer on a loaded machine.
const MIN_IDLE_PINGS = 2;

const TRANSPORTS = {
  polling: { transports: ['polling'], upgrade: false, final: 'polling' },
  upgrade: { transports: ['polling', 'websocket'], upgrade: true, final: 'websocket' },
  websocket: { transports: ['websocket'], upgrade: false, final: 'websocket' },
};

const [serverPath, transportName] = process.argv.slice(2, 4);
const modulesDir = path.resolve(process.argv[4] || path.join(__dirname, '..', '..', 'vectors', 'node_modules'));
if (!serverPath || !TRANSPORTS[transportName]) {
  console.error('usage: node reference_client.js <sioc_example_server> <polling|upgrade|websocket> [node_modules dir]');
  process.exit(2);
}
const transport = TRANSPORTS[transportName];
const { Manager } = require(path.join(modulesDir, 'socket.io-client'));

let server = null;
let serverOut = '';
let serverErr = '';
let step = 'starting the server';

function killServer() {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
}

function finish(code, message) {
  (code === 0 ? console.log : console.error)(message);
  if (code !== 0 && serverErr) console.error(`server stderr:\n${serverErr.trimEnd()}`);
  killServer();
  process.exit(code);
}

function fail(message) {
  finish(1, `interop failed at ${step}: ${message}`);
}

process.on('exit', killServer);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => fail(`${signal} received`));
setTimeout(() => fail(`the run took over ${TOTAL_TIMEOUT_MS} ms`), TOTAL_TIMEOUT_MS).unref();

// Rejects when `promise` does not settle within STEP_TIMEOUT_MS.
function bounded(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function check(condition, what) {
  if (!condition) throw new Error(what);
}

const show = (value) => util.inspect(value, { depth: null, maxArrayLength: 8, breakLength: Infinity });

// Deep equality; Buffers must be Buffers on both sides with the same bytes.
function same(actual, expected, what) {
  check(util.isDeepStrictEqual(actual, expected), `${what}: got ${show(actual)}, expected ${show(expected)}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(serverPath, ['--port', '0', '--mode', 'interop'], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.setEncoding('utf8');
    server.stdout.on('data', (chunk) => {
      serverOut += chunk;
      const m = /^listening (\d+)$/m.exec(serverOut);
      if (m) resolve(Number(m[1]));
    });
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => { serverErr += chunk; });
    server.on('error', reject);
    server.on('exit', (code, signal) => {
      if (step !== 'stopping the server') fail(`the server exited (${code ?? signal})`);
    });
  });
}

// The server's "session ..." lines so far.
const sessionLines = () => serverOut.split('\n').filter((line) => line.startsWith('session '));

// Every event a socket receives, in order, for next() to take one at a time; what is left at the
// end arrived unasked.
function eventQueue(socket) {
  const queue = [];
  let waiter = null;
  socket.onAny((name, ...args) => {
    const ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
    queue.push({ name, args, ack });
    if (waiter) waiter();
  });
  return {
    next(what) {
      return bounded(new Promise((resolve) => {
        const take = () => { waiter = null; resolve(queue.shift()); };
        if (queue.length) take(); else waiter = take;
      }), what);
    },
    left: () => queue,
  };
}

// Connects a socket: resolves with null once connected, or with the connect_error's error.
function connect(socket) {
  const answer = new Promise((resolve) => {
    const onConnect = () => { socket.off('connect_error', onError); resolve(null); };
    const onError = (err) => { socket.off('connect', onConnect); resolve(err); };
    socket.once('connect', onConnect);
    socket.once('connect_error', onError);
  });
  socket.connect();
  return bounded(answer, `answer to the CONNECT for ${socket.nsp}`);
}

async function expectConnected(socket) {
  const err = await connect(socket);
  check(err === null, `CONNECT ${socket.nsp} refused: ${err && err.message}`);
  check(socket.connected && socket.id, `${socket.nsp} not connected after its connect event`);
}

async function expectRefused(socket, message, data) {
  const err = await connect(socket);
  check(err, `CONNECT ${socket.nsp} accepted, expected CONNECT_ERROR "${message}"`);
  same(err.message, message, `CONNECT_ERROR message for ${socket.nsp}`);
  same(err.data, data, `CONNECT_ERROR data for ${socket.nsp}`);
  check(!socket.connected, `${socket.nsp} connected after its CONNECT_ERROR`);
}

async function expectEvent(queue, name, args, withAck) {
  const ev = await queue.next(`"${name}"`);
  check(ev.name === name, `expected the event "${name}", got "${ev.name}" ${show(ev.args)}`);
  same(ev.args, args, `arguments of "${name}"`);
  check((ev.ack !== null) === withAck, `"${name}" ${withAck ? 'without' : 'with'} an ack request`);
  return ev;
}

// Emits with an ack request; resolves with every argument of the ack.
function emitWithAck(socket, name, args) {
  return bounded(new Promise((resolve) => socket.emit(name, ...args, (...acked) => resolve(acked))),
    `ack of "${name}" on ${socket.nsp}`);
}

function bytes(...values) { return Buffer.from(values); }

const ECHO = ['text', 42, { a: [1, 2, { b: bytes(0x00, 0x01, 0x02, 0xff) }] },
  Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251))];
const ASK = ['question', bytes(0x04, 0x05, 0x06), { nested: [bytes(0xff, 0x00)] }];

async function main() {
  const port = await bounded(startServer(), 'listening line from the server');

  step = 'step 1 (open the session)';
  const manager = new Manager(`http://127.0.0.1:${port}`, {
    transports: transport.transports,
    upgrade: transport.upgrade,
    autoConnect: false,
    reconnection: false,
    timeout: STEP_TIMEOUT_MS,
  });
  const opened = new Promise((resolve, reject) => manager.open((err) => (err ? reject(err) : resolve())));
  const engine = manager.engine;
  const upgraded = new Promise((resolve) => engine.once('upgrade', resolve));
  let pings = 0;
  engine.on('ping', () => { pings += 1; });
  let leaving = false;
  engine.on('close', (reason) => { if (!leaving) fail(`the Engine.IO session closed: ${reason}`); });
  await bounded(opened, 'open session');
  if (transport.upgrade) await bounded(upgraded, 'upgrade to WebSocket');
  same(engine.transport.name, transport.transports[transport.upgrade ? 1 : 0], 'transport in use');

  const sockets = [];
  const open = (nsp, opts) => {
    const socket = manager.socket(nsp, opts);
    socket.on('disconnect', (reason) => { if (!leaving) fail(`${nsp} disconnected: ${reason}`); });
    const queue = eventQueue(socket);
    sockets.push({ nsp, queue });
    return { socket, queue };
  };

  step = 'step 2 (CONNECT /)';
  const root = open('/');
  await expectConnected(root.socket);

  step = 'step 3 (CONNECT /admin with a wrong token)';
  const admin = open('/admin', { auth: { token: 'wrong' } });
  await expectRefused(admin.socket, 'not authorized', { reason: 'bad token' });

  step = 'step 4 (CONNECT /admin with the token)';
  admin.socket.auth = { token: 's3cret' };
  await expectConnected(admin.socket);
  await expectEvent(admin.queue, 'admin-welcome', [{ token: 's3cret' }], false);

  step = 'step 5 (CONNECT /guarded)';
  await expectRefused(open('/guarded').socket, 'forbidden', { code: 403 });

  step = 'step 6 (CONNECT /nowhere)';
  await expectRefused(open('/nowhere').socket, 'Invalid namespace', undefined);

  step = 'step 7 (echo on /)';
  root.socket.emit('echo', ...ECHO);
  await expectEvent(root.queue, 'echo-back', ECHO, false);

  step = 'step 8 (echo-ack on /)';
  same(await emitWithAck(root.socket, 'echo-ack', ECHO), ECHO, 'ack of "echo-ack"');

  step = 'step 9 (ask-me on /)';
  root.socket.emit('ask-me');
  const ask = await expectEvent(root.queue, 'server-ask', ASK, true);
  ask.ack(...ask.args);
  await expectEvent(root.queue, 'ask-result', [true], false);

  step = 'step 10 (idle, then echo-ack on /)';
  const pingsBefore = pings;
  await sleep(IDLE_MS);
  const idlePings = pings - pingsBefore;
  check(idlePings >= MIN_IDLE_PINGS, `${idlePings} ping(s) in ${IDLE_MS} ms idle, expected at least ${MIN_IDLE_PINGS}`);
  same(await emitWithAck(root.socket, 'echo-ack', ['still here']), ['still here'], 'ack of "echo-ack"');

  step = 'step 11 (echo-ack on /admin)';
  same(await emitWithAck(admin.socket, 'echo-ack', ['admin']), ['admin'], 'ack of "echo-ack"');

  step = 'step 12 (leave)';
  same(engine.transport.name, transport.final, 'transport in use at the end');
  for (const { nsp, queue } of sockets) {
    const left = queue.left();
    check(left.length === 0, `unexpected event(s) on ${nsp}: ${left.map((e) => e.name).join(', ')}`);
  }
  leaving = true;
  const closed = new Promise((resolve) => engine.once('close', resolve));
  admin.socket.disconnect();
  root.socket.disconnect();
  await bounded(closed, 'close of the Engine.IO session');

  step = 'the server\'s verdict';
  await bounded((async () => { while (sessionLines().length === 0) await sleep(20); })(), '"session" line from the server');
  same(sessionLines(), ['session ok'], 'the server\'s verdict');

  step = 'stopping the server';
  const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve(code ?? signal)));
  server.kill('SIGTERM');
  same(await bounded(exited, 'exit on SIGTERM'), 0, 'the server\'s exit status on SIGTERM');
  finish(0, `interop ok (${transportName}, ${pings} pings, ${idlePings} while idle)`);
}

main().catch((e) => fail(e.message));
