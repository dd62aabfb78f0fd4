//! No root, least privilege: a non-root user in the final image, no sudo, no
//! SSH server, no world-writable files, no passwords baked into `/etc/shadow`.

use crate::expand::Lexer;
use crate::lint::{Context, Rule};

mod last_user_root;
mod no_user_in_final_stage;
mod password_set_in_image;
mod ssh_server_in_image;
mod sudo_in_run;
mod world_writable_permissions;

pub(crate) const RULES: &[&dyn Rule] = &[
    &last_user_root::LastUserRoot,
    &sudo_in_run::SudoInRun,
    &no_user_in_final_stage::NoUserInFinalStage,
    &ssh_server_in_image::SshServerInImage,
    &world_writable_permissions::WorldWritablePermissions,
    &password_set_in_image::PasswordSetInImage,
];

/// Whether a USER value (after expansion) names root: `root`, `0`, or either
/// with a group (`root:root`, `0:0`, `0:app`).
pub(super) fn is_root_user(value: &str) -> bool {
    let user = value.split(':').next().unwrap_or("").trim();
    user == "root" || (!user.is_empty() && user.bytes().all(|b| b == b'0'))
}

/// The stages whose filesystem and configuration the final image is made
/// of: the final stage and the stages it is built `FROM`, nearest first.
/// (Stages it only copies files from contribute files, not users or packages.)
pub(super) fn final_chain(cx: &Context<'_>) -> Vec<usize> {
    cx.model
        .final_stage()
        .map(|s| cx.model.ancestry(s.index))
        .unwrap_or_default()
}

/// A word of instruction `index` with its variables expanded (unset ones empty).
pub(super) fn expand_at(cx: &Context<'_>, index: usize, word: &str) -> String {
    if !word.contains('$') {
        return word.to_owned();
    }
    let lookup = |name: &str| cx.model.lookup(index, name);
    Lexer::new(cx.df.escape)
        .expand_word(word, &lookup)
        .map_or_else(|_| word.to_owned(), |e| e.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_users() {
        for v in ["root", "0", "root:root", "0:0", "00", "root:app"] {
            assert!(is_root_user(v), "{v}");
        }
        for v in ["app", "1000", "", "rootless", "10", ":0"] {
            assert!(!is_root_user(v), "{v}");
        }
    }
}
