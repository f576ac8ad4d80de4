// Journey 6: a member revokes an optional term on my page, then agrees to it again.
import assert from "node:assert/strict";
import { suite, USERS } from "./harness.js";
import { api, signUp } from "./kakao-pages.js";

const journey = suite();

journey("a member revokes the optional marketing term on my page and agrees to it again", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  await signUp(page, stack, USERS.apeach);
  const panel = page.getByTestId("terms-panel");
  const marketing = () => panel.getByLabel("마케팅 정보 수신");
  const saved = page.getByTestId("terms-status").filter({ hasText: "약관 동의를 저장했습니다." });
  const agreed = async () => (await api(page, "/terms")).body.find((t) => t.tag === "terms_marketing");

  assert.equal(await marketing().isChecked(), true);
  await marketing().uncheck();
  await panel.getByRole("button", { name: "저장하기" }).click();
  await saved.waitFor();
  assert.match(await page.getByTestId("term-status-terms_marketing").textContent(), /동의하지 않음/);
  assert.equal((await agreed()).agreed, false);
  assert.equal(await marketing().isChecked(), false);
  // Required terms stay agreed.
  assert.match(await page.getByTestId("term-status-terms_service").textContent(), /동의함/);

  await page.reload();
  await marketing().check();
  await panel.getByRole("button", { name: "저장하기" }).click();
  await saved.waitFor();
  assert.match(await page.getByTestId("term-status-terms_marketing").textContent(), /동의함 .*이 서비스의 약관 화면/);
  const after = await agreed();
  assert.equal(after.agreed, true);
  assert.equal(after.agreedBy, "KAPI");
});
