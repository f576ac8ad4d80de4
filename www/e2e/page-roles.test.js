// The package's class is split by page role into WebAssembly modules (README, "Use it from npm"):
// each page downloads the role it calls and no other, each role once, and a role whose load
// failed loads at the next call.
import assert from "node:assert/strict";
import { suite, USERS } from "./harness.js";
import { signUp } from "./kakao-pages.js";

const journey = suite();

/** The package's files each page of `page` requested, by page path, in order. */
function packageLoads(page) {
  const loads = {};
  page.on("request", (request) => {
    const file = new URL(request.url()).pathname;
    if (!file.startsWith("/pkg/")) return;
    const at = new URL(request.frame().url()).pathname;
    (loads[at] ??= []).push(file);
  });
  return loads;
}

journey("each page downloads only its role's module: the button page the login role, the redirect page the redirect role, my page the account role once", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  const loads = packageLoads(page);
  await signUp(page, stack, USERS.apeach);
  await page.getByTestId("terms-panel").getByRole("checkbox").first().waitFor();

  // The login role, and elements.js: the button and the DOM plumbing every module with a UI shares.
  const login = ["/pkg/elements.js", "/pkg/kakao_sync.js", "/pkg/kakao_sync_bg.wasm"];
  assert.deepEqual([...loads["/"]].sort(), login, "the home page with the button");
  assert.deepEqual([...loads["/redirect.html"]].sort(), ["/pkg/core/kakao_sync.js", "/pkg/core/kakao_sync_bg.wasm"], "the redirect page");
  // My page draws the terms panel and reads the member's terms: the login role, then the
  // account role with the terms panel, each file once although my page preloads them.
  assert.deepEqual(
    [...loads["/mypage.html"]].sort(),
    ["/pkg/account-ui/kakao_sync.js", "/pkg/account-ui/kakao_sync_bg.wasm", ...login].sort(),
    "my page",
  );
});

/** A page of the site whose script is this: two `serviceTerms()` calls, each settled to a word. */
const TWO_CALLS = `
  import init, { KakaoSync } from "/pkg/kakao_sync.js";
  import config from "/config.js";
  await init();
  const kakao = new KakaoSync({ clientId: config.clientId, redirectUri: location.origin + "/redirect.html" });
  const settled = (call) => call().then(() => "resolved", (error) => error?.code ?? error?.name);
  window.outcomes = [await settled(() => kakao.serviceTerms()), await settled(() => kakao.serviceTerms())];
`;

journey("a role whose WebAssembly did not load is loaded again at the next call", async ({ newContext }) => {
  const page = await (await newContext()).newPage();
  await page.route((url) => url.pathname === "/home.js", (route) => route.fulfill({ contentType: "text/javascript", body: TWO_CALLS }));
  let refused = 0;
  await page.route((url) => url.pathname === "/pkg/account-ui/kakao_sync_bg.wasm", (route) => {
    if (refused++ === 0) return route.abort("connectionreset");
    return route.continue();
  });
  await page.goto("/");
  const [first, second] = await page.waitForFunction(() => window.outcomes).then((h) => h.jsonValue());
  assert.equal(first, "TypeError", "the first call fails with the load");
  // The second call reached the backend, which answers a visitor who is not signed in.
  assert.equal(second, "backend_error");
  assert.equal(refused, 2, "the WebAssembly was requested again");
});
