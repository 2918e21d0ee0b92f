//! VBoxManage's option parser (IPRT's `RTGetOpt`), as far as the emulated commands use it.
//!
//! Options and plain arguments may come in any order. A value follows as the next argument
//! or after `=` or `:` (`--name web`, `--name=web`, `--name:web`). Indexed options carry a
//! number in their name (`--nic2`, `--macaddress3`). Anything else that starts with `-` is
//! an unknown option; a lone `-` is a plain argument.

/// One option a command accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Opt {
    /// Every spelling, the canonical one first (`--ostype`, `-ostype`).
    pub names: &'static [&'static str],
    /// Whether a value follows.
    pub value: bool,
    /// Whether the name ends in a number (`--nic<N>`).
    pub indexed: bool,
}

impl Opt {
    /// A flag without a value.
    pub(crate) const fn flag(names: &'static [&'static str]) -> Opt {
        Opt {
            names,
            value: false,
            indexed: false,
        }
    }

    /// An option with a value.
    pub(crate) const fn value(names: &'static [&'static str]) -> Opt {
        Opt {
            names,
            value: true,
            indexed: false,
        }
    }

    /// An option with a value and a number in its name.
    pub(crate) const fn indexed(names: &'static [&'static str]) -> Opt {
        Opt {
            names,
            value: true,
            indexed: true,
        }
    }

    /// The canonical spelling: what `match` arms compare with.
    pub(crate) fn key(&self) -> &'static str {
        self.names[0]
    }
}

/// What the parser found next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item<'a> {
    /// An option: its canonical name, its number (indexed options) and its value.
    Opt {
        /// [`Opt::key`].
        key: &'static str,
        /// The number of an indexed option.
        index: u32,
        /// The value (empty for flags).
        value: &'a str,
    },
    /// A plain argument.
    Arg(&'a str),
}

/// Why an argument was refused (IPRT's `VERR_GETOPT_*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GetOptError {
    /// Nothing matched this `-…` argument.
    Unknown(String),
    /// The option needs a value and none followed: carries the canonical name.
    MissingValue(&'static str),
    /// The value does not convert (a number that is not one): carries the value.
    BadValue(String),
}

/// The parser over a command's arguments.
#[derive(Debug)]
pub(crate) struct GetOpt<'a> {
    args: &'a [String],
    pos: usize,
    opts: &'a [Opt],
}

impl<'a> GetOpt<'a> {
    /// Parse `args` (the command's arguments, after the ones the caller consumed).
    pub(crate) fn new(args: &'a [String], opts: &'a [Opt]) -> GetOpt<'a> {
        GetOpt { args, pos: 0, opts }
    }

    /// The next argument as the value of the option just returned (`RTGetOptFetchValue`:
    /// `--natpf1 delete NAME`).
    pub(crate) fn fetch_value(&mut self) -> Option<&'a str> {
        let v = self.args.get(self.pos)?;
        self.pos += 1;
        Some(v.as_str())
    }

    /// Match one `-…` argument: (option, number, inline value).
    fn lookup(&self, arg: &'a str) -> Option<(Opt, u32, Option<&'a str>)> {
        for opt in self.opts {
            for name in opt.names {
                let Some(rest) = arg.strip_prefix(name) else {
                    continue;
                };
                let digits = if opt.indexed {
                    rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len()
                } else {
                    0
                };
                if opt.indexed && digits == 0 {
                    continue;
                }
                // A number too big for a slot still names one: the caller refuses it.
                let index = match digits {
                    0 => 0,
                    _ => rest[..digits].parse().unwrap_or(u32::MAX),
                };
                let tail = &rest[digits..];
                if tail.is_empty() {
                    return Some((*opt, index, None));
                }
                if opt.value && (tail.starts_with('=') || tail.starts_with(':')) {
                    return Some((*opt, index, Some(&tail[1..])));
                }
            }
        }
        None
    }
}

impl<'a> Iterator for GetOpt<'a> {
    type Item = Result<Item<'a>, GetOptError>;

    fn next(&mut self) -> Option<Self::Item> {
        let arg = self.args.get(self.pos)?.as_str();
        self.pos += 1;
        if !arg.starts_with('-') || arg == "-" {
            return Some(Ok(Item::Arg(arg)));
        }
        let Some((opt, index, inline)) = self.lookup(arg) else {
            return Some(Err(GetOptError::Unknown(arg.to_string())));
        };
        let value = match (opt.value, inline) {
            (false, _) => "",
            (true, Some(v)) => v,
            (true, None) => match self.args.get(self.pos) {
                Some(v) => {
                    self.pos += 1;
                    v.as_str()
                }
                None => return Some(Err(GetOptError::MissingValue(opt.key()))),
            },
        };
        Some(Ok(Item::Opt {
            key: opt.key(),
            index,
            value,
        }))
    }
}

/// `RTGETOPT_REQ_UINT32`: decimal, or hex with `0x`.
pub(crate) fn parse_u32(s: &str) -> Option<u32> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: &[Opt] = &[
        Opt::value(&["--name", "-name"]),
        Opt::flag(&["--register"]),
        Opt::indexed(&["--nic"]),
        Opt::indexed(&["--nic-type", "--nictype"]),
    ];

    fn parse(args: &[&str]) -> Vec<Result<Item<'static>, GetOptError>> {
        let owned: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let leaked: &'static [String] = Box::leak(owned.into_boxed_slice());
        GetOpt::new(leaked, OPTS).collect()
    }

    fn opt(
        key: &'static str,
        index: u32,
        value: &'static str,
    ) -> Result<Item<'static>, GetOptError> {
        Ok(Item::Opt { key, index, value })
    }

    #[test]
    fn values_in_every_spelling_and_any_order() {
        assert_eq!(
            parse(&[
                "vm",
                "--name=a b",
                "-name",
                "c",
                "--name:d",
                "--register",
                "-"
            ]),
            vec![
                Ok(Item::Arg("vm")),
                opt("--name", 0, "a b"),
                opt("--name", 0, "c"),
                opt("--name", 0, "d"),
                opt("--register", 0, ""),
                Ok(Item::Arg("-")),
            ]
        );
    }

    #[test]
    fn indexed_options_and_errors() {
        assert_eq!(
            parse(&[
                "--nic2",
                "nat",
                "--nictype3=virtio",
                "--nic-type1",
                "82540EM"
            ]),
            vec![
                opt("--nic", 2, "nat"),
                opt("--nic-type", 3, "virtio"),
                opt("--nic-type", 1, "82540EM")
            ]
        );
        assert_eq!(
            parse(&["--nic"]),
            vec![Err(GetOptError::Unknown("--nic".into()))]
        );
        assert_eq!(
            parse(&["--register=x"]),
            vec![Err(GetOptError::Unknown("--register=x".into()))]
        );
        assert_eq!(
            parse(&["--name"]),
            vec![Err(GetOptError::MissingValue("--name"))]
        );
        assert_eq!(parse_u32("0x10"), Some(16));
        assert_eq!(parse_u32("12x"), None);
    }
}
