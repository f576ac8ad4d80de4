// KakaoTalk share through the emulator's stand-in for Kakao's JavaScript SDK, from a plain page
// at phone width: Kakao.init, Kakao.Share.sendDefault with a feed template, the sharer's chat
// picker, then the emulator's share log and the share webhook at a recording server of this
// test's own (the backend's receiver is not part of this journey).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { APP, TIMEOUT_MS, USERS, suite } from "./harness.js";
import { sendShare } from "./kakao-pages.js";

const journey = suite();
const JAVASCRIPT_KEY = "kakao-sync-demo-javascript-key";
const PHONE = { width: 360, height: 740 };
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "..", "test-results");

/**
 * The service of this journey, on loopback like the emulator (Chromium lets a page reach
 * loopback only from loopback): `GET /share.html?key=…` is a plain page that loads the SDK
 * stand-in from the emulator; `/webhooks/share` records what it gets and answers 200.
 */
let service;
before(async () => {
  const got = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url, "http://service");
    if (request.method === "GET" && url.pathname === "/share.html") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(sharePage(url.searchParams.get("kakao"), url.searchParams.get("key")));
      return;
    }
    if (url.pathname !== "/webhooks/share") {
      response.writeHead(404).end();
      return;
    }
    let body = "";
    request.on("data", (chunk) => { body += chunk; });
    request.on("end", () => {
      got.push({ method: request.method, url: request.url, headers: request.headers, body });
      response.writeHead(200).end();
    });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  service = { server, got, origin: `http://127.0.0.1:${port}`, webhook: `http://127.0.0.1:${port}/webhooks/share` };
});
after(() => new Promise((ok) => service.server.close(ok)));

/** The page: Kakao.init with `javascriptKey`, and a button that shares a feed template. */
function sharePage(kakao, javascriptKey) {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>공유</title>
<script src="${kakao}/kakao_js_sdk/2.7.4/kakao.min.js" crossorigin="anonymous"></script>
</head><body><button id="share">카카오톡 공유</button><script>
Kakao.init(${JSON.stringify(javascriptKey)});
window.initialized = Kakao.isInitialized();
document.getElementById("share").addEventListener("click", () => {
  Kakao.Share.sendDefault({
    objectType: "feed",
    content: {
      title: "오늘의 디저트",
      description: "아메리카노, 빵, 케익",
      imageUrl: location.origin + "/cake.jpg",
      link: { mobileWebUrl: location.origin + "/cake", webUrl: location.origin + "/cake" },
    },
    buttons: [{ title: "자세히 보기", link: { mobileWebUrl: location.origin + "/cake" } }],
    serverCallbackArgs: { share_id: "e2e-1" },
  });
});
</script></body></html>`;
}

/** Opens the share page of `origin` at phone width and taps the share button. */
async function tapShare(newContext, stack, origin, javascriptKey) {
  const context = await newContext({ viewport: PHONE });
  const page = await context.newPage();
  const query = new URLSearchParams({ kakao: stack.kakao, key: javascriptKey });
  await page.goto(`${origin}/share.html?${query}`);
  assert.equal(await page.evaluate(() => window.initialized), true);
  const [sharer] = await Promise.all([page.waitForEvent("popup"), page.click("#share")]);
  await sharer.setViewportSize(PHONE);
  await sharer.waitForLoadState();
  return sharer;
}

/** The console settings: this service's origin as the JavaScript SDK and web domain, its webhook. */
async function registerService(stack) {
  await stack.control("PATCH", `/apps/${APP.clientId}`, {
    javascript_sdk_domains: [service.origin],
    web_domains: [service.origin],
    share_webhook: { url: service.webhook, method: "POST", encoding: "json" },
  });
}

journey("sendDefault with a feed: the sharer at 360 px, a chat picked, the share logged and its webhook sent", async ({ stack, newContext }) => {
  await registerService(stack);
  const sharer = await tapShare(newContext, stack, service.origin, JAVASCRIPT_KEY);

  const preview = sharer.getByTestId("share-preview");
  assert.match(await preview.innerText(), /오늘의 디저트/);
  assert.match(await preview.innerText(), /자세히 보기/);
  const fitsWidth = await sharer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.equal(fitsWidth, true, "the sharer fits 360 px without scrolling sideways");
  await mkdir(RESULTS, { recursive: true });
  await sharer.screenshot({ path: join(RESULTS, "share-sharer-360.png"), fullPage: true });

  await sendShare(sharer, USERS.ryan, USERS.apeach, TIMEOUT_MS);

  const shares = await stack.control("GET", "/shares");
  assert.equal(shares.length, 1);
  assert.equal(shares[0].action, "default");
  assert.equal(shares[0].sender, Number(USERS.ryan.id));
  assert.equal(shares[0].chat_type, "DirectChat");
  assert.equal(shares[0].message.template_object.object_type, "feed");
  assert.equal(shares[0].message.template_object.content.title, "오늘의 디저트");
  assert.equal(shares[0].message.template_object.content.link.mobile_web_url, `${service.origin}/cake`);
  assert.deepEqual(shares[0].server_callback_args, { share_id: "e2e-1" });
  assert.equal(shares[0].webhook.status, 200);

  assert.equal(service.got.length, 1);
  const [hook] = service.got;
  assert.equal(hook.method, "POST");
  assert.equal(hook.headers.authorization, `KakaoAK ${APP.adminKey}`);
  assert.equal(hook.headers["user-agent"], "KakaoOpenAPI/1.0");
  assert.ok(hook.headers["x-kakao-resource-id"]);
  const fields = JSON.parse(hook.body);
  assert.equal(fields.CHAT_TYPE, "DirectChat");
  assert.equal(fields.HASH_CHAT_ID, shares[0].hash_chat_id);
  assert.equal(fields.share_id, "e2e-1");
});

journey("an unknown JavaScript key or a page outside the JavaScript SDK domains ends on Kakao's error, nothing shared", async ({ stack, newContext }) => {
  await registerService(stack);
  const before = (await stack.control("GET", "/shares")).length;
  const wrongKey = await tapShare(newContext, stack, service.origin, "not-this-apps-key");
  assert.equal(await wrongKey.getByTestId("share-error-code").innerText(), "4011");

  // The same page on localhost is another origin than the registered 127.0.0.1 one.
  const elsewhere = service.origin.replace("127.0.0.1", "localhost");
  const wrongOrigin = await tapShare(newContext, stack, elsewhere, JAVASCRIPT_KEY);
  assert.equal(await wrongOrigin.getByTestId("share-error-code").innerText(), "-401");
  assert.match(await wrongOrigin.getByTestId("share-error-message").innerText(), /domain mismatched! caller=http:\/\/localhost:/);
  const fitsWidth = await wrongOrigin.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.equal(fitsWidth, true, "the error page fits 360 px without scrolling sideways");
  await mkdir(RESULTS, { recursive: true });
  await wrongOrigin.screenshot({ path: join(RESULTS, "share-error-360.png"), fullPage: true });

  assert.equal((await stack.control("GET", "/shares")).length, before);
});

journey("createDefaultButton, sendCustom and sendScrap reach the sharer with their messages", async ({ stack, newContext }) => {
  await registerService(stack);
  await stack.control("PATCH", `/apps/${APP.clientId}`, { message_template_ids: [777] });
  const context = await newContext({ viewport: PHONE });
  const page = await context.newPage();
  const query = new URLSearchParams({ kakao: stack.kakao, key: JAVASCRIPT_KEY });
  await page.goto(`${service.origin}/share.html?${query}`);
  const opened = async (share) => {
    const [sharer] = await Promise.all([page.waitForEvent("popup"), share()]);
    await sharer.waitForLoadState();
    return sharer.getByTestId("share-preview").innerText();
  };

  await page.evaluate(() => {
    const button = document.body.appendChild(document.createElement("button"));
    button.id = "text-share";
    Kakao.Share.createDefaultButton({
      container: "#text-share",
      objectType: "text",
      text: "텍스트로 공유합니다",
      link: { webUrl: location.origin + "/" },
    });
  });
  assert.match(await opened(() => page.click("#text-share")), /텍스트로 공유합니다/);

  const custom = await opened(() => page.evaluate(() =>
    Kakao.Share.sendCustom({ templateId: 777, templateArgs: { name: "라이언" } })));
  assert.match(custom, /메시지 템플릿 777/);

  const scrap = await opened(() => page.evaluate(() =>
    Kakao.Share.sendScrap({ requestUrl: location.origin + "/post/1" })));
  assert.match(scrap, new RegExp(`${service.origin}/post/1`.replaceAll(".", "\\.")));
});
