// What a page costs in headless Chromium, each load cold (HTTP cache off, a new tab): from
// navigation to the Kakao Sync button painted, from the redirect page's first byte (after
// Kakao's redirect) to handleRedirect resolving against the backend and the emulator, and a
// static-HTML page with a plain button as the baseline. Memory is the page's JS heap and the module's wasm memory;
// the custom-element page also notes its layout shift (the largest of its loads).
import { chromium } from "playwright-core";

export const LOADS = 20;
const USER = "4200000001";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A new tab with the HTTP cache off, loading `url`; resolves with the page's `benchDone`. */
async function coldLoad(context, url, act) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await page.goto(url);
  if (act) await act(page);
  const done = await (await page.waitForFunction(() => window.benchDone, null, { timeout: 30_000 })).jsonValue();
  const heap = (await cdp.send("Runtime.getHeapUsage")).usedSize;
  await page.close();
  return { ...done, heap };
}

/** From the button page, a login that comes back to the redirect page without a Kakao page. */
const login = (site) => async (page) => {
  // Not awaited: the login navigates away, which would end the evaluation.
  await page.evaluate(() => void window.kakao.login());
  await page.waitForURL(`${site}/redirect.html**`);
};

export async function measurePages({ site, kakao }) {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const context = await browser.newContext();
    const button = `${site}/button.html?kakao=${encodeURIComponent(kakao)}`;
    const element = `${site}/element.html?kakao=${encodeURIComponent(kakao)}`;
    // Once through Kakao's login and consent pages, so every later login returns at once.
    await coldLoad(context, button, async (page) => {
      await page.waitForFunction(() => window.benchDone);
      await page.evaluate(() => void window.kakao.login());
      await page.getByTestId(`account-${USER}`).click();
      await page.waitForURL((url) => url.pathname === "/oauth/consent" || url.href.startsWith(`${site}/redirect.html`));
      if (new URL(page.url()).pathname === "/oauth/consent") {
        await page.getByTestId("agree-all").check();
        await page.getByTestId("consent-submit").click();
        await page.waitForURL(`${site}/redirect.html**`);
      }
    });
    const pages = [
      ["static HTML baseline: button painted", `${site}/baseline.html`],
      ["kakao-sync: button painted (await init(); renderLoginButton)", button],
      ["kakao-sync/elements: <kakao-login-button> painted (defineCustomElements())", element],
      ["kakao-sync: redirect page, first byte to handleRedirect resolved", button, login(site)],
    ];
    // Round-robin, one load of each page in turn: the machine's speed drifts over a run, and
    // loading one page twenty times before the next would put that drift into the ratios.
    const samples = pages.map(() => []);
    for (let i = 0; i < LOADS; i++) {
      for (const [index, [, url, act]] of pages.entries()) {
        const sample = await coldLoad(context, url, act && (async (page) => {
          await page.waitForFunction(() => window.benchDone);
          await act(page);
        }));
        if (sample.status && sample.status !== "signed_in") throw new Error(`handleRedirect: ${sample.status}`);
        samples[index].push(sample);
      }
    }
    const rows = pages.map(([what], index) => ({
      what,
      median: median(samples[index].map((s) => s.at)),
      heap: median(samples[index].map((s) => s.heap)),
      wasm: samples[index][0].wasmBytes,
      shift: samples[index][0].shift === undefined ? undefined : Math.max(...samples[index].map((s) => s.shift)),
    }));
    return { loads: LOADS, rows };
  } finally {
    await browser.close();
  }
}
