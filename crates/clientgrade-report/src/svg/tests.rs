//! Every chart family on adversarial series: small, finite, at most a few ticks.

use super::*;

/// Series no real data should give, and a few it can.
fn adversarial() -> Vec<(&'static str, Vec<f64>)> {
    vec![
        ("empty", vec![]),
        ("one point", vec![0.3]),
        ("all equal", vec![7.0; 50]),
        ("all equal, where 1 is lost in the magnitude", vec![1e17; 5]),
        ("zero span at zero", vec![0.0; 10]),
        (
            "all negative",
            (1..=40).map(|i| -f64::from(i) * 1e3).collect(),
        ),
        ("1e15 span", vec![-1e15, 0.0, 1e15]),
        ("the whale of issue 17", vec![0.0, 2.1e9, 1.0]),
        ("huge", vec![f64::MAX, f64::MIN, 0.0]),
        ("tiny", vec![1e-320, 2e-320]),
        ("600 decades", (-300..=300).map(|k| 10f64.powi(k)).collect()),
        ("1e300 to 1e308", vec![1e300, 1e305, 1.7e308]),
        (
            "NaN and inf",
            vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY],
        ),
        (
            "NaN among values",
            vec![0.1, f64::NAN, 0.5, f64::INFINITY, 0.9],
        ),
    ]
}

/// A chart stays a few KB whatever its numbers: a base plus a bounded
/// amount per drawn item, with no `NaN` or `inf` in it.
fn check_chart(kind: &str, case: &str, svg: &str, items: usize) {
    let bound = 8 * 1024 + 400 * items;
    assert!(
        svg.len() <= bound,
        "{kind} / {case}: {} bytes > {bound}",
        svg.len()
    );
    assert!(
        svg.starts_with("<svg") && svg.ends_with("</svg>"),
        "{kind} / {case}"
    );
    for bad in ["NaN", "inf\"", "inf,", "inf ", "Infinity"] {
        assert!(!svg.contains(bad), "{kind} / {case}: {bad} in {svg}");
    }
}

/// At most [`MAX_TICKS`] tick labels per axis (a chart has two).
fn check_ticks(kind: &str, case: &str, svg: &str) {
    let ticks = svg.matches("class=\"tick\"").count();
    assert!(ticks <= 2 * MAX_TICKS, "{kind} / {case}: {ticks} ticks");
}

#[test]
fn every_chart_stays_small_on_adversarial_series() {
    let long = "L".repeat(1 << 20);
    for (case, values) in adversarial() {
        let n = values.len();
        let points: Vec<(f64, f64)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64 / n.max(1) as f64, *v))
            .collect();
        let svg = curves(
            "c",
            &long,
            &long,
            &long,
            &long,
            &[
                Series {
                    name: &long,
                    colour: colour::GOOD,
                    points: &points,
                },
                Series {
                    name: "b",
                    colour: colour::PURPLE,
                    points: &points,
                },
            ],
            true,
        );
        check_chart("curves", case, &svg, 2 * n + 2);
        check_ticks("curves", case, &svg);
        if !values.iter().any(|v| v.is_finite()) {
            assert!(svg.contains("nothing to draw"), "{case}: {}", svg.as_str());
        }

        let rows: Vec<(String, f64, &str, String)> = values
            .iter()
            .map(|v| (long.clone(), *v, colour::LOSER, long.clone()))
            .collect();
        let svg = bars("b", "bars", "d", &rows);
        check_chart("bars", case, &svg, n);

        let dots: Vec<Dot<'_>> = values
            .iter()
            .enumerate()
            .map(|(i, v)| Dot {
                x: *v,
                y: values[n - 1 - i],
                colour: colour::GREY,
                label: (i < 5).then_some(long.as_str()),
            })
            .collect();
        for (log, ticks) in [
            (false, Ticks::Plain),
            (false, Ticks::Percent),
            (true, Ticks::Plain),
        ] {
            // splits from the data too: the first and last values
            let x = Axis {
                title: &long,
                ticks,
                log,
                split: values.first().copied(),
            };
            let y = Axis {
                title: &long,
                ticks: Ticks::Percent,
                log: false,
                split: values.last().copied(),
            };
            let kind = format!("scatter (log {log}, {ticks:?})");
            let (svg, clipped) =
                scatter("s", &long, &long, (&x, &y), &dots, [&long, "b", "c", "d"]);
            check_chart(&kind, case, &svg, n);
            check_ticks(&kind, case, &svg);
            for v in [
                clipped.x_range.0,
                clipped.x_range.1,
                clipped.y_range.0,
                clipped.y_range.1,
            ] {
                assert!(v.is_finite(), "{kind} / {case}: {clipped:?}");
            }
            if !values.iter().any(|v| v.is_finite()) {
                assert!(
                    svg.contains("nothing to draw"),
                    "{kind} / {case}: {}",
                    svg.as_str()
                );
            }
        }
    }
    let cells: [[(String, &str, u64); 5]; 5] =
        std::array::from_fn(|_| std::array::from_fn(|_| (long.clone(), colour::SKY, u64::MAX)));
    check_chart(
        "grid",
        "long names",
        &grid("g", "t", "d", (&long, &long), &cells),
        25,
    );
}
