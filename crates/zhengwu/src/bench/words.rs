//! `zhengwu bench words` (issue 19, WEB-INSPECT): the word checker's throughput. A seeded
//! generator makes N listed words (2 to 6 Chinese characters) and M MiB of Chinese text
//! (sentences of the same characters, punctuation, a listed word now and then), cut into
//! pages of 64 KiB; on one core, in the same run, over the same pages: our checker (with
//! normalisation: full width, traditional → simplified, noise between characters, whitelist,
//! the way back to the original offsets), plain `daachorse` (the same automaton, no
//! normalisation) and `aho-corasick` (overlapping matches). It prints MiB/s per core, the hits,
//! the ratio to plain daachorse, and whether the targets are met (≥ 200 MiB/s per core, ≥ half
//! of plain daachorse). A benchmark: it prints figures, it asserts none.

use std::time::Instant;

use aho_corasick::AhoCorasick;
use anyhow::bail;
use clap::Args;
use daachorse::CharwiseDoubleArrayAhoCorasickBuilder;
use inspect::{Checker, Entry, ListMeta, Provenance, WordList};

use super::generate::Rng;
use super::verdict;

#[derive(Args, Debug, Clone)]
pub struct WordsArgs {
    /// Listed words generated.
    #[arg(long, default_value_t = 10_000)]
    pub words: usize,
    /// MiB of Chinese text generated and checked.
    #[arg(long, default_value_t = 100)]
    pub mib: usize,
    /// The generator's seed (the same seed, the same words and text).
    #[arg(long, default_value_t = 19)]
    pub seed: u64,
}

/// The size of one page of text checked.
const PAGE_BYTES: usize = 64 * 1024;
/// The characters the words and the text are made of: the first 3,500 of the unified block.
const POOL: u32 = 3_500;
const PUNCTUATION: &[char] = &['，', '。', '、', '；', '：', '“', '”', ' ', '\n'];

fn han(rng: &mut Rng) -> char {
    char::from_u32(0x4E00 + rng.below(u64::from(POOL)) as u32).unwrap_or('中')
}

fn words(rng: &mut Rng, count: usize) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut words = Vec::with_capacity(count);
    while words.len() < count {
        let length = 2 + rng.below(5) as usize;
        let word: String = (0..length).map(|_| han(rng)).collect();
        if seen.insert(word.clone()) {
            words.push(word);
        }
    }
    words
}

/// Pages of about `PAGE_BYTES` each, `mib` MiB in all.
fn pages(rng: &mut Rng, words: &[String], mib: usize) -> Vec<String> {
    let total = mib * 1024 * 1024;
    let mut pages = Vec::with_capacity(total / PAGE_BYTES + 1);
    let mut written = 0;
    while written < total {
        let mut page = String::with_capacity(PAGE_BYTES + 64);
        while page.len() < PAGE_BYTES {
            match rng.below(100) {
                0 => {
                    let word = &words[rng.below(words.len() as u64) as usize];
                    page.push_str(word);
                }
                1..=8 => page.push(PUNCTUATION[rng.below(PUNCTUATION.len() as u64) as usize]),
                _ => page.push(han(rng)),
            }
        }
        written += page.len();
        pages.push(page);
    }
    pages
}

/// Runs `check` over every page; (MiB/s, hits).
fn measure(pages: &[String], bytes: usize, check: impl Fn(&str) -> usize) -> (f64, usize) {
    let started = Instant::now();
    let hits: usize = pages.iter().map(|page| check(page)).sum();
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    (bytes as f64 / 1024.0 / 1024.0 / seconds, hits)
}

pub async fn run(args: WordsArgs) -> anyhow::Result<()> {
    if args.words == 0 || args.mib == 0 {
        bail!("--words 与 --mib 须大于 0");
    }
    let mut rng = Rng::new(args.seed);
    let listed = words(&mut rng, args.words);
    let started = Instant::now();
    let pages = pages(&mut rng, &listed, args.mib);
    let bytes: usize = pages.iter().map(String::len).sum();
    println!(
        "词语检查基准：{} 个词，{:.1} MiB 中文（{} 页，每页约 64 KiB），种子 {}，生成用时 {:.1} 秒",
        listed.len(),
        bytes as f64 / 1024.0 / 1024.0,
        pages.len(),
        args.seed,
        started.elapsed().as_secs_f64()
    );
    let list = WordList {
        meta: ListMeta::new("基准词库", "zhengwu bench words", "1", Provenance::Local),
        entries: listed
            .iter()
            .map(|word| Entry {
                word: word.clone(),
                correction: None,
            })
            .collect(),
    };
    let built = Instant::now();
    let ours = Checker::new(&[list], &[])?;
    let daachorse: daachorse::CharwiseDoubleArrayAhoCorasick<u32> =
        CharwiseDoubleArrayAhoCorasickBuilder::new()
            .build(&listed)
            .map_err(|error| anyhow::anyhow!("{error}"))?;
    let aho = AhoCorasick::new(&listed)?;
    println!("三个匹配器建立用时 {:.2} 秒", built.elapsed().as_secs_f64());
    // One core each, one after the other, over the same pages.
    let (ours_speed, ours_hits) = measure(&pages, bytes, |page| ours.check(page).len());
    let (daachorse_speed, daachorse_hits) = measure(&pages, bytes, |page| {
        daachorse.find_overlapping_iter(page).count()
    });
    let (aho_speed, aho_hits) = measure(&pages, bytes, |page| {
        aho.find_overlapping_iter(page).count()
    });
    println!("本平台检查器（含归一化）：{ours_speed:>8.1} MiB/s/核，命中 {ours_hits}");
    println!("daachorse（无归一化）：  {daachorse_speed:>8.1} MiB/s/核，命中 {daachorse_hits}");
    println!("aho-corasick（无归一化）：{aho_speed:>8.1} MiB/s/核，命中 {aho_hits}");
    let ratio = ours_speed / daachorse_speed.max(1e-9);
    println!(
        "目标 ≥200 MiB/s/核：{}；与 daachorse 之比 {ratio:.2}（目标 ≥0.5）：{}",
        verdict(ours_speed >= 200.0),
        verdict(ratio >= 0.5)
    );
    Ok(())
}
