//! The report's movement section: the transition matrix as an SVG heat table, the movements in money and the lists; also the whole page `compare` writes.

use clientgrade_core::evidence::percent;
use clientgrade_core::movement::{Entry, Move, Movement, Snapshot, State};
use clientgrade_core::Money;

use crate::format::thousands as count;
use crate::html_parts::short;
use crate::markup::Html;
use crate::movement::{p_alive_text, profit_moved};
use crate::svg::colour;
use crate::text::{ID_CHARS, NAME_CHARS};

/// Rows of a list before the rest folds away, and at most in the report.
const SHOWN: usize = 12;
const LISTED: usize = 50;

fn cash(v: Money) -> String {
    v.to_display_string()
}

fn who(s: &Snapshot) -> Html {
    let mut o = Html::new();
    crate::markup::html!(
        o,
        "<b>{}</b> {}",
        short(s.id.expose(), ID_CHARS),
        short(s.name.as_deref().unwrap_or(""), NAME_CHARS)
    );
    o
}

fn manager(s: &Snapshot) -> String {
    short(s.account_manager.as_deref().unwrap_or(""), NAME_CHARS)
}

fn state(s: Option<&Snapshot>) -> &'static str {
    match s {
        None => "new",
        s => State::of(s).name(),
    }
}

/// The colour of a movement: better blue, worse vermillion, the same grey.
fn move_colour(k: Move) -> &'static str {
    match k {
        Move::Up | Move::New | Move::WonBack => colour::GOOD,
        Move::Down | Move::Lapsed | Move::Lost => colour::LOSER,
        Move::Same | Move::NotCompared => colour::GREY,
    }
}

/// The transition matrix as a heat table: one row per state before, one
/// column per state after (states nobody is in left out); a cell's colour
/// says the direction, its strength the number of customers (log scale).
pub fn matrix_svg(m: &Movement) -> Html {
    let used: Vec<usize> = (0..8)
        .filter(|&k| (0..8).any(|o| m.matrix[k][o].customers + m.matrix[o][k].customers > 0))
        .collect();
    let (cw, ch, left, top) = (78.0, 46.0, 118.0, 74.0);
    let n = used.len() as f64;
    let width = left + n * cw + 16.0;
    let height = top + n * ch + 72.0;
    let max = m
        .matrix
        .iter()
        .flatten()
        .map(|f| f.customers)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut o = Html::new();
    crate::markup::html!(
        o,
        "<svg class=\"chart\" viewBox=\"0 0 {6:.0} {7:.0}\" role=\"img\" aria-labelledby=\"movement-t movement-d\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"movement-t\">Customers from each tier or status on {} to each on {}</title>\
         <desc id=\"movement-d\">A heat table: rows are where customers stood on {}, columns where they stand on {}; each cell gives the customers and their share of the row. Blue cells moved the better way, orange the worse, grey stayed.</desc>\
         <text x=\"{8}\" y=\"20\" class=\"ct\">Where customers went: {} → {}</text>",
        m.before_as_of, m.after_as_of, m.before_as_of, m.after_as_of, m.before_as_of, m.after_as_of, width, height, left
    );
    crate::markup::html!(o, "<text x=\"{:.1}\" y=\"42\" class=\"axis\" text-anchor=\"middle\">on {} (after)</text>\
         <text transform=\"translate(16 {:.1}) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">on {} (before)</text>", left + n * cw / 2.0, m.after_as_of, top + n * ch / 2.0, m.before_as_of);
    for (c, &j) in used.iter().enumerate() {
        crate::markup::html!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
            left + c as f64 * cw + cw / 2.0,
            top - 8.0,
            State::ALL[j].name()
        );
    }
    for (r, &i) in used.iter().enumerate() {
        let y = top + r as f64 * ch;
        let row_total: u64 = m.matrix[i].iter().map(|f| f.customers).sum();
        crate::markup::html!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            left - 8.0,
            y + ch / 2.0 + 4.0,
            State::ALL[i].name()
        );
        for (c, &j) in used.iter().enumerate() {
            let f = &m.matrix[i][j];
            let x = left + c as f64 * cw;
            let k = State::ALL[i].movement_to(State::ALL[j]);
            let strength = if f.customers == 0 {
                0.0
            } else {
                0.12 + 0.78 * (1.0 + f.customers as f64).ln() / (1.0 + max).ln()
            };
            let dark = strength > 0.55;
            crate::markup::html!(o, "<g><title>{} → {}: {} customers; revenue {} → {}, profit {} → {}</title>\
                 <rect x=\"{12:.1}\" y=\"{13:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\" fill-opacity=\"{14:.2}\" stroke=\"{}\" stroke-width=\"{}\"/>", State::ALL[i].name(), State::ALL[j].name(), count(f.customers), cash(f.revenue_before), cash(f.revenue_after), cash(f.profit_before), cash(f.profit_after), cw - 2.0, ch - 2.0, move_colour(k), if i == j { "#333" } else { "#fff" }, if i == j { "1.2" } else { "1" }, x, y, strength);
            if f.customers > 0 {
                let fill = if dark { "#fff" } else { "#1b1b1b" };
                crate::markup::html!(o, "<text x=\"{:.1}\" y=\"{:.1}\" class=\"value\" text-anchor=\"middle\" style=\"fill:{6};font-weight:600\">{}</text>\
                     <text x=\"{:.1}\" y=\"{:.1}\" class=\"value\" text-anchor=\"middle\" style=\"fill:{6}\">{}</text>", x + cw / 2.0 - 1.0, y + 19.0, count(f.customers), x + cw / 2.0 - 1.0, y + 34.0, share_text(f.customers, row_total), fill);
            }
            o.raw("</g>");
        }
    }
    let ly = top + n * ch + 22.0;
    let mut lx = left;
    for (name, c) in [
        ("better: up, new, won back", colour::GOOD),
        ("worse: down, lapsed, lost", colour::LOSER),
        ("the same", colour::GREY),
    ] {
        crate::markup::html!(o, "<rect x=\"{4:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{5}\" fill-opacity=\"0.7\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"legend\">{}</text>", ly - 10.0, lx + 16.0, ly, name, lx, c);
        lx += 30.0 + 6.2 * name.chars().count() as f64;
    }
    crate::markup::html!(o, "<text x=\"{2}\" y=\"{:.1}\" class=\"legend\">Darker: more customers (log scale); second line: share of the row; framed: no change.</text>\
         <text x=\"{2}\" y=\"{:.1}\" class=\"legend\">absent: not among that date's customers (before: not yet a customer; after: gone from the data).</text></svg>", ly + 18.0, ly + 34.0, left);
    o
}

fn share_text(n: u64, total: u64) -> String {
    if total == 0 {
        String::new()
    } else {
        let p = n as f64 / total as f64 * 100.0;
        if p > 0.0 && p < 1.0 {
            "< 1%".into()
        } else {
            format!("{p:.0}%")
        }
    }
}

/// A table of entries: the first [`SHOWN`], the next up to [`LISTED`] folded.
fn list_table(
    o: &mut Html,
    m: &Movement,
    list: &[usize],
    head: &'static str,
    row: &dyn Fn(&Entry) -> Html,
    rest: &str,
) {
    if list.is_empty() {
        o.raw("<p>None.</p>");
        return;
    }
    o.raw("<table class=\"compact\">");
    o.raw(head);
    for &i in list.iter().take(SHOWN) {
        o.push(&row(&m.entries[i]));
    }
    o.raw("</table>");
    if list.len() > SHOWN {
        let upto = list.len().min(LISTED);
        crate::markup::html!(
            o,
            "<details><summary>The next {} of them</summary><table class=\"compact\">",
            upto - SHOWN
        );
        o.raw(head);
        for &i in &list[SHOWN..upto] {
            o.push(&row(&m.entries[i]));
        }
        o.raw("</table></details>");
    }
    if list.len() > LISTED {
        crate::markup::html!(
            o,
            "<p class=\"muted\">… and {} more in <code>movement.csv</code> ({}).</p>",
            count((list.len() - LISTED) as u64),
            rest
        );
    }
}

/// The movement section of the report.
pub fn movement_section(o: &mut Html, m: &Movement) {
    let (lost, gained) = profit_moved(m);
    let k = |x: Move| m.moves[x as usize].customers;
    crate::markup::html!(o, "<section id=\"movement\"><h2>What changed since {}</h2>\
         <p class=\"takeaway\">{} customers moved to a worse tier and {} stopped buying (lapsed or lost): they made <span class=\"loss\">{}</span> less profit than a year before. \
         {} moved up, {} are new and {} came back: {} more.</p>\
         <p class=\"muted\">Each customer graded as of {} and as of {}, with {}-month windows and the same rules; <code>movement.csv</code> has every customer with the reason and its numbers.</p>", m.before_as_of, count(k(Move::Down)), count(k(Move::Lapsed) + k(Move::Lost)), cash(lost), count(k(Move::Up)), count(k(Move::New)), count(k(Move::WonBack)), cash(gained), m.before_as_of, m.after_as_of, m.window_months);
    for n in &m.notes {
        crate::markup::html!(o, "<p class=\"loss\">{}</p>", n);
    }
    o.push(&matrix_svg(m));
    o.raw("<table class=\"compact\"><tr><th>movement</th><th class=\"n\">customers</th><th class=\"n\">revenue before</th><th class=\"n\">revenue after</th><th class=\"n\">profit before</th><th class=\"n\">profit after</th></tr>");
    for x in Move::ALL {
        let f = &m.moves[x as usize];
        if f.customers == 0 {
            continue;
        }
        crate::markup::html!(o, "<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td><td class=\"n\" data-movement=\"{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", move_colour(x), x.name(), x.name(), count(f.customers), cash(f.revenue_before), cash(f.revenue_after), cash(f.profit_before), cash(f.profit_after));
    }
    o.raw("</table>");

    let at_stake: Money = m.slipping.iter().map(|&i| m.entries[i].at_stake).sum();
    crate::markup::html!(o, "<h3>Good customers slipping away: {}, {} profit a year at stake</h3>\
         <p class=\"muted\">Tier 1 or 2 on {} and now Tier 3 or 4, stopped buying, lost {:.0}% or more of its profit beyond the noise of its orders (its revenue fell with the whole growth interval below zero, or its margin fell as much), or with its probability of still buying down {:.0} points or more; most profit at stake first (the larger of its profit in the two windows).</p>", count(m.slipping.len() as u64), cash(at_stake), m.before_as_of, m.settings.profit_drop * 100.0, m.settings.p_alive_drop * 100.0);
    list_table(
        o,
        m,
        &m.slipping,
        "<tr><th>customer</th><th>manager</th><th class=\"n\">at stake</th><th>why</th><th class=\"n\">P(alive)</th></tr>",
        &|e| {
            let mut r = Html::new();
            crate::markup::html!(r, "<tr><td>{}</td><td>{}</td><td class=\"n loss\">{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                who(e.latest()),
                manager(e.latest()),
                cash(e.at_stake),
                e.reason,
                &p_alive_text(e));
            r
        },
        "lists contains \"slipping away\"",
    );
    o.raw("<div class=\"two\"><div>");
    crate::markup::html!(o, "<h3>New Tier-1 customers: {}</h3><p class=\"muted\">Tier 1 now, not on {}; most profit first.</p>", count(m.new_tier1.len() as u64), m.before_as_of);
    list_table(
        o,
        m,
        &m.new_tier1,
        "<tr><th>customer</th><th>before</th><th class=\"n\">profit</th><th class=\"n\">margin</th></tr>",
        &|e| {
            let a = e.after.as_ref().expect("a Tier 1 customer now");
            let mut r = Html::new();
            crate::markup::html!(r, "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                who(a),
                state(e.before.as_ref()),
                a.profit.map_or_else(|| "n/a".into(), cash),
                a.profit_margin.map_or_else(|| "n/a".into(), percent));
            r
        },
        "lists contains \"new Tier 1\"",
    );
    o.raw("</div><div>");
    crate::markup::html!(o, "<h3>Won back: {}</h3><p class=\"muted\">Lapsed or lost on {}, buying again now; most profit first.</p>", count(m.won_back.len() as u64), m.before_as_of);
    list_table(
        o,
        m,
        &m.won_back,
        "<tr><th>customer</th><th>before → now</th><th class=\"n\">revenue</th><th class=\"n\">profit</th></tr>",
        &|e| {
            let a = e.after.as_ref().expect("buying now");
            let mut r = Html::new();
            crate::markup::html!(r, "<tr><td>{}</td><td>{} → {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                who(a),
                state(e.before.as_ref()),
                state(Some(a)),
                cash(a.revenue),
                a.profit.map_or_else(|| "n/a".into(), cash));
            r
        },
        "lists contains \"won back\"",
    );
    o.raw("</div></div>");
    crate::markup::html!(o, "<h3>Key customers who need a call: {}</h3><p class=\"muted\">Top 10% by rank, buying now, with complaints still open or no order or service contact for more than {}× their usual days between orders.</p>", count(m.key_attention.len() as u64), m.settings.no_contact_gaps);
    list_table(
        o,
        m,
        &m.key_attention,
        "<tr><th>customer</th><th>manager</th><th class=\"n\">tier</th><th class=\"n\">profit</th><th>why</th></tr>",
        &|e| {
            let a = e.after.as_ref().expect("buying now");
            let mut r = Html::new();
            crate::markup::html!(r, "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                who(a),
                manager(a),
                state(Some(a)),
                a.profit.map_or_else(|| "n/a".into(), cash),
                e.attention.as_deref().unwrap_or(""));
            r
        },
        "lists contains \"key customer needs a call\"",
    );
    if !m.managers.is_empty() {
        o.raw("<h3>Account managers whose customers slipped</h3>\
            <p class=\"muted\">Most profit at stake first. The last column is the key-person risk: the revenue of the manager's customers today, which may walk out if the manager leaves.</p>\
            <table class=\"compact\"><tr><th>manager</th><th class=\"n\">customers</th><th class=\"n\">slipping</th><th class=\"n\">profit at stake</th><th class=\"n\">profit before → after</th><th class=\"n\">revenue if they leave</th></tr>");
        for g in m.managers.iter().take(20) {
            crate::markup::html!(o, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n loss\">{}</td><td class=\"n\">{} → {}</td><td class=\"n\">{} ({})</td></tr>", short(&g.manager, NAME_CHARS), count(g.customers), count(g.slipping), cash(g.at_stake), cash(g.profit_before), cash(g.profit_after), cash(g.revenue_after), percent(g.revenue_share_after));
        }
        o.raw("</table>");
    }
    o.raw("</section>");
}

/// The whole page `compare` writes: the movement section with a headline.
pub fn movement_report_html(m: &Movement, folders: (&str, &str)) -> String {
    let mut o = Html::with_capacity(64 * 1024);
    crate::markup::html!(o, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>clientgrade: movement from {} to {}</title><style>", m.before_as_of, m.after_as_of);
    o.raw(crate::html_parts::STYLE);
    crate::markup::html!(o, "</style></head><body>\
         <section id=\"summary\"><h1>What changed between {} and {}?</h1>\
         <p class=\"muted\">Compared: <code>{}</code> (as of {}, {} customers) and <code>{}</code> (as of {}, {} customers), matched by customer id.</p></section>", m.before_as_of, m.after_as_of, short(folders.0, NAME_CHARS), m.before_as_of, count(m.customers.0), short(folders.1, NAME_CHARS), m.after_as_of, count(m.customers.1));
    movement_section(&mut o, m);
    o.raw("<p class=\"muted\">Made by clientgrade compare. Every figure above is also in summary.json and movement.csv in this folder.</p></body></html>\n");
    o.into_string()
}
