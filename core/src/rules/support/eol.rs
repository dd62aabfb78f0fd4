//! End-of-life release cycles, compiled in, and the mapping from an image
//! reference (`python:3.8-slim-buster`) to the cycles it is built on
//! (python 3.8, debian 10).
//!
//! The cycle table comes from endoflife.date (`data/eol.tsv`, a column subset
//! of the shared `eol.tsv`); the image→product mapping encodes the shared,
//! hand-checked `eol-image-map.tsv`. Verdicts compare EOL dates with the
//! date the data was read ([`EOL_AS_OF`]), not with the clock, so a lint
//! result never changes without a data refresh.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::image_ref::ImageRef;

use super::official_images::library_name;

/// The date EOL dates are compared with: when the data was read.
pub(crate) const EOL_AS_OF: &str = "2026-11-27";

/// Where the data comes from, for messages.
pub(crate) const EOL_SOURCE: &str =
    "endoflife.date data as of 2026-11-27 (commit a70eca3, 2026-08-22)";

const DATA: &str = include_str!("data/eol.tsv");

/// When a cycle's support ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EolDate {
    /// On this date (`YYYY-MM-DD`).
    On(&'static str),
    /// Already ended; the source gives no date.
    Ended,
    /// Not announced.
    Open,
}

/// One release cycle of a product.
#[derive(Debug, Clone)]
struct Cycle {
    cycle: &'static str,
    eol: EolDate,
    /// Debian only: end of the (free) LTS period, which the Debian images
    /// keep receiving updates through.
    lts_end: Option<&'static str>,
    /// Debian/Ubuntu: the codename as used in image tags (`bookworm`).
    codename: &'static str,
}

impl Cycle {
    /// The date that counts as end of life, and whether that is an LTS end.
    fn end(&self) -> (EolDate, bool) {
        match self.lts_end {
            Some(d) => (EolDate::On(d), true),
            None => (self.eol, false),
        }
    }

    fn is_eol(&self) -> bool {
        match self.end().0 {
            EolDate::On(d) => d <= EOL_AS_OF,
            EolDate::Ended => true,
            EolDate::Open => false,
        }
    }
}

fn table() -> &'static HashMap<&'static str, Vec<Cycle>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<Cycle>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<Cycle>> = HashMap::new();
        for line in DATA
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let f: Vec<&'static str> = line.split('\t').collect();
            let [product, cycle, eol, lts_end, codename] = f[..] else {
                continue;
            };
            let eol = match eol {
                "true" => EolDate::Ended,
                "false" | "" => EolDate::Open,
                d => EolDate::On(d),
            };
            map.entry(product).or_default().push(Cycle {
                cycle,
                eol,
                lts_end: (!lts_end.is_empty()).then_some(lts_end),
                codename,
            });
        }
        map
    })
}

fn cycles(product: &str) -> &'static [Cycle] {
    table().get(product).map_or(&[], Vec::as_slice)
}

/// A cycle an image is built on that has reached its end of life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EolHit {
    /// The endoflife.date product (`python`, `debian`).
    pub product: &'static str,
    /// The cycle, or `N.x` when a major-only tag floats over cycles that have
    /// all ended.
    pub cycle: String,
    /// The codename, when the data has one.
    pub codename: &'static str,
    /// The end date, if the data gives one.
    pub date: Option<&'static str>,
    /// The date is the end of Debian LTS rather than of regular support.
    pub lts: bool,
}

impl EolHit {
    /// `python 3.8 (EOL 2024-10-07)`, `debian 10 "buster" (LTS ended 2024-06-30)`.
    pub fn describe(&self) -> String {
        let mut s = format!("{} {}", self.product, self.cycle);
        if !self.codename.is_empty() {
            s.push_str(&format!(" \"{}\"", self.codename));
        }
        match (self.date, self.lts) {
            (Some(d), true) => s.push_str(&format!(" (LTS ended {d})")),
            (Some(d), false) => s.push_str(&format!(" (EOL {d})")),
            (None, _) => s.push_str(" (EOL)"),
        }
        s
    }

    fn of(product: &'static str, c: &Cycle) -> EolHit {
        let (end, lts) = c.end();
        EolHit {
            product,
            cycle: c.cycle.to_owned(),
            codename: c.codename,
            date: match end {
                EolDate::On(d) => Some(d),
                _ => None,
            },
            lts,
        }
    }
}

/// The leading `N(.N)*` of `s`.
fn leading_version(s: &str) -> Option<&str> {
    let end = s
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || (c == '.' && i > 0 && s[i + 1..].starts_with(|d: char| d.is_ascii_digit())))
        })
        .map_or(s.len(), |(i, _)| i);
    (end > 0).then(|| &s[..end])
}

/// Which cycle a version names: `MAJOR.MINOR` if that is a cycle, else
/// `MAJOR`. A major-only version over `MAJOR.MINOR` cycles that have all
/// ended is reported as `MAJOR.x`. `None`: no cycle, or not (all) ended.
fn version_hit(product: &'static str, version: &str) -> Option<EolHit> {
    let all = cycles(product);
    let mut parts = version.split('.');
    let major = parts.next()?;
    let minor = parts.next();
    if let Some(minor) = minor {
        let mm = format!("{major}.{minor}");
        if let Some(c) = all.iter().find(|c| c.cycle == mm) {
            return c.is_eol().then(|| EolHit::of(product, c));
        }
    }
    if let Some(c) = all.iter().find(|c| c.cycle == major) {
        return c.is_eol().then(|| EolHit::of(product, c));
    }
    if minor.is_some() {
        return None;
    }
    // A floating major-only tag: ended only if every cycle of it has.
    let prefix = format!("{major}.");
    let under: Vec<&Cycle> = all
        .iter()
        .filter(|c| c.cycle.starts_with(&prefix))
        .collect();
    if under.is_empty() || !under.iter().all(|c| c.is_eol()) {
        return None;
    }
    let latest = under
        .iter()
        .filter_map(|c| match c.end().0 {
            EolDate::On(d) => Some(d),
            _ => None,
        })
        .max();
    Some(EolHit {
        product,
        cycle: format!("{major}.x"),
        codename: "",
        date: latest,
        lts: false,
    })
}

/// The cycle named by a codename (`buster`, `jammy`, `humble`).
fn codename_hit(product: &'static str, word: &str) -> Option<EolHit> {
    let c = cycles(product)
        .iter()
        .find(|c| c.cycle == word || (!c.codename.is_empty() && c.codename == word))?;
    c.is_eol().then(|| EolHit::of(product, c))
}

/// Node.js LTS codenames used as `node` image tags (`node:gallium-alpine`).
const NODE_CODENAMES: [(&str, &str); 11] = [
    ("argon", "4"),
    ("boron", "6"),
    ("carbon", "8"),
    ("dubnium", "10"),
    ("erbium", "12"),
    ("fermium", "14"),
    ("gallium", "16"),
    ("hydrogen", "18"),
    ("iron", "20"),
    ("jod", "22"),
    ("krypton", "24"),
];

/// How an image's own tag names a cycle of its product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagForm {
    /// A leading version, after an optional prefix (`v2.11`, `centos7`).
    Version(&'static [&'static str]),
    /// A leading version or a codename (Debian, Ubuntu).
    VersionOrCodename,
    /// A leading version or a Node.js LTS codename.
    Node,
    /// A leading codename (ROS distributions).
    Codename,
    /// Every tag is the one rolling cycle `current` (Clear Linux).
    Current,
}

const V: TagForm = TagForm::Version(&[]);

/// The product(s) an image's own tag maps to (`eol-image-map.tsv`).
fn own_products(name: &str) -> &'static [(&'static str, TagForm)] {
    match name {
        "debian" => &[("debian", TagForm::VersionOrCodename)],
        "ubuntu" => &[("ubuntu", TagForm::VersionOrCodename)],
        "alpine" => &[("alpine-linux", V)],
        "centos" => &[("centos", TagForm::Version(&["centos"]))],
        "quay.io/centos/centos" => &[("centos-stream", TagForm::Version(&["stream"]))],
        "fedora" => &[("fedora", V)],
        "amazonlinux" => &[("amazon-linux", V)],
        "rockylinux" | "rockylinux/rockylinux" => &[("rocky-linux", V)],
        "almalinux" => &[("almalinux", V)],
        "oraclelinux" => &[("oracle-linux", V)],
        "opensuse/leap" => &[("opensuse", V)],
        "photon" => &[("vmware-photon", V)],
        "clearlinux" => &[("clearlinux", TagForm::Current)],
        "mageia" => &[("mageia", V)],
        "python" => &[("python", V)],
        "node" => &[("nodejs", TagForm::Node)],
        "golang" => &[("go", V)],
        "ruby" => &[("ruby", V)],
        "jruby" => &[("jruby", V)],
        "php" => &[("php", V)],
        "eclipse-temurin" => &[("eclipse-temurin", V)],
        "openjdk" => &[("openjdk-builds-from-oracle", V)],
        "amazoncorretto" => &[("amazon-corretto", V)],
        "sapmachine" => &[("sapmachine", V)],
        "ibm-semeru-runtimes" => &[("ibm-semeru", TagForm::Version(&["open-jdk-", "open-"]))],
        "azul-zulu" => &[("azul-zulu", V)],
        "mcr.microsoft.com/openjdk/jdk" => &[("microsoft-build-of-openjdk", V)],
        "perl" => &[("perl", V)],
        "rust" => &[("rust", V)],
        "erlang" => &[("erlang", V)],
        "elixir" => &[("elixir", V)],
        "haskell" => &[("ghc", V)],
        "julia" => &[("julia", V)],
        "groovy" => &[("apache-groovy", V)],
        "gradle" => &[("gradle", V)],
        "maven" => &[("apache-maven", V)],
        "composer" => &[("composer", V)],
        "postgres" => &[("postgresql", V)],
        "mysql" => &[("mysql", V)],
        "mariadb" => &[("mariadb", V)],
        "redis" => &[("redis", V)],
        "valkey/valkey" => &[("valkey", V)],
        "mongo" => &[("mongodb", V)],
        "elasticsearch" => &[("elasticsearch", V)],
        "kibana" => &[("kibana", V)],
        "logstash" => &[("logstash", V)],
        "memcached" => &[("memcached", V)],
        "rabbitmq" => &[("rabbitmq", V)],
        "cassandra" => &[("apache-cassandra", V)],
        "couchdb" => &[("apache-couchdb", V)],
        "couchbase" => &[(
            "couchbase-server",
            TagForm::Version(&["enterprise-", "community-"]),
        )],
        "neo4j" => &[("neo4j", V)],
        "arangodb" => &[("arangodb", V)],
        "influxdb" => &[("influxdb", V)],
        "telegraf" => &[("telegraf", V)],
        "clickhouse" => &[("clickhouse", V)],
        "solr" => &[("solr", V)],
        "zookeeper" => &[("zookeeper", V)],
        "nginx" => &[("nginx", V)],
        "httpd" => &[("apache-http-server", V)],
        "tomcat" => &[("tomcat", V)],
        "jetty" => &[("eclipse-jetty", V)],
        "haproxy" => &[("haproxy", V)],
        "traefik" => &[("traefik", TagForm::Version(&["v"]))],
        "caddy" => &[("caddy", V)],
        "kong" => &[("kong-gateway", V)],
        "docker" => &[("docker-engine", V)],
        "varnish" => &[("vinyl-cache", V)],
        "liquibase" => &[("liquibase", V)],
        "sonarqube" => &[("sonarqube-server", V), ("sonarqube-community", V)],
        "flink" => &[("apache-flink", V)],
        "spark" => &[("apache-spark", V)],
        "rocket.chat" => &[("rocket-chat", V)],
        "wordpress" => &[("wordpress", V)],
        "drupal" => &[("drupal", V)],
        "joomla" => &[("joomla", V)],
        "mediawiki" => &[("mediawiki", V)],
        "matomo" => &[("matomo", V)],
        "nextcloud" => &[("nextcloud", V)],
        "redmine" => &[("redmine", V)],
        "phpmyadmin" => &[("phpmyadmin", V)],
        "backdrop" => &[("backdrop", V)],
        "plone" => &[("plone", V)],
        "ros" => &[("ros-2", TagForm::Codename), ("ros", TagForm::Codename)],
        "mcr.microsoft.com/windows/servercore" => {
            &[("windows-server-core", TagForm::Version(&["ltsc"]))]
        }
        "mcr.microsoft.com/windows/nanoserver" => {
            &[("windows-nano-server", TagForm::Version(&["ltsc"]))]
        }
        n if n.starts_with("mcr.microsoft.com/dotnet/") => &[("dotnet", V)],
        _ => &[],
    }
}

/// The name the mapping uses: the official-library name, else the
/// familiar name (`quay.io/centos/centos`, `valkey/valkey`).
fn mapping_name(image: &ImageRef) -> String {
    library_name(image).map_or_else(|| image.familiar_name(), str::to_owned)
}

/// The hit of an image's own product for its tag.
fn own_hit(product: &'static str, form: TagForm, tag: &str) -> Option<EolHit> {
    let first = tag.split('-').next().unwrap_or(tag);
    match form {
        TagForm::Current => codename_hit(product, "current"),
        TagForm::Codename => codename_hit(product, first),
        TagForm::VersionOrCodename => match leading_version(tag) {
            Some(v) => version_hit(product, v),
            None => codename_hit(product, first),
        },
        TagForm::Node => match leading_version(tag) {
            Some(v) => version_hit(product, v),
            None => NODE_CODENAMES
                .iter()
                .find(|(name, _)| *name == first)
                .and_then(|(_, major)| version_hit(product, major)),
        },
        TagForm::Version(prefixes) => {
            let lower = tag.to_ascii_lowercase();
            let rest = prefixes
                .iter()
                .find_map(|p| lower.strip_prefix(p))
                .unwrap_or(&lower);
            version_hit(product, leading_version(rest)?)
        }
    }
}

/// Red Hat UBI repositories name the RHEL major: `ubi9`, `ubi8/ubi-minimal`,
/// `redhat/ubi10-minimal`.
fn ubi_hit(image: &ImageRef) -> Option<EolHit> {
    let redhat = matches!(
        image.registry.as_str(),
        "registry.access.redhat.com" | "registry.redhat.io"
    ) || (image.is_docker_hub() && image.repository.starts_with("redhat/"));
    if !redhat {
        return None;
    }
    image.repository.split('/').find_map(|part| {
        let n = part.strip_prefix("ubi")?;
        let major = leading_version(n)?;
        (n.len() == major.len() || n[major.len()..].starts_with('-'))
            .then(|| version_hit("rhel", major))
            .flatten()
    })
}

/// Hits of tag parts that name a base OS or runtime cycle, for any image:
/// `buster`, `jammy`, `alpine3.12`, `ubi8`, `oraclelinux7`, `al2`,
/// `windowsservercore-1809`, `php7.4`, `otp-23`, `eclipse-temurin-11`.
fn part_hits(parts: &[&str], skip_first: bool, out: &mut Vec<EolHit>) {
    for (i, part) in parts.iter().enumerate() {
        let next = parts.get(i + 1).copied();
        let lower = part.to_ascii_lowercase();
        let p = lower.as_str();
        if !(skip_first && i == 0)
            && let Some(h) = os_codename_hit(p)
        {
            out.push(h);
        }
        let hit = if let Some(v) = p.strip_prefix("alpine") {
            let v = v.strip_prefix('.').unwrap_or(v);
            match (v.is_empty(), next) {
                (true, Some(n)) if n.starts_with("3.") => version_hit("alpine-linux", n),
                (false, _) if v.starts_with("3.") => version_hit("alpine-linux", v),
                _ => None,
            }
        } else if let Some(v) = p.strip_prefix("ubi") {
            (leading_version(v) == Some(v))
                .then(|| version_hit("rhel", v))
                .flatten()
        } else if let Some(v) = p.strip_prefix("oraclelinux") {
            (leading_version(v) == Some(v))
                .then(|| version_hit("oracle-linux", v))
                .flatten()
        } else if p == "al2023" || p == "al2" {
            version_hit("amazon-linux", &p[2..])
        } else if p == "windowsservercore" || p == "nanoserver" {
            let product = if p == "nanoserver" {
                "windows-nano-server"
            } else {
                "windows-server-core"
            };
            next.map(str::to_ascii_lowercase).and_then(|n| {
                let n = n.strip_prefix("ltsc").unwrap_or(&n).to_owned();
                codename_hit(product, &n)
            })
        } else if let Some(v) = p.strip_prefix("php") {
            (v.contains('.') && leading_version(v) == Some(v))
                .then(|| version_hit("php", v))
                .flatten()
        } else if p == "otp" {
            next.and_then(leading_version)
                .and_then(|v| version_hit("erlang", v))
        } else if p == "temurin" && i > 0 && parts[i - 1] == "eclipse" {
            next.and_then(leading_version)
                .and_then(|v| version_hit("eclipse-temurin", v))
        } else if p == "amazoncorretto" {
            next.and_then(leading_version)
                .and_then(|v| version_hit("amazon-corretto", v))
        } else {
            None
        };
        out.extend(hit);
    }
}

/// A Debian (6 and later) or Ubuntu (12.04 and later) codename.
fn os_codename_hit(word: &str) -> Option<EolHit> {
    let modern = |product: &str, c: &Cycle| {
        let major: u32 = c
            .cycle
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        if product == "debian" {
            major >= 6
        } else {
            major >= 12
        }
    };
    for product in ["debian", "ubuntu"] {
        if let Some(c) = cycles(product)
            .iter()
            .find(|c| !c.codename.is_empty() && c.codename == word && modern(product, c))
        {
            return c.is_eol().then(|| EolHit::of(product, c));
        }
    }
    None
}

/// Every end-of-life cycle the image reference is built on, as far as its
/// name and tag tell: its own product's cycle and any OS or runtime cycle
/// named by a tag part. Empty for untagged, `latest` and other floating tags.
pub(crate) fn eol_hits(image: &ImageRef) -> Vec<EolHit> {
    let mut out = Vec::new();
    let name = mapping_name(image);
    let own = own_products(&name);
    if let Some(tag) = image.tag.as_deref() {
        for &(product, form) in own {
            if product == "sonarqube-community" && !tag.contains("community") {
                continue;
            }
            if product == "sonarqube-server" && tag.contains("community") {
                continue;
            }
            if let Some(h) = own_hit(product, form, tag) {
                out.push(h);
                break;
            }
        }
        let parts: Vec<&str> = tag.split('-').collect();
        let skip_first = own
            .iter()
            .any(|(_, f)| matches!(f, TagForm::Codename | TagForm::Node));
        part_hits(&parts, skip_first, &mut out);
    }
    if let Some(h) = ubi_hit(image) {
        out.push(h);
    }
    let mut seen = Vec::new();
    out.retain(|h| {
        let key = (h.product, h.cycle.clone());
        let fresh = !seen.contains(&key);
        seen.push(key);
        fresh
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(s: &str) -> Vec<String> {
        let r = ImageRef::parse(s).unwrap();
        eol_hits(&r)
            .into_iter()
            .map(|h| format!("{} {}", h.product, h.cycle))
            .collect()
    }

    #[test]
    fn versions_map_to_cycles() {
        assert_eq!(hits("python:3.8"), ["python 3.8"]);
        assert_eq!(hits("python:3.8.19-slim"), ["python 3.8"]);
        assert!(hits("python:3.13").is_empty());
        assert!(hits("python:3").is_empty());
        assert_eq!(hits("python:2"), ["python 2.x"]);
        assert_eq!(hits("node:16-alpine"), ["nodejs 16"]);
        assert_eq!(hits("node:gallium"), ["nodejs 16"]);
        assert!(hits("node:lts").is_empty());
        assert_eq!(hits("postgres:9.6"), ["postgresql 9.6"]);
        assert_eq!(hits("postgres:11.2"), ["postgresql 11"]);
        assert_eq!(hits("alpine:3.12"), ["alpine-linux 3.12"]);
        assert!(hits("alpine:3").is_empty());
        assert!(hits("alpine:20260805").is_empty());
        assert_eq!(hits("docker:19.03.12-dind"), ["docker-engine 19.03"]);
        assert_eq!(hits("traefik:v1.7"), ["traefik 1.7"]);
        assert_eq!(hits("centos:centos7"), ["centos 7"]);
        assert_eq!(hits("centos:7.9.2009"), ["centos 7"]);
        assert_eq!(hits("amazonlinux:2018.03"), ["amazon-linux 2018.03"]);
        assert!(hits("amazonlinux:2023").is_empty());
        assert_eq!(hits("mcr.microsoft.com/dotnet/sdk:3.1"), ["dotnet 3.1"]);
        assert_eq!(hits("mcr.microsoft.com/dotnet/aspnet:6.0"), ["dotnet 6"]);
        assert!(hits("mcr.microsoft.com/dotnet/aspnet:10.0").is_empty());
        assert!(hits("openjdk:8-jre").is_empty());
        assert_eq!(hits("openjdk:11-jdk"), ["openjdk-builds-from-oracle 11"]);
    }

    #[test]
    fn codenames_and_tag_parts() {
        assert_eq!(hits("debian:buster-slim"), ["debian 10"]);
        assert_eq!(hits("debian:10"), ["debian 10"]);
        assert!(hits("debian:bookworm").is_empty());
        assert_eq!(hits("debian:bullseye"), ["debian 11"]);
        assert_eq!(hits("ubuntu:18.04"), ["ubuntu 18.04"]);
        assert_eq!(hits("ubuntu:focal-20240101"), ["ubuntu 20.04"]);
        assert!(hits("ubuntu:24.04").is_empty());
        assert_eq!(hits("python:3.8-slim-buster"), ["python 3.8", "debian 10"]);
        assert_eq!(hits("python:3.12-slim-buster"), ["debian 10"]);
        assert_eq!(
            hits("golang:1.22-alpine3.12"),
            ["go 1.22", "alpine-linux 3.12"]
        );
        assert_eq!(hits("buildpack-deps:stretch"), ["debian 9"]);
        assert_eq!(hits("wordpress:php7.4-apache"), ["php 7.4"]);
        assert_eq!(
            hits("mcr.microsoft.com/windows/servercore:ltsc2019").len(),
            0
        );
        assert_eq!(
            hits("mcr.microsoft.com/windows/servercore:1809"),
            ["windows-server-core 1809"]
        );
        assert_eq!(
            hits("mcr.microsoft.com/powershell:lts-nanoserver-1809"),
            ["windows-nano-server 1809"]
        );
        assert_eq!(
            hits("ros:melodic-ros-core-bionic"),
            ["ros melodic", "ubuntu 18.04"]
        );
        assert_eq!(hits("registry.access.redhat.com/ubi7/ubi:7.9"), ["rhel 7"]);
        assert!(hits("registry.access.redhat.com/ubi9/ubi-minimal:9.4").is_empty());
        assert_eq!(
            hits("maven:3.8-eclipse-temurin-19"),
            ["apache-maven 3.8", "eclipse-temurin 19"]
        );
        assert!(hits("python").is_empty());
        assert!(hits("myorg/app:1.0").is_empty());
    }

    #[test]
    fn describe_names_cycle_and_date() {
        let r = ImageRef::parse("debian:buster").unwrap();
        let h = &eol_hits(&r)[0];
        assert_eq!(h.describe(), "debian 10 \"buster\" (LTS ended 2024-06-30)");
        let r = ImageRef::parse("python:3.8").unwrap();
        assert_eq!(eol_hits(&r)[0].describe(), "python 3.8 (EOL 2024-10-07)");
    }
}
