// Custom elements need a class extending HTMLElement, which Rust cannot declare. These classes
// only forward their lifecycle to the module; everything else happens in Rust. Nothing runs at
// import time, so importing the package stays safe during server-side rendering.

const CLIENT = ["client-id", "redirect-uri", "backend-url", "authorize-endpoint", "scope",
  "service-terms", "channel-public-ids", "lang"];
const pending = new WeakSet();

export function defineElements(connect, disconnect) {
  const define = (name, attributes) => {
    if (customElements.get(name)) return;
    customElements.define(name, class extends HTMLElement {
      static get observedAttributes() { return attributes; }
      connectedCallback() { this.render(); }
      attributeChangedCallback() { if (this.isConnected) this.render(); }
      disconnectedCallback() { disconnect(this); }
      // The parser reports every attribute separately: render once, after the last one.
      render() {
        if (pending.has(this)) return;
        pending.add(this);
        queueMicrotask(() => {
          pending.delete(this);
          if (this.isConnected) connect(this);
        });
      }
    });
  };
  define("kakao-login-button", [...CLIENT, "kind", "label", "size", "width", "align", "disabled"]);
  define("kakao-terms-consent", CLIENT);
}
