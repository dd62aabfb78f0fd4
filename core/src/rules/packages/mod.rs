//! No unnecessary packages, no caches left behind: package-manager calls that
//! install more than asked, leave caches in the layer, stall on a prompt, or
//! run tools that have no place in an image build.

use crate::lint::Rule;

mod apk_cache_left_in_layer;
mod apt_dist_upgrade;
mod apt_install_recommends;
mod apt_instead_of_apt_get;
mod apt_lists_left_in_layer;
mod apt_without_assume_yes;
mod curl_and_wget;
mod dnf_cache_left_in_layer;
mod dnf_without_assume_yes;
mod pip_cache_left_in_layer;
mod pointless_command;
mod useradd_high_uid;
mod wget_progress_bar;
mod yarn_cache_left_in_layer;
mod yum_cache_left_in_layer;
mod yum_without_assume_yes;
mod zypper_cache_left_in_layer;
mod zypper_dist_upgrade;
mod zypper_without_non_interactive;

pub(crate) const RULES: &[&dyn Rule] = &[
    &pointless_command::PointlessCommand,
    &apt_lists_left_in_layer::AptListsLeftInLayer,
    &apt_without_assume_yes::AptWithoutAssumeYes,
    &apt_install_recommends::AptInstallRecommends,
    &apk_cache_left_in_layer::ApkCacheLeftInLayer,
    &apt_instead_of_apt_get::AptInsteadOfAptGet,
    &yum_without_assume_yes::YumWithoutAssumeYes,
    &yum_cache_left_in_layer::YumCacheLeftInLayer,
    &zypper_without_non_interactive::ZypperWithoutNonInteractive,
    &zypper_dist_upgrade::ZypperDistUpgrade,
    &zypper_cache_left_in_layer::ZypperCacheLeftInLayer,
    &dnf_without_assume_yes::DnfWithoutAssumeYes,
    &dnf_cache_left_in_layer::DnfCacheLeftInLayer,
    &pip_cache_left_in_layer::PipCacheLeftInLayer,
    &useradd_high_uid::UseraddHighUid,
    &yarn_cache_left_in_layer::YarnCacheLeftInLayer,
    &curl_and_wget::CurlAndWget,
    &apt_dist_upgrade::AptDistUpgrade,
    &wget_progress_bar::WgetProgressBar,
];
