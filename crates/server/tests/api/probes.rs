//! "Test connection" against real servers started here on 127.0.0.1:
//! Debian's dovecot (IMAP, plain and implicit TLS) and aiosmtpd (SMTP with
//! STARTTLS, implicit TLS, or neither), with a certificate made for the test.
//! `scripts/test.sh` installs both; these tests fail, never skip, without them.

use std::io::{BufRead, BufReader};
use std::net::TcpListener as StdListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use serde_json::{json, Value};

use crate::common::*;

const V3: &str = "/api/v3/anytime";

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_for_port(port: u16, what: &str) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(15), "{what} did not start listening on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A CA and a certificate for localhost / 127.0.0.1 signed by it.
struct Pki {
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

fn pki(dir: &Path) -> Pki {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(DnType::CommonName, "Anytime test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    params.distinguished_name.push(DnType::CommonName, "localhost");
    let cert = params.signed_by(&key, &ca).unwrap();
    let out = Pki { ca: dir.join("ca.pem"), cert: dir.join("cert.pem"), key: dir.join("key.pem") };
    std::fs::write(&out.ca, ca.pem()).unwrap();
    std::fs::write(&out.cert, cert.pem()).unwrap();
    std::fs::write(&out.key, key.serialize_pem()).unwrap();
    for p in [&out.ca, &out.cert, &out.key] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    out
}

/// A dovecot instance with one user, `user` / `pass`.
struct Dovecot {
    config: PathBuf,
    plain: u16,
    ssl: u16,
}

impl Dovecot {
    fn start(dir: &Path, pki: &Pki) -> Dovecot {
        let (plain, ssl) = (free_port(), free_port());
        let home = dir.join("home");
        std::fs::create_dir_all(&home).unwrap();
        // dovecot's workers run as other users: everything must be readable.
        Command::new("chown").args(["-R", "65534:65534"]).arg(&home).status().unwrap();
        let users = dir.join("users");
        std::fs::write(&users, format!("user:{{PLAIN}}pass:65534:65534::{}\n", home.display())).unwrap();
        let config = dir.join("dovecot.conf");
        std::fs::write(
            &config,
            format!(
                "protocols = imap\nlisten = 127.0.0.1\nbase_dir = {d}/run\nstate_dir = {d}/state\nlog_path = {d}/dovecot.log\n\
                 ssl = yes\nssl_cert = <{cert}\nssl_key = <{key}\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n\
                 passdb {{\n  driver = passwd-file\n  args = {users}\n}}\nuserdb {{\n  driver = passwd-file\n  args = {users}\n}}\n\
                 mail_location = maildir:~/Maildir\n\
                 service imap-login {{\n  inet_listener imap {{\n    port = {plain}\n  }}\n  inet_listener imaps {{\n    port = {ssl}\n    ssl = yes\n  }}\n}}\n\
                 service anvil {{\n  unix_listener anvil-auth-penalty {{\n    mode = 0\n  }}\n}}\n",
                d = dir.display(),
                cert = pki.cert.display(),
                key = pki.key.display(),
                users = users.display(),
            ),
        )
        .unwrap();
        for sub in ["run", "state"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&users, std::fs::Permissions::from_mode(0o644)).unwrap();
        let status = Command::new("dovecot").arg("-c").arg(&config).status().unwrap_or_else(|e| {
            panic!("cannot run dovecot ({e}): scripts/test.sh installs Debian's dovecot-imapd")
        });
        assert!(
            status.success(),
            "dovecot failed to start: {}",
            std::fs::read_to_string(dir.join("dovecot.log")).unwrap_or_default()
        );
        wait_for_port(plain, "dovecot");
        wait_for_port(ssl, "dovecot (imaps)");
        Dovecot { config, plain, ssl }
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = Command::new("dovecot").arg("-c").arg(&self.config).arg("stop").status();
    }
}

/// An aiosmtpd instance.
struct Smtp {
    child: Child,
    port: u16,
}

impl Smtp {
    fn start(mode: &str, pki: &Pki) -> Smtp {
        let port = free_port();
        let python = std::env::var("ANYTIME_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_server.py");
        let mut child = Command::new(&python)
            .arg(script)
            .args([mode, &port.to_string()])
            .arg(&pki.cert)
            .arg(&pki.key)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run {python} ({e}): scripts/test.sh sets ANYTIME_TEST_PYTHON")
            });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(
            line.trim(),
            "ready",
            "aiosmtpd ({mode}) did not start; is aiosmtpd installed for {python}?"
        );
        Smtp { child, port }
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn imap_account(host: &str, port: u16, ssl: bool, password: &str, smtp_port: u16, security: &str) -> Value {
    json!({"type": "IMAP", "businessEmail": "support@example.com", "displayName": "Support",
           "serverInfo": {"userName": "user", "password": password, "incomingServer": host, "incomingServerPort": port,
                          "useSSL": ssl, "outgoingServer": host, "outgoingServerPort": smtp_port,
                          "encryptedConnectionType": security, "authentication": true}})
}

async fn test(s: &Server, account: Value) -> Value {
    let r = s.post(&format!("{V3}/emailAccounts/test"), account).await.expect(200);
    r.body
}

#[track_caller]
fn says(result: &Value, side: &str, ok: bool, fragment: &str) {
    let probe = &result[side];
    assert_eq!(probe["ok"], ok, "{side}: {probe}");
    let message = probe["message"].as_str().unwrap();
    assert!(message.contains(fragment), "{side}: {message:?} should contain {fragment:?}");
    assert!(
        !message.contains("pass\"") && !message.contains("wrong-password"),
        "a password leaked: {message}"
    );
}

#[tokio::test]
async fn imap_and_smtp_against_real_servers() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki(dir.path());
    let dovecot = Dovecot::start(&dir.path().join("dovecot"), &pki);
    let starttls = Smtp::start("starttls", &pki);
    let implicit = Smtp::start("ssl", &pki);
    let plain = Smtp::start("plain", &pki);
    let ca = std::fs::read(&pki.ca).unwrap();
    let s = start_with(&dir.path().join("a.db"), None, |st| {
        st.allow_private_hosts = true;
        st.tls = anytime_server::probe::tls_config(Some(&ca)).unwrap();
    })
    .await;

    // Success: IMAP over SSL and plain; SMTP with STARTTLS and with SSL, both with AUTH.
    let r = test(&s, imap_account("localhost", dovecot.ssl, true, "pass", starttls.port, "TLS")).await;
    says(&r, "incoming", true, "Signed in as user over SSL and opened INBOX");
    says(&r, "outgoing", true, "Connected over TLS and signed in as user");
    assert_eq!(r["ok"], true);
    println!("dovecot imaps + aiosmtpd STARTTLS: {r}");
    let r = test(&s, imap_account("127.0.0.1", dovecot.plain, false, "pass", implicit.port, "SSL")).await;
    says(&r, "incoming", true, "Signed in as user without encryption");
    says(&r, "outgoing", true, "Connected over TLS and signed in as user");
    println!("dovecot imap + aiosmtpd SSL: {r}");

    // Wrong password, on both servers.
    let r =
        test(&s, imap_account("localhost", dovecot.ssl, true, "wrong-password", starttls.port, "TLS")).await;
    says(&r, "incoming", false, "Authentication failed for user");
    says(&r, "outgoing", false, "Authentication failed for user: 535");
    assert_eq!(r["ok"], false);
    println!("wrong password: {r}");

    // SSL against a plain port (IMAP and SMTP).
    let r = test(&s, imap_account("localhost", dovecot.plain, true, "pass", plain.port, "SSL")).await;
    says(&r, "incoming", false, "speaks plain text on this port");
    says(&r, "outgoing", false, "speaks plain text on this port");

    // STARTTLS asked of a server that does not offer it.
    let r = test(&s, imap_account("localhost", dovecot.ssl, true, "pass", plain.port, "TLS")).await;
    says(&r, "outgoing", false, "STARTTLS is not offered");

    // Without the test CA the certificate is not trusted.
    let strict = start_with(&dir.path().join("b.db"), None, |st| st.allow_private_hosts = true).await;
    let r = test(&strict, imap_account("localhost", dovecot.ssl, true, "pass", implicit.port, "SSL")).await;
    says(&r, "incoming", false, "not trusted");
    says(&r, "outgoing", false, "not trusted");

    // A saved account is tested with its stored password, and its status updated.
    let saved = s
        .post(
            &format!("{V3}/emailAccounts"),
            imap_account("localhost", dovecot.ssl, true, "pass", starttls.port, "TLS"),
        )
        .await
        .expect(201);
    let id = saved.body["id"].as_str().unwrap();
    let r = s.put(&format!("{V3}/emailAccounts/{id}/test"), Value::Null).await.expect(200);
    assert_eq!(r.body["ok"], true, "{}", r.body);
    assert_eq!(s.get(&format!("{V3}/emailAccounts/{id}")).await.body["status"], "success");
    // Unsaved settings for the same servers without a password: the stored one is used.
    let mut unsaved = imap_account("localhost", dovecot.ssl, true, "", starttls.port, "TLS");
    unsaved["serverInfo"].as_object_mut().unwrap().remove("password");
    unsaved["displayName"] = json!("Support desk");
    let r = s.put(&format!("{V3}/emailAccounts/{id}/test"), unsaved.clone()).await.expect(200);
    says(&r.body, "incoming", true, "Signed in as user");
    says(&r.body, "outgoing", true, "signed in as user");
    // Another port is another server: the stored password is not sent there…
    unsaved["serverInfo"]["outgoingServerPort"] = json!(free_port());
    let r = s.put(&format!("{V3}/emailAccounts/{id}/test"), unsaved.clone()).await.expect(422);
    assert_eq!(r.fields(), ["serverInfo.password"]);
    // …unless it is typed again.
    unsaved["serverInfo"]["password"] = json!("pass");
    let r = s.put(&format!("{V3}/emailAccounts/{id}/test"), unsaved).await.expect(200);
    says(&r.body, "incoming", true, "Signed in as user");
    says(&r.body, "outgoing", false, "Connection refused");
    assert_eq!(s.get(&format!("{V3}/emailAccounts/{id}")).await.body["status"], "failed");
}

#[tokio::test]
async fn closed_ports_silent_servers_unknown_hosts_and_private_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let s = start_with(&dir.path().join("a.db"), None, |st| {
        st.allow_private_hosts = true;
        st.probe_timeout = Duration::from_secs(1);
    })
    .await;
    // A listener that accepts and never speaks.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    let keep = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let closed = free_port();
    let started = Instant::now();
    let r = test(&s, imap_account("127.0.0.1", silent_port, false, "pass", closed, "none")).await;
    says(&r, "incoming", false, "Timed out after 1 s waiting for the IMAP greeting");
    says(&r, "outgoing", false, "Connection refused by 127.0.0.1");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the two probes run concurrently with their own timeouts"
    );

    let r = test(&s, imap_account("no-such-host.invalid", 993, true, "pass", 587, "TLS")).await;
    says(&r, "incoming", false, "DNS lookup failed: no-such-host.invalid does not resolve");
    says(&r, "outgoing", false, "DNS lookup failed");

    // Without --allow-private-hosts, loopback is refused before connecting.
    let guarded = start_on(&dir.path().join("b.db"), None).await;
    let r = test(&guarded, imap_account("localhost", silent_port, false, "pass", silent_port, "none")).await;
    says(&r, "incoming", false, "private or local address");
    says(&r, "outgoing", false, "--allow-private-hosts");
    keep.abort();
}

#[tokio::test]
async fn exchange_probe_against_an_https_endpoint() {
    use axum::http::{HeaderMap, StatusCode};
    let dir = tempfile::tempdir().unwrap();
    let pki = pki(dir.path());
    // A stand-in EWS endpoint over TLS: 200 for user/pass, 401 otherwise.
    let cert = std::fs::read(&pki.cert).unwrap();
    let key = std::fs::read(&pki.key).unwrap();
    let tls = ews_server_config(&cert, &key);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = axum::Router::new().route(
        "/EWS/Exchange.asmx",
        axum::routing::post(|headers: HeaderMap, body: String| async move {
            let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
            // "user:pass" in base64.
            if auth == "Basic dXNlcjpwYXNz" && body.contains("DistinguishedFolderId Id=\"inbox\"") {
                StatusCode::OK
            } else {
                StatusCode::UNAUTHORIZED
            }
        }),
    );
    tokio::spawn(async move {
        let acceptor = tokio_rustls::TlsAcceptor::from(tls);
        loop {
            let Ok((stream, _)) = listener.accept().await else { break };
            let acceptor = acceptor.clone();
            let app = app.clone();
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(stream).await {
                    let service = hyper_util::service::TowerToHyperService::new(app);
                    let _ =
                        hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new())
                            .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                            .await;
                }
            });
        }
    });
    let ca = std::fs::read(&pki.ca).unwrap();
    let s = start_with(&dir.path().join("a.db"), None, |st| {
        st.allow_private_hosts = true;
        st.tls = anytime_server::probe::tls_config(Some(&ca)).unwrap();
    })
    .await;
    let account = |password: &str, path: &str| {
        json!({"type": "exchange", "businessEmail": "it@example.com", "displayName": "IT",
               "serverInfo": {"userName": "user", "password": password, "serverUrl": format!("https://localhost:{port}{path}")}})
    };
    let r = test(&s, account("pass", "/EWS/Exchange.asmx")).await;
    says(&r, "incoming", true, "Exchange accepted the credentials of user");
    says(&r, "outgoing", true, "same server");
    let r = test(&s, account("wrong-password", "/EWS/Exchange.asmx")).await;
    says(&r, "incoming", false, "Authentication failed for user: Exchange answered 401");
    let r = test(&s, account("pass", "/nothing-here")).await;
    says(&r, "incoming", false, "no Exchange Web Services endpoint at this URL (404)");
}

fn ews_server_config(cert: &[u8], key: &[u8]) -> std::sync::Arc<tokio_rustls::rustls::ServerConfig> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(cert).map(Result::unwrap).collect();
    let key = PrivateKeyDer::from_pem_slice(key).unwrap();
    let provider = std::sync::Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    std::sync::Arc::new(config)
}

/// Runs openssl in `dir`; panics with its output when it fails.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl is installed");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A self-signed certificate as `openssl req -x509` makes it (CA:TRUE), or
/// with `extra` extensions, for the names given.
fn openssl_self_signed(dir: &Path, name: &str, dns: &str, extra: &[&str]) -> Pki {
    let (cert, key) = (format!("{name}.pem"), format!("{name}.key"));
    let san = format!("subjectAltName=DNS:{dns},IP:127.0.0.1");
    let subject = format!("/CN={dns}");
    let mut args = vec!["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", &key, "-out", &cert];
    args.extend(["-days", "30", "-subj", &subject, "-addext", &san]);
    for e in extra {
        args.extend(["-addext", e]);
    }
    openssl(dir, &args);
    finish_pki(dir, &cert, &key)
}

/// A self-signed certificate for localhost valid only between two dates
/// (`openssl ca -selfsign`, which takes any dates).
fn openssl_dated(dir: &Path, name: &str, start: &str, end: &str) -> Pki {
    let ca = dir.join(format!("{name}-ca"));
    std::fs::create_dir_all(&ca).unwrap();
    std::fs::write(ca.join("index.txt"), "").unwrap();
    std::fs::write(ca.join("serial"), "01\n").unwrap();
    let config = format!(
        "[ca]\ndefault_ca = test\n[test]\ndatabase = {d}/index.txt\nnew_certs_dir = {d}\nserial = {d}/serial\n\
         default_md = sha256\npolicy = any\ncopy_extensions = copy\nunique_subject = no\n[any]\ncommonName = supplied\n",
        d = ca.display()
    );
    let config_path = dir.join(format!("{name}.cnf"));
    std::fs::write(&config_path, config).unwrap();
    let (cert, key, csr) = (format!("{name}.pem"), format!("{name}.key"), format!("{name}.csr"));
    openssl(
        dir,
        &[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &csr,
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
    );
    let config_arg = config_path.display().to_string();
    openssl(
        dir,
        &[
            "ca",
            "-batch",
            "-config",
            &config_arg,
            "-selfsign",
            "-keyfile",
            &key,
            "-in",
            &csr,
            "-out",
            &cert,
            "-startdate",
            start,
            "-enddate",
            end,
            "-notext",
        ],
    );
    finish_pki(dir, &cert, &key)
}

fn finish_pki(dir: &Path, cert: &str, key: &str) -> Pki {
    let out = Pki { ca: dir.join(cert), cert: dir.join(cert), key: dir.join(key) };
    for p in [&out.cert, &out.key] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    out
}

/// On-premises certificates made with openssl, against dovecot (IMAP over
/// SSL) and aiosmtpd (SMTP over SSL): a self-signed one given with
/// --extra-ca is trusted as the server's own, CA:TRUE or CA:FALSE; without
/// it, and when expired, not yet valid or for another name, the message
/// says so in words with the fix.
#[tokio::test]
async fn openssl_self_signed_certificates_and_what_is_wrong_with_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let certs = dir.path().join("certs");
    std::fs::create_dir_all(&certs).unwrap();
    std::fs::set_permissions(&certs, std::fs::Permissions::from_mode(0o755)).unwrap();
    let ca_true = openssl_self_signed(&certs, "ca-true", "localhost", &[]);
    let ca_false =
        openssl_self_signed(&certs, "ca-false", "localhost", &["basicConstraints=critical,CA:FALSE"]);
    let expired = openssl_dated(&certs, "expired", "20200101000000Z", "20210101000000Z");
    let future = openssl_dated(&certs, "future", "20990101000000Z", "21000101000000Z");
    let other_name =
        openssl_self_signed(&certs, "other-name", "mail.example.com", &["basicConstraints=CA:FALSE"]);
    let text = |p: &Pki| {
        String::from_utf8(
            std::process::Command::new("openssl")
                .args(["x509", "-noout", "-ext", "basicConstraints", "-in"])
                .arg(&p.cert)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
    };
    assert!(text(&ca_true).contains("CA:TRUE"), "openssl req -x509 makes CA:TRUE: {}", text(&ca_true));
    assert!(text(&ca_false).contains("CA:FALSE"));

    // (certificate, trusted with --extra-ca?, what IMAP and SMTP must say)
    let cases: Vec<(&Pki, bool, bool, &str)> = vec![
        (&ca_true, true, true, "igned in as user"),
        (&ca_false, true, true, "igned in as user"),
        (&ca_true, false, false, "presents a CA certificate (CA:TRUE) as its own, which is not trusted here. If it is the server's self-signed certificate, add it with --extra-ca."),
        (&ca_false, false, false, "presents a self-signed certificate, which is not trusted here. If it is the right one, add it with --extra-ca."),
        (&expired, true, false, "the certificate of localhost expired on 2021-01-01. Renew it on the mail server."),
        (&future, true, false, "the certificate of localhost is not valid until 2099-01-01."),
        (&other_name, true, false, "the certificate is not valid for the name localhost (it is for mail.example.com, 127.0.0.1). Use a name the certificate covers"),
    ];
    for (i, (pki, trusted, ok, words)) in cases.into_iter().enumerate() {
        let home = dir.path().join(format!("dovecot-{i}"));
        let dovecot = Dovecot::start(&home, pki);
        let smtp = Smtp::start("ssl", pki);
        let pem = std::fs::read(&pki.cert).unwrap();
        let s = start_with(&dir.path().join(format!("{i}.db")), None, |st| {
            st.allow_private_hosts = true;
            if trusted {
                st.tls = anytime_server::probe::tls_config(Some(&pem)).unwrap();
            }
        })
        .await;
        let r = test(&s, imap_account("localhost", dovecot.ssl, true, "pass", smtp.port, "SSL")).await;
        println!("case {i} ({}, --extra-ca {trusted}): {r}", pki.cert.file_name().unwrap().to_string_lossy());
        says(&r, "incoming", ok, words);
        says(&r, "outgoing", ok, words);
        for side in ["incoming", "outgoing"] {
            let message = r[side]["message"].as_str().unwrap();
            assert!(!message.contains("Other(") && !message.contains("Error("), "library text: {message}");
        }
        drop(smtp);
        drop(dovecot);
    }
}
