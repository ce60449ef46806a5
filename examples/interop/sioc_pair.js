#!/usr/bin/env node
// sioc against itself over real sockets: sioc_example_client plays "The client" of README.md
// (this directory) against sioc_example_server in mode interop, on one transport.
//
//   node sioc_pair.js <sioc_example_server> <sioc_example_client> <polling|upgrade|websocket>
//
// The client must print "interop ok" and exit 0; the server must then print "session ok" for
// the one session and exit 0 on SIGTERM. Prints "interop ok" and exits 0, or says what went
// wrong and exits 1. Bounded to 20 seconds; both processes are killed on every way out.
'use strict';

const { spawn } = require('child_process');

const TOTAL_TIMEOUT_MS = 20000;

const [serverPath, clientPath, transport] = process.argv.slice(2);
if (!serverPath || !clientPath || !['polling', 'upgrade', 'websocket'].includes(transport)) {
  console.error('usage: node sioc_pair.js <sioc_example_server> <sioc_example_client> <polling|upgrade|websocket>');
  process.exit(2);
}

const children = [];
function killAll() {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}
function finish(code, message) {
  killAll();
  (code === 0 ? console.log : console.error)(message);
  process.exit(code);
}
process.on('exit', killAll);
setTimeout(() => finish(1, `interop failed: not done within ${TOTAL_TIMEOUT_MS} ms`), TOTAL_TIMEOUT_MS).unref();

// Starts a program, collecting its output: `output()` so far, and `exited`, which resolves with
// {code, signal, output} when it exits.
function run(program, args, onOutput) {
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const collect = (d) => {
    output += d;
    if (onOutput) onOutput(output);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => {
    child.on('error', (err) => finish(1, `interop failed: cannot run ${program}: ${err.message}`));
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
  return { child, exited, output: () => output };
}

(async () => {
  let port = null;
  const listening = new Promise((resolve) => {
    const server = run(serverPath, ['--port', '0', '--mode', 'interop'], (output) => {
      const m = /^listening (\d+)$/m.exec(output);
      if (m && port === null) {
        port = m[1];
        resolve(server);
      }
    });
    server.exited.then((r) => {
      if (port === null) finish(1, `interop failed: the server exited before listening:\n${r.output}`);
    });
  });
  const server = await listening;
  const client = await run(clientPath, ['--port', port, '--transport', transport]).exited;
  process.stdout.write(client.output.split('\n').filter((l) => l).map((l) => `client: ${l}\n`).join(''));
  // The server prints its verdict when the session ends, which may come just after the client
  // has gone (a ping timeout at worst): give it that long before asking it to stop.
  for (let waited = 0; waited < 2000 && !/^session /m.test(server.output()); waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  server.child.kill('SIGTERM');
  const ended = await server.exited;
  process.stdout.write(ended.output.split('\n').filter((l) => l).map((l) => `server: ${l}\n`).join(''));
  if (client.code !== 0) finish(1, `interop failed: the client exited with ${client.code ?? client.signal}`);
  if (!/^interop ok$/m.test(client.output)) finish(1, 'interop failed: the client did not print "interop ok"');
  const sessions = ended.output.match(/^session .*$/gm) || [];
  if (sessions.length !== 1 || sessions[0] !== 'session ok') {
    finish(1, `interop failed: the server printed ${JSON.stringify(sessions)}, expected ["session ok"]`);
  }
  if (ended.code !== 0) finish(1, `interop failed: the server exited with ${ended.code ?? ended.signal}`);
  finish(0, 'interop ok');
})();
