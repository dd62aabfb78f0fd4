//! The account databases: `/etc/passwd`, `/etc/group` and `/etc/shadow`
//! share one shape, `name:password:id:…` (shadow's third field is a date).

/// One line of an account database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Account<'a> {
    /// The user or group name.
    pub name: &'a str,
    /// The password field (`x`: in the shadow file; `*`, `!`: locked).
    pub password: &'a str,
    /// The numeric id, when the third field is one.
    pub id: Option<u64>,
}

/// The entries of an account database, skipping blank lines, comments and
/// NIS `+`/`-` inclusion lines.
pub(crate) fn accounts(text: &str) -> Vec<Account<'_>> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with(['#', '+', '-']))
        .filter_map(|l| {
            let mut fields = l.split(':');
            let name = fields.next()?;
            let password = fields.next()?;
            let id = fields.next().and_then(|f| f.trim().parse().ok());
            Some(Account { name, password, id })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_into_fields() {
        let text = "root:x:0:0:root:/root:/bin/sh\r\n# comment\n\n+::::::\nbin:*:1:1::/:\nodd\nweird:x:abc:\n";
        let got = accounts(text);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0],
            Account {
                name: "root",
                password: "x",
                id: Some(0)
            }
        );
        assert_eq!(got[1].password, "*");
        assert_eq!(got[2].id, None);
    }
}
