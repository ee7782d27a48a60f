//! Figures, not assertions: adding and then removing blocked senders one
//! by one through the API, on a list that already holds many (issue 12:
//! removing 10,000 used to run at ~15 a second, adding at ~10 times that).
//! Then the same in bulk (`PUT blockedSenders/bulk`, `POST
//! blockedSenders/bulk-delete`): N at once, each one transaction.
//! `cargo run --release -p anytime-server --example blocked_senders [N]`

use std::time::Instant;

use anytime_server::{app, db, directory, vault, AppState};

#[tokio::main]
async fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let (conn, vault) = db::open_sealed(&path, &vault::default_key_file(&path)).unwrap();
    let engine = anytime_server::storage::sqlite::Sqlite::new(conn).with_readers(&path, 4).unwrap();
    let state = AppState::new(engine, "bench", directory::demo(), vault).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/v3/anytime/blockedSenders", listener.local_addr().unwrap());
    tokio::spawn(anytime_server::serve(listener, app(state, None), std::future::pending()));
    let client = reqwest::Client::new();
    let address = |round: usize, i: usize| format!("sender{i}.r{round}@spam.example");
    for round in 0..2 {
        let started = Instant::now();
        for i in 0..n {
            let body = serde_json::json!({"email": address(round, i), "blockType": "blockEmailasJunk"});
            let r = client.put(&base).bearer_auth("bench").json(&body).send().await.unwrap();
            assert!(r.status().is_success(), "{}", r.status());
        }
        let added = started.elapsed();
        let started = Instant::now();
        // The first round keeps half, so the second adds and removes on a fuller list.
        let remove = if round == 0 { n / 2 } else { n };
        for i in 0..remove {
            let r = client
                .delete(format!("{base}?email={}", address(round, i)))
                .bearer_auth("bench")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 204);
        }
        let removed = started.elapsed();
        println!(
            "round {round}: added {n} in {:.2} s ({:.0}/s), removed {remove} in {:.2} s ({:.0}/s)",
            added.as_secs_f64(),
            n as f64 / added.as_secs_f64(),
            removed.as_secs_f64(),
            remove as f64 / removed.as_secs_f64()
        );
    }
    let items: Vec<_> = (0..n)
        .map(|i| serde_json::json!({"email": format!("bulk{i}@spam.example"), "blockType": "rejectEmail"}))
        .collect();
    let started = Instant::now();
    let r = client
        .put(format!("{base}/bulk"))
        .bearer_auth("bench")
        .json(&serde_json::json!({ "items": items }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let added = started.elapsed();
    let list = client.get(&base).bearer_auth("bench").send().await.unwrap();
    let total = list.json::<Vec<serde_json::Value>>().await.unwrap().len();
    let emails: Vec<_> = (0..n).map(|i| format!("bulk{i}@spam.example")).collect();
    let started = Instant::now();
    let r = client
        .post(format!("{base}/bulk-delete"))
        .bearer_auth("bench")
        .json(&serde_json::json!({ "emails": emails }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let removed = started.elapsed();
    println!(
        "bulk: added {n} in one request in {:.2} s ({:.0}/s, list then {total}), removed them in one in {:.2} s ({:.0}/s)",
        added.as_secs_f64(),
        n as f64 / added.as_secs_f64(),
        removed.as_secs_f64(),
        n as f64 / removed.as_secs_f64()
    );
}
