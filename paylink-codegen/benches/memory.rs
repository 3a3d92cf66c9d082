//! Benchmark: the peak memory and wall time of the release command line on
//! big and hostile specs: a synthetic spec of 10,000 operations
//! (`generate --client --server`, `validate`, `diff` with itself), and the
//! YAML alias bombs (billion laughs, merge keys), which must be refused
//! quickly and in little memory.
//!
//! `cargo bench -p paylink-codegen --bench memory` prints one row a run:
//! the spec's size, the peak resident set of the `paylink-codegen` process
//! (`ru_maxrss` from `wait4`, so the child's own peak), the budget (ten
//! times the size of the input plus 100 MB; `diff`'s input is its two
//! specs) and the time. Under `cargo test` (no `--bench` argument) the
//! operations spec is cut to 500 operations.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{json, Map, Value};

/// The argument that makes this binary the measuring process: it runs the
/// command line and prints its exit status and peak.
const MEASURE: &str = "--measure";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == MEASURE) {
        let (exit, peak_kb) = wait(
            Command::new(env!("CARGO_BIN_EXE_paylink-codegen"))
                .args(&args[at + 1..])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("the command line starts"),
        );
        println!("{exit} {peak_kb}");
        return;
    }
    let full = std::env::args().any(|a| a == "--bench");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("memory-bench");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let operations = if full { 10_000 } else { 500 };
    let specs = [
        (
            format!("ops-{operations}.json"),
            many_operations(operations),
            true,
        ),
        ("billion-laughs.yaml".to_string(), billion_laughs(), false),
        ("merge-bomb.yaml".to_string(), merge_bomb(), false),
    ];
    println!(
        "{:<24} {:<9} {:>9} {:>9} {:>10} {:>8} {:>5}",
        "spec", "command", "size KB", "peak MB", "budget MB", "seconds", "exit"
    );
    let mut over = Vec::new();
    for (name, text, valid) in &specs {
        let spec = dir.join(name);
        std::fs::write(&spec, text).expect("scratch spec");
        let out = dir.join("out.rs");
        let runs: [(&str, Vec<&Path>); 3] = [
            (
                "generate",
                vec![
                    &spec,
                    "-o".as_ref(),
                    &out,
                    "--client".as_ref(),
                    "--server".as_ref(),
                ],
            ),
            ("validate", vec![&spec]),
            ("diff", vec![&spec, &spec]),
        ];
        for (command, args) in runs {
            let measured = run(command, &args);
            // `diff` reads two specs (here the same one twice): its input
            // is both.
            let inputs = if command == "diff" { 2 } else { 1 };
            let budget = 10.0 * (inputs * text.len()) as f64 / 1e6 + 100.0;
            println!(
                "{name:<24} {command:<9} {:>9.0} {:>9.1} {:>10.1} {:>8.2} {:>5}",
                text.len() as f64 / 1e3,
                measured.peak_mb,
                budget,
                measured.seconds,
                measured.exit
            );
            let expected = if *valid { 0 } else { 1 };
            assert_eq!(measured.exit, expected, "`{command}` on {name}");
            if measured.peak_mb > budget {
                over.push(format!("{command} {name}"));
            }
        }
    }
    if !over.is_empty() {
        println!("over budget: {}", over.join(", "));
    }
}

/// What one run of the command line took.
struct Measured {
    peak_mb: f64,
    seconds: f64,
    exit: i32,
}

/// Runs `paylink-codegen COMMAND ARGS...` from a small measuring process
/// (this binary with [`MEASURE`]): Linux counts the memory of the process
/// that starts a program in the program's peak, and this one holds the
/// specs it wrote.
fn run(command: &str, args: &[&Path]) -> Measured {
    let started = Instant::now();
    let output = Command::new(std::env::current_exe().expect("bench binary path"))
        .arg(MEASURE)
        .arg(command)
        .args(args)
        .output()
        .expect("the measuring process runs");
    let reply = String::from_utf8_lossy(&output.stdout);
    let mut numbers = reply.split_whitespace().map(|n| n.parse::<i64>().ok());
    let (Some(Some(exit)), Some(Some(peak_kb))) = (numbers.next(), numbers.next()) else {
        panic!("the measuring process said {reply:?}");
    };
    Measured {
        peak_mb: peak_kb as f64 / 1024.0,
        exit: exit as i32,
        seconds: started.elapsed().as_secs_f64(),
    }
}

#[path = "support/peak.rs"]
mod peak;
use peak::wait;

/// A spec with `n` operations, each with a path parameter and a body or
/// response that refers to one of a hundred schemas (as the hostile
/// tests' big spec).
fn many_operations(n: usize) -> String {
    let mut paths = Map::new();
    for i in 0..n {
        let schema = json!({"$ref": format!("#/components/schemas/Item{}", i % 100)});
        let mut op = json!({"operationId": format!("op{i}"),
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}});
        if i % 2 == 1 {
            op["requestBody"] =
                json!({"required": true, "content": {"application/json": {"schema": schema}}});
        }
        let method = if i % 2 == 1 { "post" } else { "get" };
        paths.insert(format!("/r{i}/{{id}}"), json!({ method: op }));
    }
    let schemas: Map<String, Value> = (0..100)
        .map(|i| {
            let item = json!({"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"}, "amount": {"type": "integer", "format": "int64"}}});
            (format!("Item{i}"), item)
        })
        .collect();
    json!({"openapi": "3.0.3", "info": {"title": "big", "version": "1"},
        "servers": [{"url": "https://api.example.com"}], "paths": paths,
        "components": {"schemas": schemas}})
    .to_string()
}

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: Hostile, version: 1.0.0}\npaths: {}\nx-bomb:\n";

/// Ten levels of nine aliases of the level below: 9^10 strings.
fn billion_laughs() -> String {
    let mut text = String::from(HEADER);
    text.push_str(
        "  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..10 {
        let below = format!("*a{}", level - 1);
        let items = [below.as_str(); 9].join(", ");
        let _ = writeln!(text, "  a{level}: &a{level} [{items}]");
    }
    text
}

/// Twelve levels of maps merging the level below nine times with `<<`.
fn merge_bomb() -> String {
    let mut text = String::from(HEADER);
    text.push_str("  m0: &m0 {k0: v, k1: v, k2: v, k3: v, k4: v, k5: v, k6: v, k7: v}\n");
    for level in 1..12 {
        let below = level - 1;
        let copies: Vec<String> = (0..8).map(|c| format!("c{c}: {{<<: *m{below}}}")).collect();
        let _ = writeln!(
            text,
            "  m{level}: &m{level} {{<<: *m{below}, {}}}",
            copies.join(", ")
        );
    }
    text
}
