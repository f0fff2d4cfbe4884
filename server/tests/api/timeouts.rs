//! Slow clients: a connection that trickles its headers is closed, and a request whose body
//! never arrives is answered 408, so nobody can hold connections and their memory open by
//! sending slowly. (Before, a connection with unfinished headers stayed open 75 s and more.)
use crate::helpers::{Backend, spawn_app_with};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads what the server sends until it closes the connection or has sent a response's head;
/// `None` if neither happened within `limit` (far longer than the timeouts under test, so that
/// this never decides by a hair).
async fn until_closed(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut got = Vec::new();
    let read = tokio::time::timeout(limit, async {
        let mut buf = [0u8; 4096];
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok()
        .map(|()| String::from_utf8_lossy(&got).into_owned())
}

#[tokio::test]
async fn slow_clients_are_cut_off() {
    let app = spawn_app_with(Backend::Sqlite, |s| {
        s.timeouts.header_read_secs = 1;
        s.timeouts.request_secs = 1;
    })
    .await;
    let host = app.address.trim_start_matches("http://").to_owned();

    // Headers begun and never finished: the connection is closed.
    let mut slow = TcpStream::connect(&host).await.expect("connect");
    slow.write_all(b"GET /en/ HTTP/1.1\r\nHost: petrel.test\r\nX-Slow: 1\r\n")
        .await
        .expect("write");
    let answer = until_closed(&mut slow, Duration::from_secs(20)).await;
    assert!(
        answer.is_some(),
        "a connection with unfinished headers stays open"
    );

    // Headers sent, a body announced and never sent: 408, and the connection ends.
    let mut slow = TcpStream::connect(&host).await.expect("connect");
    slow.write_all(
        b"POST /api/petitions/sign HTTP/1.1\r\nHost: petrel.test\r\nAccept: text/html\r\n\
          Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nslug=",
    )
    .await
    .expect("write");
    let answer = until_closed(&mut slow, Duration::from_secs(20))
        .await
        .expect("a request whose body never comes is answered");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");

    // A client that keeps to time is served as ever.
    let res = app.get("/en/").await;
    assert_eq!(res.status(), 200);
}
