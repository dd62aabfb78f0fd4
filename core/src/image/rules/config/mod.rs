//! Checks on the image configuration: who the container runs as, what it
//! exposes and mounts, what its environment, labels and history hold, how
//! old it is and whether it says where it comes from.

use super::ImageRule;

mod image_too_old;
mod missing_provenance;
mod no_healthcheck;
mod runs_as_root;
mod secret_in_env;
mod secret_in_history;
mod secret_in_labels;
mod sensitive_volume;
mod ssh_port_exposed;

pub(super) static RULES: &[&dyn ImageRule] = &[
    &runs_as_root::RunsAsRoot,
    &no_healthcheck::NoHealthcheck,
    &secret_in_env::SecretInEnv,
    &secret_in_labels::SecretInLabels,
    &secret_in_history::SecretInHistory,
    &ssh_port_exposed::SshPortExposed,
    &sensitive_volume::SensitiveVolume,
    &image_too_old::ImageTooOld,
    &missing_provenance::MissingProvenance,
];
