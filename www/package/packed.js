// The npm package as users get it: `npm pack` of pkg/, and that tarball installed into an app's
// folder, as `npm install kakao-sync` would (offline: the tarball has no dependencies).
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const PKG = resolve(fileURLToPath(import.meta.url), "../../../pkg");

/** Packs pkg/ into a fresh temporary folder; answers the tarball's path. */
export async function pack() {
  const dir = await mkdtemp(join(tmpdir(), "kakao-sync-package-"));
  execFileSync("npm", ["pack", PKG, "--pack-destination", dir], { stdio: "pipe" });
  return join(dir, (await readdir(dir)).find((f) => f.endsWith(".tgz")));
}

/** Installs `tarball` into `dir`, an app with a minimal package.json of its own. */
export async function install(dir, tarball) {
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", "--no-package-lock", tarball], {
    cwd: dir,
    stdio: "pipe",
  });
}
