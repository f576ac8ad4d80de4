//! kakao-sync-backend
