//! The RFM section: the segment map and the customers at risk.

use crate::format::share;
use crate::markup::Html;
use crate::svg::{bars, colour};
use crate::view::group;
use crate::view::View;
use clientgrade_core::rfm::Segment;
use clientgrade_core::Portfolio;

pub(super) fn rfm_section(o: &mut Html, p: &Portfolio, view: &View) {
    crate::markup::html!(o, "<section id=\"rfm\"><h2>RFM segments</h2>");
    let at_risk = group(p, |g| {
        matches!(g.rfm.segment, Segment::AtRisk | Segment::CantLoseThem)
    });
    crate::markup::html!(o, "<p class=\"takeaway\">{} customers with {} of revenue are At Risk or Can't Lose Them: they bought often, but not lately.</p>", at_risk.0, share(at_risk.1, p.total.revenue));
    let seg_colour = |s: Segment| match s {
        Segment::Champions | Segment::Loyal => colour::IDEAL,
        Segment::PotentialLoyalist | Segment::New | Segment::Promising => colour::SKY,
        Segment::NeedAttention | Segment::AboutToSleep => colour::BREAK_EVEN,
        Segment::AtRisk | Segment::CantLoseThem => colour::LOSER,
        Segment::Hibernating | Segment::Lost => colour::GREY,
    };
    // the R × FM map: recency 5 at the top, frequency–monetary 1 to 5 left to right
    let cells: [[(String, &str, u64); 5]; 5] = view.rfm_map.map(|row| {
        row.map(|c| {
            (
                c.segment.name().to_string(),
                seg_colour(c.segment),
                c.customers,
            )
        })
    });
    o.push(&crate::svg::grid(
        "rfm-map",
        "RFM segment map",
        "Customers per recency score (rows, 5 = most recent) and frequency–monetary score (columns), each cell named by its segment.",
        ("frequency–monetary score", "recency score"),
        &cells,
    ));
    let rows: Vec<(String, f64, &str, String)> = Segment::ALL
        .iter()
        .map(|s| {
            let (c, r, _) = group(p, |g| g.rfm.segment == *s);
            let col = seg_colour(*s);
            (
                s.name().to_string(),
                c as f64,
                col,
                format!("{c} customers, {} of revenue", share(r, p.total.revenue)),
            )
        })
        .collect();
    o.push(&bars(
        "rfm",
        "Customers per RFM segment",
        "Number of customers in each RFM segment, with their share of revenue.",
        &rows,
    ));
    let c = &p.verdicts.rfm_cuts;
    let cuts = |c: &[f64; 4]| {
        let v = c.map(|v| {
            if v.is_finite() {
                format!("{v:?}")
            } else {
                "n/a".into()
            }
        });
        format!("[{}]", v.join(", "))
    };
    crate::markup::html!(o, "<p class=\"muted\">Score cut-offs: recency days {}, lifetime orders {}, lifetime revenue {}.</p></section>", cuts(&c[0]), cuts(&c[1]), cuts(&c[2]));
}
