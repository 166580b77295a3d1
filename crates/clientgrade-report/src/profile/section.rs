//! The ideal customer profile's section of report.html: the lift chart, the values more and less common in Tier 1, prospects and growth candidates.

use super::{display, growth_candidates, id_of, lift_range, lift_text, CHART_VALUES, LISTED};
use crate::format::thousands as count;
use crate::markup::Html;
use crate::svg::colour;
use clientgrade_core::evidence::percent;
use clientgrade_core::profile::{AttributeProfile, Call, Profile, ValueProfile};
use clientgrade_core::Portfolio;

/// The lift chart: each value's lift with its interval on a log scale.
fn lift_chart(rows: &[(&AttributeProfile, &ValueProfile)], confidence: f64) -> Html {
    const W: f64 = 640.0;
    const LABEL: f64 = 250.0;
    const RIGHT: f64 = 20.0;
    const TOP: f64 = 54.0;
    const ROW: f64 = 22.0;
    let (lo, hi) = (0.125f64, 16.0f64);
    let x = |v: f64| {
        let f = (v.clamp(lo, hi).ln() - lo.ln()) / (hi.ln() - lo.ln());
        LABEL + f * (W - LABEL - RIGHT)
    };
    let height = TOP + ROW * rows.len() as f64 + 30.0;
    let title = "Lift: share in Tier 1 over share in the rest";
    let desc = format!(
        "Each value's lift with its {:.0}% interval, on a log scale; right of 1 means more common in Tier 1.",
        confidence * 100.0
    );
    let mut o = Html::new();
    crate::markup::html!(
        o,
        "<svg class=\"chart\" viewBox=\"0 0 {4} {5}\" role=\"img\" aria-labelledby=\"lift-t lift-d\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"lift-t\">{}</title><desc id=\"lift-d\">{}</desc>\
         <text x=\"8\" y=\"18\" class=\"ct\">{}</text><text x=\"8\" y=\"34\" class=\"legend\">{}</text>",
        title,
        desc,
        title,
        desc,
        W,
        height
    );
    let bottom = TOP + ROW * rows.len() as f64;
    for t in [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0] {
        let tx = x(t);
        let label = if t < 1.0 {
            format!("1/{:.0}", 1.0 / t)
        } else {
            format!("{t:.0}")
        };
        crate::markup::html!(
            o,
            "<line x1=\"{2:.1}\" y1=\"{3}\" x2=\"{2:.1}\" y2=\"{4:.1}\" class=\"{}\"/>\
             <text x=\"{2:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{5}×</text>",
            if t == 1.0 { "ref" } else { "grid" },
            bottom + 14.0,
            tx,
            TOP,
            bottom,
            label
        );
    }
    for (k, (a, v)) in rows.iter().enumerate() {
        let y = TOP + ROW * k as f64 + ROW / 2.0;
        let c = match v.call {
            Call::Over => colour::IDEAL,
            Call::Under => colour::LOSER,
            Call::Unclear => colour::GREY,
        };
        let (x0, x1, xm) = (x(v.lift.low), x(v.lift.high), x(v.lift.value));
        crate::markup::html!(o, "<text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"end\">{}</text>\
             <line x1=\"{3:.1}\" y1=\"{4:.1}\" x2=\"{5:.1}\" y2=\"{4:.1}\" stroke=\"{6}\" stroke-width=\"2.5\"/>\
             <circle cx=\"{7:.1}\" cy=\"{4:.1}\" r=\"4.5\" fill=\"{6}\"/>", LABEL - 8.0, y + 4.0, &format!("{} {}", display(&a.name), v.label), x0, y, x1, c, xm);
    }
    o.raw("</svg>");
    o
}

fn value_rows(o: &mut Html, rows: &[(&AttributeProfile, &ValueProfile)]) {
    for (a, v) in rows {
        crate::markup::html!(o, "<tr><td>{}</td><td><b>{}</b></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", &display(&a.name), v.label, percent(v.tier1_share.value), percent(v.rest_share.value), lift_text(v.lift.value), &lift_range(v), count(v.tier1 + v.rest));
    }
}

const VALUE_HEAD: &str = "<tr><th>attribute</th><th>value</th><th class=\"n\">share in Tier 1</th><th class=\"n\">in the rest</th><th class=\"n\">lift</th><th class=\"n\">interval</th><th class=\"n\">customers</th></tr>";

/// The report section (nothing when the profile is switched off).
pub fn profile_section(o: &mut Html, p: &Portfolio) {
    let Some(pr) = &p.profile else {
        return;
    };
    o.raw("<section id=\"profile\"><h2>Your ideal customer: what Tier 1 has in common</h2>");
    if let Some(why) = &pr.unavailable {
        crate::markup::html!(o, "<p>No profile: {}.</p></section>", why);
        return;
    }
    let over = pr.over_represented();
    let under = pr.under_represented();
    let conf = format!("{:.0}%", pr.settings.confidence * 100.0);
    if pr.distinguishes && !over.is_empty() {
        let top: Vec<String> = over
            .iter()
            .take(3)
            .map(|(a, v)| {
                format!(
                    "{} {} ({} of Tier 1, {} of the rest)",
                    &display(&a.name),
                    v.label,
                    percent(v.tier1_share.value),
                    percent(v.rest_share.value)
                )
            })
            .collect();
        crate::markup::html!(
            o,
            "<p class=\"takeaway\">Tier-1 customers are more often: {}.</p>",
            top.join("; ")
        );
    } else if !pr.distinguishes {
        o.raw("<p class=\"takeaway\">Your customer attributes do not tell Tier 1 apart: do not use them to pick prospects.</p>");
    }
    let with_signal = pr.attributes.iter().filter(|a| a.signal).count();
    let tested = pr.attributes.iter().filter(|a| a.kind.is_some()).count();
    o.raw("<div class=\"kpis\">");
    if let Some(q) = &pr.quality {
        crate::markup::html!(o, "<div class=\"kpi\">Tells Tier 1 apart?<b>{}</b></div>\
             <div class=\"kpi\">Cross-validated AUC<b data-summary=\"profile-auc\">{:.2}</b>{}</div>", if pr.distinguishes { "yes" } else { "no" }, q.auc.value, if q.attributes.is_empty() {
                "no attribute in the score".to_string()
            } else {
                format!("{conf} interval {:.2} to {:.2}", q.auc.low, q.auc.high)
            });
    }
    crate::markup::html!(
        o,
        "<div class=\"kpi\">Tier 1 among customers with a tier<b>{}</b>{} of {}</div>\
         <div class=\"kpi\">Attributes with a signal<b>{3} of {4}</b></div></div>",
        percent(pr.base_rate),
        count(pr.tier1),
        count(pr.tier1 + pr.rest),
        with_signal,
        tested
    );
    crate::markup::html!(o, "<p>{}</p>", pr.statement);
    crate::markup::html!(o, "<p class=\"muted\">Learnt from the {} customers with a tier: {} in Tier 1 (the base rate, {}) against {} in Tiers 2–4; \
         {} lapsed, lost or undecided customers are left out. A value counts as more (or less) common in Tier 1 only when its attribute \
         passes a G-test (Holm-adjusted over the attributes, {}) and the whole {7} interval of its lift lies above (or below) 1; \
         values held by fewer than {} customers are never called. How to read it: docs/profile.md.</p>", count(pr.tier1 + pr.rest), count(pr.tier1), percent(pr.base_rate), count(pr.rest), count(pr.without_tier), pr.settings.significance, pr.settings.min_support, conf);
    let mut chart: Vec<(&AttributeProfile, &ValueProfile)> =
        over.iter().take(CHART_VALUES).copied().collect();
    chart.extend(under.iter().take(CHART_VALUES).copied());
    if !chart.is_empty() {
        o.push(&lift_chart(&chart, pr.settings.confidence));
    }
    for (title, rows) in [
        ("More common in Tier 1, strongest first", &over),
        ("Less common in Tier 1", &under),
    ] {
        if rows.is_empty() {
            continue;
        }
        crate::markup::html!(o, "<h3>{}</h3><table class=\"compact\">", title);
        o.raw(VALUE_HEAD);
        value_rows(o, rows);
        o.raw("</table>");
    }
    let none: Vec<String> = pr
        .attributes
        .iter()
        .filter(|a| a.kind.is_some() && !a.signal)
        .map(|a| format!("{} (p = {:.2})", &display(&a.name), a.p_adjusted))
        .collect();
    if !none.is_empty() {
        crate::markup::html!(o, "<p><b>No signal</b> (as common in Tier 1 as in the rest, within chance; left out of the score): {}.</p>", none.join(", "));
    }
    let skipped: Vec<String> = pr
        .attributes
        .iter()
        .filter_map(|a| Some(format!("{}: {}", &display(&a.name), a.skipped.as_ref()?)))
        .collect();
    if !skipped.is_empty() {
        crate::markup::html!(
            o,
            "<p class=\"muted\">Not used: {}.</p>",
            skipped.join("; ")
        );
    }
    prospects_part(o, pr);
    candidates_part(o, p);
    // every value, for the record
    o.raw("<details><summary>Every attribute and value</summary><table class=\"compact\">");
    o.raw(VALUE_HEAD);
    for a in &pr.attributes {
        let rows: Vec<(&AttributeProfile, &ValueProfile)> =
            a.values.iter().map(|v| (a, v)).collect();
        value_rows(o, &rows);
    }
    o.raw("</table></details></section>");
}

fn prospects_part(o: &mut Html, pr: &Profile) {
    let Some(t) = &pr.prospect_table else {
        return;
    };
    crate::markup::html!(o, "<h3>{}</h3><p class=\"muted\">{} prospects scored; every one with its score, rank and reasons is in <code>prospects.csv</code>. \
         The score is the chance that a customer with these values is Tier 1; the reasons say which values raise or lower the odds against a typical customer.{}</p>", if pr.distinguishes {
            "Prospects most like Tier 1"
        } else {
            "Prospects"
        }, count(t.prospects.len() as u64), if pr.not_in_prospects.is_empty() {
            String::new()
        } else {
            format!(
                " The prospects lack {}: not used in their score.",
                &pr.not_in_prospects.iter().map(|n| display(n)).collect::<Vec<_>>().join(", ")
            )
        });
    if !pr.prospects.is_empty() {
        o.raw("<table class=\"compact\"><tr><th class=\"n\">rank</th><th>prospect</th><th class=\"n\">score</th><th>why</th></tr>");
        for ps in pr.prospects.iter().take(LISTED) {
            let pr_ = &t.prospects[ps.position];
            crate::markup::html!(o, "<tr><td class=\"n\">{}</td><td><b>{}</b> {}</td><td class=\"n\">{}</td><td>{}</td></tr>", ps.rank, pr_.id.expose(), pr_.name.as_deref().unwrap_or(""), percent(ps.score), ps.reasons);
        }
        o.raw("</table>");
    }
    if !pr.prospect_notes.is_empty() {
        o.raw("<ul class=\"muted\">");
        for n in &pr.prospect_notes {
            crate::markup::html!(o, "<li>{}</li>", n);
        }
        o.raw("</ul>");
    }
}

fn candidates_part(o: &mut Html, p: &Portfolio) {
    let Some(pr) = &p.profile else { return };
    let candidates = growth_candidates(p);
    if candidates.is_empty() {
        return;
    }
    o.raw("<h3>Tier 2 customers who look like Tier 1</h3><p class=\"muted\">Growth candidates: good customers whose attributes resemble Tier 1's. \
         Their score comes from a model fitted without them (cross-validation), so their own tier does not lower it; <code>lookalike_score</code> in customers.csv has it for every customer.</p>");
    o.raw("<table class=\"compact\"><tr><th>customer</th><th class=\"n\">score</th><th class=\"n\">revenue</th><th>why</th></tr>");
    for g in candidates.iter().take(LISTED) {
        let why = pr
            .explain(&g.facts.attributes)
            .map_or(String::new(), |s| s.reasons);
        crate::markup::html!(o, "<tr><td><b>{}</b> {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>", id_of(g), g.facts.name.as_deref().unwrap_or(""), percent(g.lookalike.unwrap_or(0.0)), &g.characteristics.revenue.to_display_string(), why);
    }
    o.raw("</table>");
}
