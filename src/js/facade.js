// One `KakaoSync` class over several WebAssembly modules. The crate is built once per page role
// (Cargo.toml's `login`, `redirect`, `account` features): an entry loads the role its pages need
// first with `init()`, and this class loads another role's module the first time one of its
// methods is called. The public API stays one class; a page downloads only what it calls.
// `make pkg` bundles this file into the `kakao-sync` and `kakao-sync/core` entries.

/**
 * `map`'s promise for `key`, made by `make()` the first time and shared by every later call; a
 * promise that rejects is forgotten, so the next call tries again (a load that met the network).
 */
function shared(map, key, make) {
  if (!map.has(key)) {
    const made = make();
    map.set(key, made);
    made.catch(() => map.delete(key));
  }
  return map.get(key);
}

/** Per module loader, the one load of that module on this page: pending or done. */
const loads = new Map();

/** The class of the module `load` imports, once its WebAssembly is ready: one load per page. */
function moduleClass(load) {
  return shared(loads, load, async () => {
    const module = await load();
    await module.default();
    return module.KakaoSync;
  });
}

/** The account role's methods: both entries load its module at the first of them. */
export const ACCOUNT_ROLE = [
  "serviceTerms",
  "agreeServiceTerms",
  "revokeServiceTerms",
  "logout",
  "withdraw",
  "sendToMe",
  "friends",
  "sendToFriends",
];

/**
 * `Eager`, the class of the module the entry's `init()` loaded, with the methods it does not
 * have taken from other modules: `routes` pairs a list of method names with the loader of their
 * module. An instance makes its twin in that module, from the same options, at the first call.
 */
export function acrossModules(Eager, routes) {
  /** Per instance: its options, and its twin per loader (a promise). */
  const options = new WeakMap();
  const twins = new WeakMap();

  class KakaoSync extends Eager {
    constructor(o) {
      super(o);
      options.set(this, o);
      twins.set(this, new Map());
    }

    free() {
      for (const twin of twins.get(this).values()) twin.then((t) => t.free(), () => {});
      twins.get(this).clear();
      super.free();
    }
  }

  for (const [method, load] of routes.flatMap(([methods, load]) => methods.map((m) => [m, load]))) {
    Object.defineProperty(KakaoSync.prototype, method, {
      configurable: true,
      writable: true,
      value: async function (...args) {
        const twin = shared(twins.get(this), load, async () => new (await moduleClass(load))(options.get(this)));
        return (await twin)[method](...args);
      },
    });
  }
  return KakaoSync;
}
