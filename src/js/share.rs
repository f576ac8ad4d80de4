//! `kakao-sync/share`: KakaoTalk share (카카오톡 공유) from a page, and the share and channel
//! buttons. Kakao offers share only through its JavaScript SDK ("REST API 방식은 지원하지
//! 않습니다"), so `share()` checks the template here first (`core::share::plan_share`: a
//! violation rejects with `invalid_template` and nothing loads), then loads Kakao's SDK once
//! (pinned, with its SRI integrity), initialises it with the app's JavaScript key and calls
//! `Kakao.Share.sendDefault`, `sendCustom` or `sendScrap`. Built only with the `share` feature:
//! pages that do not share never download it.

use crate::browser::builtins::{Array, Object, Promise};
use crate::prelude::*;
use wasm_bindgen::prelude::*;

use crate::browser::shape::{self, Field, Fields, Shape, object};
use crate::browser::{callback, get, query_pairs};
use crate::core::Error;
use crate::core::channel::{ChannelAction, channel_url};
use crate::core::share::{
    Button, CalendarIdType, Commerce, Content, CurrencyUnitPosition, Item, ItemContent, Link,
    Message, ShareOptions, Social, Template, plan_share,
};
use crate::core::text::parse_decimal;

/// Kakao's JavaScript SDK on Kakao's CDN, the version kakao-sync is tested against.
pub const KAKAO_SDK_URL: &str = "https://t1.kakaocdn.net/kakao_js_sdk/2.7.1/kakao.min.js";
/// The SHA-384 of 2.7.1's `kakao.min.js` (shared/reference/kakao-talk-features.md §1.1; the same
/// value bench/size.mjs checks a measured copy against). UNCONFIRMED against Kakao's download
/// page itself, whose hash shows only behind a copy button.
pub const KAKAO_SDK_INTEGRITY: &str =
    "sha384-kDljxUXHaJ9xAb2AzRd59KxjrFjzHa5TAoFQ6GbYTCAG0bjM55XohjjDT7tDDC01";

#[wasm_bindgen(module = "/src/js/share.js")]
extern "C" {
    #[wasm_bindgen(js_name = sendShare)]
    fn send_share(
        url: &str,
        integrity: Option<String>,
        javascript_key: &str,
        function: &str,
        settings: &str,
        finish: JsValue,
    ) -> Promise;
    #[wasm_bindgen(js_name = defineShareElements)]
    fn define_share_elements(share: &JsValue, channel_url: &JsValue);
}

/// `share(template, options)`'s options.
pub struct ShareSettings {
    pub javascript_key: String,
    pub sdk_url: Option<String>,
    pub integrity: Option<String>,
    pub web_domains: Option<Vec<String>>,
    pub server_callback_args: Pairs,
    pub install_talk: bool,
}

/// A JS object of string values (`templateArgs`, `serverCallbackArgs`), in its key order.
#[derive(Default)]
pub struct Pairs(pub Vec<(String, String)>);

shape! {
    [read] ShareOptions for ShareSettings {
        /// The app's JavaScript key ([앱] > [플랫폼 키] > [JavaScript 키]).
        javascript_key: "javascriptKey": "string",
        /// Default Kakao's CDN, https://t1.kakaocdn.net/kakao_js_sdk/2.7.1/kakao.min.js, checked against its SRI hash.
        sdk_url: optional "sdkUrl": "string",
        /// SRI of a self-hosted `sdkUrl` (e.g. "sha384-…"); without one a self-hosted SDK loads unchecked.
        integrity: optional "integrity": "string",
        /// The app's registered web domains as origins; every link must lie in one. Default: this page's origin.
        web_domains: optional "webDomains": "string[]",
        /// Sent back in the share webhook; without any, Kakao sends none.
        server_callback_args: optional "serverCallbackArgs": "Record<string, string>",
        /// Send a person without KakaoTalk to the app store (default false).
        install_talk: optional "installTalk": "boolean",
    }

    [read] ShareLink for Link {
        web_url: optional "webUrl": "string",
        mobile_web_url: optional "mobileWebUrl": "string",
        android_execution_params: optional "androidExecutionParams": "string",
        ios_execution_params: optional "iosExecutionParams": "string",
    }

    [read] ShareButton for Button {
        title: "title": "string",
        link: "link": "ShareLink",
    }

    [read] ShareContent for Content {
        title: optional "title": "string",
        description: optional "description": "string",
        image_url: optional "imageUrl": "string",
        image_width: optional "imageWidth": "number",
        image_height: optional "imageHeight": "number",
        link: "link": "ShareLink",
    }

    [read] ShareItem for Item {
        item: "item": "string",
        item_op: "itemOp": "string",
    }

    [read] ShareItemContent for ItemContent {
        profile_text: optional "profileText": "string",
        profile_image_url: optional "profileImageUrl": "string",
        title_image_url: optional "titleImageUrl": "string",
        title_image_text: optional "titleImageText": "string",
        title_image_category: optional "titleImageCategory": "string",
        /// At most 5.
        items: optional "items": "ShareItem[]",
        sum: optional "sum": "string",
        sum_op: optional "sumOp": "string",
    }

    [read] ShareSocial for Social {
        like_count: optional "likeCount": "number",
        comment_count: optional "commentCount": "number",
        shared_count: optional "sharedCount": "number",
        view_count: optional "viewCount": "number",
        subscriber_count: optional "subscriberCount": "number",
    }

    [read] ShareCommerce for Commerce {
        regular_price: "regularPrice": "number",
        discount_price: optional "discountPrice": "number",
        discount_rate: optional "discountRate": "number",
        /// Not together with `discountRate`.
        fixed_discount_price: optional "fixedDiscountPrice": "number",
        product_name: optional "productName": "string",
        currency_unit: optional "currencyUnit": "string",
        /// 0: after the price (default), 1: before it.
        currency_unit_position: optional "currencyUnitPosition": "0 | 1",
    }
}

#[wasm_bindgen(typescript_custom_section)]
const SHARE_OPTIONS: &str = ShareSettings::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const SHARE_LINK: &str = Link::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const SHARE_BUTTON: &str = Button::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const SHARE_CONTENT: &str = Content::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const SHARE_ITEM: &str = Item::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const SHARE_ITEM_CONTENT: &str = ItemContent::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const SHARE_SOCIAL: &str = Social::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const SHARE_COMMERCE: &str = Commerce::TYPESCRIPT;

/// The templates as a union: Kakao's `objectType`s with the fields `readTemplate` reads for
/// each, then a custom template (by id) and a scrap (by URL), as `Kakao.Share` takes them.
#[wasm_bindgen(typescript_custom_section)]
const SHARE_TEMPLATE: &'static str = r#"
interface ShareButtons { buttonTitle?: string; /** At most 2. */ buttons?: ShareButton[] }
export type ShareTemplate =
  | ({ objectType: "feed"; content: ShareContent; itemContent?: ShareItemContent; social?: ShareSocial } & ShareButtons)
  | ({ objectType: "list"; /** At most 200 characters. */ headerTitle: string; headerLink: ShareLink; /** 2 or 3. */ contents: ShareContent[] } & ShareButtons)
  | ({ objectType: "location"; address: string; addressTitle?: string; content: ShareContent; social?: ShareSocial } & ShareButtons)
  | ({ objectType: "commerce"; content: ShareContent; commerce: ShareCommerce } & ShareButtons)
  | { objectType: "calendar"; id: string; idType: "calendar" | "event"; content: ShareContent; /** At most 1. */ buttons?: ShareButton[] }
  | ({ objectType: "text"; /** At most 200 characters. */ text: string; link: ShareLink } & ShareButtons)
  | { templateId: number; templateArgs?: Record<string, string> }
  | { requestUrl: string; templateId?: number; templateArgs?: Record<string, string> };
"#;

/// Shares `template` through KakaoTalk. Checks it against Kakao's limits first: a violation
/// rejects with `invalid_template` naming the field (`buttons`, `content.link.webUrl`, …) and
/// nothing loads. Then loads Kakao's SDK once (from `sdkUrl`, by default Kakao's CDN with its
/// SRI hash), `Kakao.init(javascriptKey)` once, and calls the SDK's share function, which opens
/// KakaoTalk's sharer. Call it from a click: the sharer is a popup.
#[wasm_bindgen(unchecked_return_type = "Promise<void>")]
pub fn share(
    #[wasm_bindgen(unchecked_param_type = "ShareTemplate")] template: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ShareOptions")] options: JsValue,
) -> Promise {
    match prepare(&template, options) {
        Ok((settings, function, body)) => {
            let (url, integrity) = match settings.sdk_url {
                Some(url) => (url, settings.integrity),
                None => (KAKAO_SDK_URL.into(), Some(KAKAO_SDK_INTEGRITY.into())),
            };
            let finish = callback(Box::new(|outcome| {
                match get(&outcome, "failed").as_string() {
                    Some(why) => Err(Error::Browser(why).into()),
                    None => Ok(JsValue::UNDEFINED),
                }
            }));
            send_share(
                &url,
                integrity,
                &settings.javascript_key,
                function,
                &body,
                finish,
            )
        }
        Err(e) => Promise::reject(&e.into()),
    }
}

/// The options, and the SDK function with its settings as JSON, or why there is nothing to send.
fn prepare(
    template: &JsValue,
    options: JsValue,
) -> Result<(ShareSettings, &'static str, String), Error> {
    let settings: ShareSettings = shape::options(options)?;
    if settings.javascript_key.is_empty() {
        return Err(Error::InvalidConfig {
            field: "javascriptKey",
            reason: "is the app's JavaScript key and must not be empty",
        });
    }
    let message = read_message(template)?;
    let here;
    let domains: Vec<&str> = match &settings.web_domains {
        Some(domains) => domains.iter().map(String::as_str).collect(),
        None => {
            here = crate::browser::origin();
            vec![here.as_str()]
        }
    };
    let options = ShareOptions {
        server_callback_args: settings.server_callback_args.0.clone(),
        install_talk: settings.install_talk,
    };
    let call = plan_share(&message, &options, &domains)?;
    Ok((settings, call.function, call.settings))
}

/// A template as the page gives it, in the SDK's spelling: an `objectType` makes it a default
/// template, else a `requestUrl` a scrap, else a `templateId` a custom template.
fn read_message(value: &JsValue) -> Result<Message, Error> {
    if !value.is_object() {
        return Err(Error::InvalidOptions(
            "ShareTemplate must be an object".into(),
        ));
    }
    let mut fields = Fields::of(value, "ShareTemplate");
    let kind = fields.text("objectType", true);
    let message = match kind.as_deref() {
        Some(kind) => Message::Default(Box::new(read_template(&mut fields, kind)?)),
        None if Object::has_own(value.unchecked_ref::<Object>(), &"requestUrl".into()) => {
            Message::Scrap {
                request_url: Field::read(&mut fields, "requestUrl", false),
                template_id: read_template_id(&mut fields, true),
                template_args: Pairs::read(&mut fields, "templateArgs", true).0,
            }
        }
        None => Message::Custom {
            template_id: read_template_id(&mut fields, false).unwrap_or_default(),
            template_args: Pairs::read(&mut fields, "templateArgs", true).0,
        },
    };
    fields.finish()?;
    Ok(message)
}

fn read_template(fields: &mut Fields, kind: &str) -> Result<Template, Error> {
    Ok(match kind {
        "feed" => Template::Feed {
            content: Field::read(fields, "content", false),
            item_content: Field::read(fields, "itemContent", true),
            social: Field::read(fields, "social", true),
            button_title: Field::read(fields, "buttonTitle", true),
            buttons: Field::read(fields, "buttons", true),
        },
        "list" => Template::List {
            header_title: Field::read(fields, "headerTitle", false),
            header_link: Field::read(fields, "headerLink", false),
            contents: Field::read(fields, "contents", false),
            button_title: Field::read(fields, "buttonTitle", true),
            buttons: Field::read(fields, "buttons", true),
        },
        "location" => Template::Location {
            address: Field::read(fields, "address", false),
            address_title: Field::read(fields, "addressTitle", true),
            content: Field::read(fields, "content", false),
            social: Field::read(fields, "social", true),
            button_title: Field::read(fields, "buttonTitle", true),
            buttons: Field::read(fields, "buttons", true),
        },
        "commerce" => Template::Commerce {
            content: Field::read(fields, "content", false),
            commerce: Field::read(fields, "commerce", false),
            button_title: Field::read(fields, "buttonTitle", true),
            buttons: Field::read(fields, "buttons", true),
        },
        "calendar" => Template::Calendar {
            id: Field::read(fields, "id", false),
            id_type: Field::read(fields, "idType", false),
            content: Field::read(fields, "content", false),
            buttons: Field::read(fields, "buttons", true),
        },
        "text" => Template::Text {
            text: Field::read(fields, "text", false),
            link: Field::read(fields, "link", false),
            button_title: Field::read(fields, "buttonTitle", true),
            buttons: Field::read(fields, "buttons", true),
        },
        _ => {
            return Err(Error::InvalidTemplate {
                field: "object_type".into(),
                reason: "must be feed, list, location, commerce, calendar or text",
            });
        }
    })
}

/// `templateId`: a whole number (the SDK takes a JavaScript number); `plan_share` checks its range.
fn read_template_id(fields: &mut Fields, optional: bool) -> Option<u64> {
    let value = fields.value("templateId", optional, "a template id")?;
    match value.as_f64() {
        Some(n) if whole(n, crate::core::share::MAX_TEMPLATE_ID as f64) => Some(n as u64),
        _ => {
            fields.fail(Error::InvalidTemplate {
                field: "template_id".into(),
                reason: "must be a template id from the developer console",
            });
            None
        }
    }
}

/// Whether `n` is a whole number from 0 to `max` (no_std has no `f64::fract`).
fn whole(n: f64, max: f64) -> bool {
    (0.0..=max).contains(&n) && n == (n as u64) as f64
}

/// A count or price: a whole number from 0 to 2^32 − 1.
fn read_count(fields: &mut Fields, key: &'static str, optional: bool) -> Option<u32> {
    let value = fields.value(key, optional, "a whole number")?;
    match value.as_f64() {
        Some(n) if whole(n, u32::MAX.into()) => Some(n as u32),
        _ => {
            fields.fail(Error::InvalidOptions(crate::core::text::concat(&[
                "`",
                key,
                "` must be a whole number",
            ])));
            None
        }
    }
}

impl Field for u32 {
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
        read_count(fields, key, optional).unwrap_or_default()
    }
}

impl Field for Option<u32> {
    fn read(fields: &mut Fields, key: &'static str, _: bool) -> Self {
        read_count(fields, key, true)
    }
}

impl Field for Option<CurrencyUnitPosition> {
    fn read(fields: &mut Fields, key: &'static str, _: bool) -> Self {
        match read_count(fields, key, true)? {
            0 => Some(CurrencyUnitPosition::AfterPrice),
            1 => Some(CurrencyUnitPosition::BeforePrice),
            _ => {
                fields.fail(Error::InvalidTemplate {
                    field: "commerce.currency_unit_position".into(),
                    reason: "must be 0 (after the price) or 1 (before it)",
                });
                None
            }
        }
    }
}

impl Field for CalendarIdType {
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
        match fields.text(key, optional).as_deref() {
            Some("event") => CalendarIdType::Event,
            Some("calendar") | None => CalendarIdType::Calendar,
            Some(_) => {
                fields.fail(Error::InvalidTemplate {
                    field: "id_type".into(),
                    reason: "must be calendar or event",
                });
                CalendarIdType::Calendar
            }
        }
    }
}

/// The nested objects of a template, read as their shapes declare them.
macro_rules! nested_fields {
    ($($ty:ty),*) => {$(
        impl Field for $ty {
            fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
                fields.nested(key, optional).unwrap_or_default()
            }
        }
    )*};
}
nested_fields!(Link, Content, Commerce);

/// The optional parts of a template: `itemContent` and `social`.
macro_rules! optional_nested_fields {
    ($($ty:ty),*) => {$(
        impl Field for Option<$ty> {
            fn read(fields: &mut Fields, key: &'static str, _: bool) -> Self {
                fields.nested(key, true)
            }
        }
    )*};
}
optional_nested_fields!(ItemContent, Social);

impl Field for Pairs {
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
        let Some(value) = fields.value(key, optional, "an object of strings") else {
            return Pairs::default();
        };
        let wrong = |fields: &mut Fields| {
            fields.fail(Error::InvalidOptions(crate::core::text::concat(&[
                "`",
                key,
                "` must be an object of strings",
            ])));
            Pairs::default()
        };
        if !value.is_object() || Array::is_array(&value) {
            return wrong(fields);
        }
        let mut pairs = Vec::new();
        for entry in Object::entries(value.unchecked_ref::<Object>()).iter() {
            let entry: Array = entry.unchecked_into();
            match (entry.get(0).as_string(), entry.get(1).as_string()) {
                (Some(k), Some(v)) => pairs.push((k, v)),
                _ => return wrong(fields),
            }
        }
        Pairs(pairs)
    }
}

/// Defines `<kakao-share-button>` and `<kakao-channel-button>`; call it once after `init()`.
///
/// `<kakao-share-button>` takes the `share()` options as attributes (`javascript-key`,
/// `sdk-url`, `integrity`, space-separated `web-domains`, `server-callback-args` as a query
/// string `key=value&…`), and either `template-id` (a custom template, with `template-args` as a
/// query string) or a simple feed: `title`, `description`, `image-url`, `link` (default this
/// page) and `button-title`. `<kakao-channel-button channel-public-id="_ZeUTxl" action="add">`
/// (or `action="chat"`, `color="black"`, `lang="en"`) is a link to the channel's page.
#[wasm_bindgen(js_name = defineShareElements)]
pub fn define_elements() {
    let share = callback(Box::new(|event| {
        let attributes = get(&event, "attributes");
        Ok(match element_share(&attributes) {
            Ok((template, options)) => share(template, options),
            Err(e) => Promise::reject(&e.into()),
        }
        .into())
    }));
    let channel = callback(Box::new(|event| {
        let attributes = get(&event, "attributes");
        let attribute = |name| get(&attributes, name).as_string();
        let action = ChannelAction::parse(&attribute("action").unwrap_or_else(|| "add".into()))?;
        let id = attribute("channel-public-id").unwrap_or_default();
        Ok(channel_url(&id, action)?.into())
    }));
    define_share_elements(&share, &channel);
}

/// The template and options of a `<kakao-share-button>`, from its attributes.
fn element_share(attributes: &JsValue) -> Result<(JsValue, JsValue), Error> {
    let attribute = |name| get(attributes, name).as_string();
    let query = |name| {
        attribute(name).map(|text| {
            let pairs = Object::new();
            for (key, value) in query_pairs(&text) {
                shape::set(&pairs, &key, value.into());
            }
            JsValue::from(pairs)
        })
    };
    let template = match attribute("template-id") {
        Some(id) => object(&[
            (
                "templateId",
                parse_decimal(&id).map_or(JsValue::from(id), |n| (n as f64).into()),
            ),
            ("templateArgs", query("template-args").into()),
        ]),
        None => {
            let link = attribute("link")
                .unwrap_or_else(|| crate::browser::current_url().unwrap_or_default());
            let link = object(&[
                ("webUrl", link.clone().into()),
                ("mobileWebUrl", link.into()),
            ]);
            object(&[
                ("objectType", "feed".into()),
                (
                    "content",
                    object(&[
                        ("title", attribute("title").into()),
                        ("description", attribute("description").into()),
                        ("imageUrl", attribute("image-url").into()),
                        ("link", link),
                    ]),
                ),
                ("buttonTitle", attribute("button-title").into()),
            ])
        }
    };
    let web_domains = attribute("web-domains").map(|text| {
        let list = Array::new();
        for domain in text.split_ascii_whitespace() {
            list.push(&domain.into());
        }
        JsValue::from(list)
    });
    let options = object(&[
        ("javascriptKey", attribute("javascript-key").into()),
        ("sdkUrl", attribute("sdk-url").into()),
        ("integrity", attribute("integrity").into()),
        ("webDomains", web_domains.into()),
        ("serverCallbackArgs", query("server-callback-args").into()),
    ]);
    Ok((template, options))
}
