//! Slow clients against the backend binary: connections that trickle an unfinished request (or
//! send nothing at all) neither hold the server for good nor keep `/healthz` from answering.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::binary::Binary;
use crate::common::world::World;
use crate::common::{TestDb, vars};

const SLOW_CLIENTS: usize = 300;

fn addr(base: &str) -> SocketAddr {
    base.trim_start_matches("http://").parse().unwrap()
}

/// A connection from `source` (any address of 127.0.0.0/8 is this machine's loopback).
async fn connect_from(source: Ipv4Addr, to: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(IpAddr::V4(source), 0))?;
    socket.connect(to).await
}

/// Opens a connection, starts a request and sends one more header byte every 200 ms, never
/// finishing, until the server closes the connection or `until`. How long after `started` the
/// server closed it, if it did.
async fn trickle(
    source: Ipv4Addr,
    to: SocketAddr,
    started: Instant,
    until: Instant,
    connected: mpsc::UnboundedSender<()>,
) -> Option<Duration> {
    let closed = || Some(started.elapsed());
    let stream = connect_from(source, to).await;
    let _ = connected.send(());
    let mut stream = stream.ok()?;
    if stream
        .write_all(b"GET /api/kakao/healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .is_err()
    {
        return closed();
    }
    let mut buf = [0u8; 1024];
    while Instant::now() < until {
        tokio::select! {
            read = stream.read(&mut buf) => {
                if matches!(read, Ok(0) | Err(_)) {
                    return closed();
                }
            }
            _ = tokio::time::sleep(Duration::from_millis(200)) => {
                if stream.write_all(b"a").await.is_err() {
                    return closed();
                }
            }
        }
    }
    None
}

/// `count` slow clients from `source`, trickling for 8 s from now; returns once each has
/// connected (accepted, or waiting in the listen queue), so a later connection queues behind
/// them.
async fn slow_clients(count: usize, source: Ipv4Addr, to: SocketAddr) -> JoinSet<Option<Duration>> {
    let started = Instant::now();
    let until = started + Duration::from_secs(8);
    let (connected, mut connections) = mpsc::unbounded_channel();
    let mut slow = JoinSet::new();
    for _ in 0..count {
        slow.spawn(trickle(source, to, started, until, connected.clone()));
    }
    for _ in 0..count {
        connections.recv().await.unwrap();
    }
    // Time for the server to take in what it accepts.
    tokio::time::sleep(Duration::from_millis(300)).await;
    slow
}

/// The backend binary with `settings`, and where it listens.
async fn backend(settings: &[(&str, &str)]) -> (World, Binary, TestDb, SocketAddr) {
    let w = World::start(TestDb::sqlite()).await;
    let db = TestDb::sqlite();
    let backend = Binary::start(&vars(&w.kakao.base_url(), &db, settings), &[]);
    let to = addr(&backend.base);
    (w, backend, db, to)
}

/// `/healthz` from `source`: the time to a complete `200` answer, or `None` after `within`.
async fn healthz(source: Ipv4Addr, to: SocketAddr, within: Duration) -> Option<Duration> {
    let started = Instant::now();
    let ask = async {
        let mut stream = connect_from(source, to).await.ok()?;
        stream
            .write_all(b"GET /api/kakao/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .ok()?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.ok()?;
        answer.starts_with(b"HTTP/1.1 200").then_some(())
    };
    tokio::time::timeout(within, ask).await.ok()??;
    Some(started.elapsed())
}

const ATTACKER: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);
const MEMBER: Ipv4Addr = Ipv4Addr::LOCALHOST;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_while_three_hundred_slow_clients_hold_connections() {
    let (_w, _backend, _db, to) = backend(&[
        ("HEADER_READ_TIMEOUT_MS", "3000"),
        ("MAX_CONNECTIONS", "200"),
        ("MAX_CONNECTIONS_PER_CLIENT", "100"),
    ])
    .await;
    let mut slow = slow_clients(SLOW_CLIENTS, ATTACKER, to).await;

    // One client holds at most MAX_CONNECTIONS_PER_CLIENT: the others still get in.
    assert!(
        healthz(MEMBER, to, Duration::from_secs(1)).await.is_some(),
        "/healthz did not answer within 1 s while {SLOW_CLIENTS} slow clients were connected"
    );

    let mut closed = Vec::new();
    while let Some(done) = slow.join_next().await {
        closed.push(done.unwrap());
    }
    let at_once = closed
        .iter()
        .filter(|c| c.is_some_and(|t| t < Duration::from_millis(2000)))
        .count();
    let timed_out = closed
        .iter()
        .filter(|c| c.is_some_and(|t| t >= Duration::from_millis(2500)))
        .count();
    assert_eq!(
        (at_once, timed_out),
        (SLOW_CLIENTS - 100, 100),
        "the connections past MAX_CONNECTIONS_PER_CLIENT close at once, the rest at \
         HEADER_READ_TIMEOUT_MS: {closed:?}"
    );
    assert!(healthz(MEMBER, to, Duration::from_secs(1)).await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_max_connections_a_new_client_waits_for_a_slot_the_timeout_frees() {
    let (_w, _backend, _db, to) = backend(&[
        ("HEADER_READ_TIMEOUT_MS", "3000"),
        ("MAX_CONNECTIONS", "50"),
    ])
    .await;
    let started = Instant::now();
    let mut slow = slow_clients(50, ATTACKER, to).await;

    healthz(MEMBER, to, Duration::from_secs(6))
        .await
        .expect("/healthz answers once the header-read timeout frees a slot");
    let answered_at = started.elapsed();
    assert!(
        answered_at > Duration::from_millis(2500),
        "served past MAX_CONNECTIONS: answered {answered_at:?} after the slow clients came"
    );
    while let Some(done) = slow.join_next().await {
        assert!(
            done.unwrap().is_some(),
            "a slow client was never disconnected"
        );
    }
}
