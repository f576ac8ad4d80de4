//! Slow clients against the backend binary: connections that trickle an unfinished request (or
//! send nothing at all) neither hold the server for good nor keep `/healthz` from answering.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
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
/// finishing, until the server closes the connection or `until`. `true` if the server closed it.
async fn trickle(source: Ipv4Addr, to: SocketAddr, until: Instant) -> bool {
    let Ok(mut stream) = connect_from(source, to).await else {
        return false;
    };
    if stream
        .write_all(b"GET /api/kakao/healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .is_err()
    {
        return true;
    }
    let mut buf = [0u8; 1024];
    while Instant::now() < until {
        tokio::select! {
            read = stream.read(&mut buf) => {
                if matches!(read, Ok(0) | Err(_)) {
                    return true;
                }
            }
            _ = tokio::time::sleep(Duration::from_millis(200)) => {
                if stream.write_all(b"a").await.is_err() {
                    return true;
                }
            }
        }
    }
    false
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_while_three_hundred_slow_clients_hold_connections() {
    let w = World::start(TestDb::sqlite()).await;
    let db = TestDb::sqlite();
    let env = vars(
        &w.kakao.base_url(),
        &db,
        &[("HEADER_READ_TIMEOUT_MS", "3000")],
    );
    let backend = Binary::start(&env, &[]);
    let to = addr(&backend.base);

    let attacker = Ipv4Addr::new(127, 0, 0, 2);
    let until = Instant::now() + Duration::from_secs(8);
    let mut slow = JoinSet::new();
    for _ in 0..SLOW_CLIENTS {
        slow.spawn(trickle(attacker, to, until));
    }
    // The slow clients are connected and trickling.
    tokio::time::sleep(Duration::from_millis(1000)).await;

    let member = Ipv4Addr::LOCALHOST;
    let waited = healthz(member, to, Duration::from_secs(1)).await;
    assert!(
        waited.is_some(),
        "/healthz did not answer within 1 s while {SLOW_CLIENTS} slow clients were connected"
    );

    let mut closed = 0;
    while let Some(done) = slow.join_next().await {
        closed += usize::from(done.unwrap());
    }
    assert_eq!(
        closed, SLOW_CLIENTS,
        "every slow client is disconnected once HEADER_READ_TIMEOUT_MS has passed"
    );
    assert!(healthz(member, to, Duration::from_secs(1)).await.is_some());
}
