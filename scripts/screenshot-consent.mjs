// The README's picture of the emulator's Kakao Sync consent page. Run while `make demo` is up:
// node scripts/screenshot-consent.mjs (writes docs/consent-ko.png).
import { chromium } from "../www/node_modules/playwright-core/index.mjs";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 420, height: 860 }, deviceScaleFactor: 2 });
await page.goto("http://localhost:8080/");
await page.locator("#login button").click();
await page.getByTestId("account-4200000002").click();
await page.getByTestId("consent-submit").waitFor();
await page.screenshot({ path: new URL("../docs/consent-ko.png", import.meta.url).pathname, fullPage: true });
await browser.close();
