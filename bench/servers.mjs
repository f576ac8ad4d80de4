// The processes a benchmark talks to: started on free loopback ports, waited for, measured
// (peak RSS from /proc) and stopped.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** A port nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Starts `command` and resolves once `ready` (a URL) answers with any HTTP status. */
export async function start(command, args, env, ready) {
  const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise((_, reject) => child.on("exit", (code) => reject(new Error(`${command} exited: ${code}`))));
  for (let i = 0; i < 200; i++) {
    try {
      await Promise.race([fetch(ready), exited]);
      return child;
    } catch (e) {
      if (e.message.includes("exited")) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill("SIGKILL");
  throw new Error(`${command} did not answer at ${ready}`);
}

/** The process's peak resident set size in bytes (Linux `VmHWM`). */
export function peakRss(child) {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

export function stop(child) {
  child.kill("SIGKILL");
}
