'use strict';
// Runs `sioc decode --json --session FILE` on every recorded session in a
// directory (vectors/sessions) and checks each printed line against the frame
// it stands for: the same frames in the same order with their direction,
// transport, kind and size; the Engine.IO packets the reference decoded from
// the frame (none for the frames that carry no Engine.IO); the Socket.IO
// packets the reference saw the frame complete, in the recordings' canonical
// form (wire type, attachment count, binary values as {"$bin"}); no error.
//
//   node check_sessions.js path/to/sioc vectors/sessions
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const [sioc, dir] = process.argv.slice(2);
if (!sioc || !dir) {
  console.error('usage: node check_sessions.js SIOC SESSIONS_DIR');
  process.exit(2);
}

function frameSize(f) {
  if (f.kind !== 'text') return Buffer.from(f.v, 'base64').length;
  return f.hex !== undefined ? f.hex.length / 2 : Buffer.byteLength(f.v, 'utf8');
}

const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
const totals = { sessions: 0, frames: 0, eio: 0, sio: 0 };
let problems = 0;
for (const name of files) {
  const file = path.join(dir, name);
  const session = JSON.parse(fs.readFileSync(file, 'utf8'));
  let out;
  try {
    out = execFileSync(sioc, ['decode', '--json', '--session', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  } catch (e) {
    console.log(`${name}: sioc exited with status ${e.status}\n${e.stdout}${e.stderr}`);
    problems++;
    continue;
  }
  const lines = out.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
  const found = [];
  if (lines.length !== session.frames.length) found.push(`${lines.length} lines for ${session.frames.length} frames`);
  session.frames.forEach((f, i) => {
    const got = lines[i];
    if (got === undefined) return;
    const check = (what, actual, expected) => {
      try {
        assert.deepStrictEqual(actual, expected);
      } catch {
        found.push(`frame ${i + 1}: ${what}: sioc ${JSON.stringify(actual)}, recorded ${JSON.stringify(expected)}`);
      }
    };
    check('frame', got.frame, i + 1);
    check('dir', got.dir, f.dir);
    check('transport', got.transport, f.transport);
    check('kind', got.kind, f.kind);
    check('size', got.size, frameSize(f));
    check('eio', got.eio, f.eio);
    if (f.eio !== undefined) check('sio', got.sio, f.sio || []);
    check('errors', got.errors, undefined);
    totals.eio += (f.eio || []).length;
    totals.sio += (f.sio || []).length;
  });
  totals.sessions++;
  totals.frames += session.frames.length;
  console.log(`${name.padEnd(28)} ${String(session.frames.length).padStart(3)} frames  ${found.length === 0 ? 'ok' : 'MISMATCH'}`);
  for (const p of found) console.log(`  ${p}`);
  problems += found.length;
}
console.log(`${totals.sessions} sessions, ${totals.frames} frames, ${totals.eio} Engine.IO and ${totals.sio} ` +
            `Socket.IO packets checked; ${problems} problems`);
if (totals.sessions === 0) {
  console.log('no session found');
  process.exit(1);
}
process.exit(problems === 0 ? 0 : 1);
