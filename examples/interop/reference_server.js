#!/usr/bin/env node
// The reference server of the interop scenarios (README.md in this directory), run against a
// client program:
//
//   node reference_server.js <node_modules dir> <transport> <client program> [client args...]
//
// starts socket.io on 127.0.0.1 (a free port), runs `<client program> [client args...] --port N
// --transport <transport>`, and checks both sides: the client must print "interop ok" and exit
// 0, and the server must have seen exactly the client's script on one Engine.IO session, with
// heartbeats, on the expected transport. Prints "interop ok" and exits 0 when all holds; else
// says what did not and exits 1. Everything ends within 25 seconds.
'use strict';

const { spawn } = require('child_process');
const http = require('http');
const path = require('path');
const { isDeepStrictEqual } = require('util');

const [modulesDir, transport, clientProgram, ...clientArgs] = process.argv.slice(2);
if (!modulesDir || !['polling', 'upgrade', 'websocket'].includes(transport) || !clientProgram) {
  console.error('usage: node reference_server.js <node_modules dir> polling|upgrade|websocket <client> [args...]');
  process.exit(2);
}
const { Server } = require(path.join(modulesDir, 'socket.io'));

const DEADLINE_MS = 25000;
const MIN_HEARTBEATS = 2;

// The arguments of server-ask, and what its ack must carry back.
const askArgs = () => ['question', Buffer.from([4, 5, 6]), { nested: [Buffer.from([0xff, 0x00])] }];
const echoArgs = () => [
  'text', 42, { a: [1, 2, { b: Buffer.from([0x00, 0x01, 0x02, 0xff]) }] },
  Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251)),
];

// What the server must see, in order, on the one session (README.md, "The server").
const expected = [
  'connect /',
  'refuse /admin not authorized',
  'connect /admin',
  'refuse /guarded',
  'event / echo',
  'event / echo-ack',
  'event / ask-me',
  'ack / server-ask',
  'event / echo-ack still here',
  'event /admin echo-ack admin',
  'disconnect /admin client namespace disconnect',
  'disconnect /',
];

const failures = [];
const fail = (what) => {
  failures.push(what);
};

const httpServer = http.createServer();
const io = new Server(httpServer, {
  pingInterval: 300,
  pingTimeout: 200,
  maxHttpBufferSize: 1e6,
  // The three transports are the client's choice; the server offers the upgrade.
  transports: ['polling', 'websocket'],
});

const seen = [];
let session = null;  // the Engine.IO session of the first client
let heartbeats = 0;
let upgraded = false;
let firstTransport = null;
let sessionEnded = false;

io.engine.on('connection', (conn) => {
  if (session !== null) {
    fail(`a second Engine.IO session ${conn.id}`);
    return;
  }
  session = conn;
  firstTransport = conn.transport.name;
  conn.on('heartbeat', () => {
    heartbeats += 1;
  });
  conn.on('upgrade', () => {
    upgraded = true;
  });
  conn.on('close', () => {
    // The namespaces' disconnect handlers run in the same turn; read the log after them.
    setImmediate(() => {
      sessionEnded = true;
      maybeFinish();
    });
  });
});

const record = (socket, entry) => {
  if (session === null || socket.conn !== session) {
    fail(`an event from another session: ${entry}`);
    return;
  }
  seen.push(entry);
};

io.of('/').on('connection', (socket) => {
  record(socket, 'connect /');
  socket.on('echo', (...args) => {
    record(socket, 'event / echo');
    if (!isDeepStrictEqual(args, echoArgs())) fail(`echo: unexpected arguments ${JSON.stringify(args)}`);
    socket.emit('echo-back', ...args);
  });
  socket.on('echo-ack', (...args) => {
    const ack = args.pop();
    if (typeof ack !== 'function') {
      fail('echo-ack on / without an ack request');
      return;
    }
    if (isDeepStrictEqual(args, echoArgs())) record(socket, 'event / echo-ack');
    else if (isDeepStrictEqual(args, ['still here'])) record(socket, 'event / echo-ack still here');
    else fail(`echo-ack on /: unexpected arguments ${JSON.stringify(args)}`);
    ack(...args);
  });
  socket.on('ask-me', (...args) => {
    record(socket, 'event / ask-me');
    if (args.length !== 0) fail(`ask-me: unexpected arguments ${JSON.stringify(args)}`);
    socket.emit('server-ask', ...askArgs(), (...answer) => {
      record(socket, 'ack / server-ask');
      const ok = isDeepStrictEqual(answer, askArgs());
      if (!ok) fail(`server-ask: the ack carried ${JSON.stringify(answer)}`);
      socket.emit('ask-result', ok);
    });
  });
  socket.on('disconnect', (reason) => {
    record(socket, 'disconnect /');
    if (reason !== 'client namespace disconnect' && reason !== 'transport close') {
      fail(`/ ended with "${reason}"`);
    }
  });
});

const admin = io.of('/admin');
admin.use((socket, next) => {
  if (isDeepStrictEqual(socket.handshake.auth, { token: 's3cret' })) {
    next();
    return;
  }
  if (!isDeepStrictEqual(socket.handshake.auth, { token: 'wrong' })) {
    fail(`/admin: unexpected auth ${JSON.stringify(socket.handshake.auth)}`);
  }
  record(socket, 'refuse /admin not authorized');
  const err = new Error('not authorized');
  err.data = { reason: 'bad token' };
  next(err);
});
admin.on('connection', (socket) => {
  record(socket, 'connect /admin');
  socket.emit('admin-welcome', socket.handshake.auth);
  socket.on('echo-ack', (...args) => {
    const ack = args.pop();
    if (typeof ack !== 'function' || !isDeepStrictEqual(args, ['admin'])) {
      fail(`echo-ack on /admin: unexpected ${JSON.stringify(args)}`);
    }
    record(socket, 'event /admin echo-ack admin');
    if (typeof ack === 'function') ack(...args);
  });
  socket.on('disconnect', (reason) => record(socket, `disconnect /admin ${reason}`));
});

io.of('/guarded').use((socket, next) => {
  record(socket, 'refuse /guarded');
  const err = new Error('forbidden');
  err.data = { code: 403 };
  next(err);
});

let client = null;
let clientExit = null;
let clientOutput = '';
let finished = false;

function finish(extra) {
  if (finished) return;
  finished = true;
  if (extra) fail(extra);
  if (client !== null && clientExit === null) client.kill('SIGKILL');
  io.close();
  httpServer.close();
  process.stdout.write(clientOutput.split('\n').filter((l) => l).map((l) => `client: ${l}\n`).join(''));
  console.log(`server saw: ${JSON.stringify(seen)}`);
  console.log(`heartbeats: ${heartbeats}, first transport: ${firstTransport}, upgraded: ${upgraded}`);
  if (failures.length === 0) {
    console.log('interop ok');
    process.exit(0);
  }
  for (const f of failures) console.log(`interop failed: ${f}`);
  process.exit(1);
}

function maybeFinish() {
  if (!sessionEnded || clientExit === null) return;
  if (!isDeepStrictEqual(seen, expected)) fail(`the server expected ${JSON.stringify(expected)}`);
  if (heartbeats < MIN_HEARTBEATS) fail(`${heartbeats} heartbeat(s), expected at least ${MIN_HEARTBEATS}`);
  const wantFirst = transport === 'websocket' ? 'websocket' : 'polling';
  if (firstTransport !== wantFirst) fail(`the session opened on ${firstTransport}, expected ${wantFirst}`);
  if (upgraded !== (transport === 'upgrade')) fail(`upgraded: ${upgraded}, transport ${transport}`);
  if (clientExit.code !== 0) fail(`the client exited with ${clientExit.code ?? clientExit.signal}`);
  if (!/^interop ok$/m.test(clientOutput)) fail('the client did not print "interop ok"');
  finish();
}

setTimeout(() => finish(`not done within ${DEADLINE_MS} ms`), DEADLINE_MS).unref();

httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address();
  client = spawn(clientProgram, [...clientArgs, '--port', String(port), '--transport', transport], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  client.stdout.on('data', (d) => {
    clientOutput += d;
  });
  client.stderr.on('data', (d) => {
    clientOutput += d;
  });
  client.on('error', (err) => finish(`cannot run the client: ${err.message}`));
  client.on('exit', (code, signal) => {
    clientExit = { code, signal };
    // A client that fails may leave the session open: give the server a moment, then judge.
    if (code !== 0) setTimeout(() => finish(), 300);
    maybeFinish();
  });
});
