//! The "What was read" section: rows read, used and rejected per table, with the reasons and notes.

use super::{more, short, LIST_ITEMS, TEXT_CHARS};
use crate::format::thousands as count;
use crate::markup::Html;
use crate::text::{shorten, NAME_CHARS};
use crate::RunInfo;
use clientgrade_core::Portfolio;

pub(super) fn inputs_section(o: &mut Html, run: &RunInfo<'_>, p: &Portfolio) {
    o.raw("<section id=\"inputs\"><h2>What was read</h2><table><tr><th>table</th><th>file</th><th class=\"n\">read</th><th class=\"n\">used</th><th class=\"n\">rejected</th><th>reasons</th></tr>");
    for t in run.tables {
        let mut reasons: Vec<String> = t
            .reasons
            .iter()
            .take(LIST_ITEMS)
            .map(|(k, v)| format!("{}: {v}", shorten(k, NAME_CHARS)))
            .collect();
        if t.reasons.len() > LIST_ITEMS {
            reasons.push(format!(
                "… and {} more reasons",
                t.reasons.len() - LIST_ITEMS
            ));
        }
        crate::markup::html!(o, "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>", t.table.name(), short(&t.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()), NAME_CHARS), count(t.read), count(t.used), count(t.rejected), &reasons.join(", "));
    }
    o.raw("</table>");
    let rejects = crate::caveats::rejects_notes(run.tables);
    let notes: Vec<&String> = run.notes.iter().chain(&rejects).chain(&p.notes).collect();
    if !notes.is_empty() {
        o.raw("<ul class=\"muted\">");
        for n in notes.iter().take(LIST_ITEMS) {
            crate::markup::html!(o, "<li>{}</li>", short(n, TEXT_CHARS));
        }
        more(o, notes.len(), "li");
        o.raw("</ul>");
    }
    o.raw("</section>");
}
