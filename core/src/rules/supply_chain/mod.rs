//! A verified supply chain: TLS and signature checks left on, downloaded
//! scripts verified before they run, `COPY` for local files.

use crate::lint::Rule;

mod add_instead_of_copy;
mod package_signature_check_disabled;
mod pipe_to_shell;
mod tls_verification_disabled;

pub(crate) const RULES: &[&dyn Rule] = &[
    &add_instead_of_copy::AddInsteadOfCopy,
    &pipe_to_shell::PipeToShell,
    &tls_verification_disabled::TlsVerificationDisabled,
    &package_signature_check_disabled::PackageSignatureCheckDisabled,
];
