//! KakaoTalk share (카카오톡 공유): the messages a page shares through Kakao's JavaScript SDK,
//! typed, checked against every limit Kakao documents before anything loads or is sent, and
//! written as Kakao's own JSON — the template object (`template_object` of the REST message
//! API and of Kakao's template validation) and the settings object `Kakao.Share.sendDefault`,
//! `sendCustom` and `sendScrap` take.
//!
//! - Templates and their components:
//!   <https://developers.kakao.com/docs/latest/ko/message-template/default>
//! - The SDK functions and their options:
//!   <https://developers.kakao.com/docs/latest/ko/kakaotalk-share/js-link>,
//!   <https://developers.kakao.com/sdk/reference/js/release/Kakao.Share.html>
//! - The webhook `serverCallbackArgs` feed:
//!   <https://developers.kakao.com/docs/latest/ko/kakaotalk-share/callback>
//!
//! Kakao's component tables give most lengths as display limits ("최대 16자까지 출력": the
//! text is cut, the message is still sent); those are not refused here. What is refused is
//! what Kakao refuses or cannot show: missing required fields, counts over the documented
//! maximum, and links outside the app's registered web domains.

mod json;

use crate::core::error::Error;
use crate::core::text::{concat, decimal, find};
use crate::core::url::parse_http_url;
use crate::prelude::*;
use json::{Case, Json};

/// Buttons under a feed, list, location, commerce or text message: "버튼 목록, 최대 2개".
pub const MAX_BUTTONS: usize = 2;
/// Buttons under a calendar message, besides its fixed one: "최대 1개, 오른쪽 위치 보기 버튼은
/// 고정" (the doc comment of `CalendarTemplate.buttons` in Kakao's Flutter SDK 1.x;
/// UNCONFIRMED on the current template page, which the search index did not hold in full).
pub const MAX_CALENDAR_BUTTONS: usize = 1;
/// A text message's text: "메시지에 들어갈 텍스트 (최대 200자)" (Kakao's iOS and Flutter SDK
/// references).
pub const MAX_TEXT_CHARS: usize = 200;
/// A list message's header: "리스트 상단에 노출되는 헤더 타이틀 (최대 200자)".
pub const MAX_HEADER_TITLE_CHARS: usize = 200;
/// A list message's contents: "컨텐츠 목록 (최소 2개, 최대 3개)".
pub const MIN_LIST_CONTENTS: usize = 2;
pub const MAX_LIST_CONTENTS: usize = 3;
/// A feed message's text items: "최대 5개의 아이템 지원".
pub const MAX_ITEMS: usize = 5;
/// The largest `templateId` the JavaScript SDK can carry: it takes a JavaScript `Number`, exact
/// only up to 2^53 − 1.
pub const MAX_TEMPLATE_ID: u64 = (1 << 53) - 1;
/// The keys Kakao puts in the share webhook itself. A callback argument with one of these
/// names would be indistinguishable from Kakao's field there, so kakao-sync refuses it (its own
/// rule; what Kakao does with such a key is UNCONFIRMED).
pub const RESERVED_CALLBACK_KEYS: [&str; 4] = [
    "CHAT_TYPE",
    "HASH_CHAT_ID",
    "TEMPLATE_ID",
    "IS_SINGLE_CHATROOM",
];

/// Where a tap on the message leads (`Link`). Every web URL must lie in one of the app's
/// registered web domains ([제품 링크 관리] > 웹 도메인).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Link {
    pub web_url: Option<String>,
    pub mobile_web_url: Option<String>,
    /// Query-string parameters for the Android app, e.g. `key1=value1&key2=value2`.
    pub android_execution_params: Option<String>,
    pub ios_execution_params: Option<String>,
}

/// A button under the message; without any, Kakao shows one "자세히 보기" button leading to
/// the content's link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Button {
    pub title: String,
    pub link: Link,
}

/// The main content of a message: an image, a title, a description and a link (`Content`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Content {
    pub title: Option<String>,
    pub description: Option<String>,
    pub image_url: Option<String>,
    /// In pixels.
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
    pub link: Link,
}

/// The item area of a feed message, its "피드 B형" (`ItemContent`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemContent {
    pub profile_text: Option<String>,
    pub profile_image_url: Option<String>,
    pub title_image_url: Option<String>,
    pub title_image_text: Option<String>,
    pub title_image_category: Option<String>,
    /// At most [`MAX_ITEMS`].
    pub items: Vec<Item>,
    pub sum: Option<String>,
    pub sum_op: Option<String>,
}

/// One text item: a name and its price or value (`ItemInfo`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub item: String,
    pub item_op: String,
}

/// Counts shown under a feed or location message (`Social`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Social {
    pub like_count: Option<u32>,
    pub comment_count: Option<u32>,
    pub shared_count: Option<u32>,
    pub view_count: Option<u32>,
    pub subscriber_count: Option<u32>,
}

/// A product's prices (`Commerce`). A fixed discount and a discount rate exclude each other:
/// "정액 할인 가격. 할인율과 동시 사용불가".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Commerce {
    pub regular_price: u32,
    pub discount_price: Option<u32>,
    pub discount_rate: Option<u32>,
    pub fixed_discount_price: Option<u32>,
    pub product_name: Option<String>,
    /// E.g. `원`.
    pub currency_unit: Option<String>,
    pub currency_unit_position: Option<CurrencyUnitPosition>,
}

/// Where the currency unit stands: `0` after the price (Kakao's default), `1` before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurrencyUnitPosition {
    AfterPrice,
    BeforePrice,
}

/// What a calendar message's `id` names: a subscribed calendar or a public event of the app's
/// KakaoTalk channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarIdType {
    Calendar,
    Event,
}

/// A default template (기본 템플릿): a message built from the page's own data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Template {
    Feed {
        content: Content,
        item_content: Option<ItemContent>,
        social: Option<Social>,
        button_title: Option<String>,
        buttons: Vec<Button>,
    },
    List {
        header_title: String,
        header_link: Link,
        /// [`MIN_LIST_CONTENTS`] to [`MAX_LIST_CONTENTS`].
        contents: Vec<Content>,
        button_title: Option<String>,
        buttons: Vec<Button>,
    },
    Location {
        address: String,
        address_title: Option<String>,
        content: Content,
        social: Option<Social>,
        button_title: Option<String>,
        buttons: Vec<Button>,
    },
    Commerce {
        content: Content,
        commerce: Commerce,
        button_title: Option<String>,
        buttons: Vec<Button>,
    },
    Calendar {
        id: String,
        id_type: CalendarIdType,
        content: Content,
        buttons: Vec<Button>,
    },
    Text {
        text: String,
        link: Link,
        button_title: Option<String>,
        buttons: Vec<Button>,
    },
}

/// What a share sends: a default template, a custom template built in the developer console
/// (사용자 정의 템플릿, by id with its user arguments), or a scrap of a web page (its Open
/// Graph tags, optionally laid out by a custom template).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// Boxed: a template is several times the size of the other variants.
    Default(Box<Template>),
    Custom {
        template_id: u64,
        template_args: Vec<(String, String)>,
    },
    Scrap {
        request_url: String,
        template_id: Option<u64>,
        template_args: Vec<(String, String)>,
    },
}

/// The options every share function takes besides the message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShareOptions {
    /// Sent back in the share webhook when the message reaches a chat; without any, Kakao
    /// sends no webhook.
    pub server_callback_args: Vec<(String, String)>,
    /// Send a user without KakaoTalk to the store (the SDK's default: no).
    pub install_talk: bool,
}

/// One call of Kakao's SDK: `Kakao.Share[function](settings)`, the settings as JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdkCall {
    /// `sendDefault`, `sendCustom` or `sendScrap`.
    pub function: &'static str,
    pub settings: String,
}

/// Checks `message` and `options` against every limit, then plans the SDK call. `web_domains`
/// are the app's registered web domains as origins (`https://example.com`,
/// `http://localhost:8080`); Kakao compares scheme, host and port exactly. A violation is
/// [`Error::InvalidTemplate`] naming the field, and there is no call to make.
pub fn plan_share(
    message: &Message,
    options: &ShareOptions,
    web_domains: &[&str],
) -> Result<SdkCall, Error> {
    check_message(message, web_domains)?;
    check_pairs(&options.server_callback_args, "server_callback_args")?;
    if let Some((key, _)) = options
        .server_callback_args
        .iter()
        .find(|(key, _)| RESERVED_CALLBACK_KEYS.contains(&key.as_str()))
    {
        return Err(invalid(
            concat(&["server_callback_args.", key]),
            "is a field of Kakao's share webhook itself",
        ));
    }
    let mut json = Json::new(Case::Camel);
    json.begin_object();
    let function = match message {
        Message::Default(template) => {
            template.write_fields(&mut json);
            "sendDefault"
        }
        Message::Custom {
            template_id,
            template_args,
        } => {
            write_template_id_and_args(&mut json, Some(*template_id), template_args);
            "sendCustom"
        }
        Message::Scrap {
            request_url,
            template_id,
            template_args,
        } => {
            json.field_string("request_url", request_url);
            write_template_id_and_args(&mut json, *template_id, template_args);
            "sendScrap"
        }
    };
    if options.install_talk {
        json.key("install_talk");
        json.boolean(true);
    }
    if !options.server_callback_args.is_empty() {
        json.key("server_callback_args");
        json.pairs(&options.server_callback_args);
    }
    json.end_object();
    Ok(SdkCall {
        function,
        settings: json.finish(),
    })
}

impl Template {
    /// Kakao's template object (`template_object`), after the same checks as [`plan_share`].
    pub fn template_object(&self, web_domains: &[&str]) -> Result<String, Error> {
        self.check(web_domains)?;
        let mut json = Json::new(Case::Snake);
        json.begin_object();
        self.write_fields(&mut json);
        json.end_object();
        Ok(json.finish())
    }

    /// `feed`, `list`, … as in `object_type`.
    pub fn object_type(&self) -> &'static str {
        match self {
            Template::Feed { .. } => "feed",
            Template::List { .. } => "list",
            Template::Location { .. } => "location",
            Template::Commerce { .. } => "commerce",
            Template::Calendar { .. } => "calendar",
            Template::Text { .. } => "text",
        }
    }

    fn check(&self, domains: &[&str]) -> Result<(), Error> {
        match self {
            Template::Feed {
                content,
                item_content,
                buttons,
                ..
            } => {
                check_content(content, "content", domains)?;
                if let Some(items) = item_content {
                    check_item_content(items)?;
                }
                check_buttons(buttons, MAX_BUTTONS, TOO_MANY_BUTTONS, domains)
            }
            Template::List {
                header_title,
                header_link,
                contents,
                buttons,
                ..
            } => {
                check_text(
                    header_title,
                    "header_title",
                    MAX_HEADER_TITLE_CHARS,
                    "is longer than 200 characters",
                )?;
                check_link(header_link, "header_link", domains)?;
                if contents.len() < MIN_LIST_CONTENTS || contents.len() > MAX_LIST_CONTENTS {
                    return Err(invalid("contents".into(), "must hold 2 or 3 contents"));
                }
                for (i, content) in contents.iter().enumerate() {
                    check_content(content, &indexed("contents", i), domains)?;
                }
                check_buttons(buttons, MAX_BUTTONS, TOO_MANY_BUTTONS, domains)
            }
            Template::Location {
                address,
                content,
                buttons,
                ..
            } => {
                check_required(address, "address")?;
                check_content(content, "content", domains)?;
                check_buttons(buttons, MAX_BUTTONS, TOO_MANY_BUTTONS, domains)
            }
            Template::Commerce {
                content,
                commerce,
                buttons,
                ..
            } => {
                check_content(content, "content", domains)?;
                if commerce.fixed_discount_price.is_some() && commerce.discount_rate.is_some() {
                    return Err(invalid(
                        "commerce.fixed_discount_price".into(),
                        "cannot be used together with discount_rate",
                    ));
                }
                check_buttons(buttons, MAX_BUTTONS, TOO_MANY_BUTTONS, domains)
            }
            Template::Calendar {
                id,
                content,
                buttons,
                ..
            } => {
                check_required(id, "id")?;
                check_content(content, "content", domains)?;
                check_buttons(
                    buttons,
                    MAX_CALENDAR_BUTTONS,
                    "a calendar message holds at most 1 button",
                    domains,
                )
            }
            Template::Text {
                text,
                link,
                buttons,
                ..
            } => {
                check_text(
                    text,
                    "text",
                    MAX_TEXT_CHARS,
                    "is longer than 200 characters",
                )?;
                check_link(link, "link", domains)?;
                check_buttons(buttons, MAX_BUTTONS, TOO_MANY_BUTTONS, domains)
            }
        }
    }

    /// The fields of the template object, `object_type` first, in the order of Kakao's tables.
    fn write_fields(&self, json: &mut Json) {
        json.field_string("object_type", self.object_type());
        match self {
            Template::Feed {
                content,
                item_content,
                social,
                button_title,
                buttons,
            } => {
                write_content(json, "content", content);
                if let Some(items) = item_content {
                    write_item_content(json, items);
                }
                if let Some(social) = social {
                    write_social(json, social);
                }
                write_buttons(json, button_title.as_deref(), buttons);
            }
            Template::List {
                header_title,
                header_link,
                contents,
                button_title,
                buttons,
            } => {
                json.field_string("header_title", header_title);
                write_link(json, "header_link", header_link);
                json.key("contents");
                json.begin_array();
                for content in contents {
                    write_content_object(json, content);
                }
                json.end_array();
                write_buttons(json, button_title.as_deref(), buttons);
            }
            Template::Location {
                address,
                address_title,
                content,
                social,
                button_title,
                buttons,
            } => {
                json.field_string("address", address);
                json.field_optional_string("address_title", address_title.as_deref());
                write_content(json, "content", content);
                if let Some(social) = social {
                    write_social(json, social);
                }
                write_buttons(json, button_title.as_deref(), buttons);
            }
            Template::Commerce {
                content,
                commerce,
                button_title,
                buttons,
            } => {
                write_content(json, "content", content);
                write_commerce(json, commerce);
                write_buttons(json, button_title.as_deref(), buttons);
            }
            Template::Calendar {
                id,
                id_type,
                content,
                buttons,
            } => {
                json.field_string("id", id);
                json.field_string(
                    "id_type",
                    match id_type {
                        CalendarIdType::Calendar => "calendar",
                        CalendarIdType::Event => "event",
                    },
                );
                write_content(json, "content", content);
                write_buttons(json, None, buttons);
            }
            Template::Text {
                text,
                link,
                button_title,
                buttons,
            } => {
                json.field_string("text", text);
                write_link(json, "link", link);
                write_buttons(json, button_title.as_deref(), buttons);
            }
        }
    }
}

const TOO_MANY_BUTTONS: &str = "holds more than 2 buttons";

fn invalid(field: String, reason: &'static str) -> Error {
    Error::InvalidTemplate { field, reason }
}

fn member(path: &str, name: &str) -> String {
    concat(&[path, ".", name])
}

fn indexed(path: &str, index: usize) -> String {
    concat(&[path, "[", &decimal(index as u64), "]"])
}

fn check_message(message: &Message, domains: &[&str]) -> Result<(), Error> {
    match message {
        Message::Default(template) => template.check(domains),
        Message::Custom {
            template_id,
            template_args,
        } => {
            check_template_id(*template_id)?;
            check_pairs(template_args, "template_args")
        }
        Message::Scrap {
            request_url,
            template_id,
            template_args,
        } => {
            // UNCONFIRMED: that Kakao scrapes only pages in the app's registered web domains
            // (remembered from the REST message page, not found in the search index).
            check_web_url(request_url, "request_url", domains)?;
            if let Some(id) = template_id {
                check_template_id(*id)?;
            }
            check_pairs(template_args, "template_args")
        }
    }
}

fn check_template_id(id: u64) -> Result<(), Error> {
    if id == 0 || id > MAX_TEMPLATE_ID {
        return Err(invalid(
            "template_id".into(),
            "must be a template id from the developer console",
        ));
    }
    Ok(())
}

/// Keys of an arguments object: present and each once (a JSON object holds a key once).
fn check_pairs(pairs: &[(String, String)], field: &str) -> Result<(), Error> {
    for (i, (key, _)) in pairs.iter().enumerate() {
        if key.is_empty() {
            return Err(invalid(field.into(), "has an empty key"));
        }
        if pairs.iter().take(i).any(|(earlier, _)| earlier == key) {
            return Err(invalid(member(field, key), "is given twice"));
        }
    }
    Ok(())
}

/// A required string: the templates' "필수 O" fields. UNCONFIRMED: that Kakao refuses an empty
/// string as it refuses a missing field; it shows nothing for it either way.
fn check_required(value: &str, field: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(invalid(field.into(), "is required"));
    }
    Ok(())
}

/// A required text of at most `max` characters (Unicode scalar values), else `too_long`.
fn check_text(value: &str, field: &str, max: usize, too_long: &'static str) -> Result<(), Error> {
    check_required(value, field)?;
    if value.chars().count() > max {
        return Err(invalid(field.into(), too_long));
    }
    Ok(())
}

fn check_content(content: &Content, path: &str, domains: &[&str]) -> Result<(), Error> {
    if let Some(url) = &content.image_url {
        check_image_url(url, &member(path, "image_url"))?;
    }
    check_link(&content.link, &member(path, "link"), domains)
}

fn check_item_content(items: &ItemContent) -> Result<(), Error> {
    for (url, name) in [
        (&items.profile_image_url, "item_content.profile_image_url"),
        (&items.title_image_url, "item_content.title_image_url"),
    ] {
        if let Some(url) = url {
            check_image_url(url, name)?;
        }
    }
    if items.items.len() > MAX_ITEMS {
        return Err(invalid(
            "item_content.items".into(),
            "holds more than 5 items",
        ));
    }
    for (i, item) in items.items.iter().enumerate() {
        let path = indexed("item_content.items", i);
        check_required(&item.item, &member(&path, "item"))?;
        check_required(&item.item_op, &member(&path, "item_op"))?;
    }
    Ok(())
}

/// At most `max` buttons (else `too_many`), each with a title and a registered link.
fn check_buttons(
    buttons: &[Button],
    max: usize,
    too_many: &'static str,
    domains: &[&str],
) -> Result<(), Error> {
    if buttons.len() > max {
        return Err(invalid("buttons".into(), too_many));
    }
    for (i, button) in buttons.iter().enumerate() {
        let path = indexed("buttons", i);
        check_required(&button.title, &member(&path, "title"))?;
        check_link(&button.link, &member(&path, "link"), domains)?;
    }
    Ok(())
}

fn check_link(link: &Link, path: &str, domains: &[&str]) -> Result<(), Error> {
    for (url, name) in [
        (&link.web_url, "web_url"),
        (&link.mobile_web_url, "mobile_web_url"),
    ] {
        if let Some(url) = url {
            check_web_url(url, &member(path, name), domains)?;
        }
    }
    Ok(())
}

/// An image Kakao fetches: an absolute http(s) URL (kakao-sync's rule: Kakao's servers cannot
/// fetch anything else). Images need not lie in a registered domain.
fn check_image_url(url: &str, field: &str) -> Result<(), Error> {
    match parse_http_url(url) {
        Some(_) => Ok(()),
        None => Err(invalid(field.into(), "must be an absolute http(s) URL")),
    }
}

/// A web link: only the app's registered web domains are allowed ("[제품 링크 관리]에 등록된
/// 도메인만 연결이 허용됩니다"), compared by scheme, host and port as Kakao does.
fn check_web_url(url: &str, field: &str, domains: &[&str]) -> Result<(), Error> {
    let Some(parsed) = parse_http_url(url) else {
        return Err(invalid(field.into(), "must be an absolute http(s) URL"));
    };
    let authority = parsed
        .authority_and_path
        .split(['/'])
        .next()
        .unwrap_or_default();
    let registered = domains.iter().any(|domain| {
        let Some(at) = find(domain, "://") else {
            return false;
        };
        domain
            .get(..at)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case(parsed.scheme))
            && domain
                .get(at + 3..)
                .is_some_and(|host| host.trim_end_matches(['/']).eq_ignore_ascii_case(authority))
    });
    if !registered {
        return Err(invalid(
            field.into(),
            "is not in the app's registered web domains",
        ));
    }
    Ok(())
}

fn write_template_id_and_args(
    json: &mut Json,
    template_id: Option<u64>,
    template_args: &[(String, String)],
) {
    json.field_optional_number("template_id", template_id);
    if !template_args.is_empty() {
        json.key("template_args");
        json.pairs(template_args);
    }
}

fn write_link(json: &mut Json, key: &str, link: &Link) {
    json.key(key);
    json.begin_object();
    json.field_optional_string("web_url", link.web_url.as_deref());
    json.field_optional_string("mobile_web_url", link.mobile_web_url.as_deref());
    json.field_optional_string(
        "android_execution_params",
        link.android_execution_params.as_deref(),
    );
    json.field_optional_string("ios_execution_params", link.ios_execution_params.as_deref());
    json.end_object();
}

fn write_content(json: &mut Json, key: &str, content: &Content) {
    json.key(key);
    write_content_object(json, content);
}

fn write_content_object(json: &mut Json, content: &Content) {
    json.begin_object();
    json.field_optional_string("title", content.title.as_deref());
    json.field_optional_string("description", content.description.as_deref());
    json.field_optional_string("image_url", content.image_url.as_deref());
    json.field_optional_number("image_width", content.image_width.map(u64::from));
    json.field_optional_number("image_height", content.image_height.map(u64::from));
    write_link(json, "link", &content.link);
    json.end_object();
}

fn write_item_content(json: &mut Json, items: &ItemContent) {
    json.key("item_content");
    json.begin_object();
    json.field_optional_string("profile_text", items.profile_text.as_deref());
    json.field_optional_string("profile_image_url", items.profile_image_url.as_deref());
    json.field_optional_string("title_image_url", items.title_image_url.as_deref());
    json.field_optional_string("title_image_text", items.title_image_text.as_deref());
    json.field_optional_string(
        "title_image_category",
        items.title_image_category.as_deref(),
    );
    if !items.items.is_empty() {
        json.key("items");
        json.begin_array();
        for item in &items.items {
            json.begin_object();
            json.field_string("item", &item.item);
            json.field_string("item_op", &item.item_op);
            json.end_object();
        }
        json.end_array();
    }
    json.field_optional_string("sum", items.sum.as_deref());
    json.field_optional_string("sum_op", items.sum_op.as_deref());
    json.end_object();
}

fn write_social(json: &mut Json, social: &Social) {
    json.key("social");
    json.begin_object();
    for (key, count) in [
        ("like_count", social.like_count),
        ("comment_count", social.comment_count),
        ("shared_count", social.shared_count),
        ("view_count", social.view_count),
        ("subscriber_count", social.subscriber_count),
    ] {
        json.field_optional_number(key, count.map(u64::from));
    }
    json.end_object();
}

fn write_commerce(json: &mut Json, commerce: &Commerce) {
    json.key("commerce");
    json.begin_object();
    json.key("regular_price");
    json.number(commerce.regular_price.into());
    for (key, price) in [
        ("discount_price", commerce.discount_price),
        ("discount_rate", commerce.discount_rate),
        ("fixed_discount_price", commerce.fixed_discount_price),
    ] {
        json.field_optional_number(key, price.map(u64::from));
    }
    json.field_optional_string("product_name", commerce.product_name.as_deref());
    json.field_optional_string("currency_unit", commerce.currency_unit.as_deref());
    json.field_optional_number(
        "currency_unit_position",
        commerce
            .currency_unit_position
            .map(|position| match position {
                CurrencyUnitPosition::AfterPrice => 0,
                CurrencyUnitPosition::BeforePrice => 1,
            }),
    );
    json.end_object();
}

fn write_buttons(json: &mut Json, button_title: Option<&str>, buttons: &[Button]) {
    json.field_optional_string("button_title", button_title);
    if buttons.is_empty() {
        return;
    }
    json.key("buttons");
    json.begin_array();
    for button in buttons {
        json.begin_object();
        json.field_string("title", &button.title);
        write_link(json, "link", &button.link);
        json.end_object();
    }
    json.end_array();
}

#[cfg(test)]
mod tests;
