//! The fuzz targets' checks on a few thousand generated inputs, on stable Rust in every test run (fuzz/ runs them for as long as wanted).

use clientgrade_data::fuzzing;

use crate::{folder, Rng};

/// `n` pieces drawn from `pieces`, concatenated.
fn draw(rng: &mut Rng, pieces: &[&[u8]], n: u64) -> Vec<u8> {
    let mut v = Vec::new();
    for _ in 0..rng.below(n + 1) {
        v.extend_from_slice(rng.pick(pieces));
    }
    v
}

/// Uniformly random bytes.
fn bytes(rng: &mut Rng, n: u64) -> Vec<u8> {
    (0..rng.below(n + 1))
        .map(|_| rng.below(256) as u8)
        .collect()
}

#[test]
fn the_csv_reader_keeps_its_promises_on_generated_input() {
    let dir = folder("robust_csv");
    let headers: [&[u8]; 8] = [
        b"customer_id,date,amount,product",
        b"customer_id;date;amount",
        b" customer_id  date  amount",
        b"customer,name,manager,region,region",
        b"\xEF\xBB\xBFcustomer_id\tdate\tamount",
        b"\"customer_id\",\"date\",\"amount\"",
        // report layouts: title rows above the header, totals below
        b"Sales by Customer\n\"Acme, Inc.\"\n\ncustomer_id,date,amount",
        b"\"Report\"\r\n\"\",\"Date\",\"Amount\",\"Customer\"",
    ];
    let pieces: [&[u8]; 27] = [
        b"\"",
        b"\"\"",
        b",",
        b";",
        b"\t",
        b" ",
        b"\n",
        b"\r\n",
        b"\r",
        b"A",
        b"B7",
        b"12",
        b"-3.5",
        b"1,5",
        b"2025-03-01",
        b"31.12.2024",
        b"01/02/2025",
        b"x",
        b"\0",
        b"\xFF",
        b"\xC3\xA9",
        b"=1+2",
        b"\"a\nb\"",
        b"\n\n",
        b"Total for A",
        b"TOTAL",
        b"1.234,5",
    ];
    let mut rng = Rng(0xC5F_F022);
    for _ in 0..2_000 {
        let mut input = vec![rng.below(256) as u8];
        if rng.chance(85) {
            input.extend_from_slice(rng.pick(&headers));
            let eols: [&[u8]; 3] = [b"\n", b"\r\n", b"\r"];
            input.extend_from_slice(rng.pick(&eols));
            input.extend(draw(&mut rng, &pieces, 80));
        } else {
            input.extend(bytes(&mut rng, 120));
        }
        fuzzing::csv_reader(&input, &dir);
    }
}

#[test]
fn number_and_date_parsing_never_panic_and_read_back() {
    let pieces: [&[u8]; 31] = [
        b"0",
        b"1",
        b"9",
        b"12",
        b"999999999999999",
        b".",
        b",",
        b"-",
        b"+",
        b"(",
        b")",
        b" ",
        b"\xE2\x82\xAC",
        b"EUR",
        b"$",
        b"e",
        b"/",
        b"-",
        b":",
        b"T",
        b"2025",
        b"13",
        b"31",
        b"\n",
        b"\xFF",
        b"\xC2\xA0",
        b"'",
        b"234",
        b"000",
        b"1000000000000",
        b"1,234",
    ];
    let mut rng = Rng(0x7A1_0E5);
    for _ in 0..5_000 {
        let input = if rng.chance(80) {
            draw(&mut rng, &pieces, 12)
        } else {
            bytes(&mut rng, 40)
        };
        fuzzing::values(&input);
    }
}

#[test]
fn the_config_parser_never_panics() {
    let pieces: [&[u8]; 26] = [
        b"[analysis]\n",
        b"[costs]\n",
        b"[tiers]\n",
        b"[transactions]\n",
        b"[transactions.columns]\n",
        b"[lifetime]\n",
        b"as-of = ",
        b"window = ",
        b"hourly-rate = ",
        b"assumed-gross-margin = ",
        b"path = ",
        b"delimiter = ",
        b"date-format = ",
        b"amount = ",
        b"\"2025-12-31\"",
        b"\"12m\"",
        b"\"%d.%m.%Y\"",
        b"\";\"",
        b"nan",
        b"inf",
        b"-1",
        b"1e400",
        b"0.3",
        b"\"x\"",
        b"\n",
        b"= [",
    ];
    let mut rng = Rng(0x70_4D1E);
    for _ in 0..3_000 {
        let input = if rng.chance(85) {
            draw(&mut rng, &pieces, 16)
        } else {
            bytes(&mut rng, 60)
        };
        fuzzing::config(&input);
    }
}
