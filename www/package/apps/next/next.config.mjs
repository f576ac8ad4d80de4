// The app as a Next.js user sets it up: the backend behind a rewrite, so the module's default
// backendUrl ("/api/kakao") is same-origin. KAKAO_SYNC_BACKEND is set by the test.
export default {
  // The App Router's default, spelled out: effects run twice under `next dev`.
  reactStrictMode: true,
  async rewrites() {
    return [{ source: "/api/kakao/:path*", destination: `${process.env.KAKAO_SYNC_BACKEND}/api/kakao/:path*` }];
  },
};
