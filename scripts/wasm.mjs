// Reading and rewriting a WebAssembly module's sections, for scripts/pkg.mjs (which shortens
// wasm-bindgen's import names) and bench/wasm-breakdown.mjs (which says where the bytes are).
// The binary format: https://webassembly.github.io/spec/core/binary/modules.html

/** The section ids of the binary format, by name. */
export const SECTION = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count", "tag"];

/** A reader of LEB128 integers, bytes and names over one buffer. */
export class Reader {
  constructor(bytes, at = 0) {
    this.bytes = bytes;
    this.at = at;
  }

  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.bytes[this.at++];
      if (byte === undefined) throw new Error("wasm: unexpected end of the module");
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  }

  byte() {
    return this.bytes[this.at++];
  }

  name() {
    const length = this.u32();
    const text = Buffer.from(this.bytes.subarray(this.at, this.at + length)).toString("utf8");
    this.at += length;
    return text;
  }
}

/** `n` as unsigned LEB128. */
export function u32(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return Buffer.from(out);
}

/** A name as the binary format writes it: its UTF-8 length, then its bytes. */
export function name(text) {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([u32(bytes.length), bytes]);
}

/** The module's sections: `{id, name, start, body, end}`, byte offsets into `bytes`. */
export function sections(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error("wasm: not a WebAssembly module");
  const out = [];
  const r = new Reader(bytes, 8);
  while (r.at < bytes.length) {
    const start = r.at;
    const id = r.byte();
    const size = r.u32();
    const body = r.at;
    const end = body + size;
    const section = { id, name: SECTION[id] ?? `#${id}`, start, body, end };
    if (id === 0) section.name = `custom "${new Reader(bytes, body).name()}"`;
    out.push(section);
    r.at = end;
  }
  return out;
}

/**
 * The import section's entries: `{module, field, kind, desc}`, `desc` the raw bytes of what is
 * imported (a function's type index, a table's or memory's limits, ...), kept as they are.
 */
export function imports(bytes, section) {
  const r = new Reader(bytes, section.body);
  const out = [];
  for (let n = r.u32(); n > 0; n--) {
    const module = r.name();
    const field = r.name();
    const from = r.at;
    const kind = r.byte();
    if (kind === 0) r.u32(); // function: type index
    else if (kind === 1) { r.byte(); limits(r); } // table: reftype, limits
    else if (kind === 2) limits(r); // memory: limits
    else if (kind === 3) { r.byte(); r.byte(); } // global: valtype, mutability
    else if (kind === 4) { r.byte(); r.u32(); } // tag: attribute, type index
    else throw new Error(`wasm: import kind ${kind} unknown`);
    out.push({ module, field, kind, desc: bytes.subarray(from, r.at) });
  }
  if (r.at !== section.end) throw new Error("wasm: the import section has trailing bytes");
  return out;
}

function limits(r) {
  const flags = r.u32();
  r.u32();
  if (flags & 1) r.u32();
}

/** `bytes` with one section's body replaced. */
export function replaceSection(bytes, section, body) {
  return Buffer.concat([
    bytes.subarray(0, section.start),
    Buffer.from([section.id]),
    u32(body.length),
    body,
    bytes.subarray(section.end),
  ]);
}

/** An import section's body holding `entries` (as {@link imports} returns them). */
export function importSection(entries) {
  return Buffer.concat([u32(entries.length), ...entries.flatMap((e) => [name(e.module), name(e.field), e.desc])]);
}
