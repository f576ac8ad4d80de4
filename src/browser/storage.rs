//! The tab's sessionStorage: the one login transaction, the state of the last one consumed, and
//! whether auto-login was already tried. sessionStorage is per tab and survives the round trip
//! through Kakao, which is exactly the lifetime a login needs.

use crate::browser::browser_error;
use crate::core::Error;
use crate::core::login::Transaction;

/// The keys this module owns in sessionStorage.
#[derive(Clone, Copy)]
pub enum Key {
    /// The login in flight (JSON of [`Transaction`]).
    Transaction,
    /// The `state` of the last transaction consumed, to recognise a reload of the redirect page.
    Handled,
    /// Set once auto-login navigated in this tab, so `consent_required` can never loop.
    AutoLoginTried,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::Transaction => "kakao-sync:transaction",
            Key::Handled => "kakao-sync:handled",
            Key::AutoLoginTried => "kakao-sync:auto-login-tried",
        }
    }
}

pub struct TabStorage(web_sys::Storage);

impl TabStorage {
    pub fn open() -> Result<TabStorage, Error> {
        let window = super::window()?;
        match window.session_storage() {
            Ok(Some(s)) => Ok(TabStorage(s)),
            Ok(None) => Err(Error::Browser("sessionStorage is not available".into())),
            Err(e) => Err(browser_error("sessionStorage", e)),
        }
    }

    pub fn get(&self, key: Key) -> Option<String> {
        self.0.get_item(key.name()).ok().flatten()
    }

    pub fn set(&self, key: Key, value: &str) -> Result<(), Error> {
        self.0
            .set_item(key.name(), value)
            .map_err(|e| browser_error("sessionStorage.setItem", e))
    }

    pub fn remove(&self, key: Key) {
        // Removing never throws in practice; a failure leaves a value that expires or mismatches.
        let _ = self.0.remove_item(key.name());
    }

    pub fn save_transaction(&self, tx: &Transaction) -> Result<(), Error> {
        self.set(Key::Transaction, &tx.encode())
    }

    /// The stored transaction; a corrupt entry (edited by hand, another version) counts as none.
    pub fn load_transaction(&self) -> Option<Transaction> {
        Transaction::decode(&self.get(Key::Transaction)?)
    }
}
