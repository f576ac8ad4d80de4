//! Reading plain JavaScript objects (option bags and backend answers) field by field.
//!
//! serde-wasm-bindgen would do this generically, but its error messages pull float formatting
//! and per-type visitors into the WebAssembly every visitor downloads; these few readers cost a
//! fraction of that. Option bags reject unknown keys, so a typo (`redirectURI`) fails loudly.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::Error;
use crate::core::text::concat;

/// An object being read. `what` names it in error messages (`LoginOptions`, `TermStatus`).
pub(crate) struct Fields {
    object: JsValue,
    what: &'static str,
}

impl Fields {
    /// An option bag: `undefined` or `null` is an empty one; any key not in `known` is an error.
    pub(crate) fn options(
        value: JsValue,
        what: &'static str,
        known: &[&str],
    ) -> Result<Fields, Error> {
        if value.is_undefined() || value.is_null() {
            return Ok(Fields {
                object: Object::new().into(),
                what,
            });
        }
        let fields = Fields::object(value, what)?;
        for key in Object::keys(fields.object.unchecked_ref::<Object>()) {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                let mut why = concat(&[
                    "unknown field `",
                    &key,
                    "` in ",
                    what,
                    ", expected one of: ",
                ]);
                for (i, k) in known.iter().enumerate() {
                    why.push_str(if i == 0 { "" } else { ", " });
                    why.push_str(k);
                }
                return Err(Error::InvalidOptions(why));
            }
        }
        Ok(fields)
    }

    /// An object whose unknown keys are ignored (a backend answer may grow new fields).
    pub(crate) fn object(value: JsValue, what: &'static str) -> Result<Fields, Error> {
        if !value.is_object() || Array::is_array(&value) {
            return Err(Error::InvalidOptions(concat(&[what, " must be an object"])));
        }
        Ok(Fields {
            object: value,
            what,
        })
    }

    /// The raw value of `key`, `None` when absent, `undefined` or `null`.
    pub(crate) fn value(&self, key: &str) -> Option<JsValue> {
        Reflect::get(&self.object, &key.into())
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    fn wrong(&self, key: &str, expected: &str) -> Error {
        Error::InvalidOptions(concat(&[
            "`",
            key,
            "` in ",
            self.what,
            " must be ",
            expected,
        ]))
    }

    pub(crate) fn string(&self, key: &str) -> Result<Option<String>, Error> {
        self.value(key)
            .map(|v| v.as_string().ok_or_else(|| self.wrong(key, "a string")))
            .transpose()
    }

    pub(crate) fn required_string(&self, key: &str) -> Result<String, Error> {
        self.string(key)?.ok_or_else(|| self.wrong(key, "a string"))
    }

    pub(crate) fn boolean(&self, key: &str) -> Result<Option<bool>, Error> {
        self.value(key)
            .map(|v| v.as_bool().ok_or_else(|| self.wrong(key, "a boolean")))
            .transpose()
    }

    pub(crate) fn required_boolean(&self, key: &str) -> Result<bool, Error> {
        self.boolean(key)?
            .ok_or_else(|| self.wrong(key, "a boolean"))
    }

    pub(crate) fn strings(&self, key: &str) -> Result<Option<Vec<String>>, Error> {
        let Some(v) = self.value(key) else {
            return Ok(None);
        };
        let array: Array = v
            .dyn_into()
            .map_err(|_| self.wrong(key, "an array of strings"))?;
        array
            .iter()
            .map(|item| {
                item.as_string()
                    .ok_or_else(|| self.wrong(key, "an array of strings"))
            })
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// An array of objects, each read by `item`.
    pub(crate) fn list<T>(
        value: JsValue,
        what: &'static str,
        item: impl Fn(Fields) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        let array: Array = value
            .dyn_into()
            .map_err(|_| Error::InvalidOptions(concat(&["expected an array of ", what])))?;
        array
            .iter()
            .map(|v| Fields::object(v, what).and_then(&item))
            .collect()
    }
}
