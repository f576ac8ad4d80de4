/*
 * kakao-sync emulator: a stand-in for Kakao's JavaScript SDK (kakao.min.js), the share surface
 * only. It defines the documented names Kakao.init, Kakao.isInitialized and Kakao.Share's
 * sendDefault, sendCustom, sendScrap and createDefaultButton, takes Kakao's option shapes
 * (camelCase, as Kakao.Share's reference documents them) and posts the message to this
 * emulator's sharer in a popup, the way Kakao's SDK posts to sharer.kakao.com on a desktop.
 * https://developers.kakao.com/docs/latest/ko/kakaotalk-share/js-link
 */
(function () {
  "use strict";

  var sharer = new URL("/picker/link", document.currentScript.src).href;
  var appKey = null;

  /* The options that steer the SDK rather than describe the message. */
  var SDK_OPTIONS = ["container", "installTalk", "throughTalk", "serverCallbackArgs", "callback"];

  function kakaoError(message) {
    var error = new Error(message);
    error.name = "KakaoError";
    return error;
  }

  function snakeCase(key) {
    return key.replace(/[A-Z]/g, function (c) {
      return "_" + c.toLowerCase();
    });
  }

  /* Kakao's template object: the settings' template fields with snake_case keys. */
  function templateObject(value) {
    if (Array.isArray(value)) return value.map(templateObject);
    if (value === null || typeof value !== "object") return value;
    var object = {};
    Object.keys(value).forEach(function (key) {
      object[snakeCase(key)] = templateObject(value[key]);
    });
    return object;
  }

  function withoutSdkOptions(settings) {
    var rest = {};
    Object.keys(settings).forEach(function (key) {
      if (SDK_OPTIONS.indexOf(key) < 0) rest[key] = settings[key];
    });
    return rest;
  }

  function post(action, params, settings) {
    if (appKey === null) throw kakaoError("Kakao.init() must be called before Kakao.Share");
    var fields = {
      app_key: appKey,
      validation_action: action,
      validation_params: JSON.stringify(params),
      ka: "sdk/emulator os/javascript origin/" + encodeURIComponent(location.origin),
    };
    var args = settings.serverCallbackArgs;
    if (args !== undefined) fields.lcba = typeof args === "string" ? args : JSON.stringify(args);
    var target = "kakao_share_" + Date.now();
    window.open("", target, "width=380,height=640");
    var form = document.createElement("form");
    form.method = "post";
    form.action = sharer;
    form.target = target;
    form.acceptCharset = "utf-8";
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = fields[name];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
    form.remove();
  }

  function sendDefault(settings) {
    post("default", { template_object: templateObject(withoutSdkOptions(settings)) }, settings);
  }

  function sendCustom(settings) {
    post("custom", { template_id: settings.templateId, template_args: settings.templateArgs }, settings);
  }

  function sendScrap(settings) {
    post(
      "scrap",
      { request_url: settings.requestUrl, template_id: settings.templateId, template_args: settings.templateArgs },
      settings
    );
  }

  function createDefaultButton(settings) {
    var container =
      typeof settings.container === "string" ? document.querySelector(settings.container) : settings.container;
    if (!container) throw kakaoError("container: no such element");
    container.addEventListener("click", function () {
      sendDefault(settings);
    });
  }

  window.Kakao = {
    init: function (key) {
      if (typeof key !== "string" || key === "") throw kakaoError("Kakao.init() takes the app's JavaScript key");
      appKey = key;
    },
    isInitialized: function () {
      return appKey !== null;
    },
    Share: {
      sendDefault: sendDefault,
      sendCustom: sendCustom,
      sendScrap: sendScrap,
      createDefaultButton: createDefaultButton,
    },
  };
})();
