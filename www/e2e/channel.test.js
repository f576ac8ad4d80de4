// The KakaoTalk channel at phone width: <kakao-channel-button> links to Kakao's channel pages,
// and when the user adds the channel (on the emulator, as in KakaoTalk) Kakao's channel webhook
// reaches the backend, which then answers GET /channels from what it recorded.
import assert from "node:assert/strict";
import { APP, USERS, suite } from "./harness.js";
import { api, signUp } from "./kakao-pages.js";

// The app names its one channel, so GET /channels can answer from the webhook's records alone.
const journey = suite({ backendEnv: { KAKAO_CHANNEL_PUBLIC_IDS: "_ZeUTxl" } });
const PHONE = { width: 360, height: 740 };

journey("the channel buttons link to Kakao's add and chat pages and fit 360 px", async ({ newContext }) => {
  const page = await (await newContext({ viewport: PHONE })).newPage();
  await page.goto("/share.html");
  const add = page.getByTestId("channel-add").getByRole("link");
  const chat = page.getByTestId("channel-chat").getByRole("link");
  assert.equal(await add.getAttribute("href"), "https://pf.kakao.com/_ZeUTxl/friend");
  assert.equal(await chat.getAttribute("href"), "https://pf.kakao.com/_ZeUTxl/chat");
  assert.equal(await add.innerText(), "채널 추가");
  assert.equal(await chat.innerText(), "채널 채팅");
  for (const link of [add, chat]) {
    const box = await link.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, "inside the 360 px viewport");
  }
  const pure = await page.evaluate(async () => {
    const core = await import("/pkg/core/kakao_sync.js");
    await core.default();
    let refused;
    try {
      core.channelUrl("_Ze/../x", "add");
    } catch (e) {
      refused = e.code;
    }
    return { chat: core.channelUrl("_xkNzpK", "chat"), refused };
  });
  assert.deepEqual(pure, { chat: "https://pf.kakao.com/_xkNzpK/chat", refused: "invalid_config" });
});

journey("adding the channel sends Kakao's channel webhook, and GET /channels shows it from the backend's records", async ({ stack, newContext }) => {
  await stack.control("PATCH", `/apps/${APP.clientId}`, {
    channel_webhook: { url: `${stack.site}/api/kakao/webhooks/channel`, method: "POST", encoding: "json" },
  });
  const page = await (await newContext({ viewport: PHONE })).newPage();
  await signUp(page, stack, USERS.muzi);
  const before = await api(page, "/channels");
  assert.equal(before.status, 200);
  const kakaoCalls = await stack.kakaoCalls("/v2/api/talk/channels");

  const change = await stack.control("POST", `/users/${USERS.muzi.id}/channels/_ZeUTxl`, { event: "added" });
  assert.equal(change.webhook?.status, 200, "the backend answered the channel webhook 2xx");

  const after = await api(page, "/channels");
  assert.equal(after.status, 200);
  const relation = after.body.find((c) => c.channelPublicId === "_ZeUTxl");
  assert.equal(relation?.relation, "ADDED");
  assert.equal(await stack.kakaoCalls("/v2/api/talk/channels"), kakaoCalls,
    "answered from the webhook's record, without asking Kakao");

  await stack.control("POST", `/users/${USERS.muzi.id}/channels/_ZeUTxl`, { event: "blocked" });
  const blocked = await api(page, "/channels");
  assert.equal(blocked.body.find((c) => c.channelPublicId === "_ZeUTxl")?.relation, "BLOCKED");
});
