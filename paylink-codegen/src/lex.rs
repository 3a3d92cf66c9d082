//! The `provider!` macro's tokens, lexed a piece at a time as the
//! emitting threads make them ([`crate::emit::TextPiece`]), so that the
//! lexing overlaps the making rather than following it. Inside the
//! compiler each piece is lexed by the compiler itself (one call across
//! the macro bridge a piece); elsewhere (tests, benchmarks) by
//! `proc_macro2`'s own lexer.

extern crate proc_macro;

use std::str::FromStr;

use crate::emit::TextPiece;

/// Token streams that can be lexed from text and nested in braces.
pub(crate) trait Lex: Sized {
    /// `text` lexed.
    fn lex(text: &str) -> Result<Self, String>;
    /// The streams, one after the other.
    fn concat(parts: Vec<Self>) -> Self;
    /// `head { body }`.
    fn braced(head: Self, body: Self) -> Self;
}

/// `Lex` for the token stream of `$krate` (the compiler's `proc_macro`
/// or `proc_macro2`, whose APIs agree).
macro_rules! lex_for {
    ($krate:ident) => {
        impl Lex for $krate::TokenStream {
            fn lex(text: &str) -> Result<Self, String> {
                $krate::TokenStream::from_str(text).map_err(|e| e.to_string())
            }

            fn concat(parts: Vec<Self>) -> Self {
                parts.into_iter().collect()
            }

            fn braced(head: Self, body: Self) -> Self {
                let group = $krate::Group::new($krate::Delimiter::Brace, body);
                let mut out = head;
                out.extend([$krate::TokenTree::Group(group)]);
                out
            }
        }
    };
}

lex_for!(proc_macro);
lex_for!(proc_macro2);

/// The pieces lexed so far: the streams of the module or trait open at
/// each depth (the outermost first), with its head.
pub(crate) struct Lexer<S> {
    top: Vec<S>,
    open: Vec<(S, Vec<S>)>,
    error: Option<String>,
}

impl<S: Lex> Lexer<S> {
    pub fn new() -> Self {
        Lexer {
            top: Vec::new(),
            open: Vec::new(),
            error: None,
        }
    }

    /// Lexes one piece; the first error is kept and the rest ignored.
    pub fn add(&mut self, piece: &TextPiece) {
        if self.error.is_some() {
            return;
        }
        match piece {
            TextPiece::Items(text) => match S::lex(text) {
                Ok(stream) => self.current().push(stream),
                Err(e) => self.error = Some(e),
            },
            TextPiece::Open(head) => match S::lex(head) {
                Ok(head) => self.open.push((head, Vec::new())),
                Err(e) => self.error = Some(e),
            },
            TextPiece::Close => match self.open.pop() {
                Some((head, body)) => {
                    let item = S::braced(head, S::concat(body));
                    self.current().push(item);
                }
                None => self.error = Some("a piece closes more than was opened".to_string()),
            },
        }
    }

    fn current(&mut self) -> &mut Vec<S> {
        match self.open.last_mut() {
            Some((_, body)) => body,
            None => &mut self.top,
        }
    }

    /// The whole stream, or the first lexing error.
    pub fn finish(self) -> Result<S, String> {
        match (self.error, self.open.is_empty()) {
            (Some(e), _) => Err(e),
            (None, false) => Err("a module or trait opened is not closed".to_string()),
            (None, true) => Ok(S::concat(self.top)),
        }
    }
}

/// The compiler's token stream.
pub(crate) type CompilerStream = proc_macro::TokenStream;

/// Whether this runs inside a procedural macro, where the compiler lexes.
pub(crate) fn in_compiler() -> bool {
    proc_macro::is_available()
}

/// A stream lexed by the compiler as `proc_macro2`'s; call it with
/// `proc_macro2` using the compiler's tokens again.
pub(crate) fn from_compiler(stream: proc_macro::TokenStream) -> proc_macro2::TokenStream {
    proc_macro2::TokenStream::from(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexed(pieces: Vec<TextPiece>) -> Result<String, String> {
        let mut lexer = Lexer::<proc_macro2::TokenStream>::new();
        for piece in pieces {
            lexer.add(&piece);
        }
        lexer.finish().map(|s| s.to_string())
    }

    #[test]
    fn pieces_nest_as_the_whole_text_does() {
        let pieces = vec![
            TextPiece::Items("use a::b;\n".into()),
            TextPiece::Open("pub mod m".into()),
            TextPiece::Items("fn f() {}\n".into()),
            TextPiece::Open("pub trait T".into()),
            TextPiece::Items("fn g(&self);\n".into()),
            TextPiece::Close,
            TextPiece::Close,
            TextPiece::Items("struct S;\n".into()),
        ];
        let whole: proc_macro2::TokenStream =
            "use a::b; pub mod m { fn f() {} pub trait T { fn g(&self); } } struct S;"
                .parse()
                .expect("lexes");
        assert_eq!(lexed(pieces), Ok(whole.to_string()));
    }

    #[test]
    fn unbalanced_or_unlexable_pieces_are_errors() {
        let open = vec![TextPiece::Open("mod m".into())];
        assert!(lexed(open).is_err());
        let close = vec![TextPiece::Close];
        assert!(lexed(close).is_err());
        let broken = vec![TextPiece::Items("fn f() { \"".into())];
        assert!(lexed(broken).is_err());
    }
}
