//! Arbitrary bytes as an image: as one layer stream (tar, gzip or zstd,
//! sniffed) stacked into a filesystem and checked by every image rule, and
//! as a whole image file (archive, config or inspect JSON). Nothing may
//! panic, hang or grow without bound: every failure is a typed error.
#![no_main]

use hullguard::image::layer::{Budget, read_layer};
use hullguard::image::{
    FileSystem, Format, Image, ImageConfig, Limits, OpenOptions, open_image, rules::evaluate,
};
use hullguard::lint::Config;
use libfuzzer_sys::fuzz_target;

fn limits() -> Limits {
    Limits {
        max_uncompressed_bytes: 64 << 20,
        ratio_grace_bytes: 1 << 20,
        max_entries_per_layer: 100_000,
        ..Limits::default()
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        let mut budget = Budget::default();
        let Ok(record) = read_layer(rest, "fuzz", limits(), &mut budget, mode % 4 == 0) else {
            return;
        };
        for e in &record.entries {
            assert!(!e.path.is_empty() && !e.path.starts_with('/'), "normalised path");
            assert!(!e.path.split('/').any(|p| p == ".." || p == "."), "no dot parts");
        }
        let layers = vec![record];
        let fs = FileSystem::build(&layers);
        let eff = fs.efficiency(&layers);
        assert!(eff.wasted_bytes <= eff.total_bytes);
        for (path, _) in fs.iter() {
            let _ = fs.resolve(&layers, path, 40);
        }
        let image = Image {
            format: Format::OciLayout,
            path: "fuzz".into(),
            reference: None,
            annotations: Default::default(),
            config: ImageConfig::default(),
            config_digest: None,
            layers,
            filesystem: Some(fs),
            warnings: Vec::new(),
        };
        let _ = evaluate(&image, &Config::default());
    } else {
        let dir = std::env::temp_dir().join(format!("hullguard-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(if mode % 4 == 1 { "image.tar" } else { "config.json" });
        if std::fs::write(&path, rest).is_err() {
            return;
        }
        let options = OpenOptions {
            limits: limits(),
            verify_diff_ids: mode % 8 == 1,
            ..OpenOptions::default()
        };
        if let Ok(image) = open_image(&path, &options) {
            let _ = evaluate(&image, &Config::default());
        }
    }
});
