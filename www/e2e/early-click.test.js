// A static site's <kakao-login-button>, as the README writes it: kakao-sync.css reserves its box,
// defineCustomElements() draws the button from its attributes before the WebAssembly arrives,
// with nothing moving, and a click made then (twice, impatiently) signs in once the module is
// ready: one login, not lost, not two. Each journey runs with `kakao-sync/elements` (the
// README's page, which loads the module after the button's first frame) and with `kakao-sync`
// (`defineCustomElements(); init();`).
import assert from "node:assert/strict";
import { APP, suite, USERS } from "./harness.js";
import { chooseAccount, consent, navigations, onMyPage } from "./kakao-pages.js";

const journey = suite();

/**
 * Per entry: the file the page's script imports, that script, and who signs up through it (a
 * member of this suite's Kakao signs up once: the consent page comes only the first time).
 */
const ENTRIES = {
  "kakao-sync/elements": ["/pkg/elements.js", `import { defineCustomElements } from "/pkg/elements.js";
  defineCustomElements();`, USERS.neo],
  "kakao-sync": ["/pkg/kakao_sync.js", `import init, { defineCustomElements } from "/pkg/kakao_sync.js";
  defineCustomElements();
  init();`, USERS.apeach],
};

/** The page: the element between two paragraphs, so a change of its box would move the second. */
function staticSite(stack, script) {
  return `<!doctype html>
<html lang="ko">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script>
  window.shifts = [];
  new PerformanceObserver((list) => window.shifts.push(...list.getEntries().map((e) => e.value)))
    .observe({ type: "layout-shift", buffered: true });
</script>
<link rel="stylesheet" href="/pkg/kakao-sync.css">
<p>위</p>
<kakao-login-button client-id="${APP.clientId}" redirect-uri="${stack.site}/redirect.html"
  authorize-endpoint="${stack.kakao}/oauth/authorize" kind="sync"></kakao-login-button>
<p id="below">아래</p>
<script type="module">
  ${script}
</script>
</html>`;
}

/** Holds every request for `path` until the returned function is called. */
async function hold(page, path) {
  let release;
  const released = new Promise((resolve) => (release = resolve));
  let requested;
  const firstRequest = new Promise((resolve) => (requested = resolve));
  await page.route((url) => url.pathname === path, async (route) => {
    requested();
    await released;
    await route.continue();
  });
  return { release, requested: firstRequest };
}

/** The element's box and the paragraph's after it. */
const boxes = (page) =>
  page.evaluate(() => {
    const box = (el) => {
      const { x, y, width, height } = el.getBoundingClientRect();
      return { x, y, width, height };
    };
    return { element: box(document.querySelector("kakao-login-button")), below: box(document.getElementById("below")) };
  });

for (const [name, [imported, script, user]] of Object.entries(ENTRIES)) {
  journey(`${name}: a click on <kakao-login-button> before the module is ready signs in, exactly once`, async ({ stack, newContext }) => {
    const page = await (await newContext()).newPage();
    await page.route((url) => url.pathname === "/static-site.html", (route) =>
      route.fulfill({ contentType: "text/html; charset=utf-8", body: staticSite(stack, script) }));
    const entry = await hold(page, imported);
    const wasm = await hold(page, "/pkg/kakao_sync_bg.wasm");
    const visited = navigations(page);

    // Module scripts hold back the load event: wait only for the stylesheet to size the element.
    await page.goto("/static-site.html", { waitUntil: "commit" });
    await page.waitForFunction(() => document.getElementById("below") && document.querySelector("kakao-login-button").offsetWidth > 0);
    const reserved = await boxes(page);
    assert.deepEqual([reserved.element.width, reserved.element.height], [183, 45], "kakao-sync.css reserves the narrow artwork's box");

    // The entry arrives, the WebAssembly does not: the button is drawn from the attributes alone.
    entry.release();
    const button = page.locator("kakao-login-button").getByRole("button", { name: "카카오로 시작하기" });
    await button.waitFor();
    await wasm.requested; // the module is on its way
    assert.deepEqual(await boxes(page), reserved, "the drawn button takes the reserved box");

    await button.click();
    assert.equal(await button.getAttribute("aria-busy"), "true", "the click is taken");
    // A busy button refuses activation (aria-disabled), so the second click needs force.
    await button.click({ force: true });
    assert.equal(visited.length, 1, "nothing navigates before the module is ready");

    wasm.release();
    await chooseAccount(page, stack, user);
    await consent(page, stack);
    await onMyPage(page, user);
    const authorize = visited.filter((url) => url.startsWith(`${stack.kakao}/oauth/authorize`));
    assert.equal(authorize.length, 1, `one login: ${authorize.join(", ")}`);
  });

  journey(`${name}: the button drawn once the module is ready is the one drawn before it, in the same place`, async ({ stack, newContext }) => {
    const page = await (await newContext()).newPage();
    await page.route((url) => url.pathname === "/static-site.html", (route) =>
      route.fulfill({ contentType: "text/html; charset=utf-8", body: staticSite(stack, script) }));
    const wasm = await hold(page, "/pkg/kakao_sync_bg.wasm");
    await page.goto("/static-site.html");
    const drawn = page.locator("kakao-login-button").getByRole("button");
    await drawn.waitFor();
    const before = { boxes: await boxes(page), html: await drawn.evaluate((el) => el.outerHTML) };

    const first = await drawn.elementHandle();
    wasm.release();
    // Once the module is ready (init() is one load, shared with the page's), the element draws
    // its button again through renderLoginButton, in the microtasks after.
    await page.evaluate(async () => {
      const { default: init } = await import("/pkg/kakao_sync.js");
      await init();
      await new Promise((resolve) => setTimeout(resolve));
    });
    assert.equal(await first.evaluate((el) => el.isConnected), false, "drawn again by the module");
    assert.equal(await drawn.evaluate((el) => el.outerHTML), before.html);
    assert.deepEqual(await boxes(page), before.boxes);
    assert.deepEqual(await page.evaluate(() => window.shifts), [], "no layout shift");
  });
}
