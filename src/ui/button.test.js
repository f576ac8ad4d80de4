// button.js's options, labels and classes, in Node (`make test-js`); how the button looks and
// behaves in a browser is tests/ui.rs's and the journeys' (www/e2e).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { OPTION_KEYS, accessibleName, className, labelText, readButtonOptions } from "./button.js";

/** The `code` and `message` of what `read` throws. */
function failure(read) {
  try {
    read();
  } catch (error) {
    assert.equal(error.name, "KakaoSyncError");
    return { code: error.code, message: error.message };
  }
  assert.fail("nothing was thrown");
}

const width = (value) => readButtonOptions({ width: value }).width;

test("labels are the guide's texts", () => {
  const options = (kind, label) => readButtonOptions({ kind, label });
  assert.equal(labelText(options("login", "full"), "ko"), "카카오 로그인");
  assert.equal(labelText(options("login", "short"), "en"), "Login");
  assert.equal(labelText(options("sync", "full"), "ko"), "카카오로 시작하기");
  assert.equal(labelText(options("sync", "full"), "en"), "Start with Kakao");
  assert.equal(labelText(options("sync", "short"), "en"), "Start");
});

test("the accessible name contains the visible label", () => {
  for (const kind of ["login", "sync"]) {
    for (const label of ["full", "short"]) {
      for (const lang of ["ko", "en"]) {
        const options = readButtonOptions({ kind, label });
        assert.ok(accessibleName(options, lang).includes(labelText(options, lang)), `${kind} ${label} ${lang}`);
      }
    }
  }
});

test("no options are the defaults", () => {
  const defaults = { kind: "login", label: "full", size: "medium", width: "narrow", lang: undefined, align: "left", disabled: false };
  assert.deepEqual(readButtonOptions(undefined), defaults);
  assert.deepEqual(readButtonOptions(null), defaults);
  assert.deepEqual(readButtonOptions({}), defaults);
  assert.deepEqual(readButtonOptions({ kind: null, width: undefined, disabled: null }), defaults);
});

test("width accepts keywords and pixels", () => {
  assert.equal(width("fill"), "fill");
  assert.equal(width("wide"), "wide");
  assert.equal(width("320"), 320);
  assert.equal(width(240.4), 240);
  assert.equal(width(4096), 4096);
});

test("width rejects nonsense", () => {
  for (const bad of ["", "0", "-5", "100%", "huge", "5000", "1e3", " 320", 0, -1, NaN, Infinity, 1e6, true, {}]) {
    assert.equal(failure(() => width(bad)).code, "invalid_config", `${String(bad)} was accepted`);
  }
});

test("every option reads its documented values", () => {
  const read = (key, value) => readButtonOptions({ [key]: value })[key];
  assert.equal(read("kind", "sync"), "sync");
  assert.equal(read("kind", "login"), "login");
  assert.equal(read("label", "short"), "short");
  assert.equal(read("label", "full"), "full");
  assert.equal(read("size", "small"), "small");
  assert.equal(read("size", "medium"), "medium");
  assert.equal(read("size", "large"), "large");
  assert.equal(read("width", "wide"), "wide");
  assert.equal(read("align", "center"), "center");
  assert.equal(read("align", "left"), "left");
  assert.equal(read("lang", "en"), "en");
  assert.equal(read("disabled", true), true);
});

test("wrong values are typed errors naming the option", () => {
  assert.deepEqual(failure(() => readButtonOptions({ size: "huge" })), {
    code: "invalid_config",
    message: 'invalid `size`: must be "small", "medium" or "large"',
  });
  assert.deepEqual(failure(() => readButtonOptions({ kind: 1 })), {
    code: "invalid_config",
    message: 'invalid `kind`: must be "login" or "sync"',
  });
  assert.deepEqual(failure(() => readButtonOptions({ lang: "fr" })), {
    code: "invalid_config",
    message: "invalid `lang`: must be ko or en",
  });
  assert.match(failure(() => readButtonOptions({ label: true })).message, /`label`/);
  assert.match(failure(() => readButtonOptions({ align: [] })).message, /`align`/);
  assert.match(failure(() => readButtonOptions({ disabled: "yes" })).message, /`disabled`/);
});

test("options are checked by name, as button-options.d.ts declares them", () => {
  const typescript = readFileSync(new URL("button-options.d.ts", import.meta.url), "utf8");
  const declared = [...typescript.matchAll(/^ {2}(\w+)\?:/gm)].map((match) => match[1]);
  assert.deepEqual(declared, OPTION_KEYS, "every key, optional, in the reader's order");

  const unknown = failure(() => readButtonOptions({ colour: "blue" }));
  assert.equal(unknown.code, "invalid_config");
  assert.match(unknown.message, /unknown field `colour`/);
  for (const key of OPTION_KEYS) {
    // An object fits no option: not a string, number or boolean.
    const wrong = failure(() => readButtonOptions({ [key]: {} }));
    assert.equal(wrong.code, "invalid_config", key);
    assert.ok(wrong.message.includes(`\`${key}\``), `${key}: ${wrong.message}`);
  }
  for (const bad of ["login", 3, ["kind"]]) {
    assert.equal(failure(() => readButtonOptions(bad)).code, "invalid_config", JSON.stringify(bad));
  }
});

test("only the object's own keys are options", () => {
  const inherited = Object.create({ size: "huge", colour: "blue" });
  assert.equal(readButtonOptions(inherited).size, "medium");
});

test("the class names name size, width and alignment", () => {
  assert.equal(className(readButtonOptions({ size: "large", width: 400, align: "center" })), "ks-btn ks-l ks-px ks-center");
  assert.equal(className(readButtonOptions({})), "ks-btn ks-m ks-narrow ks-left");
  assert.equal(className(readButtonOptions({ size: "small", width: "fill" })), "ks-btn ks-s ks-fill ks-left");
  assert.equal(className(readButtonOptions({ width: "wide" })), "ks-btn ks-m ks-wide ks-left");
});
