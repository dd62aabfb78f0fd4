//! A streaming tar reader of our own, bounded everywhere: ustar, GNU long
//! names and PAX headers, base-256 sizes, header checksums. It never
//! allocates more than the limits allow for a name or a PAX header (a
//! hostile layer cannot make it buffer a gigabyte "file name"), and it tells
//! a stream cut inside an entry (an error) from one that only lacks the
//! end-of-archive blocks (a warning, as Go's archive/tar reads it).

use std::io::Read;

use super::error::ImageError;
use super::limits::Limits;

const BLOCK: usize = 512;

/// What kind of file a tar entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link.
    Symlink,
    /// A hard link to an earlier entry.
    Hardlink,
    /// A character device.
    CharDevice,
    /// A block device.
    BlockDevice,
    /// A named pipe.
    Fifo,
    /// Any other type flag (kept so nothing is silently lost).
    Other(u8),
}

impl EntryKind {
    fn from_flag(flag: u8) -> EntryKind {
        match flag {
            b'0' | 0 | b'7' => EntryKind::File,
            b'1' => EntryKind::Hardlink,
            b'2' => EntryKind::Symlink,
            b'3' => EntryKind::CharDevice,
            b'4' => EntryKind::BlockDevice,
            b'5' => EntryKind::Dir,
            b'6' => EntryKind::Fifo,
            other => EntryKind::Other(other),
        }
    }

    /// Whether the entry carries no data whatever its size field says.
    fn header_only(self) -> bool {
        matches!(
            self,
            EntryKind::Dir
                | EntryKind::Symlink
                | EntryKind::Hardlink
                | EntryKind::CharDevice
                | EntryKind::BlockDevice
                | EntryKind::Fifo
        )
    }
}

/// One entry's header, with long names and PAX overrides applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TarHeader {
    /// The name as stored (not normalised).
    pub name: String,
    /// The kind.
    pub kind: EntryKind,
    /// Permission bits including setuid/setgid/sticky.
    pub mode: u32,
    /// Owner.
    pub uid: u64,
    /// Group.
    pub gid: u64,
    /// Data size in bytes.
    pub size: u64,
    /// Modification time (seconds since the epoch).
    pub mtime: i64,
    /// Link target for symlinks and hard links.
    pub link: Option<String>,
}

/// Reads entries one at a time; the data of the current entry can be read
/// with [`TarReader::read_data`], and whatever is not read is skipped.
#[derive(Debug)]
pub struct TarReader<R> {
    inner: R,
    what: String,
    limits: Limits,
    /// Data bytes of the current entry not yet read.
    data_left: u64,
    /// Padding after the current entry's data.
    pad_left: u64,
    entries: u64,
    done: bool,
    /// Set when the stream ended without the two zero blocks.
    pub missing_trailer: bool,
}

#[derive(Default)]
struct Pending {
    long_name: Option<String>,
    long_link: Option<String>,
    pax: Vec<(String, String)>,
}

impl<R: Read> TarReader<R> {
    /// Read tar entries from `inner`; `what` names the stream in errors.
    pub fn new(inner: R, what: impl Into<String>, limits: Limits) -> Self {
        TarReader {
            inner,
            what: what.into(),
            limits,
            data_left: 0,
            pad_left: 0,
            entries: 0,
            done: false,
            missing_trailer: false,
        }
    }

    /// The underlying reader.
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// A reference to the underlying reader.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    fn bad(&self, message: impl Into<String>) -> ImageError {
        ImageError::BadTar {
            what: self.what.clone(),
            message: message.into(),
        }
    }

    fn io_error(&self, e: std::io::Error) -> ImageError {
        // Decoders report their own corruption as InvalidData/Other; keep the message.
        match e.kind() {
            std::io::ErrorKind::UnexpectedEof => self.bad("unexpected end of data inside an entry"),
            _ => match e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<ImageError>())
            {
                Some(_) => unwrap_image_error(e, &self.what),
                None => ImageError::BadCompression {
                    what: self.what.clone(),
                    message: e.to_string(),
                },
            },
        }
    }

    /// Read into `buf` until full or end of stream; the count read.
    fn fill(&mut self, buf: &mut [u8]) -> Result<usize, ImageError> {
        let mut got = 0;
        while got < buf.len() {
            let slot = buf.get_mut(got..).unwrap_or_default();
            match self.inner.read(slot) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.io_error(e)),
            }
        }
        Ok(got)
    }

    /// Skip `n` bytes; returns how many could be skipped before the end.
    fn skip(&mut self, mut n: u64) -> Result<u64, ImageError> {
        let mut buf = [0u8; 8192];
        let mut skipped = 0;
        while n > 0 {
            let want = usize::try_from(n.min(buf.len() as u64)).unwrap_or(buf.len());
            let got = self.fill(buf.get_mut(..want).unwrap_or_default())?;
            skipped += got as u64;
            n -= got as u64;
            if got < want {
                break;
            }
        }
        Ok(skipped)
    }

    /// Finish the current entry: skip unread data (an error if the stream
    /// ends inside it) and the padding (a warning if only that is missing).
    fn finish_entry(&mut self) -> Result<(), ImageError> {
        if self.data_left > 0 {
            let want = self.data_left;
            let got = self.skip(want)?;
            self.data_left = 0;
            if got < want {
                return Err(self.bad("stream ends inside an entry's data"));
            }
        }
        if self.pad_left > 0 {
            let want = self.pad_left;
            let got = self.skip(want)?;
            self.pad_left = 0;
            if got < want {
                self.missing_trailer = true;
                self.done = true;
            }
        }
        Ok(())
    }

    /// Read up to `buf.len()` bytes of the current entry's data (0 at its end).
    pub fn read_data(&mut self, buf: &mut [u8]) -> Result<usize, ImageError> {
        if self.data_left == 0 {
            return Ok(0);
        }
        let want = usize::try_from(self.data_left.min(buf.len() as u64)).unwrap_or(buf.len());
        let got = self.fill(buf.get_mut(..want).unwrap_or_default())?;
        self.data_left -= got as u64;
        if got < want {
            return Err(self.bad("stream ends inside an entry's data"));
        }
        Ok(got)
    }

    /// Read the whole (small) data of a metadata entry, bounded by `max`.
    fn read_meta(
        &mut self,
        size: u64,
        max: u64,
        what: &'static str,
    ) -> Result<Vec<u8>, ImageError> {
        if size > max {
            return Err(ImageError::LimitExceeded {
                what: self.what.clone(),
                limit: what,
                detail: format!("{size} bytes, limit {max}"),
            });
        }
        let mut v = vec![0u8; usize::try_from(size).unwrap_or(0)];
        self.data_left = size;
        self.pad_left = padding(size);
        let mut at = 0;
        while at < v.len() {
            let n = self.read_data(v.get_mut(at..).unwrap_or_default())?;
            if n == 0 {
                break;
            }
            at += n;
        }
        self.finish_entry()?;
        Ok(v)
    }

    /// The next entry's header, or `None` at the end of the archive.
    pub fn next_entry(&mut self) -> Result<Option<TarHeader>, ImageError> {
        self.finish_entry()?;
        let mut pending = Pending::default();
        loop {
            if self.done {
                return Ok(None);
            }
            let mut block = [0u8; BLOCK];
            let got = self.fill(&mut block)?;
            if got == 0 {
                self.missing_trailer = true;
                self.done = true;
                return Ok(None);
            }
            if got < BLOCK {
                return Err(self.bad("stream ends inside a header"));
            }
            if block.iter().all(|&b| b == 0) {
                // End of archive (one zero block is enough, as GNU tar reads it).
                self.done = true;
                return Ok(None);
            }
            if !checksum_ok(&block) {
                return Err(self.bad(format!(
                    "bad header checksum after {} entries",
                    self.entries
                )));
            }
            self.entries += 1;
            if self.entries > self.limits.max_entries_per_layer {
                return Err(ImageError::LimitExceeded {
                    what: self.what.clone(),
                    limit: "max_entries_per_layer",
                    detail: format!("more than {} entries", self.limits.max_entries_per_layer),
                });
            }
            let flag = block[156];
            let size = self.number(&block[124..136], "size")?;
            match flag {
                b'L' => {
                    let v = self.read_meta(size, self.limits.max_name_bytes, "max_name_bytes")?;
                    pending.long_name = Some(c_string(&v));
                    continue;
                }
                b'K' => {
                    let v = self.read_meta(size, self.limits.max_name_bytes, "max_name_bytes")?;
                    pending.long_link = Some(c_string(&v));
                    continue;
                }
                b'x' => {
                    let v = self.read_meta(size, self.limits.max_pax_bytes, "max_pax_bytes")?;
                    pending.pax = parse_pax(&v).ok_or_else(|| self.bad("malformed PAX header"))?;
                    continue;
                }
                b'g' => {
                    self.read_meta(size, self.limits.max_pax_bytes, "max_pax_bytes")?;
                    continue;
                }
                _ => {}
            }
            let kind = EntryKind::from_flag(flag);
            let mut header = TarHeader {
                name: pending
                    .long_name
                    .take()
                    .unwrap_or_else(|| ustar_name(&block)),
                kind,
                mode: u32::try_from(self.number(&block[100..108], "mode")? & 0o7777).unwrap_or(0),
                uid: self.number(&block[108..116], "uid")?,
                gid: self.number(&block[116..124], "gid")?,
                size,
                mtime: i64::try_from(self.number(&block[136..148], "mtime")?).unwrap_or(0),
                link: match kind {
                    EntryKind::Symlink | EntryKind::Hardlink => Some(
                        pending
                            .long_link
                            .take()
                            .unwrap_or_else(|| c_string(&block[157..257])),
                    ),
                    _ => None,
                },
            };
            for (k, v) in pending.pax.drain(..) {
                match k.as_str() {
                    "path" => header.name = v,
                    "linkpath" if header.link.is_some() => header.link = Some(v),
                    "size" => {
                        header.size = v.parse().map_err(|_| self.bad("bad PAX size"))?;
                    }
                    "uid" => header.uid = v.parse().unwrap_or(header.uid),
                    "gid" => header.gid = v.parse().unwrap_or(header.gid),
                    "mtime" => {
                        let whole = v.split('.').next().unwrap_or("");
                        header.mtime = whole.parse().unwrap_or(header.mtime);
                    }
                    _ => {}
                }
            }
            if header.name.len() as u64 > self.limits.max_name_bytes
                || header
                    .link
                    .as_ref()
                    .is_some_and(|l| l.len() as u64 > self.limits.max_name_bytes)
            {
                return Err(ImageError::LimitExceeded {
                    what: self.what.clone(),
                    limit: "max_name_bytes",
                    detail: format!("a name of {} bytes", header.name.len()),
                });
            }
            if kind.header_only() {
                header.size = 0;
            }
            self.data_left = header.size;
            self.pad_left = padding(header.size);
            return Ok(Some(header));
        }
    }

    /// A numeric field: octal text, or base-256 when the high bit is set.
    fn number(&self, field: &[u8], name: &str) -> Result<u64, ImageError> {
        let first = field.first().copied().unwrap_or(0);
        if first & 0x80 != 0 {
            if first == 0xff {
                // Negative (only meaningful for mtime): clamp to zero.
                return Ok(0);
            }
            let mut v: u64 = u64::from(first & 0x7f);
            for &b in field.get(1..).unwrap_or_default() {
                v = v
                    .checked_mul(256)
                    .and_then(|v| v.checked_add(u64::from(b)))
                    .ok_or_else(|| self.bad(format!("{name} field overflows")))?;
            }
            return Ok(v);
        }
        let text = field
            .iter()
            .copied()
            .skip_while(|&b| b == b' ' || b == 0)
            .take_while(|&b| b != b' ' && b != 0);
        let mut v: u64 = 0;
        for b in text {
            if !(b'0'..=b'7').contains(&b) {
                return Err(self.bad(format!("bad octal digit in the {name} field")));
            }
            v = v
                .checked_mul(8)
                .and_then(|v| v.checked_add(u64::from(b - b'0')))
                .ok_or_else(|| self.bad(format!("{name} field overflows")))?;
        }
        Ok(v)
    }
}

/// Recover an [`ImageError`] that a wrapping reader smuggled through `io::Error`.
pub(crate) fn unwrap_image_error(e: std::io::Error, what: &str) -> ImageError {
    let message = e.to_string();
    match e.into_inner().map(|inner| inner.downcast::<ImageError>()) {
        Some(Ok(err)) => *err,
        _ => ImageError::BadCompression {
            what: what.to_owned(),
            message,
        },
    }
}

fn padding(size: u64) -> u64 {
    (BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64
}

fn checksum_ok(block: &[u8; BLOCK]) -> bool {
    let mut unsigned: u64 = 0;
    let mut signed: i64 = 0;
    for (i, &b) in block.iter().enumerate() {
        let b = if (148..156).contains(&i) { b' ' } else { b };
        unsigned += u64::from(b);
        signed += i64::from(b as i8);
    }
    let field = &block[148..156];
    let text: Vec<u8> = field
        .iter()
        .copied()
        .skip_while(|&b| b == b' ' || b == 0)
        .take_while(|&b| (b'0'..=b'7').contains(&b))
        .collect();
    let mut stored: u64 = 0;
    for b in text {
        stored = stored * 8 + u64::from(b - b'0');
    }
    stored == unsigned || i64::try_from(stored).is_ok_and(|s| s == signed)
}

fn c_string(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(bytes.get(..end).unwrap_or_default()).into_owned()
}

fn ustar_name(block: &[u8; BLOCK]) -> String {
    let name = c_string(&block[0..100]);
    // POSIX ustar ("ustar\0") has a prefix field; GNU ("ustar  ") does not.
    if &block[257..263] == b"ustar\0" {
        let prefix = c_string(&block[345..500]);
        if !prefix.is_empty() {
            return format!("{prefix}/{name}");
        }
    }
    name
}

/// PAX records: `<len> <key>=<value>\n`, the length counting the whole record.
fn parse_pax(data: &[u8]) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        if rest.iter().all(|&b| b == 0) {
            break;
        }
        let space = rest.iter().position(|&b| b == b' ')?;
        let len: usize = std::str::from_utf8(rest.get(..space)?).ok()?.parse().ok()?;
        if len <= space + 1 || len > rest.len() {
            return None;
        }
        let record = rest.get(space + 1..len)?;
        let record = record.strip_suffix(b"\n").unwrap_or(record);
        let eq = record.iter().position(|&b| b == b'=')?;
        let key = String::from_utf8_lossy(record.get(..eq)?).into_owned();
        let value = String::from_utf8_lossy(record.get(eq + 1..)?).into_owned();
        out.push((key, value));
        rest = rest.get(len..)?;
    }
    Some(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Build a ustar header block (the test-side writer).
    pub(crate) fn header(name: &str, flag: u8, mode: u32, size: u64, link: &str) -> [u8; BLOCK] {
        let mut b = [0u8; BLOCK];
        b[..name.len().min(100)].copy_from_slice(&name.as_bytes()[..name.len().min(100)]);
        let octal = |v: u64, width: usize| format!("{v:0w$o}\0", w = width - 1).into_bytes();
        b[100..108].copy_from_slice(&octal(u64::from(mode), 8));
        b[108..116].copy_from_slice(&octal(0, 8));
        b[116..124].copy_from_slice(&octal(0, 8));
        if size < 8u64.pow(11) {
            b[124..136].copy_from_slice(&octal(size, 12));
        } else {
            // base-256: high bit set, big-endian in the remaining bytes
            b[124] = 0x80;
            b[128..136].copy_from_slice(&size.to_be_bytes());
        }
        b[136..148].copy_from_slice(&octal(1_700_000_000, 12));
        b[156] = flag;
        b[157..157 + link.len().min(100)].copy_from_slice(&link.as_bytes()[..link.len().min(100)]);
        b[257..263].copy_from_slice(b"ustar\0");
        b[263..265].copy_from_slice(b"00");
        b[148..156].copy_from_slice(b"        ");
        let sum: u64 = b.iter().map(|&x| u64::from(x)).sum();
        b[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        b
    }

    fn entry(out: &mut Vec<u8>, name: &str, flag: u8, data: &[u8]) {
        out.extend_from_slice(&header(name, flag, 0o644, data.len() as u64, ""));
        out.extend_from_slice(data);
        out.resize(out.len() + padding(data.len() as u64) as usize, 0);
    }

    type Entries = Vec<(TarHeader, Vec<u8>)>;

    fn read_all(bytes: &[u8]) -> Result<(Entries, bool), ImageError> {
        let mut r = TarReader::new(bytes, "t", Limits::default());
        let mut out = Vec::new();
        while let Some(h) = r.next_entry()? {
            let mut data = Vec::new();
            let mut buf = [0u8; 7];
            loop {
                let n = r.read_data(&mut buf)?;
                if n == 0 {
                    break;
                }
                data.extend_from_slice(&buf[..n]);
            }
            out.push((h, data));
        }
        Ok((out, r.missing_trailer))
    }

    #[test]
    fn reads_files_long_names_and_pax() {
        let mut t = Vec::new();
        entry(&mut t, "etc/hello", b'0', b"hello world");
        let long = format!("{}/file", "d".repeat(150));
        entry(
            &mut t,
            "././@LongLink",
            b'L',
            format!("{long}\0").as_bytes(),
        );
        entry(&mut t, "short", b'0', b"x");
        entry(&mut t, "pax", b'x', b"20 path=pax/renamed\n");
        entry(&mut t, "ignored", b'0', b"");
        t.extend_from_slice(&header("ln", b'2', 0o777, 0, "etc/hello"));
        t.extend_from_slice(&[0u8; 1024]);
        let (entries, missing) = read_all(&t).unwrap();
        assert!(!missing);
        let names: Vec<&str> = entries.iter().map(|(h, _)| h.name.as_str()).collect();
        assert_eq!(names, ["etc/hello", long.as_str(), "pax/renamed", "ln"]);
        assert_eq!(entries[0].1, b"hello world");
        assert_eq!(entries[3].0.link.as_deref(), Some("etc/hello"));
        assert_eq!(entries[3].0.kind, EntryKind::Symlink);
    }

    #[test]
    fn truncation_inside_data_is_an_error_but_a_missing_trailer_is_not() {
        let mut t = Vec::new();
        entry(&mut t, "a", b'0', &[7u8; 600]);
        let cut = &t[..BLOCK + 300];
        assert_eq!(read_all(cut).unwrap_err().code(), "IMAGE_TAR");
        // Data complete, padding and trailer missing (umoci 0.4.7's layers).
        let (entries, missing) = read_all(&t[..BLOCK + 600]).unwrap();
        assert_eq!(entries.len(), 1);
        assert!(missing);
        // Cut inside a header.
        let mut two = t.clone();
        two.extend_from_slice(&header("b", b'0', 0o644, 0, "")[..100]);
        assert_eq!(read_all(&two).unwrap_err().code(), "IMAGE_TAR");
    }

    #[test]
    fn bad_checksums_and_oversized_names_are_rejected() {
        let mut t = Vec::new();
        entry(&mut t, "a", b'0', b"x");
        t[0] = b'b';
        assert!(read_all(&t).unwrap_err().to_string().contains("checksum"));
        let mut huge = Vec::new();
        huge.extend_from_slice(&header("././@LongLink", b'L', 0o644, 1 << 40, ""));
        let e = read_all(&huge).unwrap_err();
        assert_eq!(e.code(), "IMAGE_LIMIT", "{e}");
        assert!(parse_pax(b"99 path=x\n").is_none());
    }
}
