//! Reading a large YAML document on several threads, a run of members at
//! a time.
//!
//! The members of a block mapping each start on a line of their own, at
//! the mapping's indentation, with a key. Cut at such lines, each run of
//! whole members is a YAML document of its own: read one by one and
//! joined, the runs give the value, layout and warnings the whole document
//! gives. The cuts are found in the text alone: the top mapping is cut
//! between its members, and a member too big for one run (`paths`,
//! `components`) between its own members, a few levels down.
//!
//! A cut in the wrong place cannot go unnoticed. A line at a mapping's
//! indentation ends every block scalar, plain scalar and block collection
//! opened deeper, so a cut can only fall inside a quoted scalar or a flow
//! collection, and the run that ends inside one does not read. Whatever
//! may reach across runs sends the document to the one-pass reader:
//! a run that does not read (that reader's error is the one to give),
//! an anchor, an alias or a merge key (the other end may be in another
//! run), a key written twice in one mapping across runs (that reader's
//! warning is the one to give), and document markers after the start.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use serde_json::Value;

use super::json::Parsed;
use super::layout::Layout;
use super::members::Members;
use super::source::{Source, Span};
use super::yaml::{parse_part, plain_is_string, Part, PartRead};
use super::ParseWarning;
use crate::diagnostic::push_token;

/// Documents shorter than this are read in one pass: starting threads
/// would cost more than they save.
pub const SPLIT_FROM: usize = 64 << 10;

/// Runs made for each thread, so that threads that finish early take
/// more of the work.
const RUNS_PER_THREAD: usize = 4;

/// The shortest run worth a part of its own, in bytes.
const SHORTEST_RUN: usize = 8 << 10;

/// How far below the top mapping members are cut into their members.
const LEVELS: usize = 4;

/// Reads `source` in runs on the pipeline's threads; `None` when it is
/// short, the pipeline has one thread, or it is not written so that runs
/// read it as the whole document reads.
pub(super) fn parse(source: &Source) -> Option<Parsed> {
    let threads = crate::stack::threads();
    let len = source.text().len();
    if len < SPLIT_FROM || threads < 2 {
        return None;
    }
    let target = (len / (threads * RUNS_PER_THREAD)).max(SHORTEST_RUN);
    parse_with(source, target, threads)
}

/// [`parse`] with runs of about `target` bytes, on `threads` threads.
fn parse_with(source: &Source, target: usize, threads: usize) -> Option<Parsed> {
    let plan = plan(source, target)?;
    if plan.parts.len() < 2 {
        return None;
    }
    let mut reads = read_all(source, &plan.parts, threads)?.into_iter();
    let mut layout = Layout::default();
    let mut warnings = Vec::new();
    let root = layout.open(None, plan.start);
    let value = join(&plan.items, &mut reads, &mut layout, &mut warnings)?;
    layout.close(root);
    Some((value, layout, warnings))
}

/// What a line is, to the cutter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Empty, spaces, or a comment.
    Blank,
    /// Starts with a character a key may start with.
    Key,
    /// Anything else: a sequence entry, an explicit key, a flow
    /// collection, an anchor, a tag, a tab.
    Other,
}

/// One line: where it starts, its indentation in spaces, and its kind.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    indent: usize,
    kind: Kind,
}

/// Where the document is cut: its parts, in order, and how they join.
struct Plan {
    parts: Vec<Part>,
    items: Vec<Item>,
    /// Where the top mapping starts (its first key).
    start: usize,
}

/// A piece of a mapping: a run of its members read as one part, or a
/// member whose own members are cut further.
enum Item {
    Run,
    Member {
        key: String,
        key_span: Span,
        /// Where the member's mapping starts (its first key).
        start: usize,
        items: Vec<Item>,
    },
}

/// A mapping's lines (indexes into the document's lines) and its place.
struct Mapping {
    lines: std::ops::Range<usize>,
    indent: usize,
    pointer: String,
    depth: usize,
}

/// Cuts the document, or `None` when its top is not a block mapping
/// written from the first column, or document markers follow its start.
fn plan(source: &Source, target: usize) -> Option<Plan> {
    let mut cutter = Cutter {
        text: source.text(),
        starts: source.line_starts(),
        target,
        parts: Vec::new(),
    };
    let first = cutter.first_content()?;
    let head = cutter.line(first);
    if head.kind != Kind::Key || head.indent != 0 {
        return None;
    }
    let top = Mapping {
        lines: first..cutter.starts.len(),
        indent: 0,
        pointer: "#".into(),
        depth: 0,
    };
    let items = cutter.mapping(&top)?;
    Some(Plan {
        parts: cutter.parts,
        items,
        start: head.start,
    })
}

/// `---`, `...` or a directive at the start of a line.
fn is_marker(line: &[u8]) -> bool {
    line.starts_with(b"---") || line.starts_with(b"...") || line.starts_with(b"%")
}

fn line_of(start: usize, line: &[u8]) -> Line {
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    let rest = &line[indent..];
    let kind = match rest.iter().position(|b| !b.is_ascii_whitespace()) {
        None => Kind::Blank,
        Some(0) => match rest[0] {
            b'#' => Kind::Blank,
            b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'%' | b'@' | b'`' => Kind::Other,
            _ => Kind::Key,
        },
        // Whitespace other than spaces before the content: a tab.
        Some(_) => Kind::Other,
    };
    Line {
        start,
        indent,
        kind,
    }
}

/// Cuts mappings into parts of about `target` bytes.
/// Lines are looked at where they are needed, not kept: a file of short
/// lines would make a table many times its size.
struct Cutter<'a> {
    text: &'a str,
    starts: &'a [usize],
    target: usize,
    parts: Vec<Part>,
}

impl Cutter<'_> {
    /// Line `i` (0-based) as the cutter sees it.
    fn line(&self, i: usize) -> Line {
        line_of(self.starts[i], self.bytes_of(i))
    }

    /// The bytes of line `i`, its line break included.
    fn bytes_of(&self, i: usize) -> &[u8] {
        &self.text.as_bytes()[self.starts[i]..self.byte(i + 1)]
    }

    /// The first line that is not blank or a comment, once every marker
    /// and directive is known to come before it.
    fn first_content(&self) -> Option<usize> {
        let mut first = None;
        for i in 0..self.starts.len() {
            if is_marker(self.bytes_of(i)) {
                if first.is_some() {
                    return None;
                }
            } else if first.is_none() && self.line(i).kind != Kind::Blank {
                first = Some(i);
            }
        }
        first
    }

    /// The items of `mapping`, or `None` when its lines are not its
    /// members' alone (a line indented less than its keys).
    fn mapping(&mut self, mapping: &Mapping) -> Option<Vec<Item>> {
        let members = self.members(mapping)?;
        let mut items = Vec::new();
        let mut run: Option<std::ops::Range<usize>> = None;
        for (index, member) in members.into_iter().enumerate() {
            let bytes = self.byte(member.end) - self.byte(member.start);
            // The top mapping's first member is read in a run, which also
            // holds whatever comes before it (markers, directives).
            let first_of_file = mapping.depth == 0 && index == 0;
            if bytes > self.target && mapping.depth + 1 < LEVELS && !first_of_file {
                // The run before goes first, so that parts stay in order.
                if let Some(run) = run.take() {
                    items.push(self.run(mapping, run));
                }
                if let Some(nested) = self.nested(mapping, member.clone()) {
                    items.push(nested);
                    continue;
                }
            }
            let run_lines = match run.take() {
                Some(open) => open.start..member.end,
                None => member,
            };
            if self.byte(run_lines.end) - self.byte(run_lines.start) >= self.target {
                items.push(self.run(mapping, run_lines));
            } else {
                run = Some(run_lines);
            }
        }
        if let Some(run) = run {
            items.push(self.run(mapping, run));
        }
        Some(items)
    }

    /// The line ranges of the members of `mapping`: each from a key at
    /// the mapping's indentation to the next.
    fn members(&self, mapping: &Mapping) -> Option<Vec<std::ops::Range<usize>>> {
        let mut starts = Vec::new();
        for i in mapping.lines.clone() {
            let line = self.line(i);
            if line.kind == Kind::Blank {
                continue;
            }
            if line.indent < mapping.indent || (starts.is_empty() && line.kind != Kind::Key) {
                return None;
            }
            if line.indent == mapping.indent && line.kind == Kind::Key {
                starts.push(i);
            }
        }
        let ends = starts.iter().skip(1).copied().chain([mapping.lines.end]);
        Some(starts.iter().zip(ends).map(|(&s, e)| s..e).collect())
    }

    /// The member on `lines` as an item of its own, cut into its members,
    /// when it is `key:` alone on its line over a block mapping.
    fn nested(&mut self, mapping: &Mapping, lines: std::ops::Range<usize>) -> Option<Item> {
        let header = self.line(lines.start);
        let key = self.plain_key(header)?;
        let first = (lines.start + 1..lines.end).find(|&i| self.line(i).kind != Kind::Blank)?;
        let inner = self.line(first);
        if inner.kind != Kind::Key || inner.indent <= mapping.indent {
            return None;
        }
        let mut pointer = mapping.pointer.clone();
        push_token(&mut pointer, key);
        let below = Mapping {
            lines: first..lines.end,
            indent: inner.indent,
            pointer,
            depth: mapping.depth + 1,
        };
        let key_start = header.start + header.indent;
        let key = key.to_string();
        let items = self.mapping(&below)?;
        Some(Item::Member {
            key_span: Span {
                start: key_start,
                end: key_start + key.len(),
            },
            key,
            start: inner.start + inner.indent,
            items,
        })
    }

    /// The key of a line that is a plain key that reads as a string,
    /// then `:` and nothing more.
    fn plain_key(&self, line: Line) -> Option<&str> {
        let end = self.byte_end_of(line);
        let written = self.text[line.start + line.indent..end].trim_end();
        let key = written.strip_suffix(':')?;
        let simple = !key.is_empty()
            && key != "<<"
            && !key.contains(": ")
            && !key.contains(" #")
            && !key.ends_with([' ', ':'])
            && !key.starts_with(['"', '\''])
            && key.chars().all(|c| !c.is_control());
        (simple && plain_is_string(key)).then_some(key)
    }

    /// A part for the members on `lines` of `mapping`.
    fn run(&mut self, mapping: &Mapping, lines: std::ops::Range<usize>) -> Item {
        // The top mapping's first run starts at the top of the file, with
        // whatever comments and markers come before the first key.
        let start = if mapping.depth == 0 && self.parts.is_empty() {
            0
        } else {
            self.byte(lines.start)
        };
        self.parts.push(Part {
            range: start..self.byte(lines.end),
            line: if start == 0 { 0 } else { lines.start },
            pointer: mapping.pointer.clone(),
            depth: mapping.depth,
        });
        Item::Run
    }

    /// Where line `i` starts (the text's end past the last line).
    fn byte(&self, i: usize) -> usize {
        self.starts.get(i).map_or(self.text.len(), |&start| start)
    }

    /// Where `line`'s text ends, before its line break.
    fn byte_end_of(&self, line: Line) -> usize {
        let rest = &self.text[line.start..];
        line.start + rest.find('\n').unwrap_or(rest.len())
    }
}

/// Reads every part on up to `threads` threads, taking the next part as
/// each finishes one; `None` as soon as one does not read.
fn read_all(source: &Source, parts: &[Part], threads: usize) -> Option<Vec<PartRead>> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let reads: Vec<Mutex<Option<PartRead>>> = parts.iter().map(|_| Mutex::new(None)).collect();
    let work = || {
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(part) = parts.get(i) else { break };
            match parse_part(source, part.clone()) {
                Some(read) => {
                    if let Ok(mut slot) = reads[i].lock() {
                        *slot = Some(read);
                    }
                }
                None => failed.store(true, Ordering::Relaxed),
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads.min(parts.len()) {
            if crate::stack::spawn_deep(scope, work).is_err() {
                break;
            }
        }
        work();
    });
    if failed.into_inner() {
        return None;
    }
    reads
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten())
        .collect()
}

/// Joins the reads of `items`' parts into one object, its layout nodes
/// and warnings, in the document's order; `None` when two parts hold the
/// same key.
fn join(
    items: &[Item],
    reads: &mut impl Iterator<Item = PartRead>,
    layout: &mut Layout,
    warnings: &mut Vec<ParseWarning>,
) -> Option<Value> {
    let mut members = Members::default();
    for item in items {
        match item {
            Item::Run => {
                let (read, part_layout, part_warnings) = reads.next()?;
                layout.graft(&part_layout);
                warnings.extend(part_warnings);
                for (key, value) in read {
                    if members.insert(key, value).is_some() {
                        return None;
                    }
                }
            }
            Item::Member {
                key,
                key_span,
                start,
                items,
            } => {
                let handle = layout.open(Some(*key_span), *start);
                let value = join(items, reads, layout, warnings)?;
                layout.close(handle);
                if members.insert(key.clone(), value).is_some() {
                    return None;
                }
            }
        }
    }
    Some(members.into_value())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::source::Format;

    /// The one-pass read of `text`.
    fn whole(text: &str) -> Parsed {
        let source = Source::new("t.yaml", text.into(), Format::Yaml);
        super::super::yaml::parse_whole(&source).expect("the document reads")
    }

    /// The read in runs of `target` bytes, when the document is cut.
    fn in_runs(text: &str, target: usize) -> Option<Parsed> {
        let source = Source::new("t.yaml", text.into(), Format::Yaml);
        parse_with(&source, target, 2)
    }

    /// Compares the two reads: the value with its members' order, the
    /// layout and the warnings.
    fn assert_same(text: &str, target: usize) {
        let (value, layout, warnings) = in_runs(text, target).expect("the document is cut");
        let (whole_value, whole_layout, whole_warnings) = whole(text);
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            serde_json::to_string(&whole_value).unwrap()
        );
        assert_eq!(layout, whole_layout);
        assert_eq!(warnings, whole_warnings);
    }

    const SPEC: &str = "# A spec\nopenapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\n\
        paths:\n  /a:\n    get:\n      description: |\n        # not a comment\n        text\n\
        \x20     responses:\n        200:\n          description: ok\n\n  # a comment\n\
        \x20 \"/b/{id}\":\n    get:\n      summary: plain\n        continued\n\
        \x20     tags:\n      - x\n      - y\n  /c: {get: {summary: flow}}\n\
        components:\n  schemas:\n    A:\n      type: string\n      enum: [a, b]\n\
        \x20   B:\n      type: integer\nx-tail: true\n";

    #[test]
    fn runs_read_as_the_whole_document() {
        for target in [1, 20, 60, 200] {
            assert_same(SPEC, target);
        }
    }

    #[test]
    fn non_ascii_and_windows_line_ends_keep_their_positions() {
        let text = "openapi: 3.0.0\r\ninfo:\r\n  title: Café ☕\r\npaths:\r\n  /é:\r\n    get:\r\n      summary: ünïcode\r\n  /b:\r\n    get:\r\n      summary: b\r\n";
        assert_same(text, 1);
        let text = "openapi: 3.0.0\ninfo:\n  title: Café ☕\npaths:\n  /é:\n    get:\n      summary: ünïcode\n  /b:\n    200: x\n";
        assert_same(text, 1);
    }

    #[test]
    fn a_leading_marker_is_read_with_the_first_run() {
        assert_same(
            "%YAML 1.2\n---\nopenapi: 3.0.0\npaths:\n  /a: 1\n  /b: 2\n",
            1,
        );
        // The first member is never cut apart from what comes before it,
        // so that a document that does not read is not read in runs.
        let broken = "--- a: 1\npaths:\n  /a: 1\n  /b: 2\nc: 3\n";
        let source = Source::new("t.yaml", broken.into(), Format::Yaml);
        match super::super::yaml::parse_whole(&source) {
            Ok(_) => assert_same(broken, 1),
            Err(_) => assert!(in_runs(broken, 1).is_none()),
        }
    }

    /// What a run cannot read alone goes to the one-pass reader.
    #[test]
    fn what_reaches_across_runs_is_not_cut() {
        let refused = [
            // An anchor and its alias.
            "a: &x 1\nb: *x\n",
            // A merge key.
            "a:\n  <<: {x: 1}\n  y: 2\nb: 3\n",
            // A key written twice, in two runs.
            "a: 1\nb: 2\na: 3\n",
            // A second document.
            "a: 1\n---\nb: 2\n",
            // A quoted scalar over a line that looks like a key.
            "a: \"one\nb: two\"\nc: 3\n",
            // A flow mapping over such a line.
            "a: {x: 1,\nb: 2}\nc: 3\n",
            // Not a mapping at the top.
            "- a\n- b\n",
            "  a: 1\nb: 2\n",
        ];
        for text in refused {
            assert!(in_runs(text, 1).is_none(), "{text:?} was cut");
        }
    }

    /// A mapping whose members are in a sequence, or written in flow,
    /// is a run of its own and is not cut further.
    #[test]
    fn only_block_mappings_are_cut_further() {
        let text =
            "tags:\n- name: a\n- name: b\nservers: [{url: x}]\npaths:\n  /a:\n  - 1\n  /b: 2\n";
        assert_same(text, 1);
    }

    /// Every YAML spec of the corpus, cut into small runs, reads as the
    /// one-pass reader reads it.
    #[test]
    fn the_corpus_reads_the_same_in_runs() {
        let Some(dir) = corpus() else { return };
        let mut compared = 0;
        for entry in std::fs::read_dir(dir.join("specs")).expect("the corpus is readable") {
            let path = entry.expect("a corpus entry").path();
            if !path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a corpus spec is UTF-8");
            let target = (text.len() / 64).max(1);
            if in_runs(&text, target).is_some() {
                assert_same(&text, target);
                compared += 1;
            }
        }
        assert!(compared >= 10, "only {compared} corpus specs were cut");
    }

    /// The corpus: `$PAYLINK_CORPUS`, or `shared/corpus` beside the
    /// workspace; under CI (`CI=true`) it must be there.
    fn corpus() -> Option<std::path::PathBuf> {
        let dir = std::env::var_os("PAYLINK_CORPUS").map_or_else(
            || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
            std::path::PathBuf::from,
        );
        if dir.join("specs").is_dir() {
            return Some(dir);
        }
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the corpus is missing at {} and CI=true",
            dir.display()
        );
        None
    }
}
