// The KakaoTalk wait panel's DOM call (src/ui/talk_wait.rs documents it beside its Rust
// import), in the login role's module.
import { listen } from "./dom.js";

export function waitPanel(panel, cancel, otherWay) {
  listen(panel, panel, ["click"], (event) => {
    const action = event.target.closest("[data-ks]")?.dataset.ks;
    if (action === "cancel") cancel();
    if (action === "other") otherWay();
  });
}
