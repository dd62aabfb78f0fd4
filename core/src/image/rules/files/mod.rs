//! Checks on the files of the final image and of every layer below it.

use super::ImageRule;

mod accounts;
mod build_tools;
mod credential_file;
mod credentials;
mod deleted_secret;
mod duplicate_ids;
mod empty_password;
mod git_directory;
mod package_cache;
mod setuid_file;
mod shell_history;
mod unknown_user;
mod world_writable;

pub(super) static RULES: &[&dyn ImageRule] = &[
    &setuid_file::SetuidFile,
    &world_writable::WorldWritable,
    &credential_file::CredentialFile,
    &git_directory::GitDirectory,
    &shell_history::ShellHistory,
    &empty_password::EmptyPassword,
    &duplicate_ids::DuplicateIds,
    &unknown_user::UnknownUser,
    &package_cache::PackageCache,
    &build_tools::BuildTools,
    &deleted_secret::DeletedSecret,
];
