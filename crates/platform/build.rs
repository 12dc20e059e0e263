//! `sqlx::migrate!` embeds the migrations at compile time; on stable Rust it cannot tell
//! Cargo that they are inputs, so a new migration would not rebuild this crate.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
