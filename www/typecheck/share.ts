// `kakao-sync/share`: share with typed templates and options, the buttons, and channelUrl;
// the messages and the typed consent_required on the client of `kakao-sync/core`.
import initShare, {
  channelUrl,
  defineShareElements,
  share,
  type ShareOptions,
  type ShareTemplate,
} from "../../pkg/share/kakao_sync.js";
import initCore, { KakaoSync, type FriendsPage, type KakaoSyncError } from "../../pkg/core/kakao_sync.js";

export async function sharePage(): Promise<void> {
  await initShare();
  defineShareElements();
  const options: ShareOptions = {
    javascriptKey: "js-key",
    sdkUrl: "https://app.example/kakao.min.js",
    integrity: "sha384-…",
    webDomains: ["https://app.example"],
    serverCallbackArgs: { shareId: "1" },
  };
  const link = { webUrl: "https://app.example/post/1" };
  const feed: ShareTemplate = {
    objectType: "feed",
    content: { title: "제목", imageUrl: "https://app.example/a.png", link },
    social: { likeCount: 3 },
    buttons: [{ title: "보기", link }],
  };
  await share(feed, options);
  await share({ objectType: "commerce", content: { link }, commerce: { regularPrice: 1000, currencyUnitPosition: 1 } }, options);
  await share({ templateId: 100, templateArgs: { name: "라이언" } }, options);
  await share({ requestUrl: "https://app.example/post/1" }, options);
  // @ts-expect-error: a text message needs its text
  await share({ objectType: "text", link }, options);
  // @ts-expect-error: the JavaScript key is required
  await share(feed, {});
  const add: string = channelUrl("_ZeUTxl", "add");
  // @ts-expect-error: only add and chat
  channelUrl("_ZeUTxl", "follow");
  void add;
}

export async function messages(): Promise<FriendsPage | undefined> {
  await initCore();
  const kakao = new KakaoSync({ clientId: "k", redirectUri: "https://app.example/cb" });
  try {
    await kakao.sendToMe({ templateObject: { object_type: "text", text: "메모", link: {} } });
    await kakao.sendToFriends(["uuid-1"], { templateId: 100 });
    return await kakao.friends();
  } catch (e) {
    const error = e as KakaoSyncError;
    if (error.code === "consent_required") {
      const scopes: string[] | undefined = error.requiredScopes;
      void scopes;
      await kakao.requestConsent(error);
    }
    return undefined;
  }
}
