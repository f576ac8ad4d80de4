// KakaoTalk share from the site with kakao-sync/share at phone width: the template is checked in
// Rust before Kakao's SDK (the emulator's stand-in, at the path of Kakao's CDN) loads, the
// <kakao-share-button> opens the sharer, a chat is picked, and the share webhook reaches the
// backend, which records it in its database.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { APP, TIMEOUT_MS, USERS, suite } from "./harness.js";
import { sendShare } from "./kakao-pages.js";

const journey = suite();
const PHONE = { width: 360, height: 740 };
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "..", "test-results");

/** The backend's database, read as an operator would: `sqlite3` on the file. */
function query(stack, sql) {
  return execFileSync("sqlite3", ["-json", stack.database, sql], { encoding: "utf8" }).trim();
}

/** The console settings: the site as JavaScript SDK and web domain, the backend's share webhook. */
async function registerSite(stack) {
  await stack.control("PATCH", `/apps/${APP.clientId}`, {
    javascript_sdk_domains: [stack.site],
    web_domains: [stack.site],
    share_webhook: { url: `${stack.site}/api/kakao/webhooks/share`, method: "POST", encoding: "json" },
  });
}

/** The share page at phone width, its elements defined. */
async function sharePage(newContext) {
  const page = await (await newContext({ viewport: PHONE })).newPage();
  await page.goto("/share.html");
  await page.waitForFunction(() => customElements.get("kakao-share-button") && customElements.get("kakao-channel-button"));
  return page;
}

/** Whether Kakao's SDK (here the emulator's stand-in) was loaded into the page. */
const sdkLoaded = (page) => page.evaluate(() => [...document.scripts].some((s) => s.src.includes("/kakao_js_sdk/")));

journey("the share button opens the sharer, a chat is picked, and the backend records the share webhook", async ({ stack, newContext }) => {
  await registerSite(stack);
  const page = await sharePage(newContext);
  assert.equal(await sdkLoaded(page), false, "nothing loads before the first share");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true,
    "the share page fits 360 px");
  // docs/share-channel-360.png, the README's picture, is a copy of this screenshot.
  await mkdir(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, "share-channel-360.png") });

  const [sharer] = await Promise.all([page.waitForEvent("popup"), page.getByTestId("share-button").locator("button").click()]);
  await sharer.waitForLoadState();
  assert.match(await sharer.getByTestId("share-preview").innerText(), /카카오싱크 데모/);
  assert.equal(await sdkLoaded(page), true);
  await sendShare(sharer, USERS.ryan, USERS.apeach, TIMEOUT_MS);

  const shares = await stack.control("GET", "/shares");
  assert.equal(shares.length, 1);
  assert.equal(shares[0].message.template_object.object_type, "feed");
  assert.equal(shares[0].message.template_object.content.link.web_url, `${stack.site}/share.html`);
  assert.deepEqual(shares[0].server_callback_args, { share_id: "demo-1" });
  assert.equal(shares[0].webhook.status, 200, "the backend answered the webhook 2xx");

  const recorded = JSON.parse(query(stack, "SELECT chat_type, hash_chat_id, callback_args FROM share_events"));
  assert.equal(recorded.length, 1);
  assert.equal(recorded[0].chat_type, "DirectChat");
  assert.equal(recorded[0].hash_chat_id, shares[0].hash_chat_id);
  assert.deepEqual(JSON.parse(recorded[0].callback_args), { share_id: "demo-1" });
});

journey("a template over Kakao's limits rejects with invalid_template naming the field, and nothing loads", async ({ stack, newContext }) => {
  await registerSite(stack);
  const shared = (await stack.control("GET", "/shares")).length;
  const page = await sharePage(newContext);
  const error = await page.evaluate(async (sdkUrl) => {
    const { share } = await import("/pkg/share/kakao_sync.js");
    const link = { webUrl: location.origin + "/" };
    const button = (title) => ({ title, link });
    try {
      await share(
        { objectType: "text", text: "세 개의 버튼", link, buttons: [button("하나"), button("둘"), button("셋")] },
        { javascriptKey: "kakao-sync-demo-javascript-key", sdkUrl },
      );
      return null;
    } catch (e) {
      return { name: e.name, code: e.code, message: e.message };
    }
  }, `${stack.kakao}/kakao_js_sdk/2.7.1/kakao.min.js`);
  assert.equal(error?.name, "KakaoSyncError");
  assert.equal(error.code, "invalid_template");
  assert.match(error.message, /`buttons`/);
  const outside = await page.evaluate(async () => {
    const { share } = await import("/pkg/share/kakao_sync.js");
    try {
      await share({ objectType: "text", text: "다른 사이트", link: { webUrl: "https://elsewhere.example/" } },
        { javascriptKey: "kakao-sync-demo-javascript-key" });
      return null;
    } catch (e) {
      return { code: e.code, message: e.message };
    }
  });
  assert.equal(outside?.code, "invalid_template");
  assert.match(outside.message, /`link\.web_url` is not in the app's registered web domains/);
  const refusals = await page.evaluate(async () => {
    const { share } = await import("/pkg/share/kakao_sync.js");
    const link = { webUrl: location.origin + "/" };
    const options = { javascriptKey: "kakao-sync-demo-javascript-key" };
    const templates = [
      { objectType: "poster", content: { link } },
      { objectType: "list", headerTitle: "하나뿐", headerLink: link, contents: [{ title: "하나", link }] },
      { objectType: "feed", content: { link }, buttons: "자세히" },
      { objectType: "commerce", content: { link }, commerce: { regularPrice: 1000, discountRate: 10, fixedDiscountPrice: 100 } },
      { templateId: 1.5 },
      { requestUrl: "https://elsewhere.example/post" },
    ];
    const codes = [];
    for (const template of templates) codes.push(await share(template, options).then(() => "shared", (e) => `${e.code}: ${e.message}`));
    return codes;
  });
  assert.match(refusals[0], /^invalid_template: .*`object_type`/);
  assert.match(refusals[1], /^invalid_template: .*`contents` must hold 2 or 3 contents/);
  assert.match(refusals[2], /^invalid_config: .*`buttons` in ShareTemplate must be an array/);
  assert.match(refusals[3], /^invalid_template: .*`commerce\.fixed_discount_price`/);
  assert.match(refusals[4], /^invalid_template: .*`template_id`/);
  assert.match(refusals[5], /^invalid_template: .*`request_url` is not in the app's registered web domains/);
  assert.equal(await sdkLoaded(page), false, "a refused template loads nothing");
  assert.equal((await stack.control("GET", "/shares")).length, shared);
});

journey("Kakao's SDK loads once however often the page shares, and by default from Kakao's CDN with its SRI hash", async ({ stack, newContext }) => {
  await registerSite(stack);
  const page = await sharePage(newContext);
  const sdkUrl = `${stack.kakao}/kakao_js_sdk/2.7.1/kakao.min.js`;
  const shareText = (options) => page.evaluate(async (options) => {
    const { share } = await import("/pkg/share/kakao_sync.js");
    return share({ objectType: "text", text: "공유", link: { webUrl: location.origin + "/" } }, options)
      .then(() => "shared", (e) => e.code);
  }, options);
  const scripts = () => page.evaluate(() =>
    [...document.scripts].filter((s) => s.src.includes("/kakao_js_sdk/")).map((s) => ({ src: s.src, integrity: s.integrity })));

  // Without sdkUrl: Kakao's CDN, pinned and checked. This machine has no network (and the
  // request is refused here to be sure), so it rejects with a typed error and leaves nothing.
  await page.route("https://t1.kakaocdn.net/**", (route) => route.abort());
  await page.evaluate(() => {
    window.added = [];
    new MutationObserver((records) => {
      for (const node of records.flatMap((r) => [...r.addedNodes])) {
        if (node.tagName === "SCRIPT") window.added.push({ src: node.src, integrity: node.integrity, crossOrigin: node.crossOrigin });
      }
    }).observe(document.head, { childList: true });
  });
  assert.equal(await shareText({ javascriptKey: APP.javascriptKey }), "browser_unavailable");
  assert.deepEqual(await page.evaluate(() => window.added), [{
    src: "https://t1.kakaocdn.net/kakao_js_sdk/2.7.1/kakao.min.js",
    integrity: "sha384-kDljxUXHaJ9xAb2AzRd59KxjrFjzHa5TAoFQ6GbYTCAG0bjM55XohjjDT7tDDC01",
    crossOrigin: "anonymous",
  }]);
  assert.deepEqual(await scripts(), []);

  for (let i = 0; i < 2; i++) {
    const [sharer] = await Promise.all([page.waitForEvent("popup"), shareText({ javascriptKey: APP.javascriptKey, sdkUrl })]);
    await sharer.close();
  }
  assert.deepEqual(await scripts(), [{ src: sdkUrl, integrity: "" }], "one script for both shares");
  assert.equal(await page.evaluate(() => Kakao.isInitialized()), true);
});
