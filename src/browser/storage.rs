//! The tab's sessionStorage: the one login transaction, the state of the last one consumed, and
//! whether auto-login was already tried. sessionStorage is per tab and survives the round trip
//! through Kakao, which is exactly the lifetime a login needs.

use crate::prelude::*;
use wasm_bindgen::prelude::*;

use crate::browser::browser_error;
use crate::core::Error;
use crate::core::login::Transaction;

#[wasm_bindgen(module = "/src/browser/browser.js")]
extern "C" {
    /// `sessionStorage.getItem(key)`; throws where sessionStorage is blocked or missing.
    #[wasm_bindgen(catch, js_name = storageGet)]
    fn storage_get(key: &str) -> Result<Option<String>, JsValue>;
    /// `sessionStorage.setItem(key, value)`; throws when blocked or full.
    #[wasm_bindgen(catch, js_name = storageSet)]
    fn storage_set(key: &str, value: &str) -> Result<(), JsValue>;
    /// `sessionStorage.removeItem(key)`; never throws.
    #[wasm_bindgen(js_name = storageRemove)]
    fn storage_remove(key: &str);
}

/// The keys this module owns in sessionStorage.
#[derive(Clone, Copy)]
pub enum Key {
    /// The login in flight ([`Transaction::encode`]).
    Transaction,
    /// The KakaoTalk login in flight ([`TalkTransaction::encode`](crate::core::login::TalkTransaction::encode)).
    TalkTransaction,
    /// The `state` of the last transaction consumed, to recognise a reload of the redirect page.
    Handled,
    /// Set once auto-login navigated in this tab, so `consent_required` can never loop.
    AutoLoginTried,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::Transaction => "kakao-sync:transaction",
            Key::TalkTransaction => "kakao-sync:talk-transaction",
            Key::Handled => "kakao-sync:handled",
            Key::AutoLoginTried => "kakao-sync:auto-login-tried",
        }
    }
}

/// The value under `key`; an error when sessionStorage is not usable (blocked, not a page).
pub fn get(key: Key) -> Result<Option<String>, Error> {
    storage_get(key.name()).map_err(|e| browser_error("sessionStorage", e))
}

pub fn set(key: Key, value: &str) -> Result<(), Error> {
    storage_set(key.name(), value).map_err(|e| browser_error("sessionStorage.setItem", e))
}

/// Removes the value under `key`; where storage broke, a value left behind expires or mismatches.
pub fn remove(key: Key) {
    storage_remove(key.name());
}

pub fn save_transaction(tx: &Transaction) -> Result<(), Error> {
    set(Key::Transaction, &tx.encode())
}

/// The stored transaction; a corrupt entry (edited by hand, another version) counts as none.
pub fn load_transaction() -> Result<Option<Transaction>, Error> {
    Ok(get(Key::Transaction)?.and_then(|stored| Transaction::decode(&stored)))
}
