// The processes a benchmark talks to: started on free loopback ports, waited for, measured
// (peak RSS and CPU time from /proc) and stopped.
import { execFileSync, spawn } from "node:child_process";
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

/** The kernel's clock ticks per second, the unit of /proc's CPU times. */
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/**
 * CPU seconds (user + system) the process has used so far, from `/proc/<pid>/stat`: measured
 * per process, so the figure does not depend on how the processes share the cores.
 */
export function cpuSeconds(child) {
  const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces; the fields after its ")" start at field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[14 - 3]) + Number(fields[15 - 3])) / CLOCK_TICKS;
}

export function stop(child) {
  child.kill("SIGKILL");
}
