//! Who a request comes from, and the per-client rate limits keyed by it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::http::{HeaderMap, HeaderName};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// A client, as the limits count it: an IPv4 address, or an IPv6 /64 (one subscriber usually
/// holds a whole /64, and could otherwise change address at every request).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Client(IpAddr);

impl Client {
    /// The client at `ip`.
    pub fn of(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => Client(IpAddr::V4(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Client(IpAddr::V4(v4)),
                None => {
                    let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                    Client(IpAddr::V6(Ipv6Addr::from(prefix)))
                }
            },
        }
    }

    /// The client of a request: the last address in `trusted_header` when one is configured and
    /// the request carries a usable one (a proxy appends the address it saw), else the peer.
    /// With no peer known (the router called without [`crate::serve`]), all such requests count
    /// as one client.
    pub fn of_request(
        headers: &HeaderMap,
        peer: Option<SocketAddr>,
        trusted_header: Option<&HeaderName>,
    ) -> Self {
        let from_header = trusted_header.and_then(|name| {
            headers
                .get_all(name)
                .iter()
                .next_back()?
                .to_str()
                .ok()?
                .rsplit(',')
                .next()?
                .trim()
                .parse::<IpAddr>()
                .ok()
        });
        let ip = from_header
            .or(peer.map(|p| p.ip()))
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        Client::of(ip)
    }
}

/// A per-client rate: `per_minute` at once, then one every `60 s / per_minute` (GCRA).
pub struct RateLimit {
    limiter: DefaultKeyedRateLimiter<Client>,
    checks: AtomicU64,
}

/// Forget the clients whose allowance is whole again every this many checks, so the table
/// holds only recent clients.
const PRUNE_EVERY: u64 = 1024;

impl RateLimit {
    /// A limit of `per_minute` requests per client.
    pub fn per_minute(per_minute: NonZeroU32) -> Self {
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one request of `client`; `Err` with the wait until the next one is let through.
    pub fn check(&self, client: Client) -> Result<(), Duration> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&client)
            .map_err(|not_until| not_until.wait_time_from(self.limiter.clock().now()))
    }
}

impl std::fmt::Debug for RateLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimit")
            .field("clients", &self.limiter.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_ipv6_client_is_its_slash_64() {
        assert_eq!(
            Client::of(ip("2001:db8:1:2:aaaa::1")),
            Client::of(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            Client::of(ip("2001:db8:1:2::1")),
            Client::of(ip("2001:db8:1:3::1"))
        );
        assert_eq!(
            Client::of(ip("::ffff:10.0.0.1")),
            Client::of(ip("10.0.0.1"))
        );
    }

    #[test]
    fn the_header_counts_only_when_configured_and_its_last_address_wins() {
        let peer = Some(SocketAddr::new(ip("10.0.0.9"), 1234));
        let mut headers = HeaderMap::new();
        headers.append(
            "x-forwarded-for",
            HeaderValue::from_static("1.1.1.1, 2.2.2.2"),
        );
        headers.append("x-forwarded-for", HeaderValue::from_static("3.3.3.3"));
        let name = HeaderName::from_static("x-forwarded-for");
        assert_eq!(
            Client::of_request(&headers, peer, None),
            Client::of(ip("10.0.0.9"))
        );
        assert_eq!(
            Client::of_request(&headers, peer, Some(&name)),
            Client::of(ip("3.3.3.3"))
        );
        let mut garbage = HeaderMap::new();
        garbage.append("x-forwarded-for", HeaderValue::from_static("nonsense"));
        assert_eq!(
            Client::of_request(&garbage, peer, Some(&name)),
            Client::of(ip("10.0.0.9"))
        );
    }

    #[test]
    fn a_client_past_its_rate_waits_and_others_do_not() {
        let limit = RateLimit::per_minute(NonZeroU32::new(3).unwrap());
        let (a, b) = (Client::of(ip("10.0.0.1")), Client::of(ip("10.0.0.2")));
        for _ in 0..3 {
            assert!(limit.check(a).is_ok());
        }
        let wait = limit.check(a).unwrap_err();
        assert!(
            wait > Duration::from_secs(15) && wait <= Duration::from_secs(20),
            "{wait:?}"
        );
        assert!(limit.check(b).is_ok());
    }
}
