//! Getting user names and passphrases: from a flag, the environment, or the terminal (not
//! echoed). Never from an argument on the command line, where other users could see it.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use haven::Passphrase;
use zeroize::Zeroizing;

use crate::args::Who;
use crate::Failure;

/// The acting user's name: --user, HAVEN_USER, or asked.
pub fn user_name(who: &Who) -> Result<String, Failure> {
    if let Some(u) = &who.user {
        return Ok(u.clone());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Usage(
            "no user given: use --user NAME or set HAVEN_USER".into(),
        ));
    }
    eprint!("User name: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|_| Failure::Usage("could not read the user name".into()))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// The acting user's passphrase: --passphrase-file, HAVEN_PASSPHRASE, or asked once.
pub fn passphrase(who: &Who) -> Result<Passphrase, Failure> {
    if let Some(p) = &who.passphrase_file {
        return from_file(p);
    }
    if let Some(p) = from_env("HAVEN_PASSPHRASE") {
        return Ok(p);
    }
    ask("Passphrase: ", "--passphrase-file FILE or HAVEN_PASSPHRASE")
}

/// A new passphrase (init, passwd, user add): --new-passphrase-file, HAVEN_NEW_PASSPHRASE, or
/// asked twice. Returns it with its confirmation (the same value when not typed).
pub fn new_passphrase(who: &Who, whose: &str) -> Result<(Passphrase, Passphrase), Failure> {
    if let Some(p) = &who.new_passphrase_file {
        let p = from_file(p)?;
        return Ok((p.clone(), p));
    }
    if let Some(p) = from_env("HAVEN_NEW_PASSPHRASE") {
        return Ok((p.clone(), p));
    }
    let how = "--new-passphrase-file FILE or HAVEN_NEW_PASSPHRASE";
    eprintln!("Choose {whose}: at least 12 characters; a few unrelated words work well.");
    let first = ask("New passphrase: ", how)?;
    let second = ask("New passphrase again: ", how)?;
    Ok((first, second))
}

/// A new passphrase for `user`, typed twice (or given once by file or environment) and
/// accepted by the passphrase policy. `field` and `again_field` name the inputs in errors.
pub fn confirmed_new_passphrase(
    who: &Who,
    whose: &str,
    user: &str,
    field: &'static str,
    again_field: &'static str,
) -> Result<Passphrase, Failure> {
    let (first, second) = new_passphrase(who, whose)?;
    Ok(haven::passphrase_policy::confirm(
        first,
        &second,
        &[user],
        field,
        again_field,
    )?)
}

fn from_env(var: &str) -> Option<Passphrase> {
    std::env::var(var)
        .ok()
        .filter(|v| !v.is_empty())
        .map(Passphrase::new)
}

fn from_file(path: &Path) -> Result<Passphrase, Failure> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|_| Failure::Usage("could not read the passphrase file".into()))?,
    );
    let first = text.lines().next().unwrap_or("");
    Ok(Passphrase::from(first))
}

fn ask(prompt: &str, how: &str) -> Result<Passphrase, Failure> {
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Usage(format!(
            "no passphrase given and no terminal to ask on: use {how}"
        )));
    }
    rpassword::prompt_password(prompt)
        .map(Passphrase::new)
        .map_err(|_| Failure::Usage("could not read the passphrase from the terminal".into()))
}

/// The recovery key: HAVEN_RECOVERY_KEY, or asked on the terminal (not echoed).
pub fn recovery_key() -> Result<haven::RecoveryKey, Failure> {
    let typed = match std::env::var("HAVEN_RECOVERY_KEY") {
        Ok(v) if !v.is_empty() => Zeroizing::new(v),
        _ => {
            if !std::io::stdin().is_terminal() {
                return Err(Failure::Usage(
                    "no recovery key given and no terminal to ask on: set HAVEN_RECOVERY_KEY"
                        .into(),
                ));
            }
            Zeroizing::new(
                rpassword::prompt_password("Recovery key: ")
                    .map_err(|_| Failure::Usage("could not read the recovery key".into()))?,
            )
        }
    };
    Ok(haven::RecoveryKey::parse(&typed)?)
}

/// The relay's password: HAVEN_RELAY_PASSWORD, or asked on the terminal (not echoed) when
/// `ask_if_missing`; none otherwise (a server that trusts the local user asks for none).
pub fn relay_password(ask_if_missing: bool) -> Result<Option<Zeroizing<String>>, Failure> {
    match std::env::var("HAVEN_RELAY_PASSWORD") {
        Ok(v) if !v.is_empty() => Ok(Some(Zeroizing::new(v))),
        _ if !ask_if_missing || !std::io::stdin().is_terminal() => Ok(None),
        _ => rpassword::prompt_password("Relay password: ")
            .map(|p| Some(Zeroizing::new(p)))
            .map_err(|_| Failure::Usage("could not read the relay password".into())),
    }
}
