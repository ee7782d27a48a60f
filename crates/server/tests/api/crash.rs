//! Crash safety (issue: trust). The real server binary takes a stream of
//! writes — creates, updates, deletes, reorders, moves of the default
//! account, imports — and is killed with SIGKILL at a random moment, then
//! started again on the same file. Every write it acknowledged must be
//! there; the one in flight may or may not be; the invariants hold either
//! way (contiguous order, exactly one default account, passwords that
//! open).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Client, Method};
use serde_json::{json, Value};

const V3: &str = "/api/v3/anytime";
const TOKEN: &str = "crash-token";

/// What the test knows must be stored.
#[derive(Debug, Clone, PartialEq, Default)]
struct State {
    /// Triggers in order: (id, description).
    triggers: Vec<(String, String)>,
    /// Email accounts in creation order.
    accounts: Vec<String>,
    default: Option<String>,
}

/// One write.
#[derive(Debug, Clone)]
enum Op {
    CreateTrigger(String),
    RenameTrigger(String, String),
    Order(Vec<String>),
    Sort(String, bool),
    DeleteTrigger(String),
    CreateAccount(String),
    MakeDefault(String),
    DeleteAccount(String),
    /// Renames the first trigger through an import of the whole document.
    Import(String),
}

impl State {
    /// The state after `op`; `created` is the id a create was given.
    fn after(&self, op: &Op, created: Option<&str>) -> State {
        let mut s = self.clone();
        match op {
            Op::CreateTrigger(name) => {
                s.triggers.push((created.unwrap_or_default().to_owned(), name.clone()))
            }
            Op::RenameTrigger(id, name) => {
                if let Some(t) = s.triggers.iter_mut().find(|t| &t.0 == id) {
                    t.1 = name.clone();
                }
            }
            Op::Import(name) => {
                if let Some(t) = s.triggers.first_mut() {
                    t.1 = name.clone();
                }
            }
            Op::Order(ids) => {
                s.triggers =
                    ids.iter().filter_map(|id| self.triggers.iter().find(|t| &t.0 == id).cloned()).collect();
            }
            Op::Sort(id, up) => {
                if let Some(i) = s.triggers.iter().position(|t| &t.0 == id) {
                    let j =
                        if *up { i.checked_sub(1) } else { Some(i + 1).filter(|&j| j < s.triggers.len()) };
                    if let Some(j) = j {
                        s.triggers.swap(i, j);
                    }
                }
            }
            Op::DeleteTrigger(id) => s.triggers.retain(|t| &t.0 != id),
            Op::CreateAccount(_) => {
                let id = created.unwrap_or_default().to_owned();
                if s.accounts.is_empty() {
                    s.default = Some(id.clone());
                }
                s.accounts.push(id);
            }
            Op::MakeDefault(id) => s.default = Some(id.clone()),
            Op::DeleteAccount(id) => {
                s.accounts.retain(|a| a != id);
                if s.default.as_ref() == Some(id) {
                    s.default = s.accounts.first().cloned();
                }
            }
        }
        s
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start(db: &std::path::Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_anytime-server"))
        .args(["--bind", &format!("127.0.0.1:{port}"), "--token", TOKEN])
        .arg("--db")
        .arg(db)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server binary starts")
}

async fn ready(client: &Client, base: &str) {
    let started = Instant::now();
    while client.get(format!("{base}/api/health")).send().await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(20), "the server did not come up");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn call(
    client: &Client,
    base: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let mut request = client.request(method, format!("{base}{path}")).bearer_auth(TOKEN);
    if let Some(b) = body {
        request = request.json(&b);
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let text = response.text().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        panic!("a write was refused ({status}): {text}");
    }
    Ok(if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap() })
}

/// Picks the next write for the current state.
fn choose(rng: &mut Rng, s: &State, n: usize) -> Op {
    let trigger = |rng: &mut Rng| s.triggers[rng.below(s.triggers.len())].0.clone();
    loop {
        let op = match rng.below(12) {
            0..=2 => Op::CreateTrigger(format!("t{n}")),
            3 | 4 if !s.triggers.is_empty() => Op::RenameTrigger(trigger(rng), format!("r{n}")),
            5 if s.triggers.len() > 1 => {
                let mut ids: Vec<String> = s.triggers.iter().map(|t| t.0.clone()).collect();
                let k = 1 + rng.below(ids.len() - 1);
                ids.rotate_left(k);
                Op::Order(ids)
            }
            6 if !s.triggers.is_empty() => Op::Sort(trigger(rng), rng.below(2) == 0),
            7 if s.triggers.len() > 3 => Op::DeleteTrigger(trigger(rng)),
            8 if s.accounts.len() < 6 => Op::CreateAccount(format!("box{n}@example.com")),
            9 if !s.accounts.is_empty() => Op::MakeDefault(s.accounts[rng.below(s.accounts.len())].clone()),
            10 if s.accounts.len() > 1 => Op::DeleteAccount(s.accounts[rng.below(s.accounts.len())].clone()),
            11 if !s.triggers.is_empty() => Op::Import(format!("i{n}")),
            _ => continue,
        };
        return op;
    }
}

fn trigger(name: &str) -> Value {
    json!({"description": name, "enable": true, "event": 1,
           "conditions": [{"fieldId": "priority", "matchType": "is", "value": "4"}]})
}

fn ids_of(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_owned()).collect()
}

/// Sends one write; the id a create was given.
async fn send(client: &Client, base: &str, op: &Op) -> Result<Option<String>, String> {
    let t = format!("{V3}/triggers");
    let a = format!("{V3}/emailAccounts");
    match op {
        Op::CreateTrigger(name) => {
            let r = call(client, base, Method::POST, &t, Some(trigger(name))).await?;
            Ok(r["id"].as_str().map(str::to_owned))
        }
        Op::RenameTrigger(id, name) => {
            call(client, base, Method::PUT, &format!("{t}/{id}"), Some(trigger(name))).await.map(|_| None)
        }
        Op::Order(ids) => call(client, base, Method::PUT, &format!("{t}/order"), Some(json!({"ids": ids})))
            .await
            .map(|_| None),
        Op::Sort(id, up) => {
            let body = json!({"type": if *up { "up" } else { "down" }});
            call(client, base, Method::PUT, &format!("{t}/{id}/sort"), Some(body)).await.map(|_| None)
        }
        Op::DeleteTrigger(id) => {
            call(client, base, Method::DELETE, &format!("{t}/{id}"), None).await.map(|_| None)
        }
        Op::CreateAccount(email) => {
            let body = json!({"type": "IMAP", "businessEmail": email, "displayName": "Box",
                "serverInfo": {"userName": "u", "password": format!("secret-{email}"), "incomingServer": "imap.example.com",
                    "incomingServerPort": 993, "useSSL": true, "outgoingServer": "smtp.example.com",
                    "outgoingServerPort": 587, "encryptedConnectionType": "TLS", "authentication": true}});
            let r = call(client, base, Method::POST, &a, Some(body)).await?;
            Ok(r["id"].as_str().map(str::to_owned))
        }
        Op::MakeDefault(id) => {
            call(client, base, Method::PUT, &format!("{a}/{id}/default"), None).await.map(|_| None)
        }
        Op::DeleteAccount(id) => {
            call(client, base, Method::DELETE, &format!("{a}/{id}"), None).await.map(|_| None)
        }
        Op::Import(name) => {
            let mut doc = call(client, base, Method::GET, &format!("{V3}/export"), None).await?;
            doc["triggers"][0]["description"] = json!(name);
            call(client, base, Method::POST, &format!("{V3}/import"), Some(doc)).await.map(|_| None)
        }
    }
}

/// What is stored, checking the invariants on the way.
async fn stored(client: &Client, base: &str) -> State {
    let triggers = call(client, base, Method::GET, &format!("{V3}/triggers"), None).await.unwrap();
    let list = triggers.as_array().unwrap();
    for (i, t) in list.iter().enumerate() {
        assert_eq!(t["orderIndex"], i, "orderIndex is contiguous: {triggers}");
    }
    let accounts = call(client, base, Method::GET, &format!("{V3}/emailAccounts"), None).await.unwrap();
    let accounts = accounts.as_array().unwrap();
    let defaults: Vec<&Value> = accounts.iter().filter(|a| a["isDefault"] == true).collect();
    if !accounts.is_empty() {
        assert_eq!(defaults.len(), 1, "exactly one default account: {accounts:?}");
    }
    for a in accounts {
        assert_eq!(a["serverInfo"]["hasPassword"], true, "the password survived: {a}");
    }
    State {
        triggers: list
            .iter()
            .map(|t| (t["id"].as_str().unwrap().to_owned(), t["description"].as_str().unwrap().to_owned()))
            .collect(),
        accounts: ids_of(&Value::Array(accounts.clone())),
        default: defaults.first().map(|d| d["id"].as_str().unwrap().to_owned()),
    }
}

/// Whether `actual` is `model` with or without the write that was in flight.
fn explained(actual: &State, model: &State, pending: Option<&Op>) -> bool {
    if actual == model {
        return true;
    }
    let Some(op) = pending else { return false };
    let created = match op {
        Op::CreateTrigger(_) => actual.triggers.last().map(|t| t.0.clone()),
        Op::CreateAccount(_) => actual.accounts.last().cloned(),
        _ => None,
    };
    *actual == model.after(op, created.as_deref())
}

#[tokio::test]
async fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let client = Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let mut model = State::default();
    let mut rng = Rng(0x5eed_2026_1201);
    let (mut acknowledged, mut n, mut in_flight_applied) = (0, 0, 0);
    let rounds = 6;
    for round in 0..rounds {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut child = start(&db, port);
        ready(&client, &base).await;
        let actual = stored(&client, &base).await;
        assert_eq!(actual, model, "round {round}: what was acknowledged before the kill is stored");
        // Writes until the kill, at a random moment 150–650 ms in.
        let kill_at = Instant::now() + Duration::from_millis(150 + rng.below(500) as u64);
        let mut pending = None;
        let mut this_round = 0;
        loop {
            n += 1;
            let op = choose(&mut rng, &model, n);
            if Instant::now() >= kill_at {
                // Kill while this write is on its way.
                let sending = send(&client, &base, &op);
                tokio::pin!(sending);
                let delay = tokio::time::sleep(Duration::from_micros(rng.below(3_000) as u64));
                tokio::select! {
                    result = &mut sending => {
                        if let Ok(created) = result {
                            model = model.after(&op, created.as_deref());
                            acknowledged += 1;
                            this_round += 1;
                        }
                        child.kill().unwrap();
                    }
                    () = delay => {
                        child.kill().unwrap();
                        pending = Some(op.clone());
                        // Let the client see the connection drop.
                        let _ = sending.await;
                    }
                }
                break;
            }
            match send(&client, &base, &op).await {
                Ok(created) => {
                    model = model.after(&op, created.as_deref());
                    acknowledged += 1;
                    this_round += 1;
                }
                Err(e) => panic!("the server failed before it was killed: {e}"),
            }
        }
        child.wait().unwrap();
        // Started again: the acknowledged writes, and maybe the one in flight.
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut again = start(&db, port);
        ready(&client, &base).await;
        let actual = stored(&client, &base).await;
        assert!(
            explained(&actual, &model, pending.as_ref()),
            "round {round}: stored {actual:#?}\nacknowledged {model:#?}\nin flight {pending:?}"
        );
        if actual != model {
            in_flight_applied += 1;
            model = actual;
        }
        println!("round {round}: {this_round} acknowledged writes, then SIGKILL; in flight: {pending:?}");
        again.kill().unwrap();
        again.wait().unwrap();
    }
    println!(
        "{rounds} rounds, {acknowledged} acknowledged writes checked after SIGKILL ({in_flight_applied} in-flight writes \
         had landed); {} triggers, {} accounts at the end",
        model.triggers.len(),
        model.accounts.len()
    );
    assert!(acknowledged >= rounds * 5, "enough writes to mean something: {acknowledged}");
}

/// `rotate-key` re-seals every stored password under a new key, refuses to
/// run under a server on the same database, and the server starts on the
/// new key afterwards.
#[tokio::test]
async fn rotate_key_reseals_and_waits_for_the_server_to_stop() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("keys.db");
    let key = anytime_server::vault::default_key_file(&db);
    let client = Client::new();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&db, port);
    ready(&client, &base).await;
    let id = send(&client, &base, &Op::CreateAccount("keys@example.com".into())).await.unwrap().unwrap();
    let rotate = || {
        Command::new(env!("CARGO_BIN_EXE_anytime-server"))
            .arg("rotate-key")
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap()
    };
    let refused = rotate();
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("a server is running on") && said.contains("stop it first"), "{said}");
    server.kill().unwrap();
    server.wait().unwrap();

    let old = anytime_server::vault::read_key_file(&key).unwrap();
    let done = rotate();
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(said.contains("Re-sealed 1 stored password(s) under key"), "{said}");
    let new = anytime_server::vault::read_key_file(&key).unwrap();
    assert_ne!(old.key_id, new.key_id);
    let sealed: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT password FROM secrets WHERE account_id = ?1", [&id], |r| r.get(0))
        .unwrap();
    assert_eq!(new.open(&id, &sealed).as_deref(), Some("secret-keys@example.com"));
    assert_eq!(old.open(&id, &sealed), None, "the old key opens nothing now");
    let mut kept = key.as_os_str().to_owned();
    kept.push(format!(".old-{}", old.key_id));
    assert!(std::path::Path::new(&kept).exists(), "the old key is kept until the operator removes it");
    assert!(said.contains(&*kept.to_string_lossy()), "{said}");

    // A rotation that stopped before the new key was in place: the next
    // start finds the new key beside the database and finishes it.
    let pending = {
        let mut p = key.as_os_str().to_owned();
        p.push(".new");
        std::path::PathBuf::from(p)
    };
    std::fs::rename(&key, &pending).unwrap();
    let (_, reopened) = anytime_server::db::open_sealed(&db, &key).unwrap();
    assert_eq!(reopened.key_id, new.key_id);
    assert!(key.exists() && !pending.exists());

    // The server starts on the new key; started with the old one, it refuses.
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&db, port);
    ready(&client, &base).await;
    assert_eq!(stored(&client, &base).await.accounts, vec![id.clone()]);
    server.kill().unwrap();
    server.wait().unwrap();
    let wrong = Command::new(env!("CARGO_BIN_EXE_anytime-server"))
        .args(["--bind", "127.0.0.1:0", "--secret-key-file"])
        .arg(&kept)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(said.contains("does not open 1 stored password(s)") && said.contains(&new.key_id), "{said}");
}

/// Log lines name the method, path, the query's keys, status and actor —
/// never a query value, a token or a password.
#[tokio::test]
async fn logs_carry_no_query_values_tokens_or_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("logs.db");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_anytime-server"))
        .args(["--bind", &format!("127.0.0.1:{port}"), "--token", TOKEN])
        .arg("--db")
        .arg(&db)
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let client = Client::new();
    ready(&client, &base).await;
    call(&client, &base, Method::GET, &format!("{V3}/blockedSenders?email=secret.person@example.com"), None)
        .await
        .unwrap();
    send(&client, &base, &Op::CreateAccount("logs@example.com".into())).await.unwrap();
    let _ = client
        .get(format!("{base}{V3}/triggers?token=leaked-in-a-query"))
        .bearer_auth("wrong-token")
        .send()
        .await;
    server.kill().unwrap();
    let out = server.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("email=…") && log.contains("path=/api/v3/anytime/blockedSenders"), "{log}");
    assert!(log.contains("actor=setup") && log.contains("status=401"), "{log}");
    for secret in ["secret.person", "leaked-in-a-query", TOKEN, "wrong-token", "secret-logs@example.com"] {
        assert!(!log.contains(secret), "'{secret}' is in the log:\n{log}");
    }
}
