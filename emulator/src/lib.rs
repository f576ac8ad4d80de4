//! kakao-sync-emulator
