//! Code printed without a syntax tree. Most of a module goes through
//! prettyplease, which needs each piece parsed by syn first, and that
//! parsing is most of a generation's time. Constant data whose shape the
//! generator knows (the server's schema rules) is built here as a small
//! tree of calls, lists, tuples and struct literals, and printed straight
//! to text in the layout a person (or rustfmt) would write: on one line
//! when it fits in [`WIDTH`] columns, else broken at its outermost node,
//! the last argument of a call or tuple carried on the same line.
//!
//! Every word in the tree comes from the generator: names from
//! [`crate::naming`], literals written by proc-macro2 (its escaping), so
//! no spec text reaches the output unescaped.

/// The column no line should pass when it can be broken: prettyplease's,
/// so that text printed here is laid out like the rest of the module.
pub(crate) const WIDTH: usize = 89;

/// The room a line broken deep in keeps however far in it starts (as
/// prettyplease does).
pub(crate) const MIN_SPACE: usize = 60;

/// An expression to print.
#[derive(Debug, Clone)]
pub(crate) enum Doc {
    /// Text that is never broken: a path, a literal.
    Word(String),
    /// `head(args..)`.
    Call(String, Vec<Doc>),
    /// `&inner`.
    Ref(Box<Doc>),
    /// `[items..]`.
    List(Vec<Doc>),
    /// `(items..)`.
    Tuple(Vec<Doc>),
    /// `Head { name: value.., ..rest }`.
    Struct(String, Vec<(String, Doc)>, Option<String>),
}

impl Doc {
    /// A word.
    pub fn word(text: impl Into<String>) -> Doc {
        Doc::Word(text.into())
    }

    /// `head(args..)`.
    pub fn call(head: impl Into<String>, args: Vec<Doc>) -> Doc {
        Doc::Call(head.into(), args)
    }

    /// `Head { name: value.., ..rest }`.
    pub fn structure<'a>(
        head: impl Into<String>,
        fields: impl IntoIterator<Item = (&'a str, Doc)>,
        rest: Option<String>,
    ) -> Doc {
        let fields = fields
            .into_iter()
            .map(|(name, value)| (name.to_string(), value))
            .collect();
        Doc::Struct(head.into(), fields, rest)
    }

    /// `&self`.
    pub fn by_ref(self) -> Doc {
        Doc::Ref(Box::new(self))
    }

    /// `&[items..]`.
    pub fn slice(items: Vec<Doc>) -> Doc {
        Doc::List(items).by_ref()
    }

    /// A string literal, escaped as proc-macro2 writes it.
    pub fn string(value: &str) -> Doc {
        Doc::Word(proc_macro2::Literal::string(value).to_string())
    }

    /// The text on one line.
    pub fn flat(&self) -> String {
        let mut out = String::new();
        self.write_flat(&mut out);
        out
    }

    fn write_flat(&self, out: &mut String) {
        match self {
            Doc::Word(word) => out.push_str(word),
            Doc::Call(head, args) => {
                out.push_str(head);
                out.push('(');
                join_flat(args, out);
                out.push(')');
            }
            Doc::Ref(inner) => {
                out.push('&');
                inner.write_flat(out);
            }
            Doc::List(items) => {
                out.push('[');
                join_flat(items, out);
                out.push(']');
            }
            Doc::Tuple(items) => {
                out.push('(');
                join_flat(items, out);
                out.push(')');
            }
            Doc::Struct(head, fields, rest) => {
                out.push_str(head);
                if fields.is_empty() && rest.is_none() {
                    out.push_str(" {}");
                    return;
                }
                out.push_str(" { ");
                for (name, value) in fields {
                    out.push_str(name);
                    out.push_str(": ");
                    value.write_flat(out);
                    out.push_str(", ");
                }
                match rest {
                    Some(rest) => {
                        out.push_str("..");
                        out.push_str(rest);
                        out.push_str(" }");
                    }
                    None => {
                        out.truncate(out.len() - 2);
                        out.push_str(" }");
                    }
                }
            }
        }
    }

    /// Whether the text on one line is at most `limit` long (measured
    /// without writing it, and no further than `limit`).
    fn fits(&self, limit: usize) -> bool {
        let mut left = limit;
        self.measure(&mut left)
    }

    /// Takes this node's length on one line from `left`; `false` once
    /// that is spent.
    fn measure(&self, left: &mut usize) -> bool {
        match self {
            Doc::Word(word) => take(left, word.len()),
            Doc::Call(head, items) => take(left, head.len() + 2) && measure_all(items, left),
            Doc::Ref(inner) => take(left, 1) && inner.measure(left),
            Doc::List(items) | Doc::Tuple(items) => take(left, 2) && measure_all(items, left),
            Doc::Struct(head, fields, rest) => {
                if fields.is_empty() && rest.is_none() {
                    return take(left, head.len() + 3);
                }
                // `Head { ` and ` }`, `name: value` and `..rest`, with a
                // `, ` between each.
                let parts = fields.len() + usize::from(rest.is_some());
                let rest_len = rest.as_ref().map_or(0, |r| r.len() + 2);
                take(left, head.len() + 5 + 2 * (parts - 1) + rest_len)
                    && fields
                        .iter()
                        .all(|(name, value)| take(left, name.len() + 2) && value.measure(left))
            }
        }
    }

    /// Writes the node starting at `column` of a line indented by
    /// `indent`, in text that will be indented by `margin` more columns,
    /// with `tail` characters after it on its last line: flat when it
    /// fits, else broken.
    pub fn print(
        &self,
        margin: usize,
        (indent, column): (usize, usize),
        tail: usize,
        out: &mut String,
    ) {
        self.print_in(WIDTH.saturating_sub(margin), (indent, column), tail, out);
    }

    fn print_in(
        &self,
        width: usize,
        (indent, column): (usize, usize),
        tail: usize,
        out: &mut String,
    ) {
        let limit = width.max(indent + MIN_SPACE);
        if self.fits(limit.saturating_sub(column + tail)) {
            self.write_flat(out);
            return;
        }
        match self {
            Doc::Word(word) => out.push_str(word),
            Doc::Ref(inner) => {
                out.push('&');
                inner.print_in(width, (indent, column + 1), tail, out);
            }
            Doc::Call(head, args) => {
                out.push_str(head);
                out.push('(');
                match args.as_slice() {
                    [only] => {
                        only.print_in(width, (indent, column + head.len() + 1), tail + 1, out)
                    }
                    _ => lines(args, width, indent, out),
                }
                out.push(')');
            }
            Doc::List(items) => {
                out.push('[');
                lines(items, width, indent, out);
                out.push(']');
            }
            Doc::Tuple(items) => {
                out.push('(');
                let mut column = column + 1;
                if let Some((last, first)) = items.split_last() {
                    for item in first {
                        let before = out.len();
                        item.write_flat(out);
                        out.push_str(", ");
                        column += out.len() - before;
                    }
                    last.print_in(width, (indent, column), tail + 1, out);
                }
                out.push(')');
            }
            Doc::Struct(head, fields, rest) => {
                out.push_str(head);
                out.push_str(" {\n");
                let inner = indent + 4;
                for (name, value) in fields {
                    pad(inner, out);
                    out.push_str(name);
                    out.push_str(": ");
                    value.print_in(width, (inner, inner + name.len() + 2), 1, out);
                    out.push_str(",\n");
                }
                if let Some(rest) = rest {
                    pad(inner, out);
                    out.push_str("..");
                    out.push_str(rest);
                    out.push('\n');
                }
                pad(indent, out);
                out.push('}');
            }
        }
    }
}

/// Takes `n` from `left`; `false` when less is left.
fn take(left: &mut usize, n: usize) -> bool {
    match left.checked_sub(n) {
        Some(rest) => {
            *left = rest;
            true
        }
        None => false,
    }
}

/// `items` joined by `, `.
fn join_flat(items: &[Doc], out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        item.write_flat(out);
    }
}

/// Takes the flat length of `items` and their separators from `left`.
fn measure_all(items: &[Doc], left: &mut usize) -> bool {
    items
        .iter()
        .enumerate()
        .all(|(i, item)| take(left, if i > 0 { 2 } else { 0 }) && item.measure(left))
}

/// `items`, one a line one level in from `indent`, each with a comma, and
/// the closing line's indent.
fn lines(items: &[Doc], width: usize, indent: usize, out: &mut String) {
    if items.is_empty() {
        return;
    }
    out.push('\n');
    let inner = indent + 4;
    for item in items {
        pad(inner, out);
        item.print_in(width, (inner, inner), 1, out);
        out.push_str(",\n");
    }
    pad(indent, out);
}

/// Whether every line of code in `text` (doc comments aside, which are
/// never broken) ends within the width, once indented by `margin`.
pub(crate) fn fits(text: &str, margin: usize) -> bool {
    let width = WIDTH.saturating_sub(margin);
    text.lines()
        .all(|line| line.len() <= width || line.trim_start().starts_with("///"))
}

/// `indent` spaces.
pub(crate) fn pad(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// `text` with every line that has text indented by `depth` levels.
pub(crate) fn indented(text: &str, depth: usize) -> String {
    if depth == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines() {
        if !line.is_empty() {
            pad(4 * depth, &mut out);
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(doc: &Doc, column: usize) -> String {
        let mut out = String::new();
        doc.print(0, (0, column), 0, &mut out);
        out
    }

    fn text_rule(max: usize) -> Doc {
        Doc::Struct(
            "Text".into(),
            vec![("max_length".into(), Doc::word(format!("Some({max})")))],
            Some("Text::ANY".into()),
        )
    }

    #[test]
    fn what_fits_stays_on_one_line() {
        let doc = Doc::call("Schema::String", vec![text_rule(8).by_ref()]);
        assert_eq!(
            print(&doc, 0),
            "Schema::String(&Text { max_length: Some(8), ..Text::ANY })"
        );
        assert_eq!(doc.flat().len(), print(&doc, 0).len());
        let empty = Doc::Struct("Object".into(), Vec::new(), None);
        assert_eq!(empty.flat(), "Object {}");
        let all = Doc::Struct("A".into(), vec![("x".into(), Doc::word("1"))], None);
        assert_eq!(all.flat(), "A { x: 1 }");
    }

    #[test]
    fn a_long_node_breaks_carrying_its_last_argument() {
        let properties: Vec<Doc> = (0..4)
            .map(|i| {
                Doc::Tuple(vec![
                    Doc::string(&format!("property_{i}")),
                    Doc::call("Schema::String", vec![text_rule(i).by_ref()]),
                ])
            })
            .collect();
        let object = Doc::Struct(
            "Object".into(),
            vec![
                ("properties".into(), Doc::slice(properties)),
                (
                    "required".into(),
                    Doc::slice(vec![Doc::string("property_0")]),
                ),
            ],
            Some("Object::ANY".into()),
        );
        let doc = Doc::call("Schema::Object", vec![object.by_ref()]);
        let expected = "Schema::Object(&Object {
    properties: &[
        (\"property_0\", Schema::String(&Text { max_length: Some(0), ..Text::ANY })),
        (\"property_1\", Schema::String(&Text { max_length: Some(1), ..Text::ANY })),
        (\"property_2\", Schema::String(&Text { max_length: Some(2), ..Text::ANY })),
        (\"property_3\", Schema::String(&Text { max_length: Some(3), ..Text::ANY })),
    ],
    required: &[\"property_0\"],
    ..Object::ANY
})";
        assert_eq!(print(&doc, 0), expected);
        for line in expected.lines() {
            assert!(line.len() <= WIDTH, "{line}");
        }
    }

    #[test]
    fn a_tuple_carries_its_last_item_and_a_call_breaks_its_arguments() {
        let long = "x".repeat(60);
        let tuple = Doc::Tuple(vec![
            Doc::string("name"),
            Doc::call("Schema::Nullable", vec![text_rule(5000).by_ref()]),
        ]);
        assert_eq!(
            print(&tuple, 70),
            "(\"name\", Schema::Nullable(&Text {\n    max_length: Some(5000),\n    ..Text::ANY\n}))"
        );
        let call = Doc::call("f", vec![Doc::word(&long), Doc::word(&long)]);
        assert_eq!(print(&call, 0), format!("f(\n    {long},\n    {long},\n)"));
        let list = Doc::slice(vec![Doc::word(&long), Doc::word(&long)]);
        assert_eq!(print(&list, 0), format!("&[\n    {long},\n    {long},\n]"));
    }

    #[test]
    fn fitting_is_measured_as_the_flat_text_is_long() {
        let docs = [
            Doc::Struct("Object".into(), Vec::new(), None),
            Doc::Struct("A".into(), vec![("x".into(), Doc::word("1"))], None),
            Doc::Struct("A".into(), Vec::new(), Some("A::ANY".into())),
            text_rule(12),
            Doc::Struct(
                "B".into(),
                vec![("x".into(), Doc::word("1")), ("yy".into(), text_rule(3))],
                Some("B::ANY".into()),
            ),
            Doc::call("f", Vec::new()),
            Doc::call("f", vec![Doc::word("a"), Doc::slice(vec![Doc::word("b")])]),
            Doc::Tuple(vec![Doc::string("k"), Doc::slice(Vec::new())]),
        ];
        for doc in docs {
            let len = doc.flat().len();
            assert!(doc.fits(len), "{}", doc.flat());
            assert!(!doc.fits(len - 1), "{}", doc.flat());
        }
    }

    #[test]
    fn strings_are_escaped_and_lines_indented() {
        assert_eq!(Doc::string("a\"b\\").flat(), r#""a\"b\\""#);
        assert_eq!(indented("a\n\nb\n", 1), "    a\n\n    b\n");
        assert_eq!(indented("a\n", 0), "a\n");
        let doc = Doc::call("f", vec![Doc::word("x".repeat(90))]);
        let mut at_margin = String::new();
        doc.print(8, (0, 0), 0, &mut at_margin);
        assert_eq!(at_margin, format!("f({})", "x".repeat(90)));
        let wide = Doc::slice(vec![Doc::word("x".repeat(40)), Doc::word("y".repeat(37))]);
        let mut narrow = String::new();
        wide.print(8, (0, 0), 0, &mut narrow);
        assert!(narrow.starts_with("&[\n"), "{narrow}");
        assert_eq!(print(&wide, 0), wide.flat());
        // What follows on the line counts: a `;` pushes it past the width.
        let exact = Doc::call("f", vec![Doc::word("x".repeat(86))]);
        let mut with_tail = String::new();
        exact.print(0, (0, 0), 1, &mut with_tail);
        assert_eq!(print(&exact, 0), exact.flat());
        assert_eq!(
            with_tail,
            exact.flat(),
            "one argument is carried, not broken"
        );
        let pair = Doc::call(
            "f",
            vec![Doc::word("x".repeat(42)), Doc::word("y".repeat(42))],
        );
        let mut pair_tail = String::new();
        pair.print(0, (0, 0), 1, &mut pair_tail);
        assert_eq!(print(&pair, 0), pair.flat());
        assert!(pair_tail.starts_with("f(\n"), "{pair_tail}");
        // Deep in, a line keeps room for its text.
        let deep = Doc::call(
            "f",
            vec![Doc::word("a".repeat(30)), Doc::word("b".repeat(24))],
        );
        let mut at_depth = String::new();
        deep.print(0, (40, 40), 0, &mut at_depth);
        assert_eq!(at_depth, deep.flat());
    }
}
