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

use crate::browser::builtins::{Array, Function, Object, reflect_get, reflect_set};
use crate::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use kakao_sync_wire::oauth::{AuthorizationCode, CodeVerifier, Nonce, State};

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

/// Declares how Rust structs cross to JavaScript:
///
/// ```text
/// shape! {
///     [read] KakaoSyncOptions for ClientConfig {
///         client_id: "clientId": "string",
///         /// Default "/api/kakao"
///         backend_url: optional "backendUrl": "string",
///     }
/// }
/// ```
///
/// Each shape names its TypeScript interface and the struct, then per field the struct's field,
/// the JS key (after `optional` when a JS object may leave it out or give `null`: the field's
/// `Default` then) and the TypeScript type; `///` comments on a field go into the TypeScript
/// declaration. How a value is read follows the field's Rust type ([`Field`]). `[read]` makes a
/// [`Read`] reader, `[write]` a [`Write`] writer, `[]` declares the shape only (its TypeScript and
/// keys). The struct literal the reader builds names every field, so a field added to the
/// struct and not here does not compile.
macro_rules! shape {
    ($([$($mode:ident),*] $name:ident for $ty:ident $fields:tt)*) => {
        $(
            shape!(@shape $name $ty $fields);
            $(shape!(@$mode $name $ty $fields);)*
        )*
    };
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
    (@optional optional) => { "?" };
    (@key optional $key:literal) => { $key };
    (@read $name:ident $ty:ident {
        $($(#[doc = $doc:literal])* $field:ident: $($optional:ident)? $key:literal: $ts:literal),* $(,)?
    }) => {
        impl $crate::browser::shape::Read for $ty {
            fn read_fields(object: &::wasm_bindgen::JsValue) -> Result<Self, $crate::core::Error> {
                use $crate::browser::shape::Field;
                let mut fields = $crate::browser::shape::Fields::of(object, stringify!($name));
                let value = $ty {
                    $($field: Field::read(&mut fields, $key, shape!(@is_optional $($optional)?)),)*
                };
                fields.finish()?;
                Ok(value)
            }
        }
    };
    (@is_optional optional) => { true };
    (@is_optional) => { false };
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

/// A field's Rust type: how it is read, with which of [`Fields`]' readers. A value of the wrong
/// type, or a missing one where the field is not `optional`, is kept as the error and stands in
/// as the type's default.
pub trait Field: Sized {
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self;
}

/// A field's Rust type as a request body carries it.
pub trait ToJs {
    fn to_js(&self) -> JsValue;
}

/// `object[key]` when `object` has it as its own property, `undefined` otherwise: a key another
/// script put on `Object.prototype` (say a `backendUrl` that would receive the code and
/// verifier) is not the page's option.
fn own(object: &JsValue, key: &str) -> JsValue {
    let key = JsValue::from(key);
    if Object::has_own(object.unchecked_ref::<Object>(), &key) {
        reflect_get(object, &key).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// The fields of one object as a shape's reader takes them, by name, one reader per kind of
/// value. Each field is read whatever the fields before it held, and the first error is kept for
/// [`Fields::finish`]: a shape's reader is then one call per field with no exit in between,
/// which keeps it small (an early exit after each field would drop the fields read so far, once
/// per field).
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

    /// The first error, if a field was wrong.
    pub fn finish(self) -> Result<(), Error> {
        self.error.map_or(Ok(()), Err)
    }

    /// Keeps `error` unless an earlier field already failed.
    pub(crate) fn fail(&mut self, error: Error) {
        self.error.get_or_insert(error);
    }

    /// The error for `key`'s value, which must be `expected`.
    fn wrong(&mut self, key: &str, expected: &str) {
        let why = concat(&["`", key, "` in ", self.shape, " must be ", expected]);
        self.fail(Error::InvalidOptions(why));
    }

    /// `key`'s value; `None` when it is absent (`undefined` or `null`), which is an error
    /// (`expected`) unless the key is `optional`.
    pub(crate) fn value(
        &mut self,
        key: &'static str,
        optional: bool,
        expected: &str,
    ) -> Option<JsValue> {
        let value = own(self.object, key);
        if is_absent(&value) {
            if !optional {
                self.wrong(key, expected);
            }
            return None;
        }
        Some(value)
    }

    /// `read` of `key`'s value, or the error that it is not `expected`.
    fn kind<T>(
        &mut self,
        key: &'static str,
        optional: bool,
        expected: &str,
        read: impl FnOnce(&JsValue) -> Option<T>,
    ) -> Option<T> {
        let value = self.value(key, optional, expected)?;
        let read = read(&value);
        if read.is_none() {
            self.wrong(key, expected);
        }
        read
    }

    pub(crate) fn text(&mut self, key: &'static str, optional: bool) -> Option<String> {
        self.kind(key, optional, "a string", JsValue::as_string)
    }

    pub(crate) fn texts(&mut self, key: &'static str, optional: bool) -> Option<Vec<String>> {
        self.kind(key, optional, "an array of strings", texts)
    }

    pub(crate) fn flag(&mut self, key: &'static str, optional: bool) -> Option<bool> {
        self.kind(key, optional, "a boolean", JsValue::as_bool)
    }

    pub(crate) fn number(&mut self, key: &'static str, optional: bool) -> Option<f64> {
        self.kind(key, optional, "a finite number", |v| {
            v.as_f64().filter(|n| n.is_finite())
        })
    }

    pub(crate) fn lang(&mut self, key: &'static str, optional: bool) -> Option<Lang> {
        let lang = self.text(key, optional)?;
        Lang::parse(&lang).map_err(|e| self.fail(e)).ok()
    }

    pub(crate) fn function(&mut self, key: &'static str, optional: bool) -> Option<Function> {
        self.kind(key, optional, "a function", |v| v.dyn_ref().cloned())
    }

    /// An object of a nested shape, read as [`answer`] reads one.
    pub(crate) fn nested<T: Read>(&mut self, key: &'static str, optional: bool) -> Option<T> {
        let value = self.value(key, optional, "an object")?;
        answer(&value).map_err(|e| self.fail(e)).ok()
    }

    /// An array of objects of a shape, each read as [`answer`] reads one.
    pub(crate) fn list<T: Read>(&mut self, key: &'static str, optional: bool) -> Option<Vec<T>> {
        let array = self.kind(key, optional, "an array", |v| {
            Array::is_array(v).then(|| v.clone())
        })?;
        list(&array).map_err(|e| self.fail(e)).ok()
    }
}

/// An option bag: `undefined` or `null` is an empty one; a key the shape does not declare is an
/// error.
pub fn options<T: Read>(value: JsValue) -> Result<T, Error> {
    T::read_fields(&option_bag(value, T::NAME, T::KEYS)?)
}

/// The object an option bag's fields are read from: a fresh empty one for `undefined` or
/// `null`, else `value` once it is known to be an object with only the shape's `keys`.
fn option_bag(value: JsValue, shape: &str, keys: &[&str]) -> Result<JsValue, Error> {
    if is_absent(&value) {
        return Ok(Object::new().into());
    }
    must_be_object(&value, shape)?;
    only_known_keys(&value, shape, keys)?;
    Ok(value)
}

fn only_known_keys(value: &JsValue, shape: &str, keys: &[&str]) -> Result<(), Error> {
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
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
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
        fields.text(key, optional).unwrap_or_default()
    }
}

/// `string | null` in TypeScript: `null` or a missing key is `None`.
impl Field for Option<String> {
    fn read(fields: &mut Fields, key: &'static str, _: bool) -> Self {
        fields.text(key, true)
    }
}

impl Field for Vec<String> {
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
        fields.texts(key, optional).unwrap_or_default()
    }
}

impl Field for Option<Vec<String>> {
    fn read(fields: &mut Fields, key: &'static str, _: bool) -> Self {
        fields.texts(key, true)
    }
}

impl Field for bool {
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
        fields.flag(key, optional).unwrap_or_default()
    }
}

impl Field for Option<bool> {
    fn read(fields: &mut Fields, key: &'static str, _: bool) -> Self {
        fields.flag(key, true)
    }
}

impl Field for Option<f64> {
    fn read(fields: &mut Fields, key: &'static str, _: bool) -> Self {
        fields.number(key, true)
    }
}

/// A whole number of seconds (`expiresIn`); a fraction or a negative number is not one.
impl Field for u64 {
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
        let number = fields.number(key, optional).unwrap_or_default();
        if number < 0.0 || number as u64 as f64 != number {
            fields.wrong(key, "a whole number");
            return 0;
        }
        number as u64
    }
}

impl Field for State {
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
        State::new(fields.text(key, optional).unwrap_or_default())
    }
}

impl Field for Nonce {
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
        Nonce::new(fields.text(key, optional).unwrap_or_default())
    }
}

impl Field for Lang {
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
        fields.lang(key, optional).unwrap_or_default()
    }
}

impl Field for Option<Lang> {
    fn read(fields: &mut Fields, key: &'static str, _: bool) -> Self {
        fields.lang(key, true)
    }
}

impl Field for Option<Function> {
    fn read(fields: &mut Fields, key: &'static str, _: bool) -> Self {
        fields.function(key, true)
    }
}

impl<T: Read> Field for Vec<T> {
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
        fields.list(key, optional).unwrap_or_default()
    }
}

impl<T: Read> Field for Option<Vec<T>> {
    fn read(fields: &mut Fields, key: &'static str, _: bool) -> Self {
        fields.list(key, true)
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
    for i in 0..array.length() {
        out.push(answer(&array.get(i))?);
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

impl ToJs for State {
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
    for i in 0..array.length() {
        out.push(array.get(i).as_string()?);
    }
    Some(out)
}

/// Sets `key` on a JS object; `undefined` values are left out so `"key" in obj` stays honest.
/// Not generic: one copy serves every value type (callers convert with `.into()`).
pub(crate) fn set(target: &JsValue, key: &str, value: JsValue) {
    if !value.is_undefined() {
        // Reflect.set only fails on frozen objects; these are always fresh.
        let _ = reflect_set(target, &key.into(), &value);
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
