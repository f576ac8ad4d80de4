// The README's pictures of the demo on a 360-px-wide Android phone: the home page, Kakao's (the
// emulator's) consent page and my page after the sign-up, in a fresh emulator and backend of its
// own (www/e2e/harness.js). Needs pkg/ (`make pkg`) and the debug binaries:
//   cargo build -p kakao-sync-emulator -p kakao-sync-backend && node scripts/screenshot-pages.mjs
// Writes docs/home-360.png, docs/consent-360.png and docs/mypage-360.png.
import { Stack, USERS, launchChromium } from "../www/e2e/harness.js";

const ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 " +
  "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const shot = (name) => new URL(`../docs/${name}-360.png`, import.meta.url).pathname;

const stack = await Stack.start();
const browser = await launchChromium();
try {
  const context = await browser.newContext({
    baseURL: stack.site, viewport: { width: 360, height: 740 }, deviceScaleFactor: 2,
    isMobile: true, hasTouch: true, userAgent: ANDROID_CHROME,
  });
  const page = await context.newPage();
  await page.goto("/");
  const button = page.getByTestId("login").getByRole("button");
  await button.waitFor();
  await page.screenshot({ path: shot("home") });
  await button.tap();
  await page.getByTestId(`account-${USERS.apeach.id}`).tap();
  await page.getByTestId("consent-submit").waitFor();
  await page.screenshot({ path: shot("consent"), fullPage: true });
  await page.getByTestId("agree-all").check();
  await page.getByTestId("consent-submit").tap();
  await page.getByTestId("member-nickname").waitFor();
  await page.waitForFunction(() => document.getElementById("avatar").complete);
  await page.screenshot({ path: shot("mypage") });
} finally {
  await browser.close();
  await stack.stop();
}
console.log("screenshots: docs/home-360.png, docs/consent-360.png, docs/mypage-360.png");
