// The terms panel's DOM calls (src/ui/terms.rs documents each beside its Rust import), in the
// account role's module with the panel, not in elements.js, which every page with a button loads.
import { listen, setAria, trusted } from "./dom.js";

export function watchForm(form, onToggle, onSubmit) {
  listen(form, form, ["change", "submit"], (event) => {
    if (event.type === "submit") {
      event.preventDefault();
      onSubmit();
      return;
    }
    const i = [...form.querySelectorAll("input")].indexOf(event.target);
    if (i >= 0) onToggle({ index: i, checked: event.target.checked });
  });
}

export function setInput(form, i, checked, disabled, indeterminate) {
  const input = form.querySelectorAll("input")[i];
  input.checked = checked;
  input.disabled = disabled;
  input.indeterminate = indeterminate;
}

export function setSubmit(form, disabled, busy, hintHidden) {
  const submit = form.querySelector("button");
  submit.disabled = disabled;
  setAria(submit, "aria-busy", busy);
  form.querySelector(".ks-hint").hidden = hintHidden;
}

export function setHtml(root, selector, html) {
  root.querySelector(selector).innerHTML = trusted(html);
}

export function setText(root, selector, text) {
  root.querySelector(selector).textContent = text;
}

// Not named `then`: a module exporting `then` is a thenable, which `await import()` would call.
export function andThen(promise, next) {
  return promise.then(next);
}

export function call(f, arg) {
  return new Promise((resolve) => resolve(f(arg))).then(() => {});
}

export function isWebUrl(el, url) {
  const page = new URL(el.ownerDocument.baseURI);
  let href;
  try {
    href = new URL(url, page);
  } catch {
    return false;
  }
  const web = href.protocol === "http:" || href.protocol === "https:";
  return web && (URL.canParse(url) || href.origin === page.origin);
}
