//! Reading plain JavaScript objects (option bags and backend answers) against a schema.
//!
//! serde-wasm-bindgen would do this generically, but its error messages pull float formatting
//! and per-type visitors into the WebAssembly every visitor downloads. Here one loop checks every
//! field of a schema, so each caller only picks up values already known to have the right type.
//! Option bags reject unknown keys, so a typo (`redirectURI`) fails loudly, and every object is
//! read from its own properties only, never through its prototype chain.

use crate::prelude::*;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::Error;
use crate::core::text::concat;

/// What a field must hold; the `Required…` kinds must also be present (not `undefined`/`null`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    RequiredText,
    /// An array of strings.
    Texts,
    Flag,
    RequiredFlag,
    /// Anything, handed over as is for the caller to check.
    Any,
}

/// A schema: each known field and its kind, in the order [`Values`] yields them.
pub(crate) type Schema = [(&'static str, Kind)];

enum Value {
    Absent,
    Text(String),
    Texts(Vec<String>),
    Flag(bool),
    Raw(JsValue),
}

/// The fields of a checked object, in schema order: take each with the accessor of its kind.
pub(crate) struct Values(alloc::vec::IntoIter<Value>);

impl Values {
    fn next(&mut self) -> Value {
        self.0.next().unwrap_or(Value::Absent)
    }

    pub(crate) fn text(&mut self) -> Option<String> {
        match self.next() {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn texts(&mut self) -> Option<Vec<String>> {
        match self.next() {
            Value::Texts(v) => Some(v),
            _ => None,
        }
    }

    pub(crate) fn flag(&mut self) -> Option<bool> {
        match self.next() {
            Value::Flag(b) => Some(b),
            _ => None,
        }
    }

    pub(crate) fn raw(&mut self) -> Option<JsValue> {
        match self.next() {
            Value::Raw(v) => Some(v),
            _ => None,
        }
    }
}

/// An option bag: `undefined` or `null` is an empty one; any key not in `schema` is an error.
pub(crate) fn options(value: JsValue, what: &str, schema: &Schema) -> Result<Values, Error> {
    if value.is_undefined() || value.is_null() {
        return object(&Object::new(), what, schema);
    }
    let values = object(&value, what, schema)?;
    for key in Object::keys(value.unchecked_ref::<Object>()) {
        let key = key.as_string().unwrap_or_default();
        if !schema.iter().any(|(known, _)| *known == key) {
            let mut why = concat(&[
                "unknown field `",
                &key,
                "` in ",
                what,
                ", expected one of: ",
            ]);
            for (i, (known, _)) in schema.iter().enumerate() {
                why.push_str(if i == 0 { "" } else { ", " });
                why.push_str(known);
            }
            return Err(Error::InvalidOptions(why));
        }
    }
    Ok(values)
}

/// An object whose unknown keys are ignored (a backend answer may grow new fields).
pub(crate) fn object(value: &JsValue, what: &str, schema: &Schema) -> Result<Values, Error> {
    if !value.is_object() || Array::is_array(value) {
        return Err(Error::InvalidOptions(concat(&[what, " must be an object"])));
    }
    let mut values = Vec::with_capacity(schema.len());
    for &(key, kind) in schema {
        // Own properties only: a key another script put on `Object.prototype` (say a
        // `backendUrl` that would receive the code and verifier) is not the page's option.
        let key_value = JsValue::from(key);
        let raw = if Object::has_own(value.unchecked_ref::<Object>(), &key_value) {
            Reflect::get(value, &key_value).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        };
        let wrong = |expected: &str| {
            Error::InvalidOptions(concat(&["`", key, "` in ", what, " must be ", expected]))
        };
        values.push(if raw.is_undefined() || raw.is_null() {
            match kind {
                Kind::RequiredText => return Err(wrong("a string")),
                Kind::RequiredFlag => return Err(wrong("a boolean")),
                _ => Value::Absent,
            }
        } else {
            match kind {
                Kind::Text | Kind::RequiredText => {
                    Value::Text(raw.as_string().ok_or_else(|| wrong("a string"))?)
                }
                Kind::Texts => {
                    Value::Texts(texts(&raw).ok_or_else(|| wrong("an array of strings"))?)
                }
                Kind::Flag | Kind::RequiredFlag => {
                    Value::Flag(raw.as_bool().ok_or_else(|| wrong("a boolean"))?)
                }
                Kind::Any => Value::Raw(raw),
            }
        });
    }
    Ok(Values(values.into_iter()))
}

/// An array of objects, each checked against `schema` and built by `item`.
pub(crate) fn list<T>(
    value: &JsValue,
    what: &str,
    schema: &Schema,
    mut item: impl FnMut(Values) -> T,
) -> Result<Vec<T>, Error> {
    let Some(array) = value.dyn_ref::<Array>() else {
        return Err(Error::InvalidOptions(concat(&[
            "expected an array of ",
            what,
        ])));
    };
    let mut out = Vec::with_capacity(array.length() as usize);
    for i in 0..array.length() {
        out.push(item(object(&array.get(i), what, schema)?));
    }
    Ok(out)
}

/// An array of strings, or `None` for anything else.
pub(crate) fn texts(value: &JsValue) -> Option<Vec<String>> {
    let array = value.dyn_ref::<Array>()?;
    let mut out = Vec::with_capacity(array.length() as usize);
    for i in 0..array.length() {
        out.push(array.get(i).as_string()?);
    }
    Some(out)
}
