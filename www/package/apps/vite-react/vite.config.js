// The app as a Vite + React user sets it up: the backend behind the dev server's proxy, so the
// module's default backendUrl ("/api/kakao") is same-origin. KAKAO_SYNC_BACKEND is set by the test.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api/kakao": process.env.KAKAO_SYNC_BACKEND } },
});
