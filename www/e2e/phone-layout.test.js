// The UI at phone size, in Chromium playing an Android and an iPhone browser: every login-button
// option and the terms panel from 280 to 412 px wide stay inside their container and keep the
// design guide's proportions, with touch targets of 44 px; the demo's pages and Kakao's
// (the emulator's) pages never scroll sideways at 320, 360 and 412 px.
import assert from "node:assert/strict";
import { PHONES, USERS, phone, suite } from "./harness.js";

// Without KakaoTalk easy login (easy-login.test.js): a tap on a phone goes to account login here.
const journey = suite({ config: { throughTalk: false } });

/** The layout viewport every page must ask for, so a phone lays it out at its own width. */
const VIEWPORT = "width=device-width, initial-scale=1";
/** Apple's and WCAG 2.5.5's touch target, for every button size meant for phones. */
const TOUCH_PX = 44;

// ---- every button option and the terms panel, from 280 px up ----

/** A bare page on the site's origin, so it can load the package from /pkg/. */
const GALLERY = "/__phone-layout.html";
const GALLERY_HTML = `<!doctype html><html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="${VIEWPORT}"><title>phone layout</title>
<style>body{margin:0;padding:16px;font:16px/1.5 sans-serif}.cell{margin:0 0 12px}</style>
</head><body></body></html>`;

/**
 * Renders, into one block-level cell each: every kind, label, size and width (keywords and
 * pixels) in both languages, through renderLoginButton and through <kakao-login-button>; and the
 * terms panel in both languages.
 */
async function renderEverything(page) {
  await page.evaluate(async () => {
    const { default: init, KakaoSync, defineCustomElements } = await import("/pkg/kakao_sync.js");
    await init();
    const redirectUri = `${location.origin}/redirect.html`;
    const cell = (name) => {
      const el = document.createElement("div");
      el.className = "cell";
      el.dataset.case = name;
      document.body.append(el);
      return el;
    };
    const titles = {
      ko: ["서비스 이용약관", "개인정보 수집 및 이용에 대한 안내 (회원 가입과 본인 확인)", "마케팅 정보 수신 동의"],
      en: ["Terms of Service", "Collection and use of personal information (membership and identity)", "Marketing messages"],
    };
    for (const lang of ["ko", "en"]) {
      const kakao = new KakaoSync({ clientId: "phone-layout", redirectUri, lang });
      for (const kind of ["login", "sync"]) {
        for (const label of ["full", "short"]) {
          for (const size of ["small", "medium", "large"]) {
            for (const width of ["narrow", "wide", "fill", 200, 320, 600, 4096]) {
              const options = { kind, label, size, width, lang };
              kakao.renderLoginButton(cell(`renderLoginButton ${JSON.stringify(options)}`), options);
              const element = document.createElement("kakao-login-button");
              for (const [name, value] of Object.entries({ "client-id": "phone-layout", "redirect-uri": redirectUri, ...options })) {
                element.setAttribute(name, String(value));
              }
              cell(`<kakao-login-button ${JSON.stringify(options)}>`).append(element);
            }
          }
        }
      }
      const terms = titles[lang].map((title, i) => ({
        tag: `term_${i}`, title, url: `/terms/${i}`, required: i < 2, agreed: false, revocable: i === 2,
        agreedAt: null, agreedBy: null,
      }));
      await kakao.renderTermsConsent(cell(`terms panel ${lang}`), { terms, onSubmit: async () => {} });
    }
    // What kakao-sync.css reserves before the elements are defined fits as well.
    window.reserved = [...document.querySelectorAll("kakao-login-button")].filter((el) =>
      el.getBoundingClientRect().right > el.parentElement.getBoundingClientRect().right + 0.5)
      .map((el) => `${el.parentElement.dataset.case}: reserves a box wider than its container`);
    defineCustomElements();
  });
  await page.waitForFunction(() => [...document.querySelectorAll("kakao-login-button")]
    .every((el) => el.shadowRoot?.querySelector("button")));
}

/** Everything the page breaks of the rules, as sentences. */
function layoutProblems(page, touchPx) {
  return page.evaluate((touchPx) => {
    const problems = [...window.reserved];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) problems.push(`the page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth} px`);
    const inside = (inner, outer) => inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5;
    const round = (n) => Math.round(n * 10) / 10;
    for (const cell of document.querySelectorAll(".cell")) {
      const name = cell.dataset.case;
      const box = cell.getBoundingClientRect();
      const host = cell.querySelector("kakao-login-button");
      if (host && !inside(host.getBoundingClientRect(), box)) {
        problems.push(`${name}: the element is ${round(host.getBoundingClientRect().width)} px wide in ${round(box.width)} px`);
      }
      if (name.startsWith("terms")) {
        const panel = cell.querySelector(".ks-terms");
        if (!inside(panel.getBoundingClientRect(), box)) problems.push(`${name}: wider than its container`);
        if (panel.scrollWidth > panel.clientWidth) problems.push(`${name}: its content overflows`);
        for (const target of panel.querySelectorAll(".ks-row label, .ks-row a, .ks-submit")) {
          const r = target.getBoundingClientRect();
          if (!inside(r, box)) problems.push(`${name}: "${target.textContent}" sticks out`);
          if (r.height < touchPx) problems.push(`${name}: "${target.textContent}" is a ${round(r.height)} px touch target`);
        }
        continue;
      }
      const button = (host ? host.shadowRoot : cell).querySelector("button");
      const r = button.getBoundingClientRect();
      if (!inside(r, box)) problems.push(`${name}: ${round(r.width)} px wide in a ${round(box.width)} px container`);
      if (button.scrollWidth > button.clientWidth) problems.push(`${name}: its content overflows (${button.scrollWidth} > ${button.clientWidth} px)`);
      const symbol = button.querySelector(".ks-sym").getBoundingClientRect();
      const label = button.querySelector(".ks-label");
      const text = label.getBoundingClientRect();
      if (!inside(symbol, r) || !inside(text, r) || symbol.right > text.left) {
        problems.push(`${name}: the symbol and the label do not both fit, side by side`);
      }
      // The guide's proportions at any scale: symbol 40 % and label a third of the height.
      const fontPx = parseFloat(getComputedStyle(label).fontSize);
      if (Math.abs(symbol.width - 0.4 * r.height) > 0.5 || Math.abs(symbol.height - symbol.width) > 0.5) {
        problems.push(`${name}: symbol ${round(symbol.width)}×${round(symbol.height)} on a ${round(r.height)} px button`);
      }
      if (Math.abs(fontPx - r.height / 3) > 0.5) problems.push(`${name}: label ${round(fontPx)} px on a ${round(r.height)} px button`);
      if (!name.includes('"size":"small"') && r.height < touchPx - 0.01) {
        problems.push(`${name}: ${round(r.height)} px tall, below the ${touchPx} px touch target`);
      }
    }
    return problems;
  }, touchPx);
}

for (const name of Object.keys(PHONES)) {
  journey(`${name}: every login-button option and the terms panel fit their container at 280 to 412 px`, async ({ stack, newContext }) => {
    for (const width of [280, 320, 360, 412]) {
      const context = await newContext(phone(name, width));
      await context.route(`${stack.site}${GALLERY}`, (route) => route.fulfill({ contentType: "text/html", body: GALLERY_HTML }));
      const page = await context.newPage();
      await page.goto(GALLERY);
      await renderEverything(page);
      assert.equal(await page.locator(".cell").count(), 2 * 2 * 2 * 3 * 7 * 2 + 2);
      assert.equal(await page.evaluate(() => document.documentElement.clientWidth), width);
      assert.deepEqual(await layoutProblems(page, TOUCH_PX), [], `${name} at ${width} px`);
      await context.close();
    }
  });
}

// ---- the demo's pages and Kakao's pages ----

/** Lays the page out at 320, 360 and 412 px and fails on any sideways scroll. */
async function noSidewaysScroll(page, where) {
  for (const width of [320, 360, 412]) {
    await page.setViewportSize({ width, height: 740 });
    const seen = await page.evaluate(() => {
      const doc = document.documentElement;
      const sticking = [...document.body.querySelectorAll("*")].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.left < -0.5 || r.right > doc.clientWidth + 0.5);
      }).map((el) => `<${el.localName}${el.id ? `#${el.id}` : ""}> ${Math.round(el.getBoundingClientRect().right)} px`);
      return {
        viewport: document.querySelector("meta[name=viewport]")?.content,
        clientWidth: doc.clientWidth,
        scrollWidth: doc.scrollWidth,
        sticking,
      };
    });
    const at = `${where} at ${width} px`;
    assert.equal(seen.viewport, VIEWPORT, `${at}: the viewport meta`);
    assert.equal(seen.clientWidth, width, `${at}: laid out at the phone's width`);
    assert.ok(seen.scrollWidth <= seen.clientWidth, `${at}: scrolls sideways (${seen.scrollWidth} > ${seen.clientWidth} px)`);
    assert.deepEqual(seen.sticking, [], `${at}: elements past the right edge`);
  }
}

/** From the home page through Kakao's login and consent pages, cancelling once, to my page. */
async function signUpOnAPhone(page, stack, user) {
  await page.goto("/");
  const button = page.getByTestId("login").getByRole("button");
  await button.waitFor();
  await noSidewaysScroll(page, "home");
  const box = await button.boundingBox();
  assert.ok(box.height >= TOUCH_PX, `the home page's button is ${box.height} px tall`);

  await button.tap();
  await page.waitForURL(`${stack.kakao}/accounts/login**`);
  await noSidewaysScroll(page, "Kakao's login page");
  await page.getByTestId(`account-${user.id}`).tap();
  await page.waitForURL(`${stack.kakao}/oauth/consent**`);
  await noSidewaysScroll(page, "Kakao's consent page");
  await page.getByTestId("consent-cancel").tap();

  await page.waitForURL("**/redirect.html**");
  await page.getByTestId("redirect-next").waitFor();
  await noSidewaysScroll(page, "the redirect page, after a cancelled consent");
  await page.getByTestId("redirect-next").getByRole("link").tap();

  await page.getByTestId("login").getByRole("button").tap();
  await page.waitForURL(`${stack.kakao}/oauth/consent**`);
  await page.getByTestId("agree-all").check();
  await page.getByTestId("consent-submit").tap();
  await page.waitForURL("**/mypage.html**");
  await page.getByTestId("member-nickname").waitFor();
}

journey("Android Chrome: home, Kakao's login and consent pages, the redirect page and my page never scroll sideways", async ({ stack, newContext }) => {
  const page = await (await newContext(phone("Android Chrome", 360))).newPage();
  await signUpOnAPhone(page, stack, USERS.ryan);
  // The emulator's own avatar (a 110 px thumbnail) loads and stays in its 64 px box.
  const avatar = page.getByTestId("member-avatar");
  await page.waitForFunction(() => document.getElementById("avatar").naturalWidth > 0);
  assert.equal(await avatar.isVisible(), true);
  assert.deepEqual(await avatar.evaluate((img) => [img.getBoundingClientRect().width, img.getBoundingClientRect().height]), [64, 64]);
  assert.equal(await page.getByTestId("member-avatar-initial").isVisible(), false);
  await noSidewaysScroll(page, "my page");
});

journey("iOS Safari: my page shows the member's initial when Kakao's CDN does not answer, and never scrolls sideways", async ({ stack, newContext }) => {
  // A photo on Kakao's CDN, which this browser cannot reach.
  await stack.control("PATCH", `/users/${USERS.apeach.id}`, {
    profile_image_url: "https://k.kakaocdn.net/dn/phone-layout/img_640x640.jpg",
  });
  const context = await newContext(phone("iOS Safari", 360));
  const cdn = [];
  await context.route("https://k.kakaocdn.net/**", (route) => {
    cdn.push(route.request().url());
    return route.abort("internetdisconnected");
  });
  const page = await context.newPage();
  await signUpOnAPhone(page, stack, USERS.apeach);
  const initial = page.getByTestId("member-avatar-initial");
  await initial.waitFor();
  assert.ok(cdn.length > 0, "my page asked Kakao's CDN for the photo");
  assert.equal(await initial.textContent(), "어");
  assert.equal(await page.getByTestId("member-avatar").isVisible(), false);
  const box = await initial.boundingBox();
  assert.deepEqual([box.width, box.height], [64, 64]);
  await noSidewaysScroll(page, "my page with the initial");
});
