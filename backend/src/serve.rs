//! The server loop: what `axum::serve` does, plus the limits it does not offer. Each connection
//! gets hyper's header-read timeout, so a client that trickles an unfinished request, or holds
//! an idle connection, is closed after `HEADER_READ_TIMEOUT_MS`; at most `MAX_CONNECTIONS` are
//! served at once (more wait in the listen queue) and at most `MAX_CONNECTIONS_PER_CLIENT` from
//! one peer address (one more is closed at once), so one client cannot hold them all. Each
//! request carries its peer address ([`ConnectInfo`]) for the per-client rate limits.

use std::collections::HashMap;
use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::client::Client;
use crate::routes::app;
use crate::state::AppState;

/// Serves [`app`] on `listener` until `shutdown` completes, then lets the open requests finish.
pub async fn serve(listener: TcpListener, state: AppState, shutdown: impl Future<Output = ()>) {
    let limits = state.config.limits.clone();
    let router = app(state);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let per_client = Arc::new(PerClient {
        max: limits.max_connections_per_client,
        open: Mutex::default(),
    });
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // E.g. out of file descriptors: wait for some to close rather than spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(client_slot) = PerClient::admit(&per_client, Client::of(peer.ip())) else {
            tracing::debug!("a client is at MAX_CONNECTIONS_PER_CLIENT; connection closed");
            continue;
        };
        let service = router
            .clone()
            .map_request(move |request: Request<Incoming>| {
                let mut request = request.map(Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
        let connection = graceful
            .watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop((slot, client_slot));
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Open connections per client.
struct PerClient {
    max: usize,
    open: Mutex<HashMap<Client, usize>>,
}

impl PerClient {
    /// A place for one more connection of `client`, given back on drop; `None` at the limit.
    fn admit(this: &Arc<Self>, client: Client) -> Option<ClientSlot> {
        let mut open = this.open.lock().expect("no panic while held");
        let count = open.entry(client).or_default();
        if *count >= this.max {
            return None;
        }
        *count += 1;
        Some(ClientSlot {
            of: this.clone(),
            client,
        })
    }
}

struct ClientSlot {
    of: Arc<PerClient>,
    client: Client,
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut open = self.of.open.lock().expect("no panic while held");
        if let Some(count) = open.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.client);
            }
        }
    }
}
