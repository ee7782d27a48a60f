//! Two server processes on one database (issue 17): the rules hold across
//! them because the database enforces them, not a lock in one process.
//! On the PostgreSQL pass they share a PostgreSQL database; on the SQLite
//! pass, one SQLite file (two processes may share it too).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

use crate::common::location;
use anytime_server::storage::Location;

const TOKEN: &str = "replica-token";
const V3: &str = "/api/v3/anytime";

struct Replica {
    base: String,
    child: Child,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Pair {
    a: Replica,
    b: Replica,
    client: Client,
    _dir: tempfile::TempDir,
}

/// A replica on a port of its own choosing: its address is read from what
/// it prints, so a test never talks to another test's server.
async fn replica(db: &str, key: &std::path::Path) -> Replica {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_anytime-server"))
        .args(["--bind", "127.0.0.1:0", "--token", TOKEN, "--db", db])
        .arg("--secret-key-file")
        .arg(key)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server binary starts");
    let stdout = child.stdout.take().unwrap();
    let base = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let mut lines = std::io::BufReader::new(stdout).lines();
        while let Some(Ok(line)) = lines.next() {
            if let Some(rest) = line.trim().strip_prefix("Open http://") {
                let base = format!("http://{}", rest.split('/').next()?);
                // Read on to its end: a closed pipe would fail its next print.
                std::thread::spawn(move || lines.for_each(drop));
                return Some(base);
            }
            if started.elapsed() > Duration::from_secs(30) {
                return None;
            }
        }
        None
    })
    .await
    .unwrap()
    .expect("a replica did not come up (it said no address)");
    Replica { base, child }
}

async fn pair() -> Pair {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let db = match location(&path) {
        Location::Sqlite(p) => p.display().to_string(),
        Location::Postgres(url) => url,
    };
    let key = dir.path().join("shared.key");
    let client = Client::new();
    // The first start migrates and seeds; the second finds it done.
    let a = replica(&db, &key).await;
    let b = replica(&db, &key).await;
    Pair { a, b, client, _dir: dir }
}

struct Answer {
    status: StatusCode,
    etag: Option<String>,
    body: Value,
}

impl Pair {
    async fn call(
        &self,
        on: &Replica,
        method: Method,
        path: impl AsRef<str>,
        body: Option<Value>,
        if_match: Option<&str>,
    ) -> Answer {
        let mut request =
            self.client.request(method, format!("{}{V3}/{}", on.base, path.as_ref())).bearer_auth(TOKEN);
        if let Some(b) = body {
            request = request.json(&b);
        }
        if let Some(tag) = if_match {
            request = request.header("If-Match", tag);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let etag = response.headers().get("etag").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let text = response.text().await.unwrap();
        Answer { status, etag, body: serde_json::from_str(&text).unwrap_or(Value::Null) }
    }
}

fn trigger(name: &str) -> Value {
    json!({"description": name, "enable": true, "event": 1,
           "conditions": [{"fieldId": "subject", "matchType": "contains", "value": "refund"}]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_if_match_race_across_replicas_has_one_winner() {
    let p = pair().await;
    let made = p.call(&p.a, Method::POST, "triggers", Some(trigger("Race")), None).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let id = made.body["id"].as_str().unwrap().to_owned();
    let rounds = 20;
    let mut tally = (0, 0);
    for round in 0..rounds {
        // Both read the same version, from their own replica.
        let (seen_a, seen_b) = tokio::join!(
            p.call(&p.a, Method::GET, format!("triggers/{id}"), None, None),
            p.call(&p.b, Method::GET, format!("triggers/{id}"), None, None)
        );
        assert_eq!(seen_a.etag, seen_b.etag, "a change on one is read back from the other");
        let tag = seen_a.etag.unwrap();
        let (x, y) = tokio::join!(
            p.call(
                &p.a,
                Method::PUT,
                format!("triggers/{id}"),
                Some(trigger(&format!("A{round}"))),
                Some(&tag)
            ),
            p.call(
                &p.b,
                Method::PUT,
                format!("triggers/{id}"),
                Some(trigger(&format!("B{round}"))),
                Some(&tag)
            )
        );
        let mut statuses = [x.status.as_u16(), y.status.as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 412], "round {round}: one wins, the other is told it is stale");
        if x.status == 200 {
            tally.0 += 1;
        } else {
            tally.1 += 1;
        }
        // The winner's version is what both replicas answer now.
        let winner = if x.status == 200 { &x } else { &y };
        let back = p.call(&p.b, Method::GET, format!("triggers/{id}"), None, None).await;
        assert_eq!(back.etag, winner.etag);
        assert_eq!(back.body["description"], winner.body["description"]);
    }
    eprintln!(
        "If-Match race over two replicas: {rounds} rounds, each one 200 and one 412 (A won {}, B won {})",
        tally.0, tally.1
    );

    // Once more with the database's write lock held from outside while
    // both writes arrive: both wait inside the database, and when it is
    // let go the second still sees the first's new version.
    let tag = p.call(&p.a, Method::GET, format!("triggers/{id}"), None, None).await.etag.unwrap();
    let hold = Hold::take(&p).await;
    let put = |on: &Replica, name: &str| {
        let request = p
            .client
            .put(format!("{}{V3}/triggers/{id}", on.base))
            .bearer_auth(TOKEN)
            .header("If-Match", &tag)
            .json(&trigger(name))
            .send();
        tokio::spawn(async move { request.await.unwrap().status().as_u16() })
    };
    let (x, y) = (put(&p.a, "held A"), put(&p.b, "held B"));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!x.is_finished() && !y.is_finished(), "both writes wait for the lock");
    hold.release().await;
    let mut statuses = [x.await.unwrap(), y.await.unwrap()];
    statuses.sort();
    assert_eq!(statuses, [200, 412], "serialized by the database, one wins");
}

/// The database's write lock, held from outside the replicas: SQLite's
/// (an immediate transaction on the file) or PostgreSQL's advisory lock.
enum Hold {
    Sqlite(rusqlite::Connection),
    Postgres(tokio_postgres::Client),
}

impl Hold {
    async fn take(p: &Pair) -> Hold {
        match location(&p._dir.path().join("shared.db")) {
            Location::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).unwrap();
                conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                Hold::Sqlite(conn)
            }
            Location::Postgres(url) => {
                let (client, connection) =
                    tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
                tokio::spawn(connection);
                let lock = anytime_server::storage::postgres::WRITE_LOCK;
                client.execute("SELECT pg_advisory_lock($1)", &[&lock]).await.unwrap();
                Hold::Postgres(client)
            }
        }
    }

    async fn release(self) {
        match self {
            Hold::Sqlite(conn) => conn.execute_batch("ROLLBACK").unwrap(),
            Hold::Postgres(client) => {
                let lock = anytime_server::storage::postgres::WRITE_LOCK;
                client.execute("SELECT pg_advisory_unlock($1)", &[&lock]).await.unwrap();
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reorders_and_creates_from_both_replicas_keep_a_contiguous_order() {
    let p = pair().await;
    for i in 0..5 {
        let r = p.call(&p.a, Method::POST, "triggers", Some(trigger(&format!("seed {i}"))), None).await;
        assert_eq!(r.status, 201);
    }
    let creates = 25;
    let create = async {
        let mut made = Vec::new();
        for i in 0..creates {
            let on = if i % 2 == 0 { &p.a } else { &p.b };
            let r = p.call(on, Method::POST, "triggers", Some(trigger(&format!("new {i}"))), None).await;
            assert_eq!(r.status, 201, "{}", r.body);
            made.push(r.body["id"].as_str().unwrap().to_owned());
        }
        made
    };
    let reorder = async {
        let (mut done, mut refused) = (0, 0);
        for i in 0..25 {
            let on = if i % 2 == 0 { &p.b } else { &p.a };
            let list = p.call(on, Method::GET, "triggers", None, None).await;
            let mut ids: Vec<String> =
                list.body.as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_owned()).collect();
            ids.reverse();
            let r = p.call(on, Method::PUT, "triggers/order", Some(json!({ "ids": ids })), None).await;
            match r.status.as_u16() {
                200 => done += 1,
                // A create landed between the read and the order: the list
                // it named is not the list any more.
                409 | 412 | 422 => refused += 1,
                other => panic!("a reorder answered {other}: {}", r.body),
            }
        }
        (done, refused)
    };
    let (made, (done, refused)) = tokio::join!(create, reorder);
    let a = p.call(&p.a, Method::GET, "triggers", None, None).await;
    let b = p.call(&p.b, Method::GET, "triggers", None, None).await;
    assert_eq!(a.body, b.body, "both replicas answer the same list");
    assert_eq!(a.etag, b.etag);
    let list = a.body.as_array().unwrap();
    assert_eq!(list.len(), 5 + creates, "nothing lost");
    let positions: Vec<i64> = list.iter().map(|t| t["orderIndex"].as_i64().unwrap()).collect();
    assert_eq!(positions, (0..list.len() as i64).collect::<Vec<_>>(), "contiguous, in list order");
    for id in &made {
        assert!(list.iter().any(|t| t["id"] == id.as_str()), "{id} is in the list");
    }
    eprintln!(
        "Creates and reorders from two replicas at once: {creates} creates kept, {done} reorders applied, {refused} refused as stale; order 0..{} contiguous",
        list.len() - 1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_default_account_and_unique_names_across_replicas() {
    let p = pair().await;
    let account = |email: &str| {
        json!({"type": "imap", "businessEmail": email, "displayName": "Support",
               "serverInfo": {"userName": "support", "password": "s3cret", "incomingServer": "imap.example.com",
                              "incomingServerPort": 993, "useSSL": true, "outgoingServer": "smtp.example.com",
                              "outgoingServerPort": 587, "encryptedConnectionType": "TLS", "authentication": true}})
    };
    let mut ids = Vec::new();
    for i in 0..4 {
        let on = if i % 2 == 0 { &p.a } else { &p.b };
        let r = p
            .call(on, Method::POST, "emailAccounts", Some(account(&format!("desk{i}@example.com"))), None)
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        ids.push(r.body["id"].as_str().unwrap().to_owned());
    }
    // Everyone makes a different account the default at once.
    let calls = ids.iter().enumerate().map(|(i, id)| {
        let on = if i % 2 == 0 { &p.a } else { &p.b };
        p.call(on, Method::PUT, format!("emailAccounts/{id}/default"), None, None)
    });
    let answers = futures_util::future::join_all(calls).await;
    assert!(answers.iter().all(|r| r.status.is_success()), "each is made the default in turn");
    let list = p.call(&p.b, Method::GET, "emailAccounts", None, None).await;
    let defaults = list.body.as_array().unwrap().iter().filter(|a| a["isDefault"] == true).count();
    assert_eq!(defaults, 1, "exactly one default account");

    // The same name from both replicas at once: one is kept, the other is a 409.
    let (x, y) = tokio::join!(
        p.call(&p.a, Method::POST, "emailAccounts", Some(account("same@example.com")), None),
        p.call(&p.b, Method::POST, "emailAccounts", Some(account("SAME@example.com")), None)
    );
    let mut statuses = [x.status.as_u16(), y.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "{} / {}", x.body, y.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_cached_in_one_replica_preview_fields_and_tokens_follow_the_other() {
    let p = pair().await;
    let sample = json!({"at": "2026-12-07T10:00:00Z", "fields": {"subject": "A refund please"}});
    // Each replica answers a preview once before the change (anything it
    // might keep would be from then).
    for on in [&p.a, &p.b] {
        let r = p.call(on, Method::POST, "preview", Some(sample.clone()), None).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body["triggers"], json!([]));
    }
    let made = p.call(&p.a, Method::POST, "triggers", Some(trigger("Refunds")), None).await;
    assert_eq!(made.status, 201);
    let r = p.call(&p.b, Method::POST, "preview", Some(sample.clone()), None).await;
    assert_eq!(r.body["triggers"][0]["description"], "Refunds", "{}", r.body);
    assert_eq!(r.body["triggers"][0]["fired"], true);

    // A field made on one is a field the other validates against.
    let field = json!({"name": "Plan", "type": "text"});
    let f = p.call(&p.b, Method::POST, "fields", Some(field), None).await;
    assert_eq!(f.status, 201, "{}", f.body);
    let field_id = f.body["id"].as_str().unwrap().to_owned();
    let mut uses = trigger("Plan matters");
    uses["conditions"] = json!([{"fieldId": field_id, "matchType": "is", "value": "gold"}]);
    let r = p.call(&p.a, Method::POST, "triggers", Some(uses), None).await;
    assert_eq!(r.status, 201, "{}", r.body);

    // A token revoked through one replica's database is refused by both at once.
    let db = match location(&p._dir.path().join("shared.db")) {
        Location::Sqlite(path) => path.display().to_string(),
        Location::Postgres(url) => url,
    };
    let cli = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_anytime-server")).args(args).args(["--db", &db]).output().unwrap()
    };
    let made = cli(&["token", "create", "--name", "rita", "--role", "viewer"]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let rita = String::from_utf8_lossy(&made.stdout).trim().to_owned();
    let me = |on: &Replica| {
        let request = p.client.get(format!("{}{V3}/me", on.base)).bearer_auth(&rita);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!((me(&p.a).await, me(&p.b).await), (200, 200));
    assert!(cli(&["token", "revoke", "rita"]).status.success());
    assert_eq!((me(&p.a).await, me(&p.b).await), (401, 401), "revoked everywhere, at once");
}
