use super::*;
use serde_json::{Value, json};

const DOMAINS: &[&str] = &["https://shop.example", "http://localhost:8080"];

fn link(url: &str) -> Link {
    Link {
        web_url: Some(url.into()),
        mobile_web_url: Some(url.into()),
        ..Link::default()
    }
}

fn content(title: &str) -> Content {
    Content {
        title: Some(title.into()),
        image_url: Some("https://images.example/cake.jpg".into()),
        link: link("https://shop.example/cake"),
        ..Content::default()
    }
}

fn button(title: &str) -> Button {
    Button {
        title: title.into(),
        link: link("https://shop.example/buy"),
    }
}

fn feed(buttons: Vec<Button>) -> Template {
    Template::Feed {
        content: content("오늘의 디저트"),
        item_content: None,
        social: None,
        button_title: None,
        buttons,
    }
}

fn with_item_content(items: ItemContent) -> Template {
    let mut template = feed(Vec::new());
    if let Template::Feed { item_content, .. } = &mut template {
        *item_content = Some(items);
    }
    template
}

fn list(contents: usize) -> Template {
    Template::List {
        header_title: "WEEKLY MAGAZINE".into(),
        header_link: link("https://shop.example/weekly"),
        contents: (0..contents).map(|i| content(&decimal(i as u64))).collect(),
        button_title: None,
        buttons: Vec::new(),
    }
}

fn text(text: &str) -> Template {
    Template::Text {
        text: text.into(),
        link: link("https://shop.example/"),
        button_title: None,
        buttons: Vec::new(),
    }
}

fn calendar(buttons: Vec<Button>) -> Template {
    Template::Calendar {
        id: "6513d8bb5ffc7c3dc2da5f1c".into(),
        id_type: CalendarIdType::Event,
        content: content("송년회"),
        buttons,
    }
}

fn commerce(commerce: Commerce) -> Template {
    Template::Commerce {
        content: content("신메뉴"),
        commerce,
        button_title: None,
        buttons: Vec::new(),
    }
}

fn location(address: &str) -> Template {
    Template::Location {
        address: address.into(),
        address_title: Some("카카오 판교아지트".into()),
        content: content("판교 맛집"),
        social: None,
        button_title: None,
        buttons: Vec::new(),
    }
}

/// The `(field, reason)` of the refusal, panicking when the template passes.
fn refusal(template: &Template) -> (String, &'static str) {
    match template.template_object(DOMAINS) {
        Err(Error::InvalidTemplate { field, reason }) => (field, reason),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn object(template: &Template) -> Value {
    serde_json::from_str(&template.template_object(DOMAINS).unwrap()).unwrap()
}

#[test]
fn a_feed_template_is_kakaos_template_object() {
    let template = Template::Feed {
        content: Content {
            title: Some("오늘의 \"디저트\"".into()),
            description: Some("아메리카노, 빵, 케익".into()),
            image_url: Some("https://images.example/cake.jpg".into()),
            image_width: Some(640),
            image_height: Some(640),
            link: Link {
                web_url: Some("https://shop.example/cake".into()),
                mobile_web_url: Some("https://shop.example/m/cake".into()),
                android_execution_params: Some("contentId=100".into()),
                ios_execution_params: Some("contentId=100".into()),
            },
        },
        item_content: Some(ItemContent {
            profile_text: Some("Kakao".into()),
            items: vec![
                Item {
                    item: "Cake1".into(),
                    item_op: "1000원".into(),
                },
                Item {
                    item: "Cake2".into(),
                    item_op: "2000원".into(),
                },
            ],
            sum: Some("total".into()),
            sum_op: Some("3000원".into()),
            ..ItemContent::default()
        }),
        social: Some(Social {
            like_count: Some(100),
            comment_count: Some(200),
            shared_count: Some(300),
            ..Social::default()
        }),
        button_title: None,
        buttons: vec![button("웹으로 보기"), button("앱으로 보기")],
    };
    assert_eq!(
        object(&template),
        json!({
            "object_type": "feed",
            "content": {
                "title": "오늘의 \"디저트\"",
                "description": "아메리카노, 빵, 케익",
                "image_url": "https://images.example/cake.jpg",
                "image_width": 640,
                "image_height": 640,
                "link": {
                    "web_url": "https://shop.example/cake",
                    "mobile_web_url": "https://shop.example/m/cake",
                    "android_execution_params": "contentId=100",
                    "ios_execution_params": "contentId=100",
                },
            },
            "item_content": {
                "profile_text": "Kakao",
                "items": [
                    {"item": "Cake1", "item_op": "1000원"},
                    {"item": "Cake2", "item_op": "2000원"},
                ],
                "sum": "total",
                "sum_op": "3000원",
            },
            "social": {"like_count": 100, "comment_count": 200, "shared_count": 300},
            "buttons": [
                {"title": "웹으로 보기", "link": {
                    "web_url": "https://shop.example/buy", "mobile_web_url": "https://shop.example/buy"}},
                {"title": "앱으로 보기", "link": {
                    "web_url": "https://shop.example/buy", "mobile_web_url": "https://shop.example/buy"}},
            ],
        })
    );
}

#[test]
fn every_template_kind_writes_its_object_type_and_fields() {
    assert_eq!(object(&list(2))["object_type"], "list");
    assert_eq!(object(&list(2))["contents"].as_array().unwrap().len(), 2);
    assert_eq!(
        object(&list(2))["header_link"]["web_url"],
        "https://shop.example/weekly"
    );
    let location = object(&location("경기 성남시 분당구 판교역로 166"));
    assert_eq!(location["object_type"], "location");
    assert_eq!(location["address"], "경기 성남시 분당구 판교역로 166");
    assert_eq!(location["address_title"], "카카오 판교아지트");
    let commerce = object(&commerce(Commerce {
        regular_price: 208_800,
        discount_price: Some(146_160),
        discount_rate: Some(30),
        product_name: Some("Ivory long dress".into()),
        currency_unit: Some("₩".into()),
        currency_unit_position: Some(CurrencyUnitPosition::BeforePrice),
        ..Commerce::default()
    }));
    assert_eq!(
        commerce["commerce"],
        json!({"regular_price": 208_800, "discount_price": 146_160, "discount_rate": 30,
               "product_name": "Ivory long dress", "currency_unit": "₩", "currency_unit_position": 1})
    );
    let calendar = object(&calendar(vec![button("일정 보기")]));
    assert_eq!(calendar["object_type"], "calendar");
    assert_eq!(calendar["id_type"], "event");
    assert_eq!(calendar["buttons"].as_array().unwrap().len(), 1);
    let text = object(&Template::Text {
        text: "텍스트 영역입니다.".into(),
        link: link("https://shop.example/"),
        button_title: Some("바로 확인".into()),
        buttons: Vec::new(),
    });
    assert_eq!(
        text,
        json!({"object_type": "text", "text": "텍스트 영역입니다.", "button_title": "바로 확인",
               "link": {"web_url": "https://shop.example/", "mobile_web_url": "https://shop.example/"}})
    );
}

#[test]
fn at_most_two_buttons_under_every_template_but_calendar() {
    let three = || vec![button("a"), button("b"), button("c")];
    assert!(
        feed(vec![button("a"), button("b")])
            .template_object(DOMAINS)
            .is_ok()
    );
    let mut templates = vec![feed(three()), list(2), location("판교"), text("안녕")];
    templates.push(commerce(Commerce::default()));
    for mut template in templates {
        match &mut template {
            Template::Feed { buttons, .. }
            | Template::List { buttons, .. }
            | Template::Location { buttons, .. }
            | Template::Commerce { buttons, .. }
            | Template::Text { buttons, .. } => *buttons = three(),
            Template::Calendar { .. } => unreachable!(),
        }
        assert_eq!(
            refusal(&template),
            ("buttons".into(), "holds more than 2 buttons"),
            "{}",
            template.object_type()
        );
    }
}

#[test]
fn a_calendar_message_has_at_most_one_button() {
    assert!(calendar(vec![button("a")]).template_object(DOMAINS).is_ok());
    assert_eq!(
        refusal(&calendar(vec![button("a"), button("b")])).0,
        "buttons"
    );
}

#[test]
fn a_list_holds_two_or_three_contents() {
    assert!(list(2).template_object(DOMAINS).is_ok());
    assert!(list(3).template_object(DOMAINS).is_ok());
    for count in [0, 1, 4] {
        assert_eq!(
            refusal(&list(count)),
            ("contents".into(), "must hold 2 or 3 contents")
        );
    }
}

#[test]
fn a_list_header_title_is_required_and_at_most_200_characters() {
    let with_header = |header: String| {
        let mut template = list(2);
        if let Template::List { header_title, .. } = &mut template {
            *header_title = header;
        }
        template
    };
    assert!(
        with_header("가".repeat(200))
            .template_object(DOMAINS)
            .is_ok()
    );
    assert_eq!(refusal(&with_header("가".repeat(201))).0, "header_title");
    assert_eq!(
        refusal(&with_header(" ".into())),
        ("header_title".into(), "is required")
    );
}

#[test]
fn a_text_message_is_at_most_200_characters() {
    assert!(text(&"😀".repeat(200)).template_object(DOMAINS).is_ok());
    assert_eq!(
        refusal(&text(&"a".repeat(201))),
        ("text".into(), "is longer than 200 characters")
    );
    assert_eq!(refusal(&text("")).0, "text");
}

#[test]
fn a_feed_holds_at_most_five_items() {
    let with_items = |count: usize| {
        with_item_content(ItemContent {
            items: (0..count)
                .map(|i| Item {
                    item: decimal(i as u64),
                    item_op: "1000원".into(),
                })
                .collect(),
            ..ItemContent::default()
        })
    };
    assert!(with_items(5).template_object(DOMAINS).is_ok());
    assert_eq!(
        refusal(&with_items(6)),
        ("item_content.items".into(), "holds more than 5 items")
    );
}

#[test]
fn an_item_needs_its_name_and_value() {
    let template = with_item_content(ItemContent {
        items: vec![Item {
            item: "Cake".into(),
            item_op: String::new(),
        }],
        ..ItemContent::default()
    });
    assert_eq!(refusal(&template).0, "item_content.items[0].item_op");
}

#[test]
fn a_fixed_discount_and_a_discount_rate_exclude_each_other() {
    let both = Commerce {
        regular_price: 10_000,
        discount_rate: Some(10),
        fixed_discount_price: Some(1_000),
        ..Commerce::default()
    };
    assert_eq!(refusal(&commerce(both)).0, "commerce.fixed_discount_price");
    let fixed_only = Commerce {
        regular_price: 10_000,
        fixed_discount_price: Some(1_000),
        discount_price: Some(9_000),
        ..Commerce::default()
    };
    assert!(commerce(fixed_only).template_object(DOMAINS).is_ok());
}

#[test]
fn required_fields_of_location_calendar_and_buttons() {
    assert_eq!(refusal(&location("")), ("address".into(), "is required"));
    let mut no_id = calendar(Vec::new());
    if let Template::Calendar { id, .. } = &mut no_id {
        id.clear();
    }
    assert_eq!(refusal(&no_id).0, "id");
    assert_eq!(
        refusal(&feed(vec![button("a"), button("")])).0,
        "buttons[1].title"
    );
}

#[test]
fn every_web_link_must_lie_in_a_registered_web_domain() {
    let elsewhere = Link {
        mobile_web_url: Some("https://evil.example/".into()),
        ..Link::default()
    };
    let mut feed_link = feed(Vec::new());
    if let Template::Feed { content, .. } = &mut feed_link {
        content.link = elsewhere.clone();
    }
    assert_eq!(
        refusal(&feed_link),
        (
            "content.link.mobile_web_url".into(),
            "is not in the app's registered web domains"
        )
    );
    let button_elsewhere = Button {
        title: "buy".into(),
        link: elsewhere.clone(),
    };
    assert_eq!(
        refusal(&feed(vec![button("a"), button_elsewhere])).0,
        "buttons[1].link.mobile_web_url"
    );
    let mut list_elsewhere = list(3);
    if let Template::List { contents, .. } = &mut list_elsewhere {
        contents[2].link = elsewhere.clone();
    }
    assert_eq!(
        refusal(&list_elsewhere).0,
        "contents[2].link.mobile_web_url"
    );
    let mut header_elsewhere = list(2);
    if let Template::List { header_link, .. } = &mut header_elsewhere {
        *header_link = elsewhere.clone();
    }
    assert_eq!(refusal(&header_elsewhere).0, "header_link.mobile_web_url");
    let text_elsewhere = Template::Text {
        text: "hi".into(),
        link: elsewhere,
        button_title: None,
        buttons: Vec::new(),
    };
    assert_eq!(refusal(&text_elsewhere).0, "link.mobile_web_url");
}

#[test]
fn a_registered_domain_matches_by_scheme_host_and_port_exactly() {
    let with_url = |url: &str| Template::Text {
        text: "hi".into(),
        link: Link {
            web_url: Some(url.into()),
            ..Link::default()
        },
        button_title: None,
        buttons: Vec::new(),
    };
    for accepted in [
        "https://shop.example",
        "https://SHOP.example/path?q=1#top",
        "http://localhost:8080/share",
    ] {
        assert!(
            with_url(accepted).template_object(DOMAINS).is_ok(),
            "{accepted}"
        );
    }
    for refused in [
        "http://shop.example/",
        "https://www.shop.example/",
        "https://shop.example:8443/",
        "http://localhost/",
        "https://shop.example.evil.example/",
        "https://shop.example@evil.example/",
        "/relative",
        "javascript:alert(1)",
    ] {
        assert_eq!(refusal(&with_url(refused)).0, "link.web_url", "{refused}");
    }
}

#[test]
fn an_image_must_be_an_absolute_http_url_in_any_domain() {
    let mut template = feed(Vec::new());
    if let Template::Feed { content, .. } = &mut template {
        content.image_url = Some("cake.jpg".into());
    }
    assert_eq!(
        refusal(&template),
        (
            "content.image_url".into(),
            "must be an absolute http(s) URL"
        )
    );
}

#[test]
fn send_default_settings_are_the_template_in_the_sdks_spelling() {
    let options = ShareOptions {
        server_callback_args: vec![("share_id".into(), "42".into())],
        install_talk: true,
    };
    let call = plan_share(&Message::Default(Box::new(text("안녕"))), &options, DOMAINS).unwrap();
    assert_eq!(call.function, "sendDefault");
    assert_eq!(
        serde_json::from_str::<Value>(&call.settings).unwrap(),
        json!({
            "objectType": "text",
            "text": "안녕",
            "link": {"webUrl": "https://shop.example/", "mobileWebUrl": "https://shop.example/"},
            "installTalk": true,
            "serverCallbackArgs": {"share_id": "42"},
        })
    );
}

#[test]
fn custom_and_scrap_settings_carry_the_template_id_and_arguments() {
    let args = vec![("title".into(), "라이언".into())];
    let custom = plan_share(
        &Message::Custom {
            template_id: 12_345,
            template_args: args.clone(),
        },
        &ShareOptions::default(),
        DOMAINS,
    )
    .unwrap();
    assert_eq!(custom.function, "sendCustom");
    assert_eq!(
        serde_json::from_str::<Value>(&custom.settings).unwrap(),
        json!({"templateId": 12_345, "templateArgs": {"title": "라이언"}})
    );
    let scrap = plan_share(
        &Message::Scrap {
            request_url: "https://shop.example/post/1".into(),
            template_id: None,
            template_args: Vec::new(),
        },
        &ShareOptions::default(),
        DOMAINS,
    )
    .unwrap();
    assert_eq!(scrap.function, "sendScrap");
    assert_eq!(
        serde_json::from_str::<Value>(&scrap.settings).unwrap(),
        json!({"requestUrl": "https://shop.example/post/1"})
    );
}

#[test]
fn a_template_id_must_fit_the_sdks_number() {
    for template_id in [0, MAX_TEMPLATE_ID + 1] {
        let refused = plan_share(
            &Message::Custom {
                template_id,
                template_args: Vec::new(),
            },
            &ShareOptions::default(),
            DOMAINS,
        );
        assert!(
            matches!(refused, Err(Error::InvalidTemplate { ref field, .. }) if field == "template_id"),
            "{template_id}: {refused:?}"
        );
    }
}

#[test]
fn a_scrap_url_must_lie_in_a_registered_web_domain() {
    let refused = plan_share(
        &Message::Scrap {
            request_url: "https://news.example/post/1".into(),
            template_id: Some(7),
            template_args: Vec::new(),
        },
        &ShareOptions::default(),
        DOMAINS,
    );
    assert!(
        matches!(refused, Err(Error::InvalidTemplate { ref field, .. }) if field == "request_url")
    );
}

#[test]
fn arguments_need_a_key_each_given_once() {
    let twice = vec![("a".into(), "1".into()), ("a".into(), "2".into())];
    let refused = plan_share(
        &Message::Custom {
            template_id: 7,
            template_args: twice,
        },
        &ShareOptions::default(),
        DOMAINS,
    );
    assert_eq!(
        refused,
        Err(Error::InvalidTemplate {
            field: "template_args.a".into(),
            reason: "is given twice"
        })
    );
    let empty_key = ShareOptions {
        server_callback_args: vec![(String::new(), "1".into())],
        install_talk: false,
    };
    let refused = plan_share(&Message::Default(Box::new(text("hi"))), &empty_key, DOMAINS);
    assert_eq!(refused.unwrap_err().code(), "invalid_template");
}

#[test]
fn callback_arguments_may_not_take_the_webhooks_own_field_names() {
    for key in RESERVED_CALLBACK_KEYS {
        let options = ShareOptions {
            server_callback_args: vec![(key.into(), "x".into())],
            install_talk: false,
        };
        let refused = plan_share(&Message::Default(Box::new(text("hi"))), &options, DOMAINS);
        assert_eq!(
            refused,
            Err(Error::InvalidTemplate {
                field: concat(&["server_callback_args.", key]),
                reason: "is a field of Kakao's share webhook itself"
            })
        );
    }
}

#[test]
fn a_refused_template_names_the_field_in_its_message() {
    let error = list(1).template_object(DOMAINS).unwrap_err();
    assert_eq!(error.code(), "invalid_template");
    assert_eq!(
        error.message(),
        "invalid share template: `contents` must hold 2 or 3 contents"
    );
}
