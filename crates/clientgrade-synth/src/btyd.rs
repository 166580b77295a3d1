//! Exact simulators of the buy-till-you-die models: purchases at continuous times, for parameter-recovery tests and benchmarks.

use crate::Rng;

/// One simulated customer: repeat purchases `x`, last purchase `t_x`, age `t`
/// (time from the first purchase to the end of observation), and the average
/// value of the repeat purchases (0 without any).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SimulatedCustomer {
    /// Repeat purchases.
    pub x: f64,
    /// Time of the last purchase after the first.
    pub t_x: f64,
    /// Observation length after the first purchase.
    pub t: f64,
    /// Average value of the repeat purchases.
    pub m: f64,
}

/// `n` customers, each from its own random stream with an observation length
/// uniform in `[t_min, t_max]`, simulated by `one`.
fn customers(
    n: usize,
    seed: u64,
    (t_min, t_max): (f64, f64),
    one: impl Fn(&mut Rng, f64) -> SimulatedCustomer,
) -> Vec<SimulatedCustomer> {
    let root = Rng::new(seed);
    (0..n)
        .map(|i| {
            let mut rng = root.fork(i as u64);
            let t = rng.uniform(t_min, t_max);
            one(&mut rng, t)
        })
        .collect()
}

/// BG/NBD with Gamma–Gamma spend: each customer buys at rate λ ~ Gamma(r, α)
/// (exponential gaps) and drops out after each purchase with probability
/// p ~ Beta(a, b); each purchase is worth z ~ Gamma(p_s, ν) with
/// ν ~ Gamma(q, γ). Observation lengths are uniform in `[t_min, t_max]`.
pub fn simulate_bgnbd_gg(
    n: usize,
    (r, alpha, a, b): (f64, f64, f64, f64),
    (p_s, q, gamma): (f64, f64, f64),
    (t_min, t_max): (f64, f64),
    seed: u64,
) -> Vec<SimulatedCustomer> {
    customers(n, seed, (t_min, t_max), |rng, t| {
        let lambda = rng.gamma(r, alpha);
        let dropout = rng.beta(a, b);
        let nu = rng.gamma(q, gamma);
        let (mut now, mut x, mut t_x, mut spend) = (0.0, 0.0, 0.0, 0.0);
        loop {
            now += rng.exponential(lambda);
            if now > t {
                break;
            }
            x += 1.0;
            t_x = now;
            spend += rng.gamma(p_s, nu);
            if rng.chance(dropout) {
                break;
            }
        }
        SimulatedCustomer {
            x,
            t_x,
            t,
            m: if x > 0.0 { spend / x } else { 0.0 },
        }
    })
}

/// MBG/NBD: like [`simulate_bgnbd_gg`] without spend, but a customer may
/// also drop out right after the first purchase (before any repeat).
pub fn simulate_mbgnbd(
    n: usize,
    (r, alpha, a, b): (f64, f64, f64, f64),
    (t_min, t_max): (f64, f64),
    seed: u64,
) -> Vec<SimulatedCustomer> {
    customers(n, seed, (t_min, t_max), |rng, t| {
        let lambda = rng.gamma(r, alpha);
        let dropout = rng.beta(a, b);
        let (mut now, mut x, mut t_x) = (0.0, 0.0, 0.0);
        loop {
            if rng.chance(dropout) {
                break;
            }
            now += rng.exponential(lambda);
            if now > t {
                break;
            }
            x += 1.0;
            t_x = now;
        }
        SimulatedCustomer { x, t_x, t, m: 0.0 }
    })
}

/// Pareto/NBD: purchases at rate λ ~ Gamma(r, α) during an exponential
/// lifetime with rate μ ~ Gamma(s, β).
pub fn simulate_pareto_nbd(
    n: usize,
    (r, alpha, s, beta): (f64, f64, f64, f64),
    (t_min, t_max): (f64, f64),
    seed: u64,
) -> Vec<SimulatedCustomer> {
    customers(n, seed, (t_min, t_max), |rng, t| {
        let lambda = rng.gamma(r, alpha);
        let mu = rng.gamma(s, beta);
        let end = rng.exponential(mu).min(t);
        let (mut now, mut x, mut t_x) = (0.0, 0.0, 0.0);
        loop {
            now += rng.exponential(lambda);
            if now > end {
                break;
            }
            x += 1.0;
            t_x = now;
        }
        SimulatedCustomer { x, t_x, t, m: 0.0 }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_and_beta_have_the_right_means() {
        let mut rng = Rng::new(3);
        let n = 200_000;
        let g: f64 = (0..n).map(|_| rng.gamma(0.5, 2.0)).sum::<f64>() / n as f64;
        assert!((g - 0.25).abs() < 0.005, "{g}");
        let g: f64 = (0..n).map(|_| rng.gamma(6.0, 3.0)).sum::<f64>() / n as f64;
        assert!((g - 2.0).abs() < 0.02, "{g}");
        let b: f64 = (0..n).map(|_| rng.beta(0.8, 2.4)).sum::<f64>() / n as f64;
        assert!((b - 0.25).abs() < 0.005, "{b}");
    }
}
