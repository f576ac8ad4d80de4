// facade.js's one class over several modules, in Node (`make test-js`), with stand-in modules:
// how the package's real modules load in a browser is the journeys' (www/e2e/page-roles).
import assert from "node:assert/strict";
import { test } from "node:test";
import { acrossModules } from "./facade.js";

class Eager {
  constructor(options) {
    this.options = options;
  }
  free() {}
}

/** A stand-in module folder: its `init()` and class, counting loads and instances. */
function standIn() {
  const counts = { loads: 0, twins: 0 };
  const load = async () => {
    counts.loads += 1;
    return {
      default: async () => {},
      KakaoSync: class {
        constructor(options) {
          counts.twins += 1;
          this.options = options;
        }
        greet(name) {
          return `${this.options.clientId}: ${name}`;
        }
      },
    };
  };
  return { counts, load };
}

test("a routed method loads its module once and calls a twin made from the same options", async () => {
  const { counts, load } = standIn();
  const KakaoSync = acrossModules(Eager, { "later/": ["greet"] }, { "later/": load });
  const kakao = new KakaoSync({ clientId: "k" });
  assert.deepEqual(await Promise.all([kakao.greet("a"), kakao.greet("b")]), ["k: a", "k: b"]);
  assert.deepEqual(counts, { loads: 1, twins: 1 });
});

test("an entry whose routes name a folder it has no loader for stops at definition", () => {
  assert.throws(
    () => acrossModules(Eager, { "later/": ["greet"] }, { "other/": standIn().load }),
    /no loader for later\//,
  );
});
