// The same journey through passport-kakao on Express: the callback exchanges the code, fetches
// the user and keeps them in an express-session. passport-kakao hard-codes Kakao's hosts, so
// the strategy's URLs are pointed at the emulator after construction.
// Usage: KAKAO_BASE=http://127.0.0.1:9000 node passport-app.cjs PORT
const express = require("express");
const session = require("express-session");
const passport = require("passport");
const { Strategy } = require("passport-kakao");

const base = process.env.KAKAO_BASE;
const strategy = new Strategy(
  {
    clientID: "kakao-sync-demo-rest-api-key",
    clientSecret: "kakao-sync-demo-client-secret",
    callbackURL: "http://localhost:8080/redirect.html",
  },
  (accessToken, refreshToken, profile, done) => done(null, { id: String(profile.id), nickname: profile.username }),
);
strategy._oauth2._authorizeUrl = `${base}/oauth/authorize`;
strategy._oauth2._accessTokenUrl = `${base}/oauth/token`;
strategy._userProfileURL = `${base}/v2/user/me`;
// kapi takes the access token in the Authorization header only (node-oauth's default for GET is
// an access_token query parameter).
strategy._oauth2.useAuthorizationHeaderforGET(true);
passport.use(strategy);
passport.serializeUser((user, done) => done(null, user));
passport.deserializeUser((user, done) => done(null, user));

const app = express();
app.use(session({ secret: "bench-only-session-secret", resave: false, saveUninitialized: false }));
app.use(passport.session());
app.get("/healthz", (req, res) => res.send("ok"));
app.get("/callback", passport.authenticate("kakao", { failureRedirect: "/failed" }), (req, res) => res.redirect("/"));
app.listen(Number(process.argv[2]), "127.0.0.1");
