//! The tantivy index (WEB-SEARCH): its schema (one combined field of jieba words, the title
//! counted [`TITLE_WEIGHT`] times then the body, with the shingles of consecutive words; the
//! pinyin syllables and initials of the title's Chinese characters with their shingles of up to
//! three; filters as exact terms with frequencies, so a search stays a pure intersection of
//! terms (see [`crate::plan`]); the date as a fast field; title and body stored to show), opened from the data directory or made anew when missing or
//! corrupt (derived data: the caller rebuilds it from the database, never a failed start),
//! and the one writer that applies changes with the change feed's position as the commit's
//! payload.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, RwLock};

use anyhow::{Context as _, Result};
use tantivy::schema::{
    FAST, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{LowerCaser, TextAnalyzer, WhitespaceTokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::doc::Doc;
use crate::shingle::Shingles;
use crate::synonyms::Synonyms;
use crate::text;

/// The fields of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub key: tantivy::schema::Field,
    /// The key of the source a document comes from (an article's for its files).
    pub source: tantivy::schema::Field,
    pub kind: tantivy::schema::Field,
    pub site: tantivy::schema::Field,
    pub unit: tantivy::schema::Field,
    pub url: tantivy::schema::Field,
    /// Title and body, indexed together (stored apart below).
    pub all: tantivy::schema::Field,
    pub title: tantivy::schema::Field,
    pub body: tantivy::schema::Field,
    pub py: tantivy::schema::Field,
    pub ini: tantivy::schema::Field,
    pub date: tantivy::schema::Field,
    pub valid: tantivy::schema::Field,
}

const JIEBA: &str = "zw_words";
const SYLLABLES: &str = "zw_sounds";
const EXACT: &str = "raw";
/// The fast field of the publication date.
pub const DATE: &str = "date";
/// How many times a title counts in the combined field: a word of the title weighs more than
/// one of the body (BM25 over the repeated title, a simple BM25F).
const TITLE_WEIGHT: usize = 3;

/// The analyzer of words that marks titles and snippets: jieba in search mode (a long word
/// and the words inside it), each word folded, over the text as published (the index folds
/// the text first and adds shingles).
pub fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::new())
        .filter(crate::fold_filter::Fold)
        .build()
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexed = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let fields = Fields {
        key: builder.add_text_field("key", STRING | STORED),
        source: builder.add_text_field("source", STRING),
        kind: builder.add_text_field("kind", indexed(EXACT).set_stored()),
        site: builder.add_text_field("site", indexed(EXACT).set_stored()),
        unit: builder.add_text_field("unit", indexed(EXACT)),
        url: builder.add_text_field("url", STORED),
        all: builder.add_text_field("all", indexed(JIEBA)),
        title: builder.add_text_field("title", STORED),
        body: builder.add_text_field("body", STORED),
        py: builder.add_text_field("py", indexed(SYLLABLES)),
        ini: builder.add_text_field("ini", indexed(SYLLABLES)),
        date: builder.add_i64_field(DATE, INDEXED | FAST | STORED),
        valid: builder.add_text_field("valid", indexed(EXACT).set_stored()),
    };
    (builder.build(), fields)
}

fn register_tokenizers(index: &Index) {
    index.tokenizers().register(
        JIEBA,
        TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::new())
            .filter(LowerCaser)
            .filter(Shingles { longest: 2, gap: 1 })
            .build(),
    );
    index.tokenizers().register(
        SYLLABLES,
        TextAnalyzer::builder(WhitespaceTokenizer::default())
            .filter(LowerCaser)
            .filter(Shingles { longest: 3, gap: 1 })
            .build(),
    );
}

/// The index with its reader, its one writer and the synonyms in force.
pub struct Engine {
    /// Kept open for as long as the reader and writer are (and to make a writer anew after
    /// [`Engine::settle`]).
    index: Index,
    pub(crate) reader: IndexReader,
    /// `None` only inside [`Engine::settle`].
    writer: Mutex<Option<IndexWriter>>,
    threads: usize,
    pub(crate) fields: Fields,
    pub(crate) synonyms: RwLock<Synonyms>,
}

/// How an index was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// The index on disk, with its changes up to this feed position.
    Existing(i64),
    /// Made anew (missing, corrupt, of another schema, or in memory): to be rebuilt.
    Fresh,
}

/// The writer's memory budget.
const WRITER_BYTES: usize = 64 * 1024 * 1024;

impl Engine {
    /// WEB-SEARCH: the index in `dir`; a missing or unreadable one (corrupt, another schema,
    /// locked by another process) is replaced by an empty one, and when even that fails the
    /// index lives in memory — the search is derived data and never stops a start.
    pub fn open(dir: &Path) -> (Self, Opened) {
        match Self::open_existing(dir) {
            Ok(found) => return found,
            Err(error) => {
                tracing::warn!(dir = %dir.display(), "search index unusable, made anew: {error:#}")
            }
        }
        match Self::create_in(dir) {
            Ok(engine) => (engine, Opened::Fresh),
            Err(error) => {
                tracing::warn!(dir = %dir.display(), "search index kept in memory: {error:#}");
                (Self::in_memory(), Opened::Fresh)
            }
        }
    }

    fn open_existing(dir: &Path) -> Result<(Self, Opened)> {
        let index = Index::open_in_dir(dir).context("open")?;
        let (expected, fields) = schema();
        if index.schema() != expected {
            anyhow::bail!("another schema");
        }
        let applied = index
            .load_metas()?
            .payload
            .as_deref()
            .and_then(|payload| payload.parse::<i64>().ok())
            .unwrap_or(0);
        let engine = Self::wrap(index, fields, 1)?;
        // Reading every segment's metadata proves the files are there.
        let searcher = engine.reader.searcher();
        for segment in searcher.segment_readers() {
            segment.get_store_reader(1).context("store")?;
        }
        Ok((engine, Opened::Existing(applied)))
    }

    /// A new empty index in `dir` (whatever was there is removed).
    pub fn create_in(dir: &Path) -> Result<Self> {
        Self::create_bulk(dir, 1)
    }

    /// A new empty index in `dir` written by `threads` indexing threads (the benchmark and a
    /// bulk load: the same schema and analyzers, more memory).
    pub fn create_bulk(dir: &Path, threads: usize) -> Result<Self> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).context("remove the old index")?;
        }
        std::fs::create_dir_all(dir).context("create the index directory")?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        Self::wrap(index, fields, threads.max(1))
    }

    /// An empty index in memory (tests, the benchmark, and the fallback).
    pub fn in_memory() -> Self {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        // Creating a writer and reader on a fresh RAM index cannot fail but for memory.
        match Self::wrap(index, fields, 1) {
            Ok(engine) => engine,
            Err(error) => {
                tracing::error!("search index in memory: {error:#}");
                std::process::abort()
            }
        }
    }

    fn wrap(index: Index, fields: Fields, threads: usize) -> Result<Self> {
        register_tokenizers(&index);
        let writer = index.writer_with_num_threads(threads, WRITER_BYTES * threads)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(Some(writer)),
            threads,
            fields,
            synonyms: RwLock::new(Synonyms::defaults()),
        })
    }

    fn writer(&self) -> Result<MutexGuard<'_, Option<IndexWriter>>> {
        self.writer
            .lock()
            .map_err(|_| anyhow::anyhow!("search writer poisoned"))
    }

    /// Waits for the segment merges still running after a commit (the benchmark measures
    /// searches on the index as it settles), then takes a new writer.
    pub fn settle(&self) -> Result<()> {
        let mut guard = self.writer()?;
        if let Some(writer) = guard.take() {
            writer.wait_merging_threads()?;
        }
        *guard = Some(
            self.index
                .writer_with_num_threads(self.threads, WRITER_BYTES * self.threads)?,
        );
        drop(guard);
        self.reader.reload()?;
        Ok(())
    }

    /// Merges every segment into one and waits for it (after a rebuild or a bulk load, as
    /// Elasticsearch's force merge: a search then visits one segment instead of a dozen).
    pub fn merge_all(&self) -> Result<()> {
        let ids = self.index.searchable_segment_ids()?;
        if ids.len() > 1 {
            let mut guard = self.writer()?;
            let writer = guard
                .as_mut()
                .ok_or_else(|| anyhow::anyhow!("search writer settling"))?;
            writer.merge(&ids).wait()?;
        }
        self.settle()
    }

    /// How many segments the index holds.
    pub fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// The synonyms in force: the shipped ones and `extra` (the administrator's).
    pub fn set_synonyms(&self, synonyms: Synonyms) {
        if let Ok(mut current) = self.synonyms.write() {
            *current = synonyms;
        }
    }

    /// How many documents the index holds.
    pub fn count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The tantivy document of `doc`.
    fn document(&self, doc: &Doc) -> TantivyDocument {
        let f = &self.fields;
        let title = text::fold(&doc.title);
        let mut out = TantivyDocument::default();
        out.add_text(f.key, &doc.key);
        out.add_text(f.source, doc.source());
        out.add_text(f.kind, doc.kind.code());
        out.add_text(f.site, &doc.site);
        out.add_text(f.unit, doc.unit.to_string());
        out.add_text(f.url, &doc.url);
        out.add_text(f.py, text::pinyin_of(&title));
        out.add_text(f.ini, text::initials_of(&title));
        if !doc.keywords.is_empty() {
            let keywords = text::fold(&doc.keywords);
            // Each keyword apart: a phrase never runs from the title into a keyword.
            out.add_text(f.py, text::pinyin_of(&keywords));
            out.add_text(f.ini, text::initials_of(&keywords));
        }
        let body = text::fold(&doc.body);
        for _ in 0..TITLE_WEIGHT {
            out.add_text(f.all, &title);
        }
        out.add_text(f.all, &body);
        // Stored as published: shown, and marked through the folding analyzer.
        out.add_text(f.title, &doc.title);
        out.add_text(f.body, &doc.body);
        out.add_i64(f.date, doc.date);
        out.add_text(f.valid, if doc.abolished { "0" } else { "1" });
        out
    }

    /// WEB-SEARCH: applies changes — the documents of each source of `deletes` are removed
    /// (`article:12` with its files), then each of `upserts` replaces the document of its key — and commits with `position` (the change feed's last id seen)
    /// as the payload, then reloads the reader so the next search sees them.
    pub fn apply(&self, upserts: &[Doc], deletes: &[String], position: i64) -> Result<()> {
        let mut guard = self.writer()?;
        let writer = guard
            .as_mut()
            .ok_or_else(|| anyhow::anyhow!("search writer settling"))?;
        for source in deletes {
            writer.delete_term(Term::from_field_text(self.fields.source, source));
        }
        for doc in upserts {
            writer.delete_term(Term::from_field_text(self.fields.key, &doc.key));
            writer.add_document(self.document(doc))?;
        }
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&position.to_string());
        commit.commit()?;
        drop(guard);
        self.reader.reload()?;
        Ok(())
    }

    /// Adds documents without committing (the rebuild and the benchmark add many, then
    /// [`Engine::apply`] commits them).
    pub fn add(&self, docs: &[Doc]) -> Result<()> {
        let guard = self.writer()?;
        let writer = guard
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("search writer settling"))?;
        for doc in docs {
            writer.add_document(self.document(doc))?;
        }
        Ok(())
    }

    /// Removes every document (before a rebuild), uncommitted.
    pub fn clear(&self) -> Result<()> {
        let guard = self.writer()?;
        let writer = guard
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("search writer settling"))?;
        writer.delete_all_documents()?;
        Ok(())
    }
}
