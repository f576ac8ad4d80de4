// A Server Component: the authorize URL is built on the server (at `next build`'s prerendering,
// or per request under `next dev`) from the wasm bytes; the button is a client component.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import init, { buildAuthorizeUrl } from "kakao-sync";
import { LoginButton } from "./login-button";

export default async function Home() {
  await init({ module_or_path: await readFile(join(process.cwd(), "node_modules/kakao-sync/kakao_sync_bg.wasm")) });
  const url = buildAuthorizeUrl({ clientId: "server-rendered", redirectUri: "https://app.example/redirect" });
  return (
    <main>
      <LoginButton />
      <a data-testid="server-url" href={url}>
        {url}
      </a>
    </main>
  );
}
