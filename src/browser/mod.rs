//! The only code that touches the browser: storage, navigation, randomness, HTTP to the backend.
