//! Email accounts: servers, ports, the stored password's server (contract §3, §11).

use super::*;

/// An outgoing (SMTP) server: host, port, security and, with
/// authentication, the user name.
fn smtp(s: SmtpSettings<'_>, path: &str, errors: &mut ValidationErrors) {
    host(s.server, at(path, "outgoingServer"), "outgoing (SMTP) server", errors);
    port(s.port, at(path, "outgoingServerPort"), errors);
    required_enum(
        s.security,
        EncryptedConnectionType::is_known,
        EncryptedConnectionType::expected(),
        at(path, "encryptedConnectionType"),
        "the connection security",
        errors,
    );
    if s.authentication && s.user_name.trim().is_empty() {
        errors.add(at(path, "userName"), "Enter the user name the server signs in with.");
    } else {
        one_line(s.user_name, at(path, "userName"), errors);
    }
}

impl Validate for EmailAccount {
    fn check(&self, ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        required_enum(
            self.kind.as_ref(),
            AccountType::is_known,
            AccountType::expected(),
            at(path, "type"),
            "the account type",
            errors,
        );
        let email = self.business_email.trim();
        if email.is_empty() {
            errors.add(at(path, "businessEmail"), "Enter the business email address.");
        } else if let Some(message) = email_problem(email) {
            errors.add(at(path, "businessEmail"), message);
        }
        required_text(
            &self.display_name,
            128,
            at(path, "displayName"),
            "the name recipients will see",
            errors,
        );
        if let Some(dept) = &self.assigned_department {
            department_ref(dept, at(path, "assignedDepartment"), ctx, errors);
        }
        if let Some(agent_id) = &self.assigned_agent {
            match ctx.directory.agent(agent_id) {
                None => errors.add(at(path, "assignedAgent"), format!("No agent has the id '{agent_id}'.")),
                Some(agent) => {
                    if let Some(dept) =
                        self.assigned_department.as_ref().and_then(|d| ctx.directory.department(d))
                    {
                        if !agent.department_ids.contains(&dept.id) {
                            errors.add(
                                at(path, "assignedAgent"),
                                format!("{} is not in the {} department.", agent.name, dept.name),
                            );
                        }
                    }
                }
            }
        }
        let info_path = at(path, "serverInfo");
        match (&self.server_info, self.kind.as_ref()) {
            (None, Some(kind)) if kind.is_known() => errors.add(info_path, "Enter the server settings."),
            (Some(ServerInfo::Exchange(s)), _) => {
                if s.user_name.trim().is_empty() {
                    errors.add(at(&info_path, "userName"), "Enter the user name the server signs in with.");
                } else {
                    one_line(&s.user_name, at(&info_path, "userName"), errors);
                }
                let url_path = at(&info_path, "serverUrl");
                if s.server_url.trim().is_empty() {
                    errors.add(url_path, "Enter the Exchange Web Services URL, like https://mail.example.com/EWS/Exchange.asmx.");
                } else if let Some(message) = ews_url_problem(s.server_url.trim()) {
                    errors.add(url_path, message);
                }
            }
            (Some(ServerInfo::Imap(s)), _) => {
                host(&s.incoming_server, at(&info_path, "incomingServer"), "incoming (IMAP) server", errors);
                port(s.incoming_server_port, at(&info_path, "incomingServerPort"), errors);
                smtp(s.smtp(), &info_path, errors);
            }
            (Some(ServerInfo::EmailForwarding(s)), _) => {
                if s.use_own_smtp_server {
                    smtp(s.smtp(), &info_path, errors);
                }
            }
            // No known type: the type's error says what to fix.
            (None, _) => {}
        }
    }
}

/// What to say when settings sent without a password point somewhere
/// else than the server the stored password was saved for.
pub const PASSWORD_FOR_CHANGED_SERVER: &str = "Enter the password to use it with the changed server.";

/// Whether `edited` may use the password stored with `saved` (contract
/// §11); the error is on `serverInfo.password` under `path`.
pub fn check_stored_password(
    edited: &EmailAccount,
    saved: &EmailAccount,
    path: &str,
    errors: &mut ValidationErrors,
) {
    if edited.reuses_password_of(saved) == Some(false) {
        errors.add(at(&at(path, "serverInfo"), "password"), PASSWORD_FOR_CHANGED_SERVER);
    }
}
