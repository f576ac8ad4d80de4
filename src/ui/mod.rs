//! DOM rendering: the Kakao login button, the service-terms consent panel, and their custom elements.
