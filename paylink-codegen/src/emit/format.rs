//! Formatting, one piece at a time. The emitters hand over the module as a
//! sequence of [`Piece`]s (a few items, or the opening or closing of a
//! nested module), and each is parsed and printed with prettyplease as
//! soon as it is made, then dropped. Memory then follows the largest item,
//! not the whole module: one syntax tree of a 10,000-operation module took
//! gigabytes.
//!
//! An item inside nested modules (or a trait's items, a few at a time) is
//! printed inside as many placeholder modules (and traits) and the
//! placeholder lines are cut, so every line is broken at the same column as
//! when the whole file is printed at once: the text is the same.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::quote;

/// One piece of a module, in order.
pub(crate) enum Piece {
    /// Inner attributes and items, at the current depth.
    Items(TokenStream),
    /// Items already printed (see `super::text`), at depth 0: indented to
    /// the current depth as they are added.
    Text(String),
    /// As [`Piece::Text`], laid out exactly as prettyplease lays out the
    /// same code (which [`verify_text`] checks).
    Pretty(String),
    /// Outer attributes and `pub mod name`: the following pieces are inside.
    Open(TokenStream),
    /// As [`Piece::Open`], already printed at depth 0 as prettyplease
    /// prints the empty module (`pub mod name {}` after its outer
    /// attributes), which [`verify_text`] checks.
    OpenPretty(String),
    /// Outer attributes and a trait's head (`pub trait Name: Bounds`): the
    /// following pieces are its items.
    OpenTrait(TokenStream),
    /// The end of the module last opened.
    Close,
}

/// Where pieces go.
pub(crate) type Sink<'a> = dyn FnMut(Piece) + 'a;

thread_local! {
    /// Whether this thread's sink will not print the next piece: another
    /// thread prints it (see `super::printed`).
    static SKIP_NEXT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// How many modules and traits this thread's formatter has open: the
    /// depth a piece of text made now is printed at.
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Says whether the sink of this thread will print the next piece.
pub(crate) fn print_next(print: bool) {
    SKIP_NEXT.with(|skip| skip.set(!print));
}

/// The items `make` makes, or none when the next piece is not printed on
/// this thread (it only has to be counted): for the pieces made one per
/// type or operation, which hold most of a module's tokens. `make` must
/// change nothing but its result.
pub(crate) fn made(make: impl FnOnce() -> TokenStream) -> TokenStream {
    if skip_next() {
        TokenStream::new()
    } else {
        make()
    }
}

/// As [`made`], for a piece printed as text (see `super::text`): `make`
/// is given the columns its lines will be indented by.
pub(crate) fn made_text(make: impl FnOnce(usize) -> String) -> String {
    if skip_next() {
        String::new()
    } else {
        make(4 * DEPTH.with(std::cell::Cell::get))
    }
}

/// Whether text printed by the generator is checked against prettyplease.
static VERIFY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Checks, from now on, every piece of text the generator prints against
/// prettyplease's printing of the same code: a piece printed differently
/// fails the generation, naming the first line that differs. For tests;
/// it makes a generation slower, never different.
pub fn verify_text(on: bool) {
    VERIFY.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// As [`made_text`], for text laid out as prettyplease lays it out when
/// every line of code fits in the width: a piece with a longer line (one
/// the emitter's layout does not break) is lexed and printed by
/// prettyplease instead, so the module reads the same either way.
pub(crate) fn made_pretty(make: impl FnOnce(usize) -> String) -> Piece {
    made_piece(|margin| pretty_or_items(make(margin), margin))
}

/// The piece `make` makes (given the columns its lines will be indented
/// by), or an empty one when the next piece is not printed on this thread
/// (see [`made`]).
pub(crate) fn made_piece(make: impl FnOnce(usize) -> Piece) -> Piece {
    if skip_next() {
        return Piece::Text(String::new());
    }
    make(margin())
}

/// `text` as [`Piece::Pretty`] when every line of code in it fits at
/// `margin`, else lexed, for prettyplease to print.
pub(crate) fn pretty_or_items(text: String, margin: usize) -> Piece {
    let fits = super::text::fits(&text, margin);
    pretty_unless(text, !fits)
}

/// `text` as [`Piece::Pretty`], or lexed for prettyplease to print when
/// it `overflows` (has a line the printer could not lay out).
pub(crate) fn pretty_unless(text: String, overflows: bool) -> Piece {
    if overflows {
        Piece::Items(lexed(&text))
    } else {
        Piece::Pretty(text)
    }
}

/// The tokens of text the generator printed (Rust it wrote, which lexes;
/// else a `compile_error!` saying it does not).
pub(crate) fn lexed(text: &str) -> TokenStream {
    lex(text).unwrap_or_else(|message| quote!(compile_error!(#message);))
}

/// The tokens of a module's printed head (see [`Piece::OpenPretty`]),
/// without its empty braces.
fn open_head(text: &str) -> TokenStream {
    let text = text.trim_end();
    lexed(text.strip_suffix("{}").unwrap_or(text))
}

/// The tokens of text the generator printed, or what stops them lexing.
fn lex(text: &str) -> Result<TokenStream, String> {
    text.parse()
        .map_err(|e| format!("generated code does not lex: {e}"))
}

/// The columns a piece made now on this thread is indented by.
pub(crate) fn margin() -> usize {
    4 * DEPTH.with(std::cell::Cell::get)
}

/// Whether the next piece is not printed on this thread (see [`made`]).
pub(crate) fn skip_next() -> bool {
    SKIP_NEXT.with(std::cell::Cell::get)
}

/// What the items printed are inside.
#[derive(Clone, Copy)]
enum Wrap {
    Module,
    Trait,
}

/// One piece as printed, in the order of the pieces.
pub(crate) enum Printed {
    /// Items, formatted at their depth.
    Items(String),
    /// A module or trait opened, printed as an empty item (`pub mod name {}`).
    Open(String),
    /// The end of the module or trait last opened.
    Close,
    /// The piece could not be printed (or the pieces could not be made).
    Failed(String),
}

/// Prints pieces into text, following which modules and traits are open.
/// Printing one piece needs nothing but the piece and that stack, so
/// several formatters can print the pieces of one module side by side,
/// each following every piece and printing its share (see
/// [`super::printed`]).
#[derive(Default)]
pub(crate) struct Formatter {
    /// What each open piece is, outermost first.
    open: Vec<Wrap>,
}

impl Formatter {
    /// Follows `piece`, and prints it when `print` is set.
    pub fn piece(&mut self, piece: Piece, print: bool) -> Option<Printed> {
        match piece {
            Piece::Items(tokens) => print.then(|| match self.print(tokens) {
                Ok(text) => Printed::Items(text),
                Err(e) => Printed::Failed(e),
            }),
            Piece::Text(text) => {
                print.then(|| Printed::Items(super::text::indented(&text, self.open.len())))
            }
            Piece::Pretty(text) => print.then(|| {
                let printed = super::text::indented(&text, self.open.len());
                match self.verify(&text, &printed) {
                    Ok(()) => Printed::Items(printed),
                    Err(e) => Printed::Failed(e),
                }
            }),
            Piece::Open(head) => self.open(head, Wrap::Module, print),
            Piece::OpenPretty(text) => self.open_pretty(&text, print),
            Piece::OpenTrait(head) => self.open(head, Wrap::Trait, print),
            Piece::Close => {
                self.open.pop();
                DEPTH.with(|depth| depth.set(self.open.len()));
                print.then_some(Printed::Close)
            }
        }
    }

    /// Prints `head` as an empty item at the current depth, then opens it.
    fn open(&mut self, head: TokenStream, wrap: Wrap, print: bool) -> Option<Printed> {
        let printed = print.then(|| match self.print(quote!(#head {})) {
            Ok(text) => Printed::Open(text),
            Err(e) => Printed::Failed(e),
        });
        self.opened(wrap, printed)
    }

    /// As [`Formatter::open`], for a module's head already printed.
    fn open_pretty(&mut self, text: &str, print: bool) -> Option<Printed> {
        let printed = print.then(|| {
            let printed = super::text::indented(text, self.open.len());
            match self.verify(text, &printed) {
                Ok(()) => Printed::Open(printed),
                Err(e) => Printed::Failed(e),
            }
        });
        self.opened(Wrap::Module, printed)
    }

    /// Follows a module or trait opened, whose head printed as `printed`.
    fn opened(&mut self, wrap: Wrap, printed: Option<Printed>) -> Option<Printed> {
        self.open.push(wrap);
        DEPTH.with(|depth| depth.set(self.open.len()));
        printed
    }

    /// With [`verify_text`] on, whether prettyplease prints `text` (made
    /// by the generator) as `printed`; else nothing is checked.
    fn verify(&self, text: &str, printed: &str) -> Result<(), String> {
        if !VERIFY.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(());
        }
        let expected = self.print(lex(text)?)?;
        if expected == printed {
            return Ok(());
        }
        let (line, (want, got)) = expected
            .lines()
            .zip(printed.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .unwrap_or((0, ("", "")));
        Err(format!(
            "printed text differs from prettyplease at its line {}:\nprettyplease: {want}\nprinted:      {got}\n--- prettyplease\n{expected}--- printed\n{printed}",
            line + 1
        ))
    }

    /// Items at the current depth, printed inside placeholder modules (and
    /// traits) whose lines are then cut.
    fn print(&self, tokens: TokenStream) -> Result<String, String> {
        let (mut tokens, objects) = set_aside_objects(tokens);
        for wrap in self.open.iter().rev() {
            let body = TokenTree::Group(Group::new(Delimiter::Brace, tokens));
            tokens = match wrap {
                Wrap::Module => quote!(mod __placeholder #body),
                Wrap::Trait => quote!(trait __Placeholder #body),
            };
        }
        let depth = self.open.len();
        let file: syn::File =
            syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
        let text = put_back_objects(prettyplease::unparse(&file), &objects);
        if depth == 0 {
            return Ok(text);
        }
        let lines: Vec<&str> = text.lines().collect();
        let inner = lines
            .get(depth..lines.len().saturating_sub(depth))
            .unwrap_or_default();
        let mut out = String::with_capacity(text.len());
        for line in inner {
            out.push_str(line);
            out.push('\n');
        }
        Ok(out)
    }
}

/// The name a set-aside `rt::object!` call is printed under.
const OBJECT_MARK: &str = "__paylink_object_";

/// Takes the `rt::object!(Name { field: kind("wire"), ... }, extra);` calls
/// out of `tokens`, leaving `rt::object!(__paylink_object_N);` in their
/// place, and prints each as a person would (prettyplease prints a macro's
/// tokens as one run of words, `field : kind`), one field per line.
fn set_aside_objects(tokens: TokenStream) -> (TokenStream, Vec<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut objects = Vec::new();
    let mut out = TokenStream::new();
    let mut i = 0;
    while i < trees.len() {
        let call = match trees.get(i..i + 6) {
            Some(
                [TokenTree::Ident(rt), TokenTree::Punct(c1), TokenTree::Punct(c2), TokenTree::Ident(name), TokenTree::Punct(bang), TokenTree::Group(args)],
            ) if rt == "rt"
                && c1.as_char() == ':'
                && c2.as_char() == ':'
                && name == "object"
                && bang.as_char() == '!'
                && args.delimiter() == Delimiter::Parenthesis =>
            {
                object_text(args.stream())
            }
            _ => None,
        };
        match call {
            Some(text) => {
                let mark = quote::format_ident!("{OBJECT_MARK}{}", objects.len());
                objects.push(text);
                out.extend(quote!(rt::object!(#mark)));
                i += 6;
            }
            None => {
                out.extend(std::iter::once(trees[i].clone()));
                i += 1;
            }
        }
    }
    (out, objects)
}

/// `Name {`, a line per `field: kind("wire"),` and `}` with what follows
/// it (`, additional_properties`), or `None` when the call is not of that
/// shape (it is then printed as prettyplease prints it).
fn object_text(args: TokenStream) -> Option<String> {
    let trees: Vec<TokenTree> = args.into_iter().collect();
    let (TokenTree::Ident(name), TokenTree::Group(fields)) = (trees.first()?, trees.get(1)?) else {
        return None;
    };
    let rest: String = trees[2..]
        .iter()
        .map(|t| match t {
            TokenTree::Punct(p) if p.as_char() == ',' => ", ".to_string(),
            other => other.to_string(),
        })
        .collect();
    let mut lines = Vec::new();
    let field: Vec<TokenTree> = fields.stream().into_iter().collect();
    for part in field.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
        match part {
            [] => {}
            [TokenTree::Ident(f), TokenTree::Punct(colon), TokenTree::Ident(kind), TokenTree::Group(wire)]
                if colon.as_char() == ':' =>
            {
                lines.push(format!("{f}: {kind}({}),", wire.stream()));
            }
            _ => return None,
        }
    }
    let rest = rest.trim_end_matches(", ").trim_end();
    Some(if lines.is_empty() {
        format!("rt::object!({name} {{}}{rest});")
    } else {
        format!("rt::object!({name} {{\n{}\n}}{rest});", lines.join("\n"))
    })
}

/// Puts the calls [`set_aside_objects`] took out back in `text`, indented
/// as the line that stood for each.
fn put_back_objects(text: String, objects: &[String]) -> String {
    if objects.is_empty() {
        return text;
    }
    let mut out =
        String::with_capacity(text.len() + objects.iter().map(String::len).sum::<usize>());
    for line in text.lines() {
        let trimmed = line.trim_start();
        let index = trimmed
            .strip_prefix("rt::object!(")
            .and_then(|r| r.strip_suffix(");"))
            .and_then(|r| r.strip_prefix(OBJECT_MARK))
            .and_then(|n| n.parse::<usize>().ok());
        match index.and_then(|n| objects.get(n)) {
            Some(object) => {
                let indent = &line[..line.len() - trimmed.len()];
                for (k, part) in object.lines().enumerate() {
                    let inner = if k == 0 || part.starts_with('}') {
                        ""
                    } else {
                        "    "
                    };
                    out.push_str(indent);
                    out.push_str(inner);
                    out.push_str(part);
                    out.push('\n');
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Where printed text goes when it is not kept: written out as it comes.
pub(crate) type Stream<'a> = &'a mut (dyn std::io::Write + Send);

/// Text kept before it is handed to a [`Stream`].
const STREAM_BLOCK: usize = 64 * 1024;

/// Puts printed pieces together, in order, into the module's text.
#[derive(Default)]
pub(crate) struct Printer<'a> {
    out: String,
    /// Where the text goes as it is printed; `None` keeps it in `out`.
    stream: Option<Stream<'a>>,
    /// Lines printed.
    lines: usize,
    /// The last line printed (without its newline), for [`blank_between`].
    last_line: Option<String>,
    /// The depth of open modules and traits.
    depth: usize,
    /// A module just opened, printed as `pub mod name {}`: it stays empty
    /// (and on one line, as prettyplease prints it) unless items follow.
    opened: Option<String>,
    error: Option<String>,
    /// Prints the pieces handed to [`Printer::piece`].
    formatter: Formatter,
}

impl<'a> Printer<'a> {
    /// A printer whose output starts with `header` (not spaced).
    pub fn new(header: String) -> Self {
        Printer {
            lines: header.lines().count(),
            out: header,
            ..Printer::default()
        }
    }

    /// As [`Printer::new`], writing the text to `stream` as it is printed
    /// instead of keeping it.
    pub fn streaming(header: String, stream: Stream<'a>) -> Self {
        Printer {
            stream: Some(stream),
            ..Printer::new(header)
        }
    }

    /// Whether a piece failed: what follows is not printed.
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// Hands the text kept so far to the stream, if there is one.
    fn drain(&mut self) {
        let Some(stream) = self.stream.as_mut() else {
            return;
        };
        if let Err(e) = stream.write_all(self.out.as_bytes()) {
            self.error = Some(format!("cannot write the generated code: {e}"));
        }
        self.out.clear();
    }

    /// Appends `text`, line by line, with a blank line between items.
    fn push(&mut self, text: &str) {
        for line in text.lines() {
            if self
                .last_line
                .as_deref()
                .is_some_and(|last| blank_between(last, line))
            {
                self.out.push('\n');
            }
            self.out.push_str(line);
            self.out.push('\n');
            self.lines += 1;
            let last = self.last_line.get_or_insert_with(String::new);
            last.clear();
            last.push_str(line);
        }
    }

    /// Prints one piece and adds it.
    pub fn piece(&mut self, piece: Piece) {
        if self.error.is_none() {
            if let Some(printed) = self.formatter.piece(piece, true) {
                self.add(printed);
            }
        }
    }

    /// Adds the next piece, printed.
    pub fn add(&mut self, printed: Printed) {
        if self.error.is_some() {
            return;
        }
        match printed {
            Printed::Items(text) => {
                self.flush_opened();
                self.push(&text);
            }
            Printed::Open(text) => {
                self.flush_opened();
                self.opened = Some(text);
                self.depth += 1;
            }
            Printed::Close => {
                self.depth = self.depth.saturating_sub(1);
                let text = match self.opened.take() {
                    Some(empty) => empty,
                    None => format!("{}}}\n", "    ".repeat(self.depth)),
                };
                self.push(&text);
            }
            Printed::Failed(e) => self.error = Some(e),
        }
        if self.out.len() >= STREAM_BLOCK {
            self.drain();
        }
    }

    /// Writes the module or trait opened last with its brace left open.
    fn flush_opened(&mut self) {
        if let Some(text) = self.opened.take() {
            match text.trim_end().strip_suffix("{}") {
                Some(open) => self.push(&format!("{open}{{\n")),
                None => self.push(&text),
            }
        }
    }

    /// The printed text (empty when streamed) and its number of lines, or
    /// the first error.
    pub fn finish(mut self) -> Result<(String, usize), String> {
        self.drain();
        match self.error {
            Some(e) => Err(e),
            None => Ok((self.out, self.lines)),
        }
    }
}

/// Whether a blank line goes between `line` and the `next`, as a person
/// would write them: after a line that closes a block or ends an item,
/// before a line at the same depth that starts the next one.
fn blank_between(line: &str, next: &str) -> bool {
    // Most lines end no item: only `}`, a `;` or a static's line can.
    let end = line.trim_end();
    if !(end.ends_with('}') || end.ends_with(';') || end.trim_start().starts_with("static ")) {
        return false;
    }
    let depth = line.len() - line.trim_start().len();
    let next_depth = next.len() - next.trim_start().len();
    let (t, n) = (line.trim(), next.trim_start());
    let is_use = |s: &str| s.starts_with("use ") || s.starts_with("pub use ");
    // A runtime macro written as an item (`rt::str_enum!(Status);`).
    let item_macro = |s: &str| s.ends_with(");") && s.contains("!(") && !s.contains(' ');
    let item_end = t.ends_with(';')
        && (is_use(t)
            || t.starts_with("pub type ")
            || t.starts_with("pub const ")
            || item_macro(t));
    // A struct's `rt::object!(Name { ... });`, over several lines.
    let object = |s: &str| s.starts_with("rt::object!(");
    // A static's one line, or the last line of a statement that spans
    // several (`]);`, `});`).
    let statement_end =
        t.starts_with("static ") || (t.ends_with(';') && t.starts_with([')', ']', '}']));
    let closes = t == "}" || t == "};" || item_end || statement_end;
    let opens = || {
        ["///", "#[", "pub ", "impl", "fn ", "static ", "async fn "]
            .iter()
            .any(|start| n.starts_with(start))
            || item_macro(n)
            || object(n)
    };
    closes && depth == next_depth && opens() && !(is_use(t) && is_use(n))
}

/// Collects pieces into one token stream (for callers that want tokens).
#[derive(Default)]
pub(crate) struct Collector {
    /// The open modules' heads and contents, outermost first.
    stack: Vec<(TokenStream, TokenStream)>,
    top: TokenStream,
}

impl Collector {
    /// Adds one piece.
    pub fn piece(&mut self, piece: Piece) {
        match piece {
            Piece::Items(tokens) => self.current().extend(tokens),
            Piece::Text(text) | Piece::Pretty(text) => self.current().extend(lexed(&text)),
            Piece::Open(head) | Piece::OpenTrait(head) => {
                self.stack.push((head, TokenStream::new()))
            }
            Piece::OpenPretty(text) => self.stack.push((open_head(&text), TokenStream::new())),
            Piece::Close => {
                if let Some((head, body)) = self.stack.pop() {
                    let body = TokenTree::Group(Group::new(Delimiter::Brace, body));
                    self.current().extend(quote!(#head #body));
                }
            }
        }
    }

    fn current(&mut self) -> &mut TokenStream {
        match self.stack.last_mut() {
            Some((_, body)) => body,
            None => &mut self.top,
        }
    }

    /// The whole stream.
    pub fn finish(self) -> TokenStream {
        self.top
    }
}

/// Writes pieces as unformatted token text, one at a time, on a thread
/// sharing the work (see `super::share`) or on the calling thread alone.
#[derive(Default)]
pub(crate) struct FlatShare;

impl FlatShare {
    /// `piece` as text and a line break; a module or trait opened is its
    /// head alone, and one closed nothing: the receiver adds the braces.
    pub fn printed(piece: Piece) -> Printed {
        let mut out = String::new();
        match piece {
            Piece::Items(tokens) => {
                write_flat(&mut out, tokens);
                out.push('\n');
                Printed::Items(out)
            }
            Piece::Text(text) | Piece::Pretty(text) => Printed::Items(text),
            Piece::Open(head) | Piece::OpenTrait(head) => {
                write_flat(&mut out, head);
                Printed::Open(out)
            }
            Piece::OpenPretty(text) => {
                write_flat(&mut out, open_head(&text));
                Printed::Open(out)
            }
            Piece::Close => Printed::Close,
        }
    }
}

/// Writes `tokens` as `TokenStream`'s `Display` does (a space after each
/// token but a joint punctuation mark), but with a line break after each
/// `;`, and after a block that a word or an attribute follows (`} if`,
/// `} pub fn`): on one line, clippy's formatting lints would read `} if`
/// as a missing `else` in the crate that includes the file.
fn write_flat(out: &mut String, tokens: TokenStream) {
    use std::fmt::Write as _;
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Group(group) => {
                let delimiter = group.delimiter();
                let (open, close) = match delimiter {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{ ", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                // The group dropped first, its stream is the only owner
                // of its tokens, which iterating then moves rather than
                // copies.
                let stream = group.stream();
                drop(group);
                out.push_str(open);
                write_flat(out, stream);
                out.push_str(close);
                let block_ends = delimiter == Delimiter::Brace
                    && match trees.peek() {
                        Some(TokenTree::Ident(word)) => word != "else",
                        Some(TokenTree::Punct(p)) => p.as_char() == '#',
                        _ => false,
                    };
                out.push(if block_ends { '\n' } else { ' ' });
            }
            TokenTree::Punct(p) => {
                out.push(p.as_char());
                match (p.spacing(), p.as_char()) {
                    (proc_macro2::Spacing::Joint, _) => {}
                    (_, ';') => out.push('\n'),
                    _ => out.push(' '),
                }
            }
            // Writing to a `String` cannot fail.
            TokenTree::Ident(word) => {
                let _ = write!(out, "{word} ");
            }
            TokenTree::Literal(literal) => {
                let _ = write!(out, "{literal} ");
            }
        }
    }
}
