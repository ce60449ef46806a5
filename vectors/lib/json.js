'use strict';
// Stable JSON text for the suite files: 2-space indentation, keys in insertion order, an
// object or array kept on one line when it fits in WIDTH columns, arrays of numbers always on
// one line, and characters that are invisible or confusing in an editor (C1 controls, BOM,
// zero-width and bidi controls, line/paragraph separators, noncharacters) written as \uXXXX.
// The output is plain JSON; any JSON parser reads it.

const WIDTH = 100;

const INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff0-\ufffc\uffff]/g;

function str(s) {
  return JSON.stringify(s).replace(INVISIBLE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function compact(v) {
  if (typeof v === 'bigint') return v.toString(); // an exact integer beyond 2^53 (Socket.IO results)
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? str(v) : JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(compact).join(', ') + ']';
  return '{' + Object.keys(v).filter((k) => v[k] !== undefined).map((k) => str(k) + ': ' + compact(v[k])).join(', ') + '}';
}

// `lead`: columns already taken on the current line (indentation plus any "key": prefix).
function format(v, indent = 0, lead = indent) {
  if (v === null || typeof v !== 'object') return compact(v);
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => typeof x === 'number')) return compact(v);
    const one = compact(v);
    if (lead + one.length <= WIDTH) return one;
    return '[\n' + v.map((x) => pad + format(x, indent + 2)).join(',\n') + '\n' + ' '.repeat(indent) + ']';
  }
  const keys = Object.keys(v).filter((k) => v[k] !== undefined);
  if (keys.length === 0) return '{}';
  const one = compact(v);
  // A frame and any other object of plain values stays on one line however long.
  if (keys.every((k) => v[k] === null || typeof v[k] !== 'object')) return one;
  if (!('id' in v) && lead + one.length <= WIDTH) return one; // a case is always spread out
  return '{\n' + keys.map((k) => pad + str(k) + ': ' + format(v[k], indent + 2, indent + 2 + str(k).length + 2)).join(',\n') + '\n' + ' '.repeat(indent) + '}';
}

const stringify = (v) => format(v, 0) + '\n';

module.exports = { stringify };
