//! NET-IPAM in memory: prefixes as integer ranges (parse, host bits, IPv6), the buddy
//! carving that never lets two allocations overlap, next-free by best fit, reclaiming that
//! merges the space back whole, utilisation.

use extranet::ErrorKind;
use extranet::ipam::space::{self, Space};
use extranet::ipam::{Family, Prefix};

fn p(text: &str) -> Prefix {
    Prefix::parse(text).unwrap()
}

/// NET-IPAM: prefixes parse to ranges; host bits set, bad lengths and text are refused in
/// Chinese; a bare address is a /32 or /128.
#[test]
fn prefixes_parse_as_integer_ranges() {
    let ten = p("10.0.0.0/8");
    assert_eq!(
        (ten.family, ten.start, ten.end()),
        (Family::V4, 0x0a00_0000, 0x0aff_ffff)
    );
    assert_eq!(ten.size(), 1 << 24);
    assert_eq!(p("10.1.2.3").length, 32);
    let v6 = p("2001:db8::/32");
    assert_eq!(v6.family, Family::V6);
    assert_eq!(v6.size(), 1u128 << 96);
    assert_eq!(v6.to_string(), "2001:db8::/32");
    let error = Prefix::parse("10.0.0.1/8").unwrap_err().to_string();
    assert_eq!(error, "“10.0.0.1/8”的主机位不为零，应写作“10.0.0.0/8”");
    for bad in ["10.0.0.0/33", "10.0.0/8", "abc", "2001:db8::/129", ""] {
        assert_eq!(
            Prefix::parse(bad).unwrap_err().kind(),
            ErrorKind::Invalid,
            "{bad}"
        );
    }
    assert_eq!(
        Prefix::parse_address("10.1.2.3/24").unwrap(),
        p("10.1.2.3/32")
    );
    assert!(p("10.0.0.0/8").contains(p("10.1.0.0/16")));
    assert!(!p("10.1.0.0/16").overlaps(p("10.2.0.0/16")));
    assert!(!p("10.0.0.0/8").overlaps(p("::/0")));
}

/// NET-IPAM: the store's keys sort as the addresses do.
#[test]
fn keys_sort_as_addresses() {
    let addresses = [0u128, 9, 10, 255, 1 << 32, u128::MAX];
    let keys: Vec<String> = addresses.iter().map(|a| Prefix::key(*a)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(Prefix::from_key(&keys[3]), Some(255));
}

/// NET-IPAM: a prefix carved out of a free block leaves the halves it does not fall in.
#[test]
fn carving_leaves_the_other_halves_free() {
    let left = space::carve(p("10.0.0.0/8"), p("10.0.0.0/10"));
    assert_eq!(left, vec![p("10.128.0.0/9"), p("10.64.0.0/10")]);
    let left = space::carve(p("10.0.0.0/30"), p("10.0.0.3/32"));
    assert_eq!(left, vec![p("10.0.0.0/31"), p("10.0.0.2/32")]);
}

/// NET-IPAM: no overlap, ever — an allocation over another, inside it or holding it, and
/// one outside the pool are refused; exact next-free allocations are aligned and disjoint.
#[test]
fn allocations_never_overlap() {
    let mut space = Space::new(p("10.20.0.0/16"));
    space.allocate(p("10.20.1.0/24")).unwrap();
    for over in ["10.20.1.0/24", "10.20.1.8/29", "10.20.0.0/23", "10.20.1.77"] {
        let error = space.allocate(p(over)).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Conflict, "{over}");
        assert!(error.to_string().contains("重叠"), "{error}");
    }
    let error = space.allocate(p("10.21.0.0/24")).unwrap_err();
    assert_eq!(error.to_string(), "10.21.0.0/24 不在地址池 10.20.0.0/16 内");
    let mut taken = vec![p("10.20.1.0/24")];
    for length in [29, 30, 32, 26, 29, 24, 32, 28] {
        let allocation = space.allocate_next(length).unwrap();
        assert_eq!(allocation.length, length);
        assert!(
            taken.iter().all(|t| !t.overlaps(allocation)),
            "{allocation}"
        );
        taken.push(allocation);
    }
    let used: u128 = taken.iter().map(|t| t.size()).sum();
    assert_eq!(space.used(), used);
}

/// NET-IPAM: next-free picks the smallest free block that fits (best fit), so a /29 after a
/// /30 comes from the /30's leftover /29, not from a fresh part of the pool.
#[test]
fn next_free_takes_the_best_fitting_block() {
    let mut space = Space::new(p("192.168.0.0/24"));
    assert_eq!(space.allocate_next(30).unwrap(), p("192.168.0.0/30"));
    assert_eq!(space.allocate_next(29).unwrap(), p("192.168.0.8/29"));
    assert_eq!(space.allocate_next(30).unwrap(), p("192.168.0.4/30"));
    assert_eq!(space.allocate_next(25).unwrap(), p("192.168.0.128/25"));
    let error = space.allocate_next(24).unwrap_err();
    assert_eq!(
        error.to_string(),
        "地址池 192.168.0.0/24 中已没有空闲的 /24 地址段"
    );
    assert_eq!(
        space.allocate_next(33).unwrap_err().kind(),
        ErrorKind::Invalid
    );
}

/// NET-IPAM: reclaiming every allocation merges the free space back into the whole pool, in
/// any order; the utilisation follows.
#[test]
fn reclaiming_merges_the_space_back() {
    let pool = p("2001:db8:100::/48");
    let mut space = Space::new(pool);
    let mut taken = Vec::new();
    for length in [64, 56, 64, 60, 128, 52, 64] {
        taken.push(space.allocate_next(length).unwrap());
    }
    let used = space.used();
    assert!(space::utilisation_percent(pool, used) > 0.0);
    taken.reverse();
    taken.swap(0, 3);
    for allocation in taken {
        space.reclaim(allocation).unwrap();
    }
    assert_eq!(space.free_blocks().collect::<Vec<_>>(), vec![pool]);
    assert_eq!(space.used(), 0);
    assert_eq!(
        space.reclaim(p("2001:db8:100::/64")).unwrap_err().kind(),
        ErrorKind::Invalid
    );
}

/// NET-IPAM: a long random sequence of allocations and reclaims keeps the allocations
/// disjoint and the free blocks plus the allocations exactly the pool.
#[test]
fn random_allocations_and_reclaims_keep_the_space_exact() {
    let pool = p("10.64.0.0/20");
    let mut space = Space::new(pool);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..2_000 {
        let roll = next();
        let held: Vec<Prefix> = space.allocations().collect();
        if roll % 3 == 0 && !held.is_empty() {
            let pick = held[usize::try_from(next()).unwrap() % held.len()];
            space.reclaim(pick).unwrap();
        } else {
            let length = 24 + u8::try_from(roll % 9).unwrap();
            let _ = space.allocate_next(length);
        }
        let mut blocks: Vec<Prefix> = space.allocations().chain(space.free_blocks()).collect();
        blocks.sort();
        let total: u128 = blocks.iter().map(|b| b.size()).sum();
        assert_eq!(total, pool.size());
        for pair in blocks.windows(2) {
            assert!(pair[0].end() < pair[1].start, "{} {}", pair[0], pair[1]);
        }
    }
}
