// Bytes a page downloads from the package (pkg/), split by what each kind of page loads: raw,
// gzip -9 and brotli. Node's own zlib only, so `make test-size` needs nothing installed.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

export const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length,
});

/** Sums per-file sizes: each file is fetched and compressed on its own. */
const sum = (rows) =>
  rows.reduce(
    (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );

/**
 * Rows of `{what, raw, gzip, brotli}`; the three pages also carry `entry`, the package entry they
 * import (what scripts/size-gate.mjs budgets).
 */
export function measurePackage(root) {
  const pkg = join(root, "pkg");
  const glue = (dir) => [join(dir, "kakao_sync.js"), join(dir, "kakao_sync_bg.wasm")];
  const full = glue(pkg);
  const core = glue(join(pkg, "core"));
  const share = glue(join(pkg, "share"));
  const css = join(pkg, "kakao-sync.css");
  // Each file compressed once; the pages' rows are sums of these.
  const each = new Map([...full, css, ...core, ...share].map((f) => [f, sizes(readFileSync(f))]));
  const total = (files) => sum(files.map((f) => each.get(f)));
  const [all, lean] = [total(full), total(core)];
  const rows = [
    // The button is drawn by `kakao-sync`; the redirect page needs no UI and imports
    // `kakao-sync/core`.
    { what: "kakao-sync: button page (wasm + JS glue + CSS)", entry: "kakao-sync", ...total([...full, css]) },
    { what: "kakao-sync/core: redirect page (wasm + JS glue)", entry: "kakao-sync/core", ...lean },
    // Loaded only where a page shares (or draws the share or channel button); Kakao's own SDK
    // comes on top, from Kakao's CDN, at the first share.
    { what: "kakao-sync/share: share page (wasm + JS glue)", entry: "kakao-sync/share", ...total(share) },
    { what: "kakao-sync: everything a page can load", ...total([...full, css]) },
    {
      what: "kakao-sync minus kakao-sync/core: the button and the terms panel",
      raw: all.raw - lean.raw, gzip: all.gzip - lean.gzip, brotli: all.brotli - lean.brotli,
    },
  ];
  for (const [f, size] of each) rows.push({ what: `  ${relative(pkg, f)}`, ...size });
  return rows;
}
