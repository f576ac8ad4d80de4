#!/usr/bin/env node
// Where a WebAssembly module's bytes are: its sections, its functions grouped by the Rust module
// that owns them, its imports and its data (strings). Reads a module that still has its `name`
// section (`wasm-opt -g`, or wasm-bindgen's output before wasm-opt), as twiggy would, but with
// Node alone. The gzip column of a group is what the module's gzip -9 loses when that group's
// bytes are taken out: what the group costs a page, compression included.
//
//   node bench/wasm-breakdown.mjs module.wasm [--functions N] [--strings]
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { Reader, imports, sections } from "../scripts/wasm.mjs";

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The module's sections, imports, exports, function bodies and data segments, with byte ranges. */
export function parse(bytes) {
  const all = sections(bytes).map((s) => ({ ...s, size: s.end - s.start }));
  const section = (name) => all.find((s) => s.name === name);
  const imported = section("import") ? imports(bytes, section("import")) : [];
  const importedFunctions = imported.filter((i) => i.kind === 0).length;
  const exports = [];
  if (section("export")) {
    const r = new Reader(bytes, section("export").body);
    for (let n = r.u32(); n > 0; n--) exports.push({ field: r.name(), kind: r.byte(), index: r.u32() });
  }
  const bodies = [];
  if (section("code")) {
    const r = new Reader(bytes, section("code").body);
    for (let n = r.u32(), i = 0; i < n; i++) {
      const start = r.at;
      const size = r.u32();
      r.at += size;
      bodies.push({ index: importedFunctions + i, start, end: r.at, size: r.at - start });
    }
  }
  const data = [];
  if (section("data")) {
    const r = new Reader(bytes, section("data").body);
    for (let n = r.u32(); n > 0; n--) {
      const start = r.at;
      const flags = r.u32();
      if (flags === 2) r.u32(); // memory index
      if (flags !== 1) while (bytes[r.at++] !== 0x0b); // the offset expression, up to its `end`
      const length = r.u32();
      const contents = bytes.subarray(r.at, r.at + length);
      r.at += length;
      data.push({ start, end: r.at, size: r.at - start, contents });
    }
  }
  // The `name` section's function names (subsection 1).
  const names = new Map();
  const nameSection = section(`custom "name"`);
  if (nameSection) {
    const r = new Reader(bytes, nameSection.body);
    r.name();
    while (r.at < nameSection.end) {
      const kind = r.byte();
      const size = r.u32();
      const next = r.at + size;
      if (kind === 1) for (let n = r.u32(); n > 0; n--) names.set(r.u32(), r.name());
      r.at = next;
    }
  }
  for (const f of bodies) f.name = names.get(f.index) ?? `function[${f.index}]`;
  return { sections: all, imports: imported, exports, bodies, data, importedFunctions };
}

/** Rust's legacy mangling (`_ZN…E`) as a readable path, without the hash. */
export function demangle(symbol) {
  if (symbol.startsWith("_R")) return demangleV0(symbol);
  if (!symbol.startsWith("_ZN")) return symbol;
  const parts = [];
  let at = 3;
  while (at < symbol.length && symbol[at] !== "E") {
    let digits = "";
    while (/[0-9]/.test(symbol[at])) digits += symbol[at++];
    if (!digits) break;
    let part = symbol.slice(at, at + Number(digits));
    at += Number(digits);
    if (/^h[0-9a-f]{16}$/.test(part)) continue;
    if (part.startsWith("_$")) part = part.slice(1);
    part = part
      .replace(/\$LT\$/g, "<").replace(/\$GT\$/g, ">").replace(/\$RF\$/g, "&").replace(/\$BP\$/g, "*")
      .replace(/\$C\$/g, ",").replace(/\$SP\$/g, "@").replace(/\$u([0-9a-f]+)\$/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/\.\./g, "::");
    parts.push(part);
  }
  return parts.join("::");
}

/**
 * Rust's v0 mangling (`_R…`), roughly: its identifiers in order (the crate first), enough to name
 * a function and its crate. Tags are skipped; disambiguators and back-references (`s…_`, `B…_`)
 * are skipped whole.
 */
function demangleV0(symbol) {
  const parts = [];
  let at = 2;
  while (at < symbol.length) {
    const c = symbol[at];
    if (/[0-9]/.test(c)) {
      let digits = "";
      while (/[0-9]/.test(symbol[at])) digits += symbol[at++];
      if (symbol[at] === "_") at++;
      parts.push(symbol.slice(at, at + Number(digits)));
      at += Number(digits);
    } else if (c === "s" || c === "B") {
      at = symbol.indexOf("_", at) + 1 || symbol.length;
    } else {
      at++;
    }
  }
  return parts.length ? parts.join("::") : symbol;
}

/**
 * The Rust module a function belongs to: `kakao_sync::core::url` for the crate's own code (two
 * levels under `kakao_sync`), otherwise the crate (`core`, `alloc`, `wasm_bindgen`, ...). A trait
 * impl (`<A as B>::f`) belongs to its self type's owner when that is this crate's, else its trait's.
 */
export function owner(name) {
  const path = demangle(name);
  const crate = /(kakao_sync(?:::[a-z_0-9]+){0,2})/.exec(path);
  if (crate) return crate[1];
  if (/^__wbindgen|^__wbg|^__externref/.test(path)) return "wasm-bindgen (generated)";
  if (/_[0-9a-f]{16}$/.test(path)) return "wasm-bindgen (exported functions' wrappers)";
  if (/^(__rustc|__rust_|__multi3|mem(cmp|cpy|set|move)$)/.test(path)) return "compiler builtins (mem*, __rust_*)";
  const first = /([a-z_][a-z_0-9]*)(?:\[[0-9a-f]+\])?::/.exec(path);
  if (first) return first[1];
  return path.startsWith("function[") ? "(unnamed)" : `(other) ${path}`;
}

/** The module's gzip -9 size without the given byte ranges. */
function gzipWithout(bytes, ranges) {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const pieces = [];
  let at = 0;
  for (const { start, end } of sorted) {
    pieces.push(bytes.subarray(at, start));
    at = end;
  }
  pieces.push(bytes.subarray(at));
  return gzip(Buffer.concat(pieces));
}

/** The module with its custom sections removed: what ships (names are only for attribution). */
function shipped(bytes, sections) {
  return Buffer.concat([bytes.subarray(0, 8), ...sections.filter((s) => s.id !== 0).map((s) => bytes.subarray(s.start, s.end))]);
}

/** Rows `{what, raw, gzip}`: raw bytes of a group and its gzip cost (leave-one-out), shipped bytes only. */
export function breakdown(path) {
  const original = readFileSync(path);
  const parsed = parse(original);
  // Re-parse the stripped module so every range refers to the bytes that ship.
  const bytes = shipped(original, parsed.sections);
  const module = parse(bytes);
  module.bodies.forEach((f, i) => (f.name = parsed.bodies[i].name));
  const whole = gzip(bytes);
  const group = (rows, key) => {
    const groups = new Map();
    for (const row of rows) {
      const k = key(row);
      const g = groups.get(k) ?? { what: k, raw: 0, ranges: [] };
      g.raw += row.end - row.start;
      g.ranges.push(row);
      groups.set(k, g);
    }
    return [...groups.values()].map((g) => ({ what: g.what, raw: g.raw, gzip: whole - gzipWithout(bytes, g.ranges), count: g.ranges.length }));
  };
  return {
    whole: { raw: bytes.length, gzip: whole },
    sections: group(module.sections, (s) => s.name),
    owners: group(module.bodies, (f) => owner(f.name)).sort((a, b) => b.raw - a.raw),
    functions: module.bodies.map((f) => ({ what: demangle(f.name), raw: f.size })).sort((a, b) => b.raw - a.raw),
    imports: module.imports,
    exports: module.exports,
    data: module.data,
    dataCost: group(module.data, () => "data").at(0),
  };
}

/** Printable runs of four or more characters in the data segments: the strings the module carries. */
export function strings(data) {
  const out = [];
  for (const { contents } of data) {
    const text = contents.toString("latin1");
    for (const m of text.matchAll(/[\x20-\x7e]{4,}/g)) out.push(m[0]);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, ...flags] = process.argv.slice(2);
  if (!path) {
    console.error("usage: node bench/wasm-breakdown.mjs module.wasm [--functions N] [--strings]");
    process.exit(2);
  }
  const top = Number(flags[flags.indexOf("--functions") + 1]) || 25;
  const b = breakdown(path);
  const line = (r) => `${String(r.raw).padStart(8)} ${String(r.gzip ?? "").padStart(8)}  ${r.what}${r.count ? ` (${r.count})` : ""}`;
  console.log(`${path}: ${b.whole.raw} B, ${b.whole.gzip} B gzip -9 without custom sections`);
  console.log(`\n     raw  gzip-cost  section`);
  b.sections.forEach((r) => console.log(line(r)));
  console.log(`\n     raw  gzip-cost  owner of the code (functions)`);
  b.owners.forEach((r) => console.log(line(r)));
  console.log(`\n     raw  largest functions`);
  b.functions.slice(0, top).forEach((r) => console.log(line(r)));
  const importNames = b.imports.reduce((n, i) => n + i.module.length + i.field.length, 0);
  console.log(`\nimports: ${b.imports.length}, ${importNames} B of names; exports: ${b.exports.length}, ${b.exports.reduce((n, e) => n + e.field.length, 0)} B of names`);
  console.log(`data: ${b.data.length} segment(s), ${b.data.reduce((n, d) => n + d.contents.length, 0)} B, gzip cost ${b.dataCost?.gzip ?? 0} B`);
  if (flags.includes("--strings")) strings(b.data).forEach((s) => console.log(`  ${JSON.stringify(s)}`));
}
