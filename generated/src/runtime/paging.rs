//! Following a list operation's pages: a stream of pages (and of their
//! items) that sends the operation's request builder, reads the next
//! cursor, link or page number out of each page, and stops at the end.
//! Where the values are is declared by [`Paging`], which the generator
//! writes from the spec (detected, or declared with
//! `x-paylink-pagination`).

use std::collections::VecDeque;
use std::future::Future;

use futures_util::stream::{self, Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::Error;

/// How the next page is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// The page holds the next cursor at `from`; it goes in the query
    /// parameter the builder's setter writes. A missing, null or empty
    /// cursor ends the list.
    Cursor {
        /// JSON pointer in the page.
        from: &'static str,
    },
    /// The cursor is a field of the page's last item (`starting_after`
    /// with the last item's `id`).
    LastItem {
        /// JSON pointer in the item.
        field: &'static str,
    },
    /// The page links to the next one; the cursor is the query parameter
    /// `param` of that link. `from` points at a URL, at a link object with
    /// `href`, or at an array of link objects where `rel` is `next`.
    Link {
        /// JSON pointer in the page.
        from: &'static str,
        /// The query parameter of the link holding the cursor.
        param: &'static str,
    },
    /// Pages are numbered from `first`; the builder's setter takes the
    /// number.
    Number {
        /// The first page's number.
        first: u64,
        /// JSON pointer to the number of pages, when the page gives it.
        total: Option<&'static str>,
    },
}

/// Where a page's items are and how the next page is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    /// JSON pointer to the items array in a page.
    pub items: &'static str,
    /// JSON pointer to a "there are more" flag, when the page has one;
    /// `false` ends the list.
    pub has_more: Option<&'static str>,
    /// How the next page is asked for.
    pub next: Next,
}

/// Sends a builder and returns (a future of) the page of its success
/// answer. The future is not boxed: a page stream is `Send` exactly when
/// the operation's call is, seen through its type where it is used.
pub type Fetch<B, F> = fn(B) -> F;

/// Sets the cursor (or page number) on a builder; `None` when the value
/// does not fit the parameter's type.
pub type SetCursor<B> = fn(B, &Value) -> Option<B>;

struct State<B> {
    next: Option<B>,
    previous: Option<Value>,
    number: u64,
}

/// The pages of a list, from `first` until the last.
pub fn pages<'a, B, P, F>(
    first: B,
    paging: Paging,
    fetch: Fetch<B, F>,
    set: SetCursor<B>,
) -> impl Stream<Item = Result<P, Error>> + 'a
where
    B: Clone + 'a,
    P: Serialize + 'a,
    F: Future<Output = Result<P, Error>> + 'a,
{
    StreamExt::map(read_pages(first, paging, fetch, set), |page| {
        page.map(|(page, _)| page)
    })
}

/// The items of every page, in order.
pub fn items<'a, B, P, T, F>(
    first: B,
    paging: Paging,
    fetch: Fetch<B, F>,
    set: SetCursor<B>,
) -> impl Stream<Item = Result<T, Error>> + 'a
where
    B: Clone + 'a,
    P: Serialize + 'a,
    F: Future<Output = Result<P, Error>> + 'a,
    T: DeserializeOwned + 'a,
{
    let pages = Box::pin(read_pages(first, paging, fetch, set));
    stream::unfold(
        (pages, VecDeque::new()),
        move |(mut pages, mut queue)| async move {
            loop {
                if let Some(item) = queue.pop_front() {
                    return Some((Ok(item), (pages, queue)));
                }
                let page = StreamExt::next(&mut pages).await?;
                match page.and_then(|(_, json)| page_items::<T>(json, paging.items)) {
                    Ok(items) => queue.extend(items),
                    Err(e) => return Some((Err(e), (pages, queue))),
                }
            }
        },
    )
}

/// Each page with its JSON form, which says where the next page is and
/// holds the items (read once per page).
fn read_pages<'a, B, P, F>(
    first: B,
    paging: Paging,
    fetch: Fetch<B, F>,
    set: SetCursor<B>,
) -> impl Stream<Item = Result<(P, Value), Error>> + 'a
where
    B: Clone + 'a,
    P: Serialize + 'a,
    F: Future<Output = Result<P, Error>> + 'a,
{
    let number = match paging.next {
        Next::Number { first, .. } => first,
        _ => 0,
    };
    let state = State {
        next: Some(first),
        previous: None,
        number,
    };
    stream::unfold(state, move |mut state| async move {
        let builder = state.next.take()?;
        let page = match fetch(builder.clone()).await {
            Ok(page) => page,
            Err(e) => return Some((Err(e), state)),
        };
        let json = match serde_json::to_value(&page) {
            Ok(json) => json,
            Err(e) => return Some((Err(paging_error(e.to_string())), state)),
        };
        state.next = next_builder(builder, &json, &paging, set, &mut state);
        Some((Ok((page, json)), state))
    })
}

fn page_items<T: DeserializeOwned>(mut page: Value, pointer: &str) -> Result<Vec<T>, Error> {
    match page.pointer_mut(pointer).map(Value::take) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(items) => serde_json::from_value(items).map_err(|e| paging_error(e.to_string())),
    }
}

fn paging_error(message: String) -> Error {
    Error::Paging { message }
}

/// The builder of the next page, or `None` at the end of the list.
fn next_builder<B>(
    builder: B,
    page: &Value,
    paging: &Paging,
    set: SetCursor<B>,
    state: &mut State<B>,
) -> Option<B> {
    let items = page.pointer(paging.items).and_then(Value::as_array);
    if items.is_none_or(|i| i.is_empty()) {
        return None;
    }
    if let Some(flag) = paging.has_more {
        if page.pointer(flag) == Some(&Value::Bool(false)) {
            return None;
        }
    }
    let cursor = match paging.next {
        Next::Cursor { from } => page.pointer(from).cloned(),
        Next::LastItem { field } => items
            .and_then(|i| i.last())
            .and_then(|last| last.pointer(field))
            .cloned(),
        Next::Link { from, param } => page
            .pointer(from)
            .and_then(next_link)
            .and_then(|url| query_value(&url, param)),
        Next::Number { total, .. } => {
            if let Some(total) = total.and_then(|p| page.pointer(p)).and_then(Value::as_u64) {
                if state.number >= total {
                    return None;
                }
            }
            state.number += 1;
            Some(Value::from(state.number))
        }
    }?;
    let usable = match &cursor {
        Value::String(s) => !s.is_empty(),
        Value::Null => false,
        _ => true,
    };
    // A server repeating a cursor would make the list endless.
    if !usable || state.previous.as_ref() == Some(&cursor) {
        return None;
    }
    let next = set(builder, &cursor);
    state.previous = Some(cursor);
    next
}

/// The URL of the next page: a string, a link object's `href`, or the
/// `href` of the link whose `rel` is `next` in an array of links.
fn next_link(value: &Value) -> Option<String> {
    match value {
        Value::String(url) => Some(url.clone()),
        Value::Object(link) => link.get("href")?.as_str().map(str::to_string),
        Value::Array(links) => links
            .iter()
            .find(|l| l.get("rel").and_then(Value::as_str) == Some("next"))
            .and_then(next_link),
        _ => None,
    }
}

/// The value of the query parameter `name` in `url`, decoded.
fn query_value(url: &str, name: &str) -> Option<Value> {
    let parsed = reqwest::Url::parse(url)
        .or_else(|_| reqwest::Url::parse("http://relative.invalid").and_then(|base| base.join(url)))
        .ok()?;
    let found = parsed.query_pairs().find(|(k, _)| k == name)?;
    Some(Value::String(found.1.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links_come_from_strings_objects_and_rel_next() {
        let array = serde_json::json!([
            {"rel": "previous", "href": "https://a.test/x?before=1"},
            {"rel": "next", "href": "https://a.test/x?after=abc%20d&limit=2"}
        ]);
        let url = next_link(&array).expect("a next link");
        assert_eq!(query_value(&url, "after"), Some(Value::from("abc d")));
        let object = serde_json::json!({"href": "/x?page=3"});
        let url = next_link(&object).expect("an href");
        assert_eq!(query_value(&url, "page"), Some(Value::from("3")));
        assert_eq!(
            next_link(&serde_json::json!([{"rel": "self", "href": "/x"}])),
            None
        );
    }
}
