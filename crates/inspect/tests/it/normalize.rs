//! Each normalisation step on its own (WEB-INSPECT): width, traditional characters, case,
//! noise, and the way back to the original.

use inspect::normalize::{
    half_width, is_noise, normalize, normalize_scan, normalize_word, simplified, traditional_count,
};

#[test]
fn full_width_forms_fold_to_half_width() {
    for (full, half) in [
        ('Ａ', 'A'),
        ('ｚ', 'z'),
        ('０', '0'),
        ('９', '9'),
        ('！', '!'),
        ('\u{3000}', ' '),
    ] {
        assert_eq!(half_width(full), half, "{full}");
    }
    assert_eq!(half_width('国'), '国');
}

#[test]
fn traditional_characters_fold_to_simplified() {
    for (traditional, simple) in [
        ('國', '国'),
        ('土', '土'),
        ('資', '资'),
        ('源', '源'),
        ('環', '环'),
        ('境', '境'),
        ('護', '护'),
        ('農', '农'),
        ('業', '业'),
        ('衛', '卫'),
        ('會', '会'),
        ('監', '监'),
        ('察', '察'),
        ('灣', '湾'),
        ('輪', '轮'),
        ('獨', '独'),
        ('藏', '藏'),
        ('門', '门'),
    ] {
        assert_eq!(simplified(traditional), simple, "{traditional}");
    }
    assert_eq!(simplified('a'), 'a');
    assert!(
        traditional_count() > 3000,
        "the shipped table covers the common characters"
    );
}

#[test]
fn noise_is_spaces_punctuation_zero_width_and_full_width_punctuation() {
    let noise = [
        ' ', '\t', '\n', '\u{3000}', '\u{00A0}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}',
        '\u{FEFF}', '\u{00AD}', '.', ',', '-', '_', '*', '/', '，', '。', '、', '；', '：', '“',
        '”', '‘', '’', '（', '）', '《', '》', '【', '】', '「', '」', '·', '…', '—', '★', '●',
        '！', '？', '～',
    ];
    for c in noise {
        assert!(is_noise(half_width(c)), "U+{:04X} is noise", c as u32);
    }
    for c in ['国', 'a', 'Z', '0', '9', '〇', 'é'] {
        assert!(!is_noise(c), "{c} is not noise");
    }
}

#[test]
fn words_normalise_like_texts() {
    for (word, expected) in [
        ("國土資源部", "国土资源部"),
        ("ＡＢＣ银行", "abc银行"),
        ("台　独", "台独"),
        ("台\u{200B}独", "台独"),
        ("“台”独", "台独"),
        ("Ünited", "ünited"),
        ("，。", ""),
    ] {
        assert_eq!(normalize_word(word), expected, "{word}");
    }
}

#[test]
fn each_normalised_character_knows_its_original_place() {
    let original = "Ａ 國，ＢｃD";
    let normalized = normalize(original);
    assert_eq!(normalized.text, "a国bcd");
    for (at, origin) in [(0, 0), (1, 4), (4, 10), (5, 13), (6, 16)] {
        assert_eq!(normalized.origin(at), Some(origin), "normalised byte {at}");
    }
    assert_eq!(normalized.original_span(original, 0, 4), Some((0, 7)));
    assert_eq!(normalized.original_span(original, 1, 7), Some((4, 17)));
    assert_eq!(normalized.widest_gap(original, 0, 4), 1);
    assert_eq!(normalized.widest_gap(original, 1, 5), 1);
    assert_eq!(normalized.widest_gap(original, 4, 7), 0);
}

/// The per-character fold the fast scan must agree with (WEB-INSPECT, issue 19): every
/// character folded on its own, each normalised character remembering its original byte.
fn reference(original: &str) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut origins = Vec::new();
    for (at, c) in original.char_indices() {
        for folded in normalize_word(&c.to_string()).chars() {
            origins.push((text.len(), at));
            text.push(folded);
        }
    }
    (text, origins)
}

#[test]
fn the_fast_scan_folds_and_maps_back_like_the_per_character_fold() {
    // WEB-INSPECT: runs copied whole, changed characters and noise folded one by one.
    let pool: Vec<char> = "国土资源部中华人民共和國資護灣獨門会議abcxyz0189ABCXYZ.,;-_ \t\n\
                           ＡＢｃｄ０９！？（）　，。、“”《》【】·…—★\u{200B}\u{200D}\u{FEFF}\u{00AD}\
                           ÉéÜüİß㐀㑇𠀀😀€"
        .chars()
        .collect();
    let mut seed: u64 = 19;
    let mut next = |below: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % below
    };
    for _ in 0..2_000 {
        let length = next(40);
        let original: String = (0..length).map(|_| pool[next(pool.len())]).collect();
        let (text, origins) = reference(&original);
        let normalized = normalize(&original);
        assert_eq!(normalized.text, text, "{original:?}");
        // The scan hands the matcher exactly the normalised characters, in order.
        let mut handed = String::new();
        normalize_scan(&original, |c| handed.push(c));
        assert_eq!(handed, text, "{original:?}");
        for (at, origin) in origins {
            assert_eq!(normalized.origin(at), Some(origin), "{original:?} at {at}");
        }
    }
}
