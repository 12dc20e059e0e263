//! The battery, part three (issue 12): properties of the parsers every request goes
//! through, on arbitrary input. The urlencoded form decoder (`csrf::decode_form`) never
//! panics, refuses percent-encoded bytes that are no UTF-8, and gives back exactly what
//! `form_urlencoded::Serializer` (what browsers send) encoded; the multipart parser
//! (`upload::parse`) never panics on arbitrary bytes in arbitrary chunks, gives back the
//! fields and files it was sent, and refuses more parts than its limits allow.
//! `PROPTEST_CASES` sets the number of cases (CI: the defaults below).

use axum::body::Bytes;
use proptest::collection::vec;
use proptest::prelude::*;
use web::csrf::{MAX_FORM_FIELDS, decode_form};
use web::upload::{self, Multipart, UploadLimits};

/// `PROPTEST_CASES`, or `default` (bounded for CI).
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

const BOUNDARY: &str = "zhengwu-battery-b0undary";

const LIMITS: UploadLimits = UploadLimits {
    total_bytes: 64 * 1024,
    file_bytes: 16 * 1024,
    text_bytes: 4 * 1024,
    parts: 8,
};

/// `upload::parse` over `body` cut into chunks of `chunk` bytes.
fn parse(body: &[u8], chunk: usize, limits: UploadLimits) -> Result<Multipart, platform::Error> {
    let chunks: Vec<Result<Bytes, std::io::Error>> = body
        .chunks(chunk.max(1))
        .map(|part| Ok(Bytes::copy_from_slice(part)))
        .collect();
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(upload::parse(
            futures_util::stream::iter(chunks),
            BOUNDARY,
            limits,
        ))
}

/// A multipart body as a browser writes it.
fn multipart(fields: &[(String, String)], files: &[(String, String, Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, file_name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; \
                 filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Text that cannot end a part early (no boundary line inside).
fn value() -> impl Strategy<Value = String> {
    any::<String>().prop_filter("holds the boundary", |v| !v.contains(BOUNDARY))
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn decode_form_never_panics_on_arbitrary_bytes(body in vec(any::<u8>(), 0..512)) {
        let _ = decode_form(&body);
    }

    #[test]
    fn decode_form_never_panics_on_form_like_text(body in "[a-zA-Z0-9%&=+._~\\-]{0,300}") {
        let _ = decode_form(body.as_bytes());
    }

    #[test]
    fn decode_form_gives_back_what_the_serializer_encoded(
        pairs in vec((any::<String>(), any::<String>()), 0..24)
    ) {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (key, value) in &pairs {
            serializer.append_pair(key, value);
        }
        let body = serializer.finish();
        // A NUL is refused (issue 12, found by the battery); everything else comes back.
        let nul = pairs.iter().any(|(k, v)| k.contains('\0') || v.contains('\0'));
        let expected = if nul { None } else { Some(pairs) };
        prop_assert_eq!(decode_form(body.as_bytes()), expected);
    }

    #[test]
    fn decode_form_refuses_a_percent_encoded_byte_that_is_no_utf8(
        name in "[a-z]{1,8}",
        byte in 0x80u8..=0xff,
        before in "[a-z]{0,4}",
    ) {
        let body = format!("{name}={before}%{byte:02X}");
        prop_assert_eq!(decode_form(body.as_bytes()), None);
    }

    #[test]
    fn multipart_never_panics_on_arbitrary_bytes(
        body in vec(any::<u8>(), 0..2048),
        chunk in 1usize..64,
    ) {
        let _ = parse(&body, chunk, LIMITS);
    }

    #[test]
    fn multipart_never_panics_on_a_damaged_body(
        fields in vec(("[a-z_.]{1,10}", value()), 0..4),
        cut in any::<prop::sample::Index>(),
        noise in vec(any::<u8>(), 0..64),
        chunk in 1usize..64,
    ) {
        let mut body = multipart(&fields, &[]);
        let at = cut.index(body.len());
        body.splice(at..at, noise);
        let _ = parse(&body, chunk, LIMITS);
        body.truncate(at);
        let _ = parse(&body, chunk, LIMITS);
    }

    #[test]
    fn multipart_gives_back_the_fields_and_files_it_was_sent(
        fields in vec(("[a-z_.]{1,10}", value()), 0..4),
        files in vec(("[a-z_.]{1,10}", "[a-zA-Z0-9_.\\-]{1,16}", vec(any::<u8>(), 0..256)), 0..3),
        chunk in 1usize..512,
    ) {
        prop_assume!(fields.iter().all(|(_, v)| v.len() <= LIMITS.text_bytes && !v.contains('\0')));
        let parsed = parse(&multipart(&fields, &files), chunk, LIMITS);
        let parsed = parsed.map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed.fields, fields);
        let got: Vec<(String, String, Vec<u8>)> = parsed
            .files
            .into_iter()
            .map(|f| (f.field, f.file_name, f.bytes))
            .collect();
        prop_assert_eq!(got, files);
    }

    #[test]
    fn multipart_refuses_more_parts_than_its_limit(extra in 1usize..6, chunk in 1usize..128) {
        let fields: Vec<(String, String)> = (0..LIMITS.parts + extra)
            .map(|i| (format!("f{i}"), "x".to_owned()))
            .collect();
        prop_assert!(parse(&multipart(&fields, &[]), chunk, LIMITS).is_err());
    }
}

#[test]
fn decode_form_refuses_more_fields_than_its_limit() {
    let body = vec!["a=1"; MAX_FORM_FIELDS + 1].join("&");
    assert_eq!(decode_form(body.as_bytes()), None);
    let body = vec!["a=1"; MAX_FORM_FIELDS].join("&");
    assert_eq!(
        decode_form(body.as_bytes()).map(|p| p.len()),
        Some(MAX_FORM_FIELDS)
    );
}
