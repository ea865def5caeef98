//! The one list of desktop commands, and what the page sees of each.
//!
//! Every command is written once, inside [`command!`]: the macro emits the `#[tauri::command]`
//! function as written, and beside it a module of the same name whose `spec` describes the
//! command to the page — its name, its arguments under the keys Tauri decodes (camelCase;
//! `State<…>` is not an argument, `Channel<T>` is) with their TypeScript types from ts-rs, and
//! what it resolves to (`CommandResult<T>` unwrapped to `T`, `()` as `null`).
//!
//! A command that is one call on the signed-in session is written short:
//! `pub async fn cases_list(session, filter: CaseFilter) -> Vec<CaseListItem> => |s| s.list_cases(&filter)`
//! stands for the function taking `state: State<'_, AppState>` and answering
//! `with_session(&state, |s| s.list_cases(&filter))` as a `CommandResult<Vec<CaseListItem>>`.
//!
//! [`commands!`] takes the paths of all commands once (commands/mod.rs) and makes both the
//! invoke handler that main.rs registers and the list of specs, from which a test writes
//! ui/src/commands.ts and checks the capability file (capabilities/main.json), which build.rs
//! reads the command names from.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ts_rs::{Config, Dependency, ExportError, TypeVisitor, TS};

use crate::error::IpcError;

/// Writes a type's binding, and those of the types it uses, into ui/src/bindings.
pub type Export = fn(&Config) -> Result<(), ExportError>;

/// A TypeScript type as a command's signature names it, with the binding files it refers to.
#[derive(Debug, Clone)]
// Read by the test that writes ui/src/commands.ts (commands/generate.rs).
#[cfg_attr(not(test), allow(dead_code))]
pub struct TsType {
    /// How the type is written in TypeScript, e.g. `Array<CaseListItem>`.
    pub name: String,
    /// The exported types named in `name`: TypeScript name → file under ui/src/bindings, and
    /// how to write that file.
    pub imports: BTreeMap<String, (PathBuf, Export)>,
}

impl TsType {
    /// The type `T` as ts-rs writes it where it is used.
    pub fn of<T: TS + ?Sized + 'static>(cfg: &Config) -> Self {
        /// Collects `T` and every type parameter it names (recursively), where ts-rs exports it.
        struct Named<'a>(&'a Config, BTreeMap<String, (PathBuf, Export)>);
        impl TypeVisitor for Named<'_> {
            fn visit<T: TS + 'static + ?Sized>(&mut self) {
                if let Some(dep) = Dependency::from_ty::<T>(self.0) {
                    self.1
                        .insert(dep.ts_name, (dep.output_path, <T as TS>::export_all));
                }
            }
        }
        let mut named = Named(cfg, BTreeMap::new());
        named.visit::<T>();
        T::visit_generics(&mut named);
        Self {
            name: T::name(cfg),
            imports: named.1,
        }
    }
}

/// One argument of a command, as the page passes it.
#[derive(Debug, Clone)]
// Read by the test that writes ui/src/commands.ts (commands/generate.rs).
#[cfg_attr(not(test), allow(dead_code))]
pub struct Arg {
    /// The key in the arguments object: the Rust parameter name in camelCase, as Tauri reads it.
    pub key: String,
    /// Its type; for a channel, the type of the messages on it.
    pub ty: TsType,
    /// A `Channel<T>`: the page passes a callback, which the generated code wraps in a Channel.
    pub channel: bool,
}

impl Arg {
    /// A value argument (deserialized from the page's JSON).
    pub fn value<T: TS + 'static>(param: &str, cfg: &Config) -> Self {
        Self {
            key: camel_case(param),
            ty: TsType::of::<T>(cfg),
            channel: false,
        }
    }

    /// A `Channel<T>` argument: messages of type `T` sent to the page.
    pub fn channel<T: TS + 'static>(param: &str, cfg: &Config) -> Self {
        Self {
            key: camel_case(param),
            ty: TsType::of::<T>(cfg),
            channel: true,
        }
    }
}

/// What the page sees of one command.
#[derive(Debug, Clone)]
// Read by the test that writes ui/src/commands.ts (commands/generate.rs).
#[cfg_attr(not(test), allow(dead_code))]
pub struct Command {
    /// The name `invoke` takes (the Rust function's name).
    pub name: &'static str,
    /// The Rust doc comment, line by line.
    pub docs: &'static [&'static str],
    /// The arguments, in the order of the Rust parameters.
    pub args: Vec<Arg>,
    /// What the command resolves to.
    pub returns: TsType,
}

/// What a command resolves to on the page: `T` for `CommandResult<T>` (the error rejects the
/// promise), the value itself for the few commands that cannot fail.
#[diagnostic::on_unimplemented(
    message = "a desktop command returns `CommandResult<T>`, `()` or a type listed in registry.rs",
    label = "`{Self}` is not a known command result"
)]
pub trait Returns {
    /// The type the page receives.
    type Ok: TS + ?Sized + 'static;
}

impl<T: TS + 'static> Returns for Result<T, IpcError> {
    type Ok = T;
}

/// Commands that cannot fail return their value directly.
macro_rules! infallible {
    ($($t:ty),* $(,)?) => { $(impl Returns for $t { type Ok = Self; })* };
}
infallible!(
    (),
    crate::ipc::VaultState,
    haven::passphrase_policy::Strength,
    Vec<&'static str>,
);

/// `snake_case` → `camelCase`, as Tauri turns a parameter name into an argument key.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Defines one desktop command: the function, written as it would be with
/// `#[tauri::command]`, and its description for the page (module `<name>`, fn `spec`).
/// Doc comments first; then `pub fn` or `pub async fn`.
macro_rules! command {
    // A command that is one call on the signed-in session: `fn name(session, args…) -> T =>
    // |s| s.method(…)`, the session taken with `with_session` (a locked vault answers `locked`).
    ($(#[doc = $doc:literal])* pub async fn $name:ident (session $(, $p:ident : $t:ty)* $(,)?) -> $ret:ty => |$s:ident| $e:expr) => {
        $crate::commands::registry::command!(@emit [async] [$($doc)*] $name
            [state: State<'_, AppState>, $($p: $t),*] [CommandResult<$ret>]
            { with_session(&state, |$s| $e) });
    };
    ($(#[doc = $doc:literal])* pub fn $name:ident (session $(, $p:ident : $t:ty)* $(,)?) -> $ret:ty => |$s:ident| $e:expr) => {
        $crate::commands::registry::command!(@emit [] [$($doc)*] $name
            [state: State<'_, AppState>, $($p: $t),*] [CommandResult<$ret>]
            { with_session(&state, |$s| $e) });
    };
    ($(#[doc = $doc:literal])* pub async fn $name:ident ($($params:tt)*) $(-> $ret:ty)? $body:block) => {
        $crate::commands::registry::command!(@emit [async] [$($doc)*] $name [$($params)*] [$($ret)?] $body);
    };
    ($(#[doc = $doc:literal])* pub fn $name:ident ($($params:tt)*) $(-> $ret:ty)? $body:block) => {
        $crate::commands::registry::command!(@emit [] [$($doc)*] $name [$($params)*] [$($ret)?] $body);
    };
    (@emit [$($async:tt)?] [$($doc:literal)*] $name:ident [$($params:tt)*] [$($ret:ty)?] $body:block) => {
        $(#[doc = $doc])*
        #[tauri::command]
        pub $($async)? fn $name($($params)*) $(-> $ret)? $body

        #[doc = concat!("What the page sees of [`", stringify!($name), "()`].")]
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// The command's name, arguments and result type.
            pub fn spec(cfg: &::ts_rs::Config) -> $crate::commands::registry::Command {
                $crate::commands::registry::Command {
                    name: stringify!($name),
                    docs: &[$($doc),*],
                    args: $crate::commands::registry::args!(cfg; []; $($params)*),
                    returns: $crate::commands::registry::TsType::of::<
                        <$crate::commands::registry::result_type!($($ret)?)
                            as $crate::commands::registry::Returns>::Ok,
                    >(cfg),
                }
            }
        }
    };
}
pub(crate) use command;

/// The declared result type; none is `()`.
macro_rules! result_type {
    () => {
        ()
    };
    ($t:ty) => {
        $t
    };
}
pub(crate) use result_type;

/// The page's arguments among a command's parameters: `State<…>` is left out, `Channel<T>` is
/// marked as a channel, every other parameter is a value.
macro_rules! args {
    ($cfg:ident; [$($acc:expr,)*];) => { vec![$($acc),*] };
    ($cfg:ident; [$($acc:expr,)*]; $n:ident : State<$l:lifetime, $t:ty> $(, $($rest:tt)*)?) => {
        $crate::commands::registry::args!($cfg; [$($acc,)*]; $($($rest)*)?)
    };
    ($cfg:ident; [$($acc:expr,)*]; $n:ident : Channel<$t:ty> $(, $($rest:tt)*)?) => {
        $crate::commands::registry::args!($cfg; [
            $($acc,)* $crate::commands::registry::Arg::channel::<$t>(stringify!($n), $cfg),
        ]; $($($rest)*)?)
    };
    ($cfg:ident; [$($acc:expr,)*]; $n:ident : $t:ty $(, $($rest:tt)*)?) => {
        $crate::commands::registry::args!($cfg; [
            $($acc,)* $crate::commands::registry::Arg::value::<$t>(stringify!($n), $cfg),
        ]; $($($rest)*)?)
    };
}
pub(crate) use args;

/// The list of every command, once, by path: makes `handler()` (the invoke handler) and
/// `all()` (what the page sees of each, in this order).
macro_rules! commands {
    ($($($seg:ident)::+),* $(,)?) => {
        /// The invoke handler of every command.
        pub fn handler() -> impl Fn(::tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            ::tauri::generate_handler![$($($seg)::+),*]
        }

        /// Every command as the page sees it, in the order of the list.
        #[cfg_attr(not(test), allow(dead_code))]
        pub fn all(cfg: &::ts_rs::Config) -> Vec<$crate::commands::registry::Command> {
            vec![$($($seg)::+::spec(cfg)),*]
        }
    };
}
pub(crate) use commands;

#[cfg(test)]
mod tests {
    use super::camel_case;

    #[test]
    fn parameter_names_become_the_keys_tauri_reads() {
        assert_eq!(camel_case("filter"), "filter");
        assert_eq!(camel_case("passphrase_again"), "passphraseAgain");
        assert_eq!(camel_case("on_progress"), "onProgress");
        assert_eq!(camel_case("min_cell"), "minCell");
    }
}
