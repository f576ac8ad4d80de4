//! The JavaScript built-ins the module calls (`Object`, `Array`, `Promise`, `Error`, `Reflect`,
//! `Date.now`), declared here rather than taken from js-sys: a module that links js-sys 0.3.106
//! also carries its JSPI task runner, which js-sys exports whether or not anything spawns a task
//! and the function table then keeps, 282 B gzip a page (measured). The declarations are
//! js-sys's, for the few methods used.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "object")]
    #[derive(Clone, Debug)]
    pub type Object;

    #[wasm_bindgen(constructor)]
    pub fn new() -> Object;

    /// `Object.hasOwn(object, key)`.
    #[wasm_bindgen(static_method_of = Object, js_name = hasOwn)]
    pub fn has_own(object: &Object, key: &JsValue) -> bool;

    /// `Object.keys(object)`: its own enumerable string keys.
    #[wasm_bindgen(static_method_of = Object)]
    pub fn keys(object: &Object) -> Array;

    /// `Object.entries(object)`: its own enumerable `[key, value]` pairs.
    #[wasm_bindgen(static_method_of = Object)]
    pub fn entries(object: &Object) -> Array;

    #[wasm_bindgen(extends = Object, is_type_of = Array::is_array, typescript_type = "Array<any>")]
    #[derive(Clone, Debug)]
    pub type Array;

    #[wasm_bindgen(constructor)]
    pub fn new() -> Array;

    /// `Array.isArray(value)`.
    #[wasm_bindgen(static_method_of = Array, js_name = isArray)]
    pub fn is_array(value: &JsValue) -> bool;

    #[wasm_bindgen(method, getter)]
    pub fn length(this: &Array) -> u32;

    /// `this[index]`.
    #[wasm_bindgen(method, indexing_getter)]
    pub fn get(this: &Array, index: u32) -> JsValue;

    #[wasm_bindgen(method)]
    pub fn push(this: &Array, value: &JsValue) -> u32;

    #[wasm_bindgen(is_type_of = JsValue::is_function, typescript_type = "Function")]
    #[derive(Clone, Debug)]
    pub type Function;

    #[wasm_bindgen(typescript_type = "Promise<any>")]
    #[derive(Clone, Debug)]
    pub type Promise;

    /// `Promise.resolve(value)`.
    #[wasm_bindgen(static_method_of = Promise)]
    pub fn resolve(value: &JsValue) -> Promise;

    /// `Promise.reject(reason)`.
    #[wasm_bindgen(static_method_of = Promise)]
    pub fn reject(reason: &JsValue) -> Promise;

    #[wasm_bindgen(extends = Object, typescript_type = "Error")]
    #[derive(Clone, Debug)]
    pub type Error;

    #[wasm_bindgen(constructor)]
    pub fn new(message: &str) -> Error;

    #[wasm_bindgen(method, setter)]
    pub fn set_name(this: &Error, name: &str);

    /// `Reflect.get(target, key)`; throws when `target` is not an object.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    pub fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;

    /// `Reflect.set(target, key, value)`; throws when `target` is not an object.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = set)]
    pub fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<bool, JsValue>;

    /// `Date.now()`: milliseconds since the epoch.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    pub fn date_now() -> f64;
}

impl Array {
    /// The elements, first to last.
    pub fn iter(&self) -> impl Iterator<Item = JsValue> + '_ {
        (0..self.length()).map(|i| self.get(i))
    }
}
