//! Helper of `bench/btyd_vs_lifetimes.sh`: simulate a summary to CSV, or fit one and print the parameters and the time.
//!
//! `cargo run --release -p clientgrade-btyd --example btyd_peer -- simulate N FILE`
//! `cargo run --release -p clientgrade-btyd --example btyd_peer -- fit FILE`

use std::io::Write;
use std::time::Instant;

use clientgrade_btyd::{BgNbd, Customer, GammaGamma, Spend};
use clientgrade_synth::btyd::simulate_bgnbd_gg;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("simulate") => {
            let n: usize = args[1].parse().expect("N");
            let sim =
                simulate_bgnbd_gg(n, (0.25, 4.0, 0.8, 2.5), (6.0, 4.0, 15.0), (26.0, 78.0), 5);
            let mut out = std::io::BufWriter::new(std::fs::File::create(&args[2]).expect("create"));
            writeln!(out, "frequency,recency,T,monetary_value").unwrap();
            for s in sim {
                // times in whole days, as real data has them, in weeks
                let day = |w: f64| (w * 7.0).floor() / 7.0;
                writeln!(out, "{},{:.6},{:.6},{:.2}", s.x, day(s.t_x), day(s.t), s.m).unwrap();
            }
        }
        Some("fit") => {
            let text = std::fs::read_to_string(&args[1]).expect("read");
            let rows: Vec<[f64; 4]> = text
                .lines()
                .skip(1)
                .map(|l| {
                    let v: Vec<f64> = l.split(',').map(|f| f.parse().unwrap()).collect();
                    [v[0], v[1], v[2], v[3]]
                })
                .collect();
            let customers: Vec<Customer> = rows
                .iter()
                .map(|r| Customer {
                    x: r[0],
                    t_x: r[1],
                    t: r[2],
                })
                .collect();
            let spend: Vec<Spend> = rows
                .iter()
                .filter(|r| r[0] > 0.0 && r[3] > 0.0)
                .map(|r| Spend { x: r[0], m: r[3] })
                .collect();
            let start = Instant::now();
            let (bg, _) = BgNbd::fit(&customers);
            let t_bg = start.elapsed().as_secs_f64();
            let start = Instant::now();
            let (gg, _) = GammaGamma::fit(&spend);
            let t_gg = start.elapsed().as_secs_f64();
            println!(
                "clientgrade bgnbd {:.6} {:.6} {:.6} {:.6} seconds {t_bg:.3}",
                bg.r, bg.alpha, bg.a, bg.b
            );
            println!(
                "clientgrade gammagamma {:.6} {:.6} {:.6} seconds {t_gg:.3}",
                gg.p, gg.q, gg.gamma
            );
        }
        _ => eprintln!("usage: btyd_peer simulate N FILE | btyd_peer fit FILE"),
    }
}
