//! Pinned, rebuildable images: tagged and digest-pinned bases, pinned package
//! versions, verified downloads.

use crate::lint::Rule;

mod add_url_without_checksum;
mod base_image_without_digest;
mod latest_base_image;
mod unpinned_apk_package;
mod unpinned_apt_package;
mod unpinned_dnf_package;
mod unpinned_gem;
mod unpinned_go_package;
mod unpinned_npm_package;
mod unpinned_pip_package;
mod unpinned_syntax_frontend;
mod unpinned_yum_package;
mod unpinned_zypper_package;
mod untagged_base_image;
mod unverified_download_executed;
mod update_without_install;

pub(crate) const RULES: &[&dyn Rule] = &[
    &untagged_base_image::UntaggedBaseImage,
    &latest_base_image::LatestBaseImage,
    &unpinned_apt_package::UnpinnedAptPackage,
    &unpinned_pip_package::UnpinnedPipPackage,
    &unpinned_npm_package::UnpinnedNpmPackage,
    &unpinned_apk_package::UnpinnedApkPackage,
    &unpinned_gem::UnpinnedGem,
    &unpinned_yum_package::UnpinnedYumPackage,
    &unpinned_zypper_package::UnpinnedZypperPackage,
    &unpinned_dnf_package::UnpinnedDnfPackage,
    &unpinned_go_package::UnpinnedGoPackage,
    &base_image_without_digest::BaseImageWithoutDigest,
    &update_without_install::UpdateWithoutInstall,
    &add_url_without_checksum::AddUrlWithoutChecksum,
    &unverified_download_executed::UnverifiedDownloadExecuted,
    &unpinned_syntax_frontend::UnpinnedSyntaxFrontend,
];
