-- Kakao's tokens are stored sealed from now on (TOKEN_KEY; see src/sealed.rs). SQL cannot encrypt,
-- and a plain token must not stay in the file, so the sessions that hold plain ones end here:
-- their members sign in again once. Members, consents and code claims are untouched.
DELETE FROM sessions;
