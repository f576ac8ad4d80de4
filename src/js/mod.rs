//! The `#[wasm_bindgen]` surface: option parsing, the `KakaoSync` class, errors as JS `Error`s.
