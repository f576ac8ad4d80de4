// `make test-size`: fails when a page's download from pkg/ (gzip -9, as bench/package-size.mjs
// measures it for `make bench`) exceeds its budget, so a size regression cannot land unnoticed.
// Each budget sits just above the size measured when it was last set: lower it when the package
// shrinks; raising it is a decision to say so in the commit.
import { fileURLToPath } from "node:url";
import { measurePackage } from "../bench/package-size.mjs";

/**
 * Bytes gzip -9 per package entry: measured 2026-12-01 at 40,221 and 29,204 (`make pkg`), plus
 * about 0.5%. That is with issue 12's phone layout (kakao-sync 41,701 before) and with
 * scripts/pkg.mjs shortening wasm-bindgen's import names (−1.5 KB and −1.1 KB; docs/size.md).
 */
const BUDGET = {
  "kakao-sync": 40_400,
  "kakao-sync/core": 29_400,
};

const root = fileURLToPath(new URL("../", import.meta.url));
let over = 0;
for (const { entry, what, gzip } of measurePackage(root).filter((r) => r.entry)) {
  const budget = BUDGET[entry];
  const verdict = gzip <= budget ? "ok" : "OVER BUDGET";
  if (gzip > budget) over += 1;
  console.log(`${verdict}: ${what}: ${gzip} B gzip -9 (budget ${budget} B)`);
}
if (over > 0) {
  console.error(`size gate: ${over} page(s) over budget; make the module smaller, or raise the budget in scripts/size-gate.mjs and say why`);
  process.exit(1);
}
