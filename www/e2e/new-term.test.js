// Journey 5: the app adds a required service term; members are asked for it and carry on.
import assert from "node:assert/strict";
import { APP, suite, TERMS, USERS } from "./harness.js";
import { api, clickKakaoButton, consent, onMyPage, signUp } from "./kakao-pages.js";

const journey = suite();

const LOCATION_TERM = { tag: "terms_location", title: "위치기반 서비스 이용약관", required: true };

/** The new term goes into the Kakao app's Simple Signup settings and the backend's catalogue. */
async function addRequiredTerm(stack) {
  const apps = await stack.control("GET", "/apps");
  const app = apps.find((a) => a.client_id === APP.clientId);
  await stack.control("PATCH", `/apps/${APP.clientId}`, {
    service_terms: [...app.service_terms, { ...LOCATION_TERM, revocable: false }],
  });
  await stack.startBackend([...TERMS, LOCATION_TERM]);
}

journey("members are asked for a newly added required term, on my page or on Kakao's consent screen", async ({ stack, newContext }) => {
  const open = await (await newContext()).newPage();
  await signUp(open, stack, USERS.ryan);
  const returning = await (await newContext()).newPage();
  await signUp(returning, stack, USERS.apeach);
  await returning.getByTestId("logout").click();
  await returning.waitForURL("**/?done=logout");

  await addRequiredTerm(stack);

  // A member with an open session: my page asks, through the terms panel (Kakao's upgrade API).
  await open.reload();
  await open.getByTestId("terms-required").waitFor();
  assert.match(await open.getByTestId("term-status-terms_location").textContent(), /\[필수\] 위치기반 서비스 이용약관: 동의하지 않음/);
  const panel = open.getByTestId("terms-panel");
  const save = panel.getByRole("button", { name: "저장하기" });
  assert.equal(await save.isDisabled(), true, "saving waits for every required term");
  await panel.getByLabel("위치기반 서비스 이용약관").check();
  await save.click();
  await open.getByTestId("terms-status").filter({ hasText: "약관 동의를 저장했습니다." }).waitFor();
  assert.equal(await open.getByTestId("terms-required").isVisible(), false);
  assert.match(await open.getByTestId("term-status-terms_location").textContent(), /동의함 .*이 서비스의 약관 화면/);
  const stored = (await api(open, "/terms")).body.find((t) => t.tag === "terms_location");
  assert.equal(stored.agreed, true);
  assert.equal(stored.agreedBy, "KAPI");

  // A member signing in again: Kakao's consent screen asks for the new term only.
  await clickKakaoButton(returning);
  await returning.waitForURL(`${stack.kakao}/oauth/consent**`);
  assert.equal(await returning.getByTestId("term-terms_location").count(), 1);
  assert.equal(await returning.getByTestId("term-terms_service").count(), 0);
  await consent(returning, stack, ["term-terms_location"]);
  await onMyPage(returning, USERS.apeach);
  assert.equal(await returning.getByTestId("terms-required").isVisible(), false);
  assert.match(await returning.getByTestId("term-status-terms_location").textContent(), /동의함 .*카카오 동의 화면/);
});
