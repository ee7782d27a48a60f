//! An email account's editor: the mailbox, how the help desk reaches it
//! (IMAP + SMTP, Exchange, or forwarding), who gets its conversations, and
//! "Test connection" — on the settings as typed, before they are saved.

use leptos::prelude::*;
use leptos::task::spawn_local;

use anytime_core::{
    AccountType, EmailAccount, EncryptedConnectionType, ExchangeServer, ForwardingServer, ImapServer,
    ServerInfo, TestResult, Validate,
};

use crate::api::{endpoints, Api, ApiError};
use crate::components::editor::{back_to, load_for_edit, Editor, EditorForm, Target};
use crate::components::feedback::Toasts;
use crate::components::inputs::{
    choices, AgentPicker, DepartmentPicker, NumberInput, Select, TextInput, Toggle,
};
use crate::components::states::loaded;
use crate::forms::typed::Kind;

#[component]
pub fn EmailAccountPage() -> impl IntoView {
    let data = load_for_edit::<EmailAccount>();
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            {loaded(data, |(account, _fields, directory)| view! { <AccountForm account directory/> })}
        </section>
    }
}

/// A server object for a type, with the ports and security most servers use.
fn server_for(kind: &AccountType) -> Option<ServerInfo> {
    Some(match kind {
        AccountType::Imap => ServerInfo::Imap(ImapServer {
            incoming_server_port: Some(993),
            use_ssl: true,
            outgoing_server_port: Some(587),
            encrypted_connection_type: Some(EncryptedConnectionType::Tls),
            authentication: true,
            ..ImapServer::default()
        }),
        AccountType::Exchange => ServerInfo::Exchange(ExchangeServer::default()),
        AccountType::EmailForwarding => ServerInfo::EmailForwarding(ForwardingServer {
            outgoing_server_port: Some(587),
            encrypted_connection_type: Some(EncryptedConnectionType::Tls),
            authentication: true,
            ..ForwardingServer::default()
        }),
        AccountType::Unknown(_) => return None,
    })
}

/// The account's server object of one kind, to read and to edit.
macro_rules! server_kind {
    ($get:ident, $get_mut:ident, $variant:ident, $ty:ty) => {
        fn $get(a: &EmailAccount) -> Option<&$ty> {
            match &a.server_info {
                Some(ServerInfo::$variant(s)) => Some(s),
                _ => None,
            }
        }

        fn $get_mut(a: &mut EmailAccount) -> Option<&mut $ty> {
            match &mut a.server_info {
                Some(ServerInfo::$variant(s)) => Some(s),
                _ => None,
            }
        }
    };
}

server_kind!(imap, imap_mut, Imap, ImapServer);
server_kind!(exchange, exchange_mut, Exchange, ExchangeServer);
server_kind!(forwarding, forwarding_mut, EmailForwarding, ForwardingServer);

fn security_options() -> Signal<Vec<(String, String)>> {
    choices::<EncryptedConnectionType>()
}

/// The password field: empty keeps the saved one.
fn password_hint(has: bool, existing: bool) -> &'static str {
    match (has, existing) {
        (true, _) => "A password is saved for this server. Leave this empty to keep it; a changed server or user name needs it typed again.",
        // A restored account: versions never keep passwords.
        (false, true) => "No password is saved for this server (a restored account comes back without one): type it, or the account cannot sign in.",
        (false, false) => "Used only to sign in to the server; never shown again.",
    }
}

#[component]
fn AccountForm(account: Option<EmailAccount>, directory: anytime_core::Directory) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let is_new = account.is_none();
    let saved = account.unwrap_or_else(|| EmailAccount {
        id: String::new(),
        kind: Some(AccountType::Imap),
        business_email: String::new(),
        display_name: String::new(),
        server_info: server_for(&AccountType::Imap),
        assigned_department: None,
        assigned_agent: None,
        status: None,
        last_received_time: None,
        enable: true,
        is_default: false,
    });
    let directory = Signal::stored(directory);
    // As stored: a password saved with it goes only to the same server, so
    // changing the host, port or user name asks for it again (§11).
    let stored = StoredValue::new((!is_new).then(|| saved.clone()));
    let editor = Editor::new(saved, move |a: &EmailAccount| {
        let mut errors = directory
            .with_untracked(|d| a.validate(&anytime_core::Context::new(&[], d)).err().unwrap_or_default());
        stored.with_value(|s| {
            if let Some(s) = s {
                anytime_core::validate::check_stored_password(a, s, "", &mut errors);
            }
        });
        errors
    });
    // Changing the server empties nothing, yet needs the password now.
    editor.ask_at_once("serverInfo.password");
    let back = back_to("/email-accounts");
    let on_save = Callback::new(move |overwrite: bool| {
        let target = Target::of::<EmailAccount>(is_new, &editor.draft.with_untracked(|a| a.id.clone()));
        editor.save(api, target, overwrite, move |saved: EmailAccount| {
            toasts.show(format!("Account '{}' saved.", saved.display_name));
            stored.set_value(Some(saved));
            back.run(());
        });
    });
    let kind = editor.get(|a| a.kind.clone());
    let e = move |path: &'static str| editor.error(path);
    // Text of one server field, whichever server object holds it.
    macro_rules! server_text {
        ($get:ident, $set:ident, $field:ident) => {
            (
                editor.get(|a| $get(a).map(|s| s.$field.clone()).unwrap_or_default()),
                editor.set(|a: &mut EmailAccount, v: String| {
                    if let Some(s) = $set(a) {
                        s.$field = v;
                    }
                }),
            )
        };
    }
    macro_rules! server_flag {
        ($get:ident, $set:ident, $field:ident) => {
            (
                editor.get(|a| $get(a).is_some_and(|s| s.$field)),
                editor.set(|a: &mut EmailAccount, v: bool| {
                    if let Some(s) = $set(a) {
                        s.$field = v;
                    }
                }),
            )
        };
    }
    macro_rules! server_port {
        ($get:ident, $set:ident, $field:ident) => {
            (
                editor.get(|a| $get(a).and_then(|s| s.$field).unwrap_or(0)),
                editor.set(|a: &mut EmailAccount, v: i64| {
                    if let Some(s) = $set(a) {
                        s.$field = Some(v);
                    }
                }),
            )
        };
    }
    macro_rules! server_password {
        ($get:ident, $set:ident) => {
            (
                editor.get(|a| $get(a).and_then(|s| s.password.clone()).unwrap_or_default()),
                editor.set(|a: &mut EmailAccount, v: String| {
                    if let Some(s) = $set(a) {
                        s.password = (!v.is_empty()).then_some(v);
                    }
                }),
                editor
                    .get(move |a| password_hint($get(a).is_some_and(|s| s.has_password), !is_new).to_owned()),
            )
        };
    }
    macro_rules! server_security {
        ($get:ident, $set:ident) => {
            (
                editor.get(|a| {
                    $get(a)
                        .and_then(|s| s.encrypted_connection_type.as_ref())
                        .map(|t| t.as_str().to_owned())
                        .unwrap_or_default()
                }),
                editor.set(|a: &mut EmailAccount, v: String| {
                    if let Some(s) = $set(a) {
                        s.encrypted_connection_type = Some(EncryptedConnectionType::parse(&v));
                    }
                }),
            )
        };
    }
    let imap_view = move || {
        let (user, set_user) = server_text!(imap, imap_mut, user_name);
        let (password, set_password, password_help) = server_password!(imap, imap_mut);
        let (incoming, set_incoming) = server_text!(imap, imap_mut, incoming_server);
        let (incoming_port, set_incoming_port) = server_port!(imap, imap_mut, incoming_server_port);
        let (ssl, set_ssl) = server_flag!(imap, imap_mut, use_ssl);
        let (outgoing, set_outgoing) = server_text!(imap, imap_mut, outgoing_server);
        let (outgoing_port, set_outgoing_port) = server_port!(imap, imap_mut, outgoing_server_port);
        let (security, set_security) = server_security!(imap, imap_mut);
        let (auth, set_auth) = server_flag!(imap, imap_mut, authentication);
        view! {
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"Incoming mail (IMAP)"</legend>
                <TextInput label="IMAP server" kind=Kind::Host placeholder="imap.example.com" value=incoming on_input=set_incoming error=e("serverInfo.incomingServer")/>
                <NumberInput label="Port" min=1 max=65535 value=incoming_port on_change=set_incoming_port path="serverInfo.incomingServerPort" error=e("serverInfo.incomingServerPort")/>
                <Toggle label="Use SSL/TLS" value=ssl on_change=set_ssl/>
                <TextInput label="User name" value=user on_input=set_user error=e("serverInfo.userName")/>
                <TextInput label="Password" kind=Kind::Password hint=password_help value=password on_input=set_password error=e("serverInfo.password")/>
            </fieldset>
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"Outgoing mail (SMTP)"</legend>
                <TextInput label="SMTP server" kind=Kind::Host placeholder="smtp.example.com" value=outgoing on_input=set_outgoing error=e("serverInfo.outgoingServer")/>
                <NumberInput label="Port" min=1 max=65535 value=outgoing_port on_change=set_outgoing_port path="serverInfo.outgoingServerPort" error=e("serverInfo.outgoingServerPort")/>
                <Select label="Security" options=security_options() value=security on_change=set_security error=e("serverInfo.encryptedConnectionType")/>
                <Toggle label="Sign in with the user name and password above" value=auth on_change=set_auth/>
            </fieldset>
        }
    };
    let exchange_view = move || {
        let (user, set_user) = server_text!(exchange, exchange_mut, user_name);
        let (password, set_password, password_help) = server_password!(exchange, exchange_mut);
        let (url, set_url) = server_text!(exchange, exchange_mut, server_url);
        view! {
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"Exchange Web Services"</legend>
                <TextInput label="EWS URL" kind=Kind::HttpsUrl placeholder="https://mail.example.com/EWS/Exchange.asmx" value=url on_input=set_url error=e("serverInfo.serverUrl")/>
                <TextInput label="User name" value=user on_input=set_user error=e("serverInfo.userName")/>
                <TextInput label="Password" kind=Kind::Password hint=password_help value=password on_input=set_password error=e("serverInfo.password")/>
            </fieldset>
        }
    };
    let forwarding_view = move || {
        let (own, set_own) = server_flag!(forwarding, forwarding_mut, use_own_smtp_server);
        let (outgoing, set_outgoing) = server_text!(forwarding, forwarding_mut, outgoing_server);
        let (outgoing_port, set_outgoing_port) =
            server_port!(forwarding, forwarding_mut, outgoing_server_port);
        let (security, set_security) = server_security!(forwarding, forwarding_mut);
        let (auth, set_auth) = server_flag!(forwarding, forwarding_mut, authentication);
        let (user, set_user) = server_text!(forwarding, forwarding_mut, user_name);
        let (password, set_password, password_help) = server_password!(forwarding, forwarding_mut);
        let address = editor.get(|a| forwarding(a).map(|s| s.forward_email_to.clone()).unwrap_or_default());
        view! {
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"Forwarding"</legend>
                <p class="at-hint">{move || {
                    let to = address.get();
                    if to.is_empty() {
                        "After saving, forward the mailbox's mail to the address shown here.".to_owned()
                    } else {
                        format!("Forward the mailbox's mail to {to}.")
                    }
                }}</p>
                <Toggle label="Send replies through our own SMTP server" value=own on_change=set_own/>
                <Show when=move || own.get()>
                    <TextInput label="SMTP server" kind=Kind::Host value=outgoing on_input=set_outgoing error=e("serverInfo.outgoingServer")/>
                    <NumberInput label="Port" min=1 max=65535 value=outgoing_port on_change=set_outgoing_port path="serverInfo.outgoingServerPort" error=e("serverInfo.outgoingServerPort")/>
                    <Select label="Security" options=security_options() value=security on_change=set_security/>
                    <Toggle label="Sign in" value=auth on_change=set_auth/>
                    <TextInput label="User name" value=user on_input=set_user error=e("serverInfo.userName")/>
                    <TextInput label="Password" kind=Kind::Password hint=password_help value=password on_input=set_password error=e("serverInfo.password")/>
                </Show>
            </fieldset>
        }
    };
    view! {
        <h1 id="at-page-title" class="at-page__title">{if is_new { "New email account" } else { "Edit email account" }}</h1>
        <p class="at-page__lead">"Conversations arrive from this mailbox; replies go out from it."</p>
        <EditorForm editor history=(!is_new).then(|| crate::api::kinds::path_of::<EmailAccount>(&editor.draft.with_untracked(|x| x.id.clone()))) admin_only=true on_save on_discard=back on_reload=Callback::new(move |()| api.epoch.update(|e| *e += 1))>
            <TextInput label="Display name" required=true max_length=128 placeholder="Acme Support" error=e("displayName")
                value=editor.get(|a| a.display_name.clone()) on_input=editor.set(|a: &mut EmailAccount, v: String| a.display_name = v)/>
            <TextInput label="Business email" required=true kind=Kind::Email placeholder="support@example.com" error=e("businessEmail")
                value=editor.get(|a| a.business_email.clone()) on_input=editor.set(|a: &mut EmailAccount, v: String| a.business_email = v)/>
            <Select label="Connect with" error=e("type")
                options={choices::<AccountType>()}
                value=editor.get(|a| a.kind.as_ref().map(|k| k.as_str().to_owned()).unwrap_or_default())
                on_change=editor.set(|a: &mut EmailAccount, v: String| {
                    let kind = AccountType::parse(&v);
                    a.server_info = server_for(&kind);
                    a.kind = Some(kind);
                })/>
            {move || match kind.get() {
                Some(AccountType::Imap) => imap_view().into_any(),
                Some(AccountType::Exchange) => exchange_view().into_any(),
                Some(AccountType::EmailForwarding) => forwarding_view().into_any(),
                _ => ().into_any(),
            }}
            <TestConnection editor is_new/>
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"Who gets its conversations"</legend>
                <DepartmentPicker label="Department" directory none="No department" error=e("assignedDepartment")
                    value=editor.get(|a| a.assigned_department.clone().unwrap_or_default())
                    on_change=editor.set(|a: &mut EmailAccount, v: String| a.assigned_department = (!v.is_empty()).then_some(v))/>
                <AgentPicker label="Agent" directory none="No agent" error=e("assignedAgent")
                    department=editor.get(|a| a.assigned_department.clone())
                    value=editor.get(|a| a.assigned_agent.clone().unwrap_or_default())
                    on_change=editor.set(|a: &mut EmailAccount, v: String| a.assigned_agent = (!v.is_empty()).then_some(v))/>
            </fieldset>
            <Toggle label="On: receive mail from this account" value=editor.get(|a| a.enable)
                on_change=editor.set(|a: &mut EmailAccount, on: bool| a.enable = on)/>
        </EditorForm>
    }
}

/// "Test connection" on the settings as typed: each side's step and time.
#[component]
fn TestConnection(editor: Editor<EmailAccount>, is_new: bool) -> impl IntoView {
    let api = expect_context::<Api>();
    let (testing, set_testing) = signal(false);
    let (result, set_result) = signal(None::<Result<TestResult, String>>);
    let test = move |_| {
        if !editor.check() {
            set_result.set(Some(Err("Fix the fields marked above first.".into())));
            return;
        }
        set_testing.set(true);
        set_result.set(None);
        let account = editor.draft.get_untracked();
        spawn_local(async move {
            let reply = endpoints::test_account(api, &account, is_new).await;
            set_testing.set(false);
            set_result.set(Some(reply.map_err(|e| match e {
                ApiError::Invalid(errors) => {
                    editor.refused(errors);
                    "Fix the fields marked above first.".to_owned()
                }
                other => other.message(),
            })));
        });
    };
    view! {
        <div class="at-test" aria-live="polite">
            <button type="button" class="at-button" on:click=test disabled=move || testing.get() aria-busy=move || testing.get().to_string()>
                {move || if testing.get() { "Testing…" } else { "Test connection" }}
            </button>
            <span class="at-hint">" Uses the settings as they are now, saved or not."</span>
            {move || result.get().map(|r| match r {
                Ok(t) => view! {
                    <ul class="at-test__result">
                        {[("Incoming", t.incoming), ("Outgoing", t.outgoing)].into_iter().map(|(side, p)| view! {
                            <li class=if p.ok { "at-test__ok" } else { "at-test__failed" }>
                                <strong>{format!("{} {side}: ", if p.ok { "✓" } else { "✗" })}</strong>
                                {p.message}
                                <span class="at-hint">{format!(" ({} ms)", p.elapsed_ms)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(message) => view! { <p class="at-field__error">{message}</p> }.into_any(),
            })}
        </div>
    }
}
