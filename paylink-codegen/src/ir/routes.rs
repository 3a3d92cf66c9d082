//! How generated servers route each operation: its path template read the
//! way the generated client writes it (literal text as the client's URL
//! parser sends it, parameters in braces), refused where no request could
//! be told apart from another or where the URL parser rewrites the path,
//! and checked against the other operations for requests two would share.
//! Every operation left out of the router gets a located warning.

use std::collections::HashMap;

use super::{Operation, PathPiece};
use crate::diagnostic::{join, Diagnostic};

/// Fills in each operation's route, or leaves it `None` with a warning.
/// Of two operations a server cannot tell apart, the one whose path is
/// sent whole is served, else the first in the document.
pub(super) fn assign(operations: &mut [Operation], warnings: &mut Vec<Diagnostic>) {
    let mut parsed: HashMap<String, Option<(Route, bool)>> = HashMap::new();
    let routes: Vec<Option<(Route, bool)>> = operations
        .iter()
        .map(|op| {
            parsed
                .entry(op.path.clone())
                .or_insert_with(|| read_path(&op.path, warnings))
                .clone()
        })
        .collect();
    let mut order: Vec<usize> = (0..operations.len()).collect();
    order.sort_by_key(|&i| routes[i].as_ref().is_some_and(|(_, cut)| *cut));
    let mut served: HashMap<(String, Route), String> = HashMap::new();
    for i in order {
        let Some((route, _)) = &routes[i] else {
            continue;
        };
        let op = &mut operations[i];
        let key = (op.method.clone(), shape(route));
        if let Some(other) = served.get(&key) {
            warnings.push(
                Diagnostic::warning(
                    join(&join("#/paths", &op.path), &op.method.to_ascii_lowercase()),
                    format!(
                        "a server cannot tell this operation's requests from those of `{other}` (the same method and path, but for parameter names): it is left out of the router"
                    ),
                )
                .with_hint("give one of the two paths a different literal part"),
            );
            continue;
        }
        served.insert(key, op.name.clone());
        op.route = Some(route.clone());
    }
}

/// A path's segments, each a list of pieces.
type Route = Vec<Vec<PathPiece>>;

/// The route of one path template and whether it was cut at a `?` or
/// `#`, or `None` after a warning on the path.
fn read_path(path: &str, warnings: &mut Vec<Diagnostic>) -> Option<(Route, bool)> {
    let pointer = join("#/paths", path);
    match route(path) {
        Ok((route, cut)) => {
            if let Some(cut) = cut {
                warnings.push(Diagnostic::warning(
                    &pointer,
                    format!("the text from `{cut}` on is not sent as part of the path: servers route the path before it"),
                ));
            }
            Some((route, cut.is_some()))
        }
        Err(reason) => {
            warnings.push(
                Diagnostic::warning(
                    pointer,
                    format!(
                        "the path {reason}: its operations are left out of the server's router"
                    ),
                )
                .with_hint("the client still sends it as written"),
            );
            None
        }
    }
}

/// The segments of `path` (split at `/`, the first one empty) and, when
/// the template holds a `?` or `#` outside parameters, that character: the
/// client's URL parser ends the path there.
pub(crate) fn route(path: &str) -> Result<(Route, Option<char>), String> {
    if !path.starts_with('/') {
        return Err("does not start with `/`".into());
    }
    let (pieces, cut) = pieces(path)?;
    if matches!(pieces.last(), Some(PathPiece::Text(t)) if t.ends_with(' ')) {
        return Err("ends with a space, which the client's URL parser drops".into());
    }
    let segments = segments(pieces);
    for segment in &segments {
        check_segment(segment)?;
    }
    Ok((segments, cut))
}

/// The template as literal text and parameters, up to a `?` or `#`.
fn pieces(path: &str) -> Result<(Vec<PathPiece>, Option<char>), String> {
    let mut pieces = Vec::new();
    let mut rest = path;
    while let Some(at) = rest.find(['{', '}', '?', '#']) {
        check_text(&rest[..at])?;
        push_text(&mut pieces, &rest[..at]);
        let mark = rest[at..].chars().next().unwrap_or('{');
        match mark {
            '?' | '#' => return Ok((pieces, Some(mark))),
            '}' => return Err("has a `}` that closes no parameter".into()),
            _ => {}
        }
        let Some(len) = rest[at..].find('}') else {
            return Err("has a `{` that is never closed".into());
        };
        let name = &rest[at + 1..at + len];
        if name.contains('{') {
            return Err(format!("has a `{{` inside the parameter `{{{name}}}`"));
        }
        pieces.push(PathPiece::Param(name.to_string()));
        rest = &rest[at + len + 1..];
    }
    check_text(rest)?;
    push_text(&mut pieces, rest);
    Ok((pieces, None))
}

/// Refuses literal text the client's URL parser rewrites.
fn check_text(text: &str) -> Result<(), String> {
    if text.contains('\\') {
        return Err("has a `\\`, which the client's URL parser turns into `/`".into());
    }
    if text.contains(['\t', '\n', '\r']) {
        return Err("has a tab or line break, which the client's URL parser drops".into());
    }
    if text.chars().any(char::is_control) {
        return Err("has a control character".into());
    }
    Ok(())
}

fn push_text(pieces: &mut Vec<PathPiece>, text: &str) {
    if !text.is_empty() {
        pieces.push(PathPiece::Text(text.to_string()));
    }
}

/// The pieces split at every `/` of their text: one list per segment,
/// texts percent-encoded as the client's URL parser sends them.
fn segments(pieces: Vec<PathPiece>) -> Route {
    let mut segments = vec![Vec::new()];
    for piece in pieces {
        match piece {
            PathPiece::Param(name) => last(&mut segments).push(PathPiece::Param(name)),
            PathPiece::Text(text) => {
                let mut parts = text.split('/');
                push_text(last(&mut segments), &as_sent(parts.next().unwrap_or("")));
                for part in parts {
                    segments.push(Vec::new());
                    push_text(last(&mut segments), &as_sent(part));
                }
            }
        }
    }
    segments.remove(0);
    segments
}

fn last(segments: &mut Route) -> &mut Vec<PathPiece> {
    if segments.is_empty() {
        segments.push(Vec::new());
    }
    let at = segments.len() - 1;
    &mut segments[at]
}

/// `text` as the client's URL parser (WHATWG) writes it in a path: spaces,
/// quotes, angle brackets, backticks, braces, DEL and all non-ASCII bytes
/// percent-encoded, everything else (`%` among it) as is.
fn as_sent(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b' ' | b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | 0x7f.. | ..0x20 => {
                out.push_str(&format!("%{byte:02X}"));
            }
            _ => out.push(char::from(byte)),
        }
    }
    out
}

/// Refuses a segment the client's URL parser resolves away, or whose
/// parameters no request could be split into.
fn check_segment(segment: &[PathPiece]) -> Result<(), String> {
    for pair in segment.windows(2) {
        if let [PathPiece::Param(a), PathPiece::Param(b)] = pair {
            return Err(format!(
                "has the parameters `{{{a}}}` and `{{{b}}}` with nothing between them, so no request tells where one ends"
            ));
        }
    }
    if let [PathPiece::Text(text)] = segment {
        let dots = text.to_ascii_lowercase().replace("%2e", ".");
        if dots == "." || dots == ".." {
            return Err(format!(
                "has the segment `{text}`, which the client's URL parser resolves away"
            ));
        }
    }
    Ok(())
}

/// A route with its parameters' names blanked: two routes of one shape
/// match the same requests.
fn shape(route: &[Vec<PathPiece>]) -> Route {
    route
        .iter()
        .map(|segment| {
            segment
                .iter()
                .map(|piece| match piece {
                    PathPiece::Param(_) => PathPiece::Param(String::new()),
                    text => text.clone(),
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> PathPiece {
        PathPiece::Text(s.into())
    }

    fn param(s: &str) -> PathPiece {
        PathPiece::Param(s.into())
    }

    #[test]
    fn templates_split_into_segments_as_sent() {
        let (route, cut) = route("/files/{name}.json/a b/{x/y}").expect("a route");
        assert_eq!(cut, None);
        assert_eq!(
            route,
            vec![
                vec![text("files")],
                vec![param("name"), text(".json")],
                vec![text("a%20b")],
                vec![param("x/y")],
            ]
        );
        let (route, cut) = route_of("/f/{id}#frag/{x}");
        assert_eq!(cut, Some('#'));
        assert_eq!(route, vec![vec![text("f")], vec![param("id")]]);
        let (route, _) = route_of("/a//b/");
        assert_eq!(
            route,
            vec![vec![text("a")], vec![], vec![text("b")], vec![]]
        );
        assert_eq!(route_of("/").0, vec![Vec::<PathPiece>::new()]);
    }

    fn route_of(path: &str) -> (Route, Option<char>) {
        route(path).expect("a route")
    }

    #[test]
    fn templates_no_request_can_follow_are_refused() {
        for (path, reason) in [
            ("/a/{id", "never closed"),
            ("/a/id}", "closes no parameter"),
            ("/a/{b{c}", "inside the parameter"),
            ("/f/{a}{b}", "nothing between them"),
            ("a/b", "does not start with"),
            ("", "does not start with"),
            ("/a/../b", "resolves away"),
            ("/a/%2E/b", "resolves away"),
            ("/a\\b", "`\\`"),
            ("/a\tb", "tab or line break"),
            ("/a\u{1b}b", "control character"),
            ("/a ", "ends with a space"),
        ] {
            let error = route(path).expect_err(path);
            assert!(error.contains(reason), "{path}: {error}");
        }
    }

    #[test]
    fn non_ascii_and_reserved_text_is_encoded_like_the_url_parser() {
        assert_eq!(as_sent("é<>\"`%:*"), "%C3%A9%3C%3E%22%60%:*");
    }
}
