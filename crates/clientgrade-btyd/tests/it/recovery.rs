//! Parameter recovery: fitting data simulated from known parameters finds them again.

use clientgrade_btyd::{BgNbd, Customer, GammaGamma, Spend};
use clientgrade_synth::btyd::simulate_bgnbd_gg;

#[test]
fn bg_nbd_and_gamma_gamma_recover_their_parameters() {
    let truth_bg = (0.25, 4.0, 0.8, 2.5);
    let truth_gg = (6.0, 4.0, 15.0);
    let sim = simulate_bgnbd_gg(30_000, truth_bg, truth_gg, (26.0, 78.0), 17);
    let customers: Vec<Customer> = sim
        .iter()
        .map(|s| Customer {
            x: s.x,
            t_x: s.t_x,
            t: s.t,
        })
        .collect();
    let (m, fit) = BgNbd::fit(&customers);
    assert!(fit.converged, "{fit:?}");
    let se = fit.std_errors.clone().unwrap();
    let got = [m.r, m.alpha, m.a, m.b];
    let want = [truth_bg.0, truth_bg.1, truth_bg.2, truth_bg.3];
    for i in 0..4 {
        // within three standard errors of the truth
        assert!(
            (got[i] - want[i]).abs() < 3.0 * se[i],
            "{}: {} ± {} vs {}",
            fit.names[i],
            got[i],
            se[i],
            want[i]
        );
    }
    let spend: Vec<Spend> = sim
        .iter()
        .filter(|s| s.x > 0.0)
        .map(|s| Spend { x: s.x, m: s.m })
        .collect();
    let (g, gfit) = GammaGamma::fit(&spend);
    assert!(gfit.converged, "{gfit:?}");
    let se = gfit.std_errors.clone().unwrap();
    let got = [g.p, g.q, g.gamma];
    let want = [truth_gg.0, truth_gg.1, truth_gg.2];
    for i in 0..3 {
        assert!(
            (got[i] - want[i]).abs() < 3.0 * se[i],
            "{}: {} ± {} vs {}",
            gfit.names[i],
            got[i],
            se[i],
            want[i]
        );
    }
}
