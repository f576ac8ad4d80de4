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
const ACCOUNT_ROLE = [
  "serviceTerms",
  "agreeServiceTerms",
  "revokeServiceTerms",
  "logout",
  "withdraw",
  "sendToMe",
  "friends",
  "sendToFriends",
];

// Per entry, the methods its class takes from other page roles' modules, by the folder of each
// module in the package: the entries' classes here, their declarations in `scripts/pkg.mjs`.

/**
 * `kakao-sync`: the redirect role, and the account role built with the terms panel, which only
 * this entry, the one with the UI, has.
 */
export const KAKAO_SYNC_ROUTES = {
  "core/": ["handleRedirect"],
  "account-ui/": [...ACCOUNT_ROLE, "renderTermsConsent"],
};

/** `kakao-sync/core`: Kakao Account login, and the account role without the UI. */
export const CORE_ROUTES = {
  "login/": ["login", "autoLogin", "requestConsent"],
  "account/": ACCOUNT_ROLE,
};

/**
 * `Eager`, the class of the module the entry's `init()` loaded, with the methods it does not
 * have taken from other modules: `routes` (above) names the methods per module folder,
 * and `loaders` the import of each folder's module. An instance makes its twin in that module,
 * from the same options, at the first call.
 */
export function acrossModules(Eager, routes, loaders) {
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

  for (const [dir, methods] of Object.entries(routes)) {
    const load = loaders[dir];
    if (!load) throw new Error(`kakao-sync: the entry has no loader for ${dir}`);
    for (const method of methods) {
      Object.defineProperty(KakaoSync.prototype, method, {
        configurable: true,
        writable: true,
        value: async function (...args) {
          const twin = shared(twins.get(this), load, async () => new (await moduleClass(load))(options.get(this)));
          return (await twin)[method](...args);
        },
      });
    }
  }
  return KakaoSync;
}
