//! Draws the sample case's placeholder portrait (the same one `appealpress new` puts
//! in a new case), so the project ships no photo it has no right to.
//!
//! `cargo run --release --example make_portrait -- packs/ali-aarrass/portrait.jpg`

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "portrait.jpg".to_string());
    appealpress::cli::new::write_portrait(std::path::Path::new(&path)).expect("cannot write the portrait");
    println!("wrote {path}");
}
