//! `list ostypes`: one block per guest OS type. Read because `showvminfo` prints a
//! machine's OS type as its description (`ostype="Ubuntu (64-bit)"`), while everything else
//! names it by id (`Ubuntu_64`).
//!
//! Up to 7.1 a block starts `ID:  Ubuntu_64` and `Description:  Ubuntu (64-bit)` on two lines;
//! 7.2 prints both on one, `ID / Description: Ubuntu_64 -- Ubuntu (64-bit)` (a real 7.2.22,
//! `fixtures/vboxmanage-7.2.22/list-ostypes.stdout`).

/// `(id, description)` of every OS type listed, in order.
pub fn parse_list_ostypes(stdout: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut id: Option<String> = None;
    for line in stdout.lines().map(|l| l.trim_end_matches('\r')) {
        if let Some(v) = line.strip_prefix("ID / Description:") {
            // The id has no spaces; the description may hold anything, ` -- ` included.
            if let Some((i, d)) = v.trim().split_once(" -- ") {
                out.push((i.trim().to_string(), d.trim().to_string()));
            }
            id = None;
        } else if let Some(v) = line.strip_prefix("ID:") {
            id = Some(v.trim().to_string());
        } else if let Some(v) = line.strip_prefix("Description:") {
            if let Some(id) = id.take() {
                out.push((id, v.trim().to_string()));
            }
        }
    }
    out
}

/// The id of the OS type described as `description`; `None` when no listed type has it.
pub fn id_of<'a>(types: &'a [(String, String)], description: &str) -> Option<&'a str> {
    types
        .iter()
        .find(|(_, d)| d == description)
        .map(|(id, _)| id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks() {
        let t = parse_list_ostypes("ID:          Other\r\nDescription: Other/Unknown\r\nFamily ID:   Other\r\n\r\nID:          Ubuntu_64\nDescription: Ubuntu (64-bit)\n");
        assert_eq!(id_of(&t, "Ubuntu (64-bit)"), Some("Ubuntu_64"));
        assert_eq!(id_of(&t, "Other/Unknown"), Some("Other"));
        assert_eq!(id_of(&t, "Nope"), None);
    }

    #[test]
    fn one_line_blocks_of_7_2() {
        let t = parse_list_ostypes("Supported guest OS types:\n\nID / Description: Other -- Other/Unknown\nFamily:           Other (Other)\nArchitecture:     x86\n\nID / Description: Ubuntu_64 -- Ubuntu (64-bit)\nFamily:           Linux (Linux)\n");
        assert_eq!(t.len(), 2);
        assert_eq!(id_of(&t, "Ubuntu (64-bit)"), Some("Ubuntu_64"));
        assert_eq!(id_of(&t, "Other/Unknown"), Some("Other"));
    }
}
