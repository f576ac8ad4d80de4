//! Kakao's own JSON bodies (kauth and kapi), as the emulator serves them and the backend reads them.
