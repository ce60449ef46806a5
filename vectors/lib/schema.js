'use strict';
// A small JSON Schema (draft 2020-12) validator for the subset schema.json uses, so checking the
// vector files needs no npm package. A keyword outside the subset is an error, never silently
// ignored: extend this file when the schema grows.
//
// Supported: $schema $id $comment title description (annotations), $defs, $ref (local "#/..."),
// type, enum, const, properties, required, additionalProperties (boolean or schema), items
// (single schema), minItems, maxItems, uniqueItems, contains, minLength, pattern (Unicode regex),
// minimum, maximum, allOf, anyOf, oneOf, not, if/then/else, dependentRequired.

const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', '$defs']);
const KEYWORDS = new Set(['$ref', 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties',
  'items', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'minLength', 'pattern', 'minimum', 'maximum',
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentRequired']);

const typeOf = (v) => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v; // string, boolean, object
};
const isType = (v, t) => t === typeOf(v) || (t === 'number' && typeOf(v) === 'integer');

// Deep equality for JSON values (object key order ignored).
function equal(a, b) {
  if (a === b) return true;
  if (typeOf(a) !== typeOf(b) || a === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  const ka = Object.keys(a); const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equal(a[k], b[k]));
}

const ptr = (path) => (path.length ? '/' + path.join('/') : '(root)');

function compile(root) {
  const regexCache = new Map();
  const regex = (p) => {
    if (!regexCache.has(p)) regexCache.set(p, new RegExp(p, 'u'));
    return regexCache.get(p);
  };
  function resolve(ref) {
    if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref} (only local refs)`);
    let node = root;
    for (const part of ref.slice(2).split('/')) {
      node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    }
    return node;
  }

  // Returns a list of error strings (empty: valid).
  function validate(schema, v, path) {
    if (schema === true) return [];
    if (schema === false) return [`${ptr(path)}: nothing is allowed here`];
    const errs = [];
    for (const k of Object.keys(schema)) {
      if (!ANNOTATIONS.has(k) && !KEYWORDS.has(k)) throw new Error(`schema uses unsupported keyword "${k}"`);
    }
    const sub = (s, val, p) => validate(s, val, p);
    if (schema.$ref) errs.push(...sub(resolve(schema.$ref), v, path));
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((t) => isType(v, t))) {
        errs.push(`${ptr(path)}: expected ${types.join(' or ')}, got ${typeOf(v)}`);
        return errs; // the other keywords would only add noise
      }
    }
    if (schema.enum && !schema.enum.some((e) => equal(e, v))) errs.push(`${ptr(path)}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    if ('const' in schema && !equal(schema.const, v)) errs.push(`${ptr(path)}: must be ${JSON.stringify(schema.const)}`);
    if (typeOf(v) === 'string') {
      if (schema.minLength !== undefined && [...v].length < schema.minLength) errs.push(`${ptr(path)}: shorter than ${schema.minLength}`);
      if (schema.pattern !== undefined && !regex(schema.pattern).test(v)) errs.push(`${ptr(path)}: does not match ${schema.pattern}`);
    }
    if (isType(v, 'number')) {
      if (schema.minimum !== undefined && v < schema.minimum) errs.push(`${ptr(path)}: below ${schema.minimum}`);
      if (schema.maximum !== undefined && v > schema.maximum) errs.push(`${ptr(path)}: above ${schema.maximum}`);
    }
    if (Array.isArray(v)) {
      if (schema.minItems !== undefined && v.length < schema.minItems) errs.push(`${ptr(path)}: fewer than ${schema.minItems} items`);
      if (schema.maxItems !== undefined && v.length > schema.maxItems) errs.push(`${ptr(path)}: more than ${schema.maxItems} items`);
      if (schema.uniqueItems) {
        for (let i = 0; i < v.length; i++) for (let j = i + 1; j < v.length; j++) if (equal(v[i], v[j])) errs.push(`${ptr(path)}: items ${i} and ${j} are equal`);
      }
      if (schema.items !== undefined) v.forEach((x, i) => errs.push(...sub(schema.items, x, [...path, i])));
      if (schema.contains !== undefined && !v.some((x, i) => sub(schema.contains, x, [...path, i]).length === 0)) errs.push(`${ptr(path)}: no item matches "contains"`);
    }
    if (typeOf(v) === 'object') {
      for (const r of schema.required || []) if (!(r in v)) errs.push(`${ptr(path)}: missing "${r}"`);
      const props = schema.properties || {};
      for (const [k, val] of Object.entries(v)) {
        if (k in props) errs.push(...sub(props[k], val, [...path, k]));
        else if (schema.additionalProperties !== undefined) errs.push(...sub(schema.additionalProperties, val, [...path, k]).map((e) => (schema.additionalProperties === false ? `${ptr([...path, k])}: property not allowed` : e)));
      }
      for (const [k, deps] of Object.entries(schema.dependentRequired || {})) {
        if (k in v) for (const d of deps) if (!(d in v)) errs.push(`${ptr(path)}: "${k}" requires "${d}"`);
      }
    }
    for (const s of schema.allOf || []) errs.push(...sub(s, v, path));
    if (schema.anyOf && !schema.anyOf.some((s) => sub(s, v, path).length === 0)) errs.push(`${ptr(path)}: matches none of anyOf`);
    if (schema.oneOf) {
      const results = schema.oneOf.map((s) => sub(s, v, path));
      const ok = results.filter((r) => r.length === 0).length;
      if (ok !== 1) {
        errs.push(`${ptr(path)}: matches ${ok} of oneOf (need exactly 1)`);
        if (ok === 0) for (const r of results) errs.push(...r.map((e) => '  ' + e));
      }
    }
    if (schema.not !== undefined && sub(schema.not, v, path).length === 0) errs.push(`${ptr(path)}: matches "not"`);
    if (schema.if !== undefined) {
      const branch = sub(schema.if, v, path).length === 0 ? schema.then : schema.else;
      if (branch !== undefined) errs.push(...sub(branch, v, path));
    }
    return errs;
  }
  return (value) => validate(root, value, []);
}

module.exports = { compile, equal };
