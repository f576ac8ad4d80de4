// Steps a person takes on the site and on Kakao's (the emulator's) pages, by what they see:
// the site's button and the emulator's documented data-testids.
import assert from "node:assert/strict";

/** Clicks the Kakao Sync button on the home page. */
export async function clickKakaoButton(page) {
  await page.goto("/");
  await page.getByTestId("login").getByRole("button").click();
}

/** On Kakao's login page, picks the account. */
export async function chooseAccount(page, stack, user) {
  await page.waitForURL(`${stack.kakao}/accounts/login**`);
  await page.getByTestId(`account-${user.id}`).click();
}

/** On Kakao's consent page, ticks everything (or only `items`, data-testids) and agrees. */
export async function consent(page, stack, items) {
  await page.waitForURL(`${stack.kakao}/oauth/consent**`);
  if (items) {
    for (const item of items) await page.getByTestId(item).check();
  } else {
    await page.getByTestId("agree-all").check();
  }
  await page.getByTestId("consent-submit").click();
}

/** Waits for my page to show the signed-in member. */
export async function onMyPage(page, user) {
  await page.waitForURL("**/mypage.html**");
  await page.getByTestId("member-nickname").waitFor();
  if (user) assert.equal(await page.getByTestId("member-kakaoId").textContent(), user.id);
}

/** A whole first sign-up through Kakao's pages, agreeing to everything. */
export async function signUp(page, stack, user) {
  await clickKakaoButton(page);
  await chooseAccount(page, stack, user);
  await consent(page, stack);
  await onMyPage(page, user);
}

/** The backend's answer to `GET {path}` with this browser's cookies: status and JSON body. */
export async function api(page, path) {
  const response = await page.request.get(`/api/kakao${path}`);
  return { status: response.status(), body: await response.json().catch(() => null) };
}

/** Every URL the page's main frame loads from now on, each hop of a redirect included. */
export function navigations(page) {
  const urls = [];
  page.on("request", (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) urls.push(request.url());
  });
  return urls;
}

/** On Kakao's sharer, sends the message as `sender` to the direct chat with `receiver`. */
export async function sendShare(sharer, sender, receiver, timeout) {
  await sharer.getByTestId("share-sender").selectOption(sender.id);
  await sharer.getByRole("radio", { name: receiver.nickname }).check();
  await sharer.getByTestId("share-send").click();
  await sharer.getByTestId("share-sent").waitFor({ timeout });
}
