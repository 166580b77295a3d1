//! Benchmark: fitting BG/NBD and Gamma–Gamma on simulated customers, times rounded to whole days as real data has them.
//!
//! `cargo bench -p clientgrade-btyd --bench fit`; `CLIENTGRADE_BENCH_BTYD_CUSTOMERS`
//! sets the number of customers (default 1,000,000).

use clientgrade_btyd::{BgNbd, Customer, GammaGamma, Spend};
use clientgrade_synth::btyd::simulate_bgnbd_gg;
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("CLIENTGRADE_BENCH_BTYD_CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    // 26 to 78 weeks of observation, times in whole days, expressed in weeks
    let sim = simulate_bgnbd_gg(n, (0.25, 4.0, 0.8, 2.5), (6.0, 4.0, 15.0), (26.0, 78.0), 5);
    let day = |w: f64| (w * 7.0).floor() / 7.0;
    let customers: Vec<Customer> = sim
        .iter()
        .map(|s| Customer {
            x: s.x,
            t_x: day(s.t_x),
            t: day(s.t),
        })
        .collect();
    let spend: Vec<Spend> = sim
        .iter()
        .filter(|s| s.x > 0.0)
        .map(|s| Spend {
            x: s.x,
            m: (s.m * 100.0).round() / 100.0,
        })
        .filter(|s| s.m > 0.0)
        .collect();
    let mut g = c.benchmark_group("fit");
    g.sample_size(10);
    g.bench_function(format!("bgnbd/{n}-customers"), |b| {
        b.iter(|| {
            let (_, f) = BgNbd::fit(&customers);
            assert!(f.converged);
            f.log_likelihood
        })
    });
    g.bench_function(format!("gamma-gamma/{}-repeat-buyers", spend.len()), |b| {
        b.iter(|| {
            let (_, f) = GammaGamma::fit(&spend);
            assert!(f.converged);
            f.log_likelihood
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
