//! Parameter recovery: fitting data simulated from known parameters finds them again.

use clientgrade_btyd::{BgNbd, Customer, Fit, GammaGamma, MbgNbd, ParetoNbd, Spend};
use clientgrade_synth::btyd::{
    simulate_bgnbd_gg, simulate_mbgnbd, simulate_pareto_nbd, SimulatedCustomer,
};

fn summary(sim: &[SimulatedCustomer]) -> Vec<Customer> {
    sim.iter()
        .map(|s| Customer {
            x: s.x,
            t_x: s.t_x,
            t: s.t,
        })
        .collect()
}

/// Every estimate within three standard errors of the truth.
fn recovered(fit: &Fit, truth: &[f64]) {
    assert!(fit.converged, "{fit:?}");
    let se = fit.std_errors.clone().expect("standard errors");
    for i in 0..truth.len() {
        assert!(
            (fit.params[i] - truth[i]).abs() < 3.0 * se[i],
            "{}: {} ± {} vs {}",
            fit.names[i],
            fit.params[i],
            se[i],
            truth[i]
        );
    }
}

#[test]
fn mbg_nbd_recovers_its_parameters() {
    let truth = (0.5, 6.0, 0.9, 1.6);
    let (_, fit) = MbgNbd::fit(&summary(&simulate_mbgnbd(30_000, truth, (26.0, 78.0), 23)));
    recovered(&fit, &[truth.0, truth.1, truth.2, truth.3]);
}

#[test]
fn pareto_nbd_recovers_its_parameters() {
    let truth = (0.55, 10.5, 0.6, 11.7);
    let (_, fit) = ParetoNbd::fit(&summary(&simulate_pareto_nbd(
        30_000,
        truth,
        (26.0, 78.0),
        29,
    )));
    recovered(&fit, &[truth.0, truth.1, truth.2, truth.3]);
}

#[test]
fn bg_nbd_and_gamma_gamma_recover_their_parameters() {
    let truth_bg = (0.25, 4.0, 0.8, 2.5);
    let truth_gg = (6.0, 4.0, 15.0);
    let sim = simulate_bgnbd_gg(30_000, truth_bg, truth_gg, (26.0, 78.0), 17);
    let (_, fit) = BgNbd::fit(&summary(&sim));
    recovered(&fit, &[truth_bg.0, truth_bg.1, truth_bg.2, truth_bg.3]);
    let spend: Vec<Spend> = sim
        .iter()
        .filter(|s| s.x > 0.0)
        .map(|s| Spend { x: s.x, m: s.m })
        .collect();
    let (_, fit) = GammaGamma::fit(&spend);
    recovered(&fit, &[truth_gg.0, truth_gg.1, truth_gg.2]);
}
