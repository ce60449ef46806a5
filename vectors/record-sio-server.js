'use strict';
// Records how the reference Socket.IO server (socket.io 4.8.1) answers a Socket.IO v5 client
// over WebSocket, into server/sio5.server.json: namespace connects (with and without auth,
// refused by the server or by a middleware), events and acks both ways, binary attachments,
// disconnects from either side, and the packets that make it close the connection.
//
//   cd vectors && node record-sio-server.js
//
// The server is the one the official v5 test-suite expects (pingInterval 300, pingTimeout 200,
// maxHttpBufferSize 1e6, connectTimeout 1000; "/" and "/custom" echo `auth`, "message" comes
// back as "message-back", "message-with-ack" is acked with its arguments), plus:
//  - "/refused" and "/refused-with-data": a middleware refuses every connection, with an Error
//    and, for the second, its `data`;
//  - on "/": "ask" makes the server emit "question" with an ack request; the ack's arguments come
//    back as "answer"; "bye" makes the server disconnect the socket from "/".
// Engine.IO session ids and Socket.IO socket ids are taken from counters ("sid0", "socket0", ...)
// so that a replay can produce the same bytes. The client answers every ping ("2") with a pong
// and does not record pings. Each case lists the client's steps (send, receive, the server
// closing the connection, a quiet period in which nothing arrives) and what the server
// application saw (`server`: connections, events, disconnect reasons, errors), in order.
//
// Nothing listens on or connects to anything but 127.0.0.1; every wait is bounded and the whole
// run stops after HARD_LIMIT_MS whatever happens.

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const base64id = require('base64id');
const { Server } = require('socket.io');
const WebSocket = require('ws');

const HOST = '127.0.0.1';
const HARD_LIMIT_MS = 30000;
const WAIT_MS = 2000;  // longest wait for one message or close
const OPTIONS = { pingInterval: 300, pingTimeout: 200, maxHttpBufferSize: 1e6, connectTimeout: 1000 };

const hardLimit = setTimeout(() => {
  process.stderr.write(`record-sio-server: time limit (${HARD_LIMIT_MS} ms) reached, exiting\n`);
  process.exit(2);
}, HARD_LIMIT_MS);

function versionOf(name) {
  return require(path.join(__dirname, 'node_modules', name, 'package.json')).version;
}

function withTimeout(promise, what, ms = WAIT_MS) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out: ' + what)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

let port = 0;
let sidCounter = 0;
let socketCounter = 0;
let serverLog = [];  // what the application saw during the current case
const openConnections = new Set();  // Engine.IO connections the server has not closed yet

class Ws {
  constructor() {
    this.messages = [];
    this.waiters = [];
    this.closed = false;
    this.socket = new WebSocket(`ws://${HOST}:${port}/socket.io/?EIO=4&transport=websocket`);
    this.socket.binaryType = 'nodebuffer';
    this.opened = new Promise((resolve) => this.socket.on('open', resolve));
    this.socket.on('message', (data, isBinary) => {
      if (!isBinary && data.toString('utf8') === '2') {
        this.socket.send('3');
        return;
      }
      this.messages.push(isBinary ? { binary: data.toString('base64') } : { text: data.toString('utf8') });
      this.wake();
    });
    this.socket.on('close', () => { this.closed = true; this.wake(); });
    this.socket.on('error', () => {});
  }
  wake() { for (const w of this.waiters.splice(0)) w(); }
  until(pred, what, ms) {
    return withTimeout(new Promise((resolve) => {
      const check = () => (pred() ? resolve() : this.waiters.push(check));
      check();
    }), what, ms);
  }
}

async function runCase(id, why, script) {
  serverLog = [];
  const steps = [];
  const ws = new Ws();
  await withTimeout(ws.opened, id + ' open');
  const api = {
    send(data) {
      ws.socket.send(data);
      steps.push(typeof data === 'string' ? { send: data } : { send_binary: data.toString('base64') });
    },
    async receive() {
      await ws.until(() => ws.messages.length > 0, id + ' message');
      steps.push(Object.assign({ receive: true }, ws.messages.shift()));
    },
    async closedByServer(ms) {
      await ws.until(() => ws.closed, id + ' close', ms);
      steps.push({ closed_by_server: true });
    },
    // Nothing may arrive (pings aside) and the connection must stay open for `ms`.
    async quiet(ms) {
      await new Promise((r) => setTimeout(r, ms));
      if (ws.messages.length || ws.closed) throw new Error(`${id}: not quiet: ${JSON.stringify(ws.messages)} closed=${ws.closed}`);
      steps.push({ quiet_ms: ms });
    },
    close() {
      ws.socket.close();
      steps.push({ client_close: true });
    },
  };
  await api.receive();  // the Engine.IO open packet
  await script(api);
  // Let the server application finish what the last step started before reading its log.
  await new Promise((r) => setTimeout(r, 50));
  const server = serverLog;
  ws.socket.terminate();
  // The next case starts once the server has forgotten this connection, so that what it does
  // on the termination is not logged in the next case.
  await withTimeout(new Promise((resolve) => {
    const check = () => (openConnections.size === 0 ? resolve() : setTimeout(check, 10));
    check();
  }), id + ' server forgets the connection');
  return { id: 'sio5.server.' + id, why, steps, server };
}

const placeholders = '{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}';
const bytes = (...b) => Buffer.from(b);

const CASES = [
  ['connect-main', 'CONNECT to "/" without data: CONNECT with the socket id, then the auth echo ({})',
    async (api) => { api.send('40'); await api.receive(); await api.receive(); }],
  ['connect-main-auth', 'CONNECT to "/" with an auth object, echoed as is',
    async (api) => { api.send('40{"token":"123"}'); await api.receive(); await api.receive(); }],
  ['connect-custom', 'CONNECT to "/custom" (with the comma)',
    async (api) => { api.send('40/custom,'); await api.receive(); await api.receive(); }],
  ['connect-custom-auth', 'CONNECT to "/custom" with auth',
    async (api) => { api.send('40/custom,{"token":"abc"}'); await api.receive(); await api.receive(); }],
  ['connect-custom-no-comma', 'CONNECT to "/custom" written without the comma',
    async (api) => { api.send('40/custom'); await api.receive(); await api.receive(); }],
  ['unknown-namespace', 'a namespace the server does not have: CONNECT_ERROR "Invalid namespace", the connection stays open',
    async (api) => {
      api.send('40/random');
      await api.receive();
      api.send('40');
      await api.receive();
      await api.receive();
    }],
  ['refused-by-middleware', 'a middleware refuses: CONNECT_ERROR with the message only; the connection stays open',
    async (api) => { api.send('40/refused,'); await api.receive(); await api.quiet(200); }],
  ['refused-with-data', 'a middleware refuses with data: CONNECT_ERROR {message, data}',
    async (api) => { api.send('40/refused-with-data,'); await api.receive(); }],
  ['connect-timeout', 'no namespace connected within connectTimeout (1000 ms): the server closes the connection (pongs keep the session alive)',
    async (api) => { await api.quiet(800); await api.closedByServer(1500); }],
  ['connect-timeout-after-refusal', 'a refused CONNECT does not stop the connect timeout',
    async (api) => { api.send('40/refused,'); await api.receive(); await api.closedByServer(1500); }],
  ['connect-timeout-cleared', 'once a namespace is connected the connect timeout no longer applies, even after it disconnects',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('41');
      await api.quiet(1300);
    }],
  ['event-before-connect', 'an EVENT for "/" before any CONNECT closes the connection',
    async (api) => { api.send('42["message","x"]'); await api.closedByServer(); }],
  ['event-namespace-not-connected', 'an EVENT for a namespace not connected closes the connection',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('42/custom,["message","x"]');
      await api.closedByServer();
    }],
  ['ack-namespace-not-connected', 'an ACK for a namespace not connected closes the connection',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('43/custom,1[]');
      await api.closedByServer();
    }],
  ['disconnect-namespace-not-connected', 'a DISCONNECT for a namespace not connected closes the connection',
    async (api) => { api.send('41/custom,'); await api.closedByServer(); }],
  ['connect-twice', 'a CONNECT for a namespace already connected closes the connection',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('40');
      await api.closedByServer();
    }],
  ['client-connect-error', 'a CONNECT_ERROR sent by the client closes the connection',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('44{"message":"x"}');
      await api.closedByServer();
    }],
  ['message-back', 'an EVENT "message" is echoed as "message-back", events in order',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('42["message",1,"2",{"3":[true]}]');
      api.send('42["message","second"]');
      api.send('42["message","third"]');
      await api.receive();
      await api.receive();
      await api.receive();
    }],
  ['message-with-ack', 'an EVENT with an ack id is acked with its arguments',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('42456["message-with-ack",1,"2",{"3":[false]}]');
      await api.receive();
    }],
  ['binary-message-back', 'a BINARY_EVENT is reassembled and its echo carries the attachments',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send(`452-["message",${placeholders}]`);
      api.send(bytes(1, 2, 3));
      api.send(bytes(4, 5, 6));
      await api.receive();
      await api.receive();
      await api.receive();
    }],
  ['binary-message-with-ack', 'a BINARY_EVENT with an ack id is acked with a BINARY_ACK',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send(`452-789["message-with-ack",${placeholders}]`);
      api.send(bytes(1, 2, 3));
      api.send(bytes(4, 5, 6));
      await api.receive();
      await api.receive();
      await api.receive();
    }],
  ['server-ack-ids', 'the server numbers its ack requests per socket from 0; the client\'s ACK reaches the callback',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('42["ask",1]');
      await api.receive();
      api.send('430["reply",1]');
      await api.receive();
      api.send('42["ask",2]');
      await api.receive();
      api.send('431["reply",2]');
      await api.receive();
    }],
  ['unknown-ack', 'an ACK for an id the server never sent is ignored; the connection stays open',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('43999["late"]');
      api.send('42["message","still here"]');
      await api.receive();
    }],
  ['client-disconnect', 'a DISCONNECT from the client ends the namespace, not the connection; "/" can be connected again',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('41');
      await api.quiet(100);
      api.send('40');
      await api.receive();
      await api.receive();
    }],
  ['disconnect-custom-keeps-main', 'after a DISCONNECT from "/custom", "/" still answers',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('40/custom,');
      await api.receive();
      await api.receive();
      api.send('41/custom,');
      api.send('42["message","to main"]');
      await api.receive();
    }],
  ['server-disconnect', 'the server disconnects the socket from "/": a DISCONNECT packet, the connection stays open',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('42["bye"]');
      await api.receive();
      await api.quiet(100);
    }],
  ['transport-close', 'the client closes the WebSocket: the server sees "transport close"',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.close();
    }],
  ['bad-packet-type', 'an unknown packet type closes the connection',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('4abc');
      await api.closedByServer();
    }],
  ['bad-payload', 'an EVENT payload that is not an array closes the connection',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('42{}');
      await api.closedByServer();
    }],
  ['bad-ack-id', 'an EVENT with a malformed ack id closes the connection',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send('42abc["message-with-ack",1]');
      await api.closedByServer();
    }],
  ['bad-auth', 'a CONNECT whose data is not an object closes the connection',
    async (api) => { api.send('40"abc"'); await api.closedByServer(); }],
  ['text-during-attachments', 'a text frame while attachments are awaited closes the connection',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send(`451-["message",{"_placeholder":true,"num":0}]`);
      api.send('42["message","x"]');
      await api.closedByServer();
    }],
  ['binary-without-packet', 'a binary frame with no binary packet pending closes the connection',
    async (api) => {
      api.send('40');
      await api.receive();
      await api.receive();
      api.send(bytes(1, 2, 3));
      await api.closedByServer();
    }],
];

function logConnection(nsp) {
  nsp.on('connection', (socket) => {
    serverLog.push({ connection: nsp.name, id: socket.id, auth: socket.handshake.auth });
    socket.on('disconnect', (reason) => serverLog.push({ disconnect: nsp.name, reason }));
    socket.on('error', (err) => serverLog.push({ error: nsp.name, message: err.message }));
    socket.onAny((event, ...args) => serverLog.push({ event, nsp: nsp.name, args: args.filter((a) => typeof a !== 'function') }));
    socket.emit('auth', socket.handshake.auth);
  });
}

async function main() {
  // Predictable socket ids: socket.io asks base64id for them.
  base64id.generateId = () => 'socket' + socketCounter++;
  const httpServer = http.createServer();
  const io = new Server(httpServer, OPTIONS);
  io.engine.generateId = () => 'sid' + sidCounter++;
  io.engine.on('connection', (conn) => {
    openConnections.add(conn);
    conn.on('close', (reason) => {
      openConnections.delete(conn);
      serverLog.push({ engine_close: reason });
    });
  });
  logConnection(io.of('/'));
  logConnection(io.of('/custom'));
  io.of('/refused').use((_socket, next) => next(new Error('not allowed')));
  io.of('/refused-with-data').use((_socket, next) => next(Object.assign(new Error('not allowed'), { data: { retry: false } })));
  io.on('connection', (socket) => {
    socket.on('message', (...args) => socket.emit('message-back', ...args));
    socket.on('message-with-ack', (...args) => { const ack = args.pop(); ack(...args); });
    socket.on('ask', (n) => socket.emit('question', n, (...reply) => socket.emit('answer', ...reply)));
    socket.on('bye', () => socket.disconnect());
  });
  await new Promise((r) => httpServer.listen(0, HOST, r));
  port = httpServer.address().port;

  const cases = [];
  for (const [id, why, script] of CASES) {
    cases.push(await runCase(id, why, script));
  }
  io.close();
  httpServer.close();
  const doc = {
    description: 'What the reference Socket.IO server does with a v5 client over WebSocket, recorded by record-sio-server.js',
    reference: `socket.io@${versionOf('socket.io')}`,
    options: OPTIONS,
    cases,
  };
  fs.writeFileSync(path.join(__dirname, 'server', 'sio5.server.json'), JSON.stringify(doc, null, 1) + '\n');
  process.stdout.write(`record-sio-server: ${cases.length} cases\n`);
  clearTimeout(hardLimit);
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`record-sio-server: ${e.stack}\n`);
  process.exit(1);
});
