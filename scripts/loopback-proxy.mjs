// `make test-wasm`'s HTTP proxy in front of wasm-bindgen-test-runner's file server: Chromium's
// requests to loopback come here (scripts/test-wasm.sh adds it to webdriver.json's arguments)
// and each goes on over a connection of its own, closed after the answer.
//
// Why: the runner's server (rouille on tiny_http 0.12) gives each accepted connection a pool
// thread for as long as the connection stays open, and its pool can lose a wake-up: when two
// connections arrive while one thread is idle, both are queued and one thread is woken, so the
// second waits until some connection closes. Chromium keeps its connections open, so a test page
// whose modules open connections in a burst could wait forever for one module (seen as a request
// accepted by the server and never read, in about one load in three). Through this proxy every
// server connection closes after one answer, so a queued one is read as soon as a thread is free.
//
// Usage: node scripts/loopback-proxy.mjs; prints "ready PORT" once it listens on 127.0.0.1:PORT,
// a port the system chose.
import { createServer, request } from "node:http";

/** Headers about one connection, which the proxy's two connections each set for themselves. */
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"];

function withoutHopByHop(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.includes(name)));
}

const proxy = createServer((incoming, answer) => {
  // A proxy's request line holds the whole URL.
  const target = new URL(incoming.url);
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      path: target.pathname + target.search,
      method: incoming.method,
      headers: { ...withoutHopByHop(incoming.headers), connection: "close" },
      agent: false,
    },
    (served) => {
      answer.writeHead(served.statusCode, withoutHopByHop(served.headers));
      served.pipe(answer);
    },
  );
  upstream.on("error", (error) => {
    answer.writeHead(502, { "content-type": "text/plain" });
    answer.end(`loopback-proxy: ${error.message}`);
  });
  incoming.pipe(upstream);
});
proxy.listen(0, "127.0.0.1", () => console.log(`ready ${proxy.address().port}`));
