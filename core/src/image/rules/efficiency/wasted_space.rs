//! HG320: bytes stored in the image that no container can see.

use crate::image::rules::common::{at_layer, filesystem, human_size};
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct WastedSpace;

/// The lowest efficiency accepted when `min-image-efficiency` is not set
/// (dive's CI default).
const DEFAULT_MIN_EFFICIENCY: f64 = 0.9;

/// Under the default threshold, less waste than this is not worth a finding
/// (a tiny image overwriting a few files can score low).
const DEFAULT_MIN_WASTE: u64 = 1 << 20;

/// How many of the biggest hidden files are listed.
const OFFENDERS: usize = 5;

static META: RuleMeta = RuleMeta {
    code: "HG320",
    name: "wasted-image-space",
    severity: Severity::Info,
    category: Category::Packages,
    sources: &[],
    default_enabled: true,
    help: "Delete temporary files in the same RUN that creates them (download, install and clean up in one step), do not `chmod`/`chown` files in a separate step (use `COPY --chmod`/`--chown`), and copy build outputs from a build stage instead of adding and removing them across layers.",
    docs: RuleDocs {
        what: "Measures the bytes of files that a layer adds and a later layer deletes or replaces — stored and pulled, never visible — and flags the image when its efficiency (1 − wasted ÷ all file bytes of all layers, as dive scores it) is below `min-image-efficiency` (0.9 by default), or its wasted bytes exceed `max-wasted-bytes` (a number of bytes or a size such as `\"50MB\"`; no limit by default). With the default threshold, images wasting less than 1 MiB are not flagged. The finding at `image` gives the score, the total and each layer's waste; one more finding per file names the five biggest hidden files and the layer that hid them.",
        why: "Docker's guide asks for small images, built so that each layer keeps only what the next needs. A file deleted in a later layer is still in the earlier one: every pull downloads it and every host stores it. Besides the cost, such files are often build leftovers or secrets that were meant to disappear (HG310 checks those).",
        bad: "image whose layer 2 adds a 200 MiB /tmp/sdk.tar.gz that layer 3 deletes",
        good: "image that downloads, unpacks and deletes /tmp/sdk.tar.gz in one RUN",
    },
};

impl ImageRule for WastedSpace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let Some(fs) = filesystem(cx.image) else {
            return;
        };
        let layers = &cx.image.layers;
        let eff = fs.efficiency(layers);
        let (min, floor) = match cx.settings.min_image_efficiency {
            Some(m) => (m.get(), 0),
            None => (DEFAULT_MIN_EFFICIENCY, DEFAULT_MIN_WASTE),
        };
        let low_score = eff.score < min && eff.wasted_bytes >= floor.max(1);
        let too_much = cx
            .settings
            .max_wasted_bytes
            .is_some_and(|m| eff.wasted_bytes > m);
        if !(low_score || too_much) {
            return;
        }
        let per_layer: Vec<String> = eff
            .wasted_by_layer
            .iter()
            .enumerate()
            .filter(|(_, w)| **w > 0)
            .map(|(l, w)| format!("layer {}: {}", l + 1, human_size(*w)))
            .collect();
        let mut why = Vec::new();
        if low_score {
            why.push(format!("below the {:.0}% required", min * 100.0));
        }
        if let Some(m) = cx.settings.max_wasted_bytes.filter(|_| too_much) {
            why.push(format!("more than the {} allowed", human_size(m)));
        }
        out.push(ImageFinding::new(
            "image",
            format!(
                "the image wastes {} of {} on files hidden by later layers (efficiency {:.1}%, {}); by layer: {}",
                human_size(eff.wasted_bytes),
                human_size(eff.total_bytes),
                eff.score * 100.0,
                why.join(", "),
                per_layer.join(", ")
            ),
        ));
        let mut biggest: Vec<_> = fs.shadowed.iter().filter(|s| s.size > 0).collect();
        biggest.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
        for s in biggest.into_iter().take(OFFENDERS) {
            let how = if s.deleted { "deleted" } else { "replaced" };
            out.push(ImageFinding::new(
                at_layer(s.layer, &s.path),
                format!(
                    "`/{}` ({}) added in layer {} is {how} in layer {}: its bytes ship but are never seen",
                    s.path,
                    human_size(s.size),
                    s.layer + 1,
                    s.hidden_by + 1
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, findings_with, image, layer, locations};
    use crate::lint::RuleSettings;
    use crate::lint::config::Fraction;

    fn wasteful() -> crate::image::Image {
        image(
            "{}",
            vec![
                layer().sized("usr/lib/libc.so", 0o644, 30 << 20),
                layer()
                    .sized("tmp/sdk.tar.gz", 0o644, 20 << 20)
                    .sized("app/a", 0o644, 1 << 20)
                    .sized("app/b", 0o644, 2 << 20)
                    .sized("app/c", 0o644, 3 << 20)
                    .sized("app/d", 0o644, 4 << 20)
                    .sized("app/e", 0o644, 5 << 20),
                layer()
                    .whiteout("tmp/sdk.tar.gz")
                    .whiteout("app")
                    .sized("app/bin", 0o755, 1 << 20),
            ],
        )
    }

    #[test]
    fn fires_below_the_default_score_with_the_biggest_files() {
        let f = findings(&WastedSpace, &wasteful());
        assert_eq!(f.len(), 6);
        assert_eq!(f[0].location, "image");
        assert_eq!(
            f[0].message,
            "the image wastes 35.0 MiB of 66.0 MiB on files hidden by later layers (efficiency 47.0%, below the 90% required); by layer: layer 2: 35.0 MiB"
        );
        let rest: Vec<&str> = f[1..].iter().map(|x| x.location.as_str()).collect();
        assert_eq!(
            rest,
            [
                "layer 2: /tmp/sdk.tar.gz",
                "layer 2: /app/e",
                "layer 2: /app/d",
                "layer 2: /app/c",
                "layer 2: /app/b"
            ]
        );
        assert_eq!(
            f[1].message,
            "`/tmp/sdk.tar.gz` (20.0 MiB) added in layer 2 is deleted in layer 3: its bytes ship but are never seen"
        );
    }

    #[test]
    fn fires_over_the_byte_limit_and_a_stricter_score() {
        let img = image(
            "{}",
            vec![
                layer().sized("usr/lib/big.so", 0o644, 100 << 20),
                layer().sized("etc/conf", 0o644, 2 << 20),
                layer().sized("etc/conf", 0o644, 2 << 20),
            ],
        );
        assert!(findings(&WastedSpace, &img).is_empty());
        let settings = RuleSettings {
            max_wasted_bytes: Some(1 << 20),
            ..RuleSettings::default()
        };
        let f = findings_with(&WastedSpace, &img, &settings);
        assert!(
            f[0].message.contains("more than the 1.0 MiB allowed"),
            "{}",
            f[0].message
        );
        assert!(
            f[1].message.contains("replaced in layer 3"),
            "{}",
            f[1].message
        );
        let settings = RuleSettings {
            min_image_efficiency: Fraction::new(0.99),
            ..RuleSettings::default()
        };
        assert_eq!(findings_with(&WastedSpace, &img, &settings).len(), 2);
    }

    #[test]
    fn quiet_on_efficient_and_tiny_images() {
        let img = image(
            "{}",
            vec![
                layer().sized("usr/lib/libc.so", 0o644, 30 << 20),
                layer().sized("app/server", 0o755, 10 << 20),
            ],
        );
        assert!(locations(&WastedSpace, &img).is_empty());
        // 50 % wasted, but only 100 KiB of it.
        let img = image(
            "{}",
            vec![
                layer().sized("etc/x", 0o644, 100 << 10),
                layer().whiteout("etc/x").sized("etc/y", 0o644, 100 << 10),
            ],
        );
        assert!(locations(&WastedSpace, &img).is_empty());
        let mut img = wasteful();
        img.filesystem = None;
        assert!(locations(&WastedSpace, &img).is_empty());
    }
}
