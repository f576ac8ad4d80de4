//! Every plain object that crosses between JavaScript and Rust (the option bags, the backend's
//! requests and answers) declared once, with [`shape!`]: the Rust struct it reads into or writes
//! from, each field's JS key, and its TypeScript type. The macro makes a by-name reader, a writer
//! where one is needed, and the TypeScript declaration that `js::types` puts in the `.d.ts`.
//!
//! serde-wasm-bindgen would do this generically, but its error messages pull float formatting
//! and per-type visitors into the WebAssembly every visitor downloads, and it needs std. Here each
//! field is one call, and what a value must be comes from the Rust type of its field ([`Field`]).
//! Option bags reject unknown keys, so a typo (`redirectURI`) fails loudly, and every object is
//! read from its own properties only, never through its prototype chain.

use crate::prelude::*;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use kakao_sync_wire::oauth::{AuthorizationCode, CodeVerifier, Nonce};

use crate::core::text::concat;
use crate::core::{Error, Lang};

/// A JS-facing shape: its TypeScript name, its keys and its TypeScript declaration.
pub trait Shape {
    /// The name of the TypeScript interface, which errors name too.
    const NAME: &'static str;
    /// Every key, in the order of the declaration.
    const KEYS: &'static [&'static str];
    /// The keys a JS object may leave out (`key?:` in TypeScript).
    const OPTIONAL: &'static [&'static str];
    /// `export interface Name { ... }`.
    const TYPESCRIPT: &'static str;
}

/// A shape JavaScript hands to Rust.
pub trait Read: Shape + Sized {
    /// Reads every field of `object`, which is known to be an object.
    fn read_fields(object: &JsValue) -> Result<Self, Error>;
}

/// A shape Rust hands to JavaScript (a request body).
pub trait Write: Shape {
    fn to_js(&self) -> JsValue;
}

/// Declares how Rust structs cross to JavaScript. Each shape names its TypeScript interface,
/// the struct, and per field the struct's field, the JS key (after `optional` when a JS object
/// may leave it out or give `null`: the field's `Default` then) and the TypeScript type; `///`
/// comments on a field go into the TypeScript declaration. `[read]` makes a [`Read`] reader,
/// `[write]` a [`Write`] writer. The struct literal the reader builds must name every field, so
/// a field added to the struct and not here does not compile.
macro_rules! shape {
    ($([$($mode:ident),+] $name:ident for $ty:ident $fields:tt)*) => {
        $(
            shape!(@shape $name $ty $fields);
            $(shape!(@$mode $name $ty $fields);)+
        )*
    };
    (@optional optional) => { "?" };
    (@shape $name:ident $ty:ident {
        $($(#[doc = $doc:literal])* $field:ident: $($optional:ident)? $key:literal: $ts:literal),* $(,)?
    }) => {
        impl $crate::browser::shape::Shape for $ty {
            const NAME: &'static str = stringify!($name);
            const KEYS: &'static [&'static str] = &[$($key),*];
            const OPTIONAL: &'static [&'static str] = &[$($(shape!(@key $optional $key),)?)*];
            const TYPESCRIPT: &'static str = concat!(
                "\nexport interface ", stringify!($name), " {\n",
                $($("  /**", $doc, " */\n",)* "  ", $key, $(shape!(@optional $optional),)? ": ", $ts, ";\n",)*
                "}\n"
            );
        }
    };
    (@key optional $key:literal) => { $key };
    (@read $name:ident $ty:ident {
        $($(#[doc = $doc:literal])* $field:ident: $($optional:ident)? $key:literal: $ts:literal),* $(,)?
    }) => {
        impl $crate::browser::shape::Read for $ty {
            fn read_fields(object: &::wasm_bindgen::JsValue) -> Result<Self, $crate::core::Error> {
                let mut fields = $crate::browser::shape::Fields::of(object, stringify!($name));
                let value = $ty {
                    $($field: shape!(@field fields, $key $($optional)?),)*
                };
                fields.finish(value)
            }
        }
        impl $crate::browser::shape::Field for $ty {
            fn from_js(
                value: ::wasm_bindgen::JsValue,
                _: &'static str,
                _: &'static str,
            ) -> Result<Self, $crate::core::Error> {
                $crate::browser::shape::answer(&value)
            }
        }
    };
    (@field $fields:ident, $key:literal optional) => {
        $fields.optional($key)
    };
    (@field $fields:ident, $key:literal) => {
        $fields.required($key)
    };
    (@write $name:ident $ty:ident {
        $($(#[doc = $doc:literal])* $field:ident: $($optional:ident)? $key:literal: $ts:literal),* $(,)?
    }) => {
        impl $crate::browser::shape::Write for $ty {
            fn to_js(&self) -> ::wasm_bindgen::JsValue {
                $crate::browser::shape::object(&[$(($key, $crate::browser::shape::ToJs::to_js(&self.$field)),)*])
            }
        }
    };
}

/// A field's Rust type: what a JS value must be to become one.
pub trait Field: Sized {
    /// `value` as this type; an `invalid_config` error naming `key` of `shape` otherwise.
    fn from_js(value: JsValue, key: &'static str, shape: &'static str) -> Result<Self, Error>;
}

/// A field's Rust type as a request body carries it.
pub trait ToJs {
    fn to_js(&self) -> JsValue;
}

/// The error for a value of the wrong type.
fn wrong(key: &str, shape: &str, expected: &str) -> Error {
    Error::InvalidOptions(concat(&["`", key, "` in ", shape, " must be ", expected]))
}

/// `object[key]` when `object` has it as its own property, `undefined` otherwise: a key another
/// script put on `Object.prototype` (say a `backendUrl` that would receive the code and
/// verifier) is not the page's option.
fn own(object: &JsValue, key: &str) -> JsValue {
    let key = JsValue::from(key);
    if Object::has_own(object.unchecked_ref::<Object>(), &key) {
        Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// The fields of one object as a shape's reader takes them, by name. Each field is read whatever
/// the fields before it held, and the first error is kept for [`Fields::finish`]: a reader is
/// then one call per field with no exit in between, which keeps it small (an early exit after
/// each field would drop the fields read so far, once per field).
pub struct Fields<'a> {
    object: &'a JsValue,
    shape: &'static str,
    error: Option<Error>,
}

impl<'a> Fields<'a> {
    pub fn of(object: &'a JsValue, shape: &'static str) -> Self {
        Fields {
            object,
            shape,
            error: None,
        }
    }

    /// A field every object of the shape has.
    #[inline(never)]
    pub fn required<T: Field + Default>(&mut self, key: &'static str) -> T {
        let read = T::from_js(own(self.object, key), key, self.shape);
        self.keep(read)
    }

    /// A field an object may leave out or set to `null`: then the type's default.
    #[inline(never)]
    pub fn optional<T: Field + Default>(&mut self, key: &'static str) -> T {
        let value = own(self.object, key);
        if is_absent(&value) {
            return T::default();
        }
        let read = T::from_js(value, key, self.shape);
        self.keep(read)
    }

    /// The value read, or a stand-in after keeping the first error.
    fn keep<T: Default>(&mut self, read: Result<T, Error>) -> T {
        read.unwrap_or_else(|e| {
            self.error.get_or_insert(e);
            T::default()
        })
    }

    /// `value`, built from the fields, unless one of them was wrong.
    pub fn finish<T>(self, value: T) -> Result<T, Error> {
        match self.error {
            None => Ok(value),
            Some(e) => Err(e),
        }
    }
}

/// An option bag: `undefined` or `null` is an empty one; a key the shape does not declare is an
/// error.
pub fn options<T: Read>(value: JsValue) -> Result<T, Error> {
    let object = if is_absent(&value) {
        Object::new().into()
    } else {
        must_be_object(&value, T::NAME)?;
        only_known_keys(&value, T::NAME, T::KEYS)?;
        value
    };
    T::read_fields(&object)
}

fn only_known_keys(value: &JsValue, shape: &str, keys: &[&str]) -> Result<(), Error> {
    for key in Object::keys(value.unchecked_ref::<Object>()) {
        let key = key.as_string().unwrap_or_default();
        if !keys.contains(&key.as_str()) {
            let mut why = concat(&[
                "unknown field `",
                &key,
                "` in ",
                shape,
                ", expected one of: ",
            ]);
            for (i, known) in keys.iter().enumerate() {
                why.push_str(if i == 0 { "" } else { ", " });
                why.push_str(known);
            }
            return Err(Error::InvalidOptions(why));
        }
    }
    Ok(())
}

/// An object whose unknown keys are ignored (a backend answer may grow new fields).
pub fn answer<T: Read>(value: &JsValue) -> Result<T, Error> {
    must_be_object(value, T::NAME)?;
    T::read_fields(value)
}

fn must_be_object(value: &JsValue, shape: &str) -> Result<(), Error> {
    if !value.is_object() || Array::is_array(value) {
        return Err(Error::InvalidOptions(concat(&[
            shape,
            " must be an object",
        ])));
    }
    Ok(())
}

impl Field for String {
    fn from_js(value: JsValue, key: &'static str, shape: &'static str) -> Result<Self, Error> {
        value
            .as_string()
            .ok_or_else(|| wrong(key, shape, "a string"))
    }
}

impl Field for bool {
    fn from_js(value: JsValue, key: &'static str, shape: &'static str) -> Result<Self, Error> {
        value
            .as_bool()
            .ok_or_else(|| wrong(key, shape, "a boolean"))
    }
}

impl Field for Vec<String> {
    fn from_js(value: JsValue, key: &'static str, shape: &'static str) -> Result<Self, Error> {
        texts(&value).ok_or_else(|| wrong(key, shape, "an array of strings"))
    }
}

/// `null` (or a missing key) is `None`, as `string | null` in TypeScript.
impl<T: Field> Field for Option<T> {
    fn from_js(value: JsValue, key: &'static str, shape: &'static str) -> Result<Self, Error> {
        if is_absent(&value) {
            return Ok(None);
        }
        T::from_js(value, key, shape).map(Some)
    }
}

impl Field for Lang {
    fn from_js(value: JsValue, key: &'static str, shape: &'static str) -> Result<Self, Error> {
        Lang::parse(&String::from_js(value, key, shape)?)
    }
}

impl Field for Function {
    fn from_js(value: JsValue, key: &'static str, shape: &'static str) -> Result<Self, Error> {
        value
            .dyn_into()
            .map_err(|_| wrong(key, shape, "a function"))
    }
}

/// An array of objects of a shape.
impl<T: Read> Field for Vec<T> {
    fn from_js(value: JsValue, key: &'static str, shape: &'static str) -> Result<Self, Error> {
        if !Array::is_array(&value) {
            return Err(wrong(key, shape, "an array"));
        }
        list(&value)
    }
}

/// An array of objects of a shape, each read as [`answer`] reads one.
pub fn list<T: Read>(value: &JsValue) -> Result<Vec<T>, Error> {
    let Some(array) = value.dyn_ref::<Array>() else {
        return Err(Error::InvalidOptions(concat(&[
            "expected an array of ",
            T::NAME,
        ])));
    };
    let mut out = Vec::with_capacity(array.length() as usize);
    for item in array.iter() {
        out.push(answer(&item)?);
    }
    Ok(out)
}

impl ToJs for String {
    fn to_js(&self) -> JsValue {
        self.into()
    }
}

impl ToJs for bool {
    fn to_js(&self) -> JsValue {
        (*self).into()
    }
}

impl ToJs for AuthorizationCode {
    fn to_js(&self) -> JsValue {
        self.expose().into()
    }
}

impl ToJs for CodeVerifier {
    fn to_js(&self) -> JsValue {
        self.expose().into()
    }
}

impl ToJs for Nonce {
    fn to_js(&self) -> JsValue {
        self.expose().into()
    }
}

impl ToJs for Vec<String> {
    fn to_js(&self) -> JsValue {
        let array = Array::new();
        for text in self {
            array.push(&text.into());
        }
        array.into()
    }
}

/// An array of strings, or `None` for anything else.
pub(crate) fn texts(value: &JsValue) -> Option<Vec<String>> {
    let array = value.dyn_ref::<Array>()?;
    let mut out = Vec::with_capacity(array.length() as usize);
    for item in array.iter() {
        out.push(item.as_string()?);
    }
    Some(out)
}

/// Sets `key` on a JS object; `undefined` values are left out so `"key" in obj` stays honest.
/// Not generic: one copy serves every value type (callers convert with `.into()`).
pub(crate) fn set(target: &JsValue, key: &str, value: JsValue) {
    if !value.is_undefined() {
        // Reflect.set only fails on frozen objects; these are always fresh.
        let _ = Reflect::set(target, &key.into(), &value);
    }
}

/// A fresh plain object with the given fields.
pub(crate) fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o: JsValue = Object::new().into();
    for (k, v) in fields {
        set(&o, k, v.clone());
    }
    o
}
