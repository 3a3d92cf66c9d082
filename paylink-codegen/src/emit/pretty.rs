//! Code printed without a syntax tree, laid out as prettyplease lays out
//! the same code: the client's per-operation items (the method, the
//! request builder and its `send`, the response enum), which are most of
//! a client module. [`Code`] writes lines at their block's indentation;
//! [`Expr`] is an expression that is printed on one line when it fits,
//! else broken as prettyplease breaks it: a call's arguments one a line
//! (a lone block-like argument, a struct literal, carried), a method
//! chain a link a line, a struct literal a field a line.
//!
//! A line this layout cannot break (a long literal, a long path) is left
//! long and marks the code as overflowing ([`Code::overflow`]); the caller
//! then hands the piece to prettyplease instead (see
//! `format::pretty_unless`), and `format::verify_text` checks the rest.
//! Every word comes from the generator: names from [`crate::naming`],
//! literals written by proc-macro2, docs through [`crate::sanitize`].

use super::text::{pad, MIN_SPACE, WIDTH};

/// The widest struct literal prettyplease keeps on one line (without its
/// closing brace).
const STRUCT_WIDTH: usize = 34;

/// An expression to print.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    /// Text that is never broken: a path, a literal, `None`.
    Word(String),
    /// `head(args..)`.
    Call(String, Vec<Expr>),
    /// `head!(tokens)`: a macro whose tokens are one unbreakable text.
    Macro(String, String),
    /// `&inner`.
    Ref(Box<Expr>),
    /// `inner?`.
    Try(Box<Expr>),
    /// `receiver.link.link(args)..`.
    Chain(Box<Expr>, Vec<Link>),
    /// `Head { name, name: value.. }` (a field without a value is written
    /// by its name alone).
    Struct(String, Vec<(String, Option<Expr>)>),
    /// `[items..]`.
    Array(Vec<Expr>),
    /// `(items..)`, of two or more.
    Tuple(Vec<Expr>),
}

/// One link of a method chain: `.name` or `.name(args)`.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    pub name: String,
    pub args: Option<Vec<Expr>>,
}

impl Link {
    /// `.name`.
    pub fn field(name: impl Into<String>) -> Link {
        Link {
            name: name.into(),
            args: None,
        }
    }

    /// `.name(args)`.
    pub fn call(name: impl Into<String>, args: Vec<Expr>) -> Link {
        Link {
            name: name.into(),
            args: Some(args),
        }
    }
}

impl Expr {
    /// A word.
    pub fn word(text: impl Into<String>) -> Expr {
        Expr::Word(text.into())
    }

    /// `head(args..)`.
    pub fn call(head: impl Into<String>, args: Vec<Expr>) -> Expr {
        Expr::Call(head.into(), args)
    }

    /// A string literal, escaped as proc-macro2 writes it.
    pub fn string(value: &str) -> Expr {
        Expr::Word(proc_macro2::Literal::string(value).to_string())
    }

    /// `&self`.
    pub fn by_ref(self) -> Expr {
        Expr::Ref(Box::new(self))
    }

    /// `self?`.
    pub fn tried(self) -> Expr {
        Expr::Try(Box::new(self))
    }

    /// `self.links..` (one chain: a chain's links go on).
    pub fn chain(self, links: Vec<Link>) -> Expr {
        match self {
            Expr::Chain(receiver, mut first) => {
                first.extend(links);
                Expr::Chain(receiver, first)
            }
            receiver => Expr::Chain(Box::new(receiver), links),
        }
    }

    /// The text on one line.
    pub fn flat(&self) -> String {
        let mut out = String::new();
        self.write_flat(&mut out);
        out
    }

    fn write_flat(&self, out: &mut String) {
        match self {
            Expr::Word(word) => out.push_str(word),
            Expr::Call(head, args) => {
                out.push_str(head);
                out.push('(');
                join_flat(args, out);
                out.push(')');
            }
            Expr::Macro(head, tokens) => {
                out.push_str(head);
                out.push('(');
                out.push_str(tokens);
                out.push(')');
            }
            Expr::Ref(inner) => {
                out.push('&');
                inner.write_flat(out);
            }
            Expr::Try(inner) => {
                inner.write_flat(out);
                out.push('?');
            }
            Expr::Chain(receiver, links) => {
                receiver.write_flat(out);
                for link in links {
                    out.push('.');
                    out.push_str(&link.name);
                    if let Some(args) = &link.args {
                        out.push('(');
                        join_flat(args, out);
                        out.push(')');
                    }
                }
            }
            Expr::Struct(head, fields) => {
                out.push_str(head);
                if fields.is_empty() {
                    out.push_str(" {}");
                    return;
                }
                out.push_str(" { ");
                for (i, (name, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(name);
                    if let Some(value) = value {
                        out.push_str(": ");
                        value.write_flat(out);
                    }
                }
                out.push_str(" }");
            }
            Expr::Array(items) => {
                out.push('[');
                join_flat(items, out);
                out.push(']');
            }
            Expr::Tuple(items) => {
                out.push('(');
                join_flat(items, out);
                out.push(')');
            }
        }
    }

    /// The length of [`Expr::flat`], measured without writing it.
    fn len(&self) -> usize {
        match self {
            Expr::Word(word) => word.len(),
            Expr::Call(head, args) => head.len() + 2 + joined_len(args),
            Expr::Macro(head, tokens) => head.len() + 2 + tokens.len(),
            Expr::Ref(inner) | Expr::Try(inner) => 1 + inner.len(),
            Expr::Chain(receiver, links) => {
                let link = |l: &Link| {
                    1 + l.name.len() + l.args.as_deref().map_or(0, |a| 2 + joined_len(a))
                };
                receiver.len() + links.iter().map(link).sum::<usize>()
            }
            Expr::Struct(head, fields) if fields.is_empty() => head.len() + 3,
            Expr::Struct(head, fields) => {
                let field = |(name, value): &(String, Option<Expr>)| {
                    name.len() + value.as_ref().map_or(0, |v| 2 + v.len())
                };
                // `Head { ` and ` }`, with `, ` between the fields.
                head.len() + 5 + fields.iter().map(field).sum::<usize>() + 2 * (fields.len() - 1)
            }
            Expr::Array(items) | Expr::Tuple(items) => 2 + joined_len(items),
        }
    }

    /// Whether the expression is always broken wherever it is: a struct
    /// literal wider than prettyplease keeps on one line, or one inside.
    pub fn broken(&self) -> bool {
        match self {
            Expr::Word(_) | Expr::Macro(..) => false,
            Expr::Struct(..) if self.len() > STRUCT_WIDTH + 1 => true,
            Expr::Struct(_, fields) => fields
                .iter()
                .filter_map(|(_, v)| v.as_ref())
                .any(Expr::broken),
            Expr::Call(_, items) | Expr::Array(items) | Expr::Tuple(items) => {
                items.iter().any(Expr::broken)
            }
            Expr::Ref(inner) | Expr::Try(inner) => inner.broken(),
            Expr::Chain(receiver, links) => {
                receiver.broken()
                    || links
                        .iter()
                        .filter_map(|l| l.args.as_ref())
                        .flatten()
                        .any(Expr::broken)
            }
        }
    }

    /// Whether a lone argument is carried on its call's line (prettyplease's
    /// block-like expressions, of those printed here).
    fn blocklike(&self) -> bool {
        matches!(self, Expr::Struct(..) | Expr::Array(_) | Expr::Tuple(_))
    }

    /// Writes the expression into `out` starting at `column` of a line
    /// indented by `indent`, with `tail` characters after it on its last
    /// line: flat when it fits, else broken.
    fn print(&self, out: &mut Out<'_>, (indent, column): (usize, usize), tail: usize) {
        let limit = out.width.max(indent + MIN_SPACE);
        if column + self.len() + tail <= limit && !self.broken() {
            self.write_flat(out.text);
            return;
        }
        match self {
            Expr::Word(word) => out.text.push_str(word),
            Expr::Call(head, args) => {
                out.text.push_str(head);
                out.text.push('(');
                let at = (indent, column + head.len() + 1);
                items(args, true, out, at, tail + 1);
                out.text.push(')');
            }
            Expr::Macro(head, tokens) => {
                // prettyplease would break tokens too long for their line,
                // but for a lone literal, which it leaves as this does.
                out.unsure |= indent + 4 + tokens.len() > limit && !lone_literal(tokens);
                out.text.push_str(head);
                out.text.push_str("(\n");
                pad(indent + 4, out.text);
                out.text.push_str(tokens);
                out.text.push('\n');
                pad(indent, out.text);
                out.text.push(')');
            }
            Expr::Ref(inner) => {
                out.text.push('&');
                inner.print(out, (indent, column + 1), tail);
            }
            Expr::Try(inner) => {
                inner.print(out, (indent, column), tail + 1);
                out.text.push('?');
            }
            Expr::Chain(receiver, links) => {
                receiver.write_flat(out.text);
                let inner = indent + 4;
                for (i, link) in links.iter().enumerate() {
                    out.text.push('\n');
                    pad(inner, out.text);
                    out.text.push('.');
                    out.text.push_str(&link.name);
                    if let Some(args) = &link.args {
                        out.text.push('(');
                        let after = if i + 1 == links.len() { tail + 1 } else { 1 };
                        let column = inner + 1 + link.name.len() + 1;
                        items(args, true, out, (inner, column), after);
                        out.text.push(')');
                    }
                }
            }
            Expr::Struct(head, fields) => {
                out.text.push_str(head);
                out.text.push_str(" {\n");
                let inner = indent + 4;
                for (i, (name, value)) in fields.iter().enumerate() {
                    pad(inner, out.text);
                    out.text.push_str(name);
                    if let Some(value) = value {
                        out.text.push_str(": ");
                        // The last field's comma is not measured.
                        let comma = usize::from(i + 1 < fields.len());
                        value.print(out, (inner, inner + name.len() + 2), comma);
                    }
                    out.text.push_str(",\n");
                }
                pad(indent, out.text);
                out.text.push('}');
            }
            Expr::Array(list) | Expr::Tuple(list) => {
                let (open, close) = match self {
                    Expr::Array(_) => ('[', ']'),
                    _ => ('(', ')'),
                };
                out.text.push(open);
                items(list, false, out, (indent, column + 1), tail + 1);
                out.text.push(close);
            }
        }
    }
}

/// Where an expression is printed: the text, the width of its lines, and
/// whether a layout was chosen that prettyplease would not choose.
struct Out<'a> {
    text: &'a mut String,
    width: usize,
    unsure: bool,
}

/// The arguments of a call (or, when not `carry`, the items of an array
/// or tuple, which never carry a lone one) from `column` (after their
/// opening bracket), `tail` characters after the closing one: flat when
/// they fit, a lone block-like argument carried, else one a line, each
/// with a comma.
fn items(
    args: &[Expr],
    carry: bool,
    out: &mut Out<'_>,
    (indent, column): (usize, usize),
    tail: usize,
) {
    let limit = out.width.max(indent + MIN_SPACE);
    if column + joined_len(args) + tail <= limit && !args.iter().any(Expr::broken) {
        join_flat(args, out.text);
        return;
    }
    if let [only] = args {
        if carry && only.blocklike() {
            return only.print(out, (indent, column), tail);
        }
    }
    out.text.push('\n');
    let inner = indent + 4;
    for (i, arg) in args.iter().enumerate() {
        pad(inner, out.text);
        // The comma after the last item is written only when broken, and
        // so is not measured (prettyplease's `trailing_comma`).
        let comma = usize::from(i + 1 < args.len());
        arg.print(out, (inner, inner), comma);
        out.text.push_str(",\n");
    }
    pad(indent, out.text);
}

/// Whether macro tokens are one literal (a `format!` template with no
/// arguments), which no layout breaks.
fn lone_literal(tokens: &str) -> bool {
    let Ok(stream) = tokens.parse::<proc_macro2::TokenStream>() else {
        return false;
    };
    let mut trees = stream.into_iter();
    matches!(
        (trees.next(), trees.next()),
        (Some(proc_macro2::TokenTree::Literal(_)), None)
    )
}

/// The length of `items` joined by `, `.
fn joined_len(items: &[Expr]) -> usize {
    items.iter().map(Expr::len).sum::<usize>() + 2 * items.len().saturating_sub(1)
}

/// `items` joined by `, `.
fn join_flat(items: &[Expr], out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        item.write_flat(out);
    }
}

/// Lines of code, each at its block's indentation, in text that will be
/// indented by `margin` more columns.
pub(crate) struct Code {
    pub out: String,
    indent: usize,
    width: usize,
    /// Whether a line was written past the width that prettyplease would
    /// have broken (see [`Code::line`]).
    pub overflow: bool,
}

impl Code {
    /// Code starting at the left edge of text indented by `margin`.
    pub fn new(margin: usize) -> Code {
        Code {
            out: String::new(),
            indent: 0,
            width: WIDTH.saturating_sub(margin),
            overflow: false,
        }
    }

    /// One line of code, which prettyplease would break were it longer
    /// than the width: it then marks the code as overflowing.
    pub fn line(&mut self, text: &str) {
        self.overflow |= !self.fits(text.len());
        self.as_is(text);
    }

    /// One line, laid out as prettyplease lays it out however long: a doc
    /// comment, an attribute, a line whose last comma is not measured.
    pub fn as_is(&mut self, text: &str) {
        pad(self.indent, &mut self.out);
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Whether a line `len` long fits at this block's indentation.
    pub fn fits(&self, len: usize) -> bool {
        self.indent + len <= self.width
    }

    /// A line that opens a block (ending `{`): what follows is one level in.
    pub fn open(&mut self, text: &str) {
        self.line(text);
        self.indent += 4;
    }

    /// A line that closes a block (starting `}`), one level out.
    pub fn close(&mut self, text: &str) {
        self.indent = self.indent.saturating_sub(4);
        self.line(text);
    }

    /// Text already printed (doc lines, attributes), each of its lines at
    /// this block's indentation.
    pub fn lines(&mut self, text: &str) {
        for line in text.lines() {
            self.as_is(line);
        }
    }

    /// `head(self) -> impl Bound<Name = Result<ok, rt::Error>> + 'a {`, as
    /// prettyplease breaks it: the parameter, then the bound's arguments,
    /// then the `Result`'s; the body follows one level in.
    pub fn impl_signature(&mut self, head: &str, (bound, name): (&str, &str), ok: &str) {
        let result = format!("{name} = Result<{ok}, rt::Error>");
        let ret = format!(" -> impl {bound}<{result}> + 'a {{");
        let one = format!("{head}(self){ret}");
        if self.fits(one.len()) {
            return self.open(&one);
        }
        self.line(&format!("{head}("));
        self.line("    self,");
        if self.fits(ret.len() + 1) {
            return self.open(&format!("){ret}"));
        }
        self.line(&format!(") -> impl {bound}<"));
        // A comma written only because the line is broken is not measured.
        if self.fits(4 + result.len()) {
            self.as_is(&format!("    {result},"));
        } else {
            self.line(&format!("    {name} = Result<"));
            self.line(&format!("        {ok},"));
            self.line("        rt::Error,");
            self.line("    >,");
        }
        self.open("> + 'a {");
    }

    /// A match arm, `pattern => value,`: on one line when it fits, else
    /// the value in a block of its own.
    pub fn arm(&mut self, pattern: &str, value: &Expr) {
        // The comma is not measured (prettyplease writes it as a break).
        if self.fits(pattern.len() + 4 + value.len()) && !value.broken() {
            return self.as_is(&format!("{pattern} => {},", value.flat()));
        }
        self.open(&format!("{pattern} => {{"));
        self.expr("", value, "");
        self.close("}");
    }

    /// `head`, the expression, then `tail`, as one statement or field.
    pub fn expr(&mut self, head: &str, expr: &Expr, tail: &str) {
        pad(self.indent, &mut self.out);
        self.out.push_str(head);
        let at = (self.indent, self.indent + head.len());
        let mut out = Out {
            text: &mut self.out,
            width: self.width,
            unsure: false,
        };
        expr.print(&mut out, at, tail.len());
        self.overflow |= out.unsure;
        self.out.push_str(tail);
        self.out.push('\n');
    }

    /// A function's head, `head(params) -> ret {` (`ret` with its arrow,
    /// or empty), on one line when it fits, else a parameter a line; the
    /// body follows one level in.
    pub fn signature(&mut self, head: &str, params: &[String], ret: &str) {
        let one = format!("{head}({}){ret} {{", params.join(", "));
        if self.fits(one.len()) {
            return self.open(&one);
        }
        self.line(&format!("{head}("));
        for param in params {
            self.line(&format!("    {param},"));
        }
        self.open(&format!("){ret} {{"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(expr: &Expr, head: &str, tail: &str, indent: usize) -> String {
        let mut code = Code::new(0);
        code.indent = indent;
        code.expr(head, expr, tail);
        code.out
    }

    #[test]
    fn an_expression_that_fits_stays_on_one_line() {
        let expr = Expr::call(
            "rt::path_text",
            vec![Expr::string("id"), Expr::word("&this.id")],
        )
        .tried();
        assert_eq!(
            printed(&expr, "let id = ", ";", 16),
            "                let id = rt::path_text(\"id\", &this.id)?;\n"
        );
    }

    #[test]
    fn a_long_call_breaks_an_argument_a_line_and_a_chain_a_link_a_line() {
        let long = "organization_name_of_the_project_in_question";
        let expr = Expr::call(
            "rt::path_text",
            vec![Expr::string(long), Expr::word(format!("&this.{long}"))],
        )
        .tried();
        assert_eq!(
            printed(&expr, "let x = ", ";", 16),
            format!(
                "                let x = rt::path_text(\n                    \"{long}\",\n                    &this.{long},\n                )?;\n"
            )
        );
        let chain = Expr::word("this").chain(vec![
            Link::field("client"),
            Link::field("core"),
            Link::call(
                "request",
                vec![
                    Expr::word("rt::reqwest::Method::GET"),
                    Expr::word("None"),
                    Expr::word("&query.target(path)"),
                ],
            ),
        ]);
        assert_eq!(
            printed(&chain, "let request = ", ";", 16),
            "                let request = this
                    .client
                    .core
                    .request(rt::reqwest::Method::GET, None, &query.target(path));
"
        );
    }

    #[test]
    fn a_lone_struct_is_carried_and_a_macro_breaks_around_its_tokens() {
        let fields = (0..3)
            .map(|i| (format!("field_number_{i}"), Some(Expr::word("None"))))
            .collect();
        let expr = Expr::call("Some", vec![Expr::Struct("Builder".into(), fields)]);
        assert_eq!(
            printed(&expr, "", "", 60),
            format!(
                "{0}Some(Builder {{\n{0}    field_number_0: None,\n{0}    field_number_1: None,\n{0}    field_number_2: None,\n{0}}})\n",
                " ".repeat(60)
            )
        );
        let path = "\"/organizations/{organization_name}/projects/{project_name}\"";
        let expr = Expr::Macro("format!".into(), path.into()).by_ref();
        assert_eq!(
            printed(&expr, "let path = ", ";", 16),
            format!("                let path = &format!(\n                    {path}\n                );\n")
        );
    }

    #[test]
    fn a_signature_breaks_a_parameter_a_line() {
        let mut code = Code::new(0);
        code.indent = 4;
        let params = [
            "&self".to_string(),
            "x".repeat(40) + ": u32",
            "y".repeat(20) + ": u32",
        ];
        code.signature("pub fn name", &params, " -> Name<'_>");
        assert_eq!(
            code.out,
            format!(
                "    pub fn name(\n        &self,\n        {}: u32,\n        {}: u32,\n    ) -> Name<'_> {{\n",
                "x".repeat(40),
                "y".repeat(20)
            )
        );
        let mut short = Code::new(0);
        short.signature("fn f", &["self".to_string()], "");
        assert_eq!(short.out, "fn f(self) {\n");
    }

    #[test]
    fn a_struct_literal_wider_than_prettyplease_keeps_breaks_and_so_does_its_call() {
        let narrow = Expr::Struct("A".into(), vec![("x".into(), None)]);
        assert_eq!(printed(&narrow, "", "", 0), "A { x }\n");
        let field = |name: &str, value: &str| (name.to_string(), Some(Expr::word(value)));
        let kept = Expr::Struct(
            "Builder".into(),
            vec![field("client", "self"), field("option", "a")],
        );
        assert_eq!(kept.flat().len(), 35, "the widest kept flat");
        assert_eq!(printed(&kept, "", "", 0), format!("{}\n", kept.flat()));
        let wide = Expr::Struct(
            "Builder".into(),
            vec![field("client", "self"), field("options", "a")],
        );
        assert_eq!(
            printed(&wide, "", "", 0),
            "Builder {\n    client: self,\n    options: a,\n}\n"
        );
        let call = Expr::call("f", vec![Expr::word("a"), wide]);
        assert!(printed(&call, "", "", 0).starts_with("f(\n    a,\n    Builder {\n"));
    }

    #[test]
    fn the_comma_after_a_last_item_or_an_arm_is_not_measured() {
        // 86 columns and the comma: prettyplease keeps the line at 90.
        let long = "y".repeat(80);
        let mut code = Code::new(0);
        code.indent = 4;
        code.arm("1", &Expr::word(&long));
        assert_eq!(code.out, format!("    1 => {long},\n"));
        assert!(!code.overflow);
        let mut broken = Code::new(0);
        broken.indent = 4;
        broken.arm("10", &Expr::word(&long));
        assert_eq!(
            broken.out,
            format!("    10 => {{\n        {long}\n    }}\n")
        );
    }

    #[test]
    fn an_impl_trait_signature_breaks_as_prettyplease_breaks_it() {
        let mut short = Code::new(0);
        short.impl_signature("pub fn items", ("rt::Stream", "Item"), "T");
        assert_eq!(
            short.out,
            "pub fn items(self) -> impl rt::Stream<Item = Result<T, rt::Error>> + 'a {\n"
        );
        let mut long = Code::new(0);
        long.indent = 4;
        let ok = format!("rt::ResponseValue<{}Response>", "X".repeat(40));
        long.impl_signature("pub fn send", ("rt::Future", "Output"), &ok);
        let expected = format!(
            "    pub fn send(\n        self,\n    ) -> impl rt::Future<\n        Output = Result<\n            {ok},\n            rt::Error,\n        >,\n    > + 'a {{\n"
        );
        assert_eq!(long.out, expected);
    }

    #[test]
    fn the_measured_length_is_the_flat_length() {
        let field = |name: &str, value: Option<Expr>| (name.to_string(), value);
        let exprs = [
            Expr::word("x"),
            Expr::call("f", Vec::new()),
            Expr::call("f", vec![Expr::word("a"), Expr::string("b")])
                .tried()
                .by_ref(),
            Expr::Macro("format!".into(), "\"{x}\"".into()),
            Expr::word("this").chain(vec![
                Link::field("a"),
                Link::call("b", vec![Expr::word("c")]),
            ]),
            Expr::Struct("S".into(), Vec::new()),
            Expr::Struct(
                "S".into(),
                vec![field("a", None), field("b", Some(Expr::word("1")))],
            ),
            Expr::Array(vec![Expr::word("a"), Expr::word("b")]),
            Expr::Tuple(vec![Expr::word("a"), Expr::Array(Vec::new())]),
        ];
        for expr in exprs {
            assert_eq!(expr.len(), expr.flat().len(), "{}", expr.flat());
        }
    }

    #[test]
    fn macro_tokens_too_long_for_their_line_mark_the_code_as_overflowing() {
        let tokens = format!("\"{{}}\", {}", "z".repeat(80));
        let mut code = Code::new(0);
        code.indent = 8;
        code.expr("", &Expr::Macro("format!".into(), tokens.clone()), ";");
        assert!(code.overflow);
        assert!(code.out.contains(&tokens));
    }

    /// A lone literal too long for its line is left long on a line of its
    /// own, as prettyplease leaves it: the code does not overflow.
    #[test]
    fn a_lone_literal_too_long_for_its_line_is_left_long() {
        let literal = format!("\"/{}\"", "segment/{name}/".repeat(8));
        let mut code = Code::new(0);
        code.indent = 16;
        let expr = Expr::Macro("format!".into(), literal.clone()).by_ref();
        code.expr("let path = ", &expr, ";");
        assert!(!code.overflow);
        assert_eq!(
            code.out,
            format!(
                "{0}let path = &format!(\n{0}    {literal}\n{0});\n",
                " ".repeat(16)
            )
        );
    }
}
