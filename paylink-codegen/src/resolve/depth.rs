//! How deep the document nests once references are followed.
//!
//! The readers bound written nesting, but a chain of schemas each holding
//! a reference to the next nests as deep as the chain is long, and every
//! stage that follows references (the diff, the server's validation rules)
//! recurses along it. The longest chain is measured here, without
//! recursion, and a document past [`MAX_REF_DEPTH`] is refused with a
//! located error, so no later stage can overflow its stack. A reference
//! back to a schema already on the chain (a recursive type) ends the chain:
//! the stages that follow references stop there too.

use std::collections::HashMap;

use crate::diagnostic::Diagnostics;
use crate::load::MAX_DEPTH;

/// Deepest nesting, counting the levels written and those reached through
/// `$ref`, that a document may have.
pub const MAX_REF_DEPTH: usize = 4 * MAX_DEPTH;

/// One resolved reference: where it is written and the pointer it names.
pub(super) struct Edge<'a> {
    pub site: &'a str,
    pub target: &'a str,
}

/// Refuses the document when following references from any of `edges`
/// nests deeper than [`MAX_REF_DEPTH`]; the error names the first such
/// reference in document order.
pub(super) fn check(edges: &[Edge<'_>], diags: &mut Diagnostics) {
    let graph = Graph::new(edges);
    let heights = graph.heights();
    for (i, edge) in edges.iter().enumerate() {
        let depth = tokens(edge.site) + heights[graph.target_of[i]];
        if depth > MAX_REF_DEPTH {
            diags
                .error(
                    &format!("{}/$ref", edge.site),
                    format!(
                        "following `$ref` from here nests the document {depth} levels deep, past the limit of {MAX_REF_DEPTH}"
                    ),
                )
                .hint("shorten the chain of schemas that refer to each other; a reference back to a schema on the chain (a recursive type) is fine");
            return;
        }
    }
}

/// The reference targets, and for each the references written inside it.
struct Graph<'a> {
    targets: Vec<&'a str>,
    /// Per target: (levels below the target, index of the referred target).
    inner: Vec<Vec<(usize, usize)>>,
    /// Per edge: index of its target.
    target_of: Vec<usize>,
}

impl<'a> Graph<'a> {
    fn new(edges: &[Edge<'a>]) -> Self {
        let mut index: HashMap<&'a str, usize> = HashMap::new();
        let mut targets = Vec::new();
        let target_of: Vec<usize> = edges
            .iter()
            .map(|e| {
                *index.entry(e.target).or_insert_with(|| {
                    targets.push(e.target);
                    targets.len() - 1
                })
            })
            .collect();
        let mut inner = vec![Vec::new(); targets.len()];
        for (edge, &to) in edges.iter().zip(&target_of) {
            for (prefix, below) in prefixes(edge.site) {
                if let Some(&from) = index.get(prefix) {
                    // A reference standing for its schema (`$ref` alone)
                    // still costs a level to every stage that follows it.
                    inner[from].push((below.max(1), to));
                }
            }
        }
        Graph {
            targets,
            inner,
            target_of,
        }
    }

    /// For each target, how many levels the references inside it add,
    /// found by an iterative depth-first walk; an edge back into the walk's
    /// path adds only its own levels.
    fn heights(&self) -> Vec<usize> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            Open,
            Done,
        }
        let mut state = vec![State::New; self.targets.len()];
        let mut height = vec![0usize; self.targets.len()];
        for root in 0..self.targets.len() {
            if state[root] != State::New {
                continue;
            }
            let mut stack = vec![(root, 0usize)];
            state[root] = State::Open;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&(below, to)) = self.inner[node].get(*next) {
                    *next += 1;
                    match state[to] {
                        State::New => {
                            state[to] = State::Open;
                            stack.push((to, 0));
                        }
                        State::Open => height[node] = height[node].max(below),
                        State::Done => height[node] = height[node].max(below + height[to]),
                    }
                    continue;
                }
                stack.pop();
                state[node] = State::Done;
                if let Some(&(parent, next)) = stack.last() {
                    let (below, _) = self.inner[parent][next - 1];
                    height[parent] = height[parent].max(below + height[node]);
                }
            }
        }
        height
    }
}

/// Number of reference tokens of a pointer (`#/a/b`: 2).
fn tokens(pointer: &str) -> usize {
    pointer.matches('/').count()
}

/// Every proper-or-equal prefix of `pointer` that ends at a token
/// boundary, with how many tokens of `pointer` lie below it.
fn prefixes(pointer: &str) -> impl Iterator<Item = (&str, usize)> {
    let total = tokens(pointer);
    let cuts = pointer
        .match_indices('/')
        .map(|(i, _)| i)
        .chain(std::iter::once(pointer.len()));
    cuts.enumerate()
        .map(move |(n, i)| (&pointer[..i], total - n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<(String, String)> {
        (0..n)
            .map(|i| {
                (
                    format!("#/components/schemas/S{i}/properties/next"),
                    format!("#/components/schemas/S{}", i + 1),
                )
            })
            .collect()
    }

    fn run(pairs: &[(String, String)]) -> Diagnostics {
        let edges: Vec<Edge<'_>> = pairs
            .iter()
            .map(|(site, target)| Edge { site, target })
            .collect();
        let mut diags = Diagnostics::default();
        check(&edges, &mut diags);
        diags
    }

    #[test]
    fn long_chains_are_refused_and_short_ones_and_cycles_pass() {
        assert!(!run(&chain(100)).has_errors());
        let long = run(&chain(1000));
        assert!(long.has_errors());
        assert_eq!(
            long.items()[0].pointer,
            "#/components/schemas/S0/properties/next/$ref"
        );
        let mut cyclic = chain(100);
        cyclic.push((
            "#/components/schemas/S100/properties/back".into(),
            "#/components/schemas/S0".into(),
        ));
        assert!(!run(&cyclic).has_errors());
    }

    #[test]
    fn prefixes_count_the_tokens_below() {
        let got: Vec<_> = prefixes("#/a/b").collect();
        assert_eq!(got, [("#", 2), ("#/a", 1), ("#/a/b", 0)]);
    }
}
