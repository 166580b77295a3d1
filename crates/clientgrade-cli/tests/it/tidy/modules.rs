//! No cycle between the top-level modules of a crate: the module graph read from the sources and its cycles.

use std::path::{Path, PathBuf};

use super::crate_dirs;

/// The top-level modules of every crate refer to each other without a
/// cycle, so that each module can be read, tested and moved knowing only
/// the modules below it. A cycle fails naming its path, e.g.
/// `clientgrade-report: html → terminal → html`. What counts is code outside
/// `#[cfg(test)]`: comments, strings and macro calls (`crate::html!`) name no
/// module; a crate-root item with a module's name (`crate::load`, re-exported
/// from `load`) counts as that module.
#[test]
fn top_level_modules_form_no_cycle() {
    let mut found = Vec::new();
    for dir in crate_dirs() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let graph = module_graph(&dir.join("src"));
        assert!(!graph.is_empty(), "{name}: no module found");
        for group in cycles(&graph) {
            found.push(format!("{name}: {}", cycle_path(&graph, &group)));
        }
    }
    assert!(
        found.is_empty(),
        "module cycles (move the shared piece into a module both can use):\n{}",
        found.join("\n")
    );
}

/// The checker itself: references in code count, those in tests, comments,
/// strings and macro calls do not, and `super::` from a top-level module
/// is the crate root.
#[test]
fn the_module_cycle_check_sees_code_references_only() {
    let dir = std::env::temp_dir().join(format!("cg-tidy-modules-{}", std::process::id()));
    let files = [
        ("lib.rs", "mod a;\nmod b;\nmod c;\n#[cfg(test)]\nmod t;\n"),
        ("a.rs", "//! a\nuse crate::{c, b::X};\n"),
        ("b/mod.rs", "//! b\nmod inner;\nfn f() { crate::c!(\"crate::a\"); }\n"),
        ("b/inner.rs", "//! inner\nuse super::super::{a::Y};\nconst Q: char = '\"';\n"),
        ("c.rs", "//! c, see [`crate::a`]\nfn g<'a>(x: &'a str) -> &'a str { x }\n#[cfg(test)]\nmod tests { use crate::a; fn h() { if true { crate::b::f() } } }\nconst S: &str = r#\"crate::b\"#;\n"),
        ("t.rs", "//! test only\nuse crate::a;\n"),
    ];
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let graph = module_graph(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    let edges: Vec<String> = graph
        .iter()
        .flat_map(|(m, to)| to.iter().map(move |t| format!("{m}→{t}")))
        .collect();
    assert_eq!(edges, ["a→b", "a→c", "b→a"]);
    let groups = cycles(&graph);
    assert_eq!(groups, [vec!["a".to_string(), "b".into()]]);
    assert_eq!(cycle_path(&graph, &groups[0]), "a → b → a");
}

type ModuleGraph = std::collections::BTreeMap<String, std::collections::BTreeSet<String>>;

/// The crate's top-level modules (declared by lib.rs or main.rs, tests
/// aside) and, for each, the other top-level modules its code names.
fn module_graph(src: &Path) -> ModuleGraph {
    let roots: Vec<PathBuf> = ["lib.rs", "main.rs"]
        .iter()
        .map(|f| src.join(f))
        .filter(|p| p.is_file())
        .collect();
    let mut modules = Vec::new();
    for root_file in &roots {
        modules.extend(declared_modules(root_file));
    }
    let names: Vec<&str> = modules.iter().map(|(n, _)| n.as_str()).collect();
    let mut graph = ModuleGraph::new();
    for (name, file) in &modules {
        let to = graph.entry(name.clone()).or_default();
        // each file of the module with its path of modules below the root
        let mut todo = vec![(file.clone(), vec![name.clone()])];
        while let Some((file, path)) = todo.pop() {
            let code = code_only(&std::fs::read_to_string(&file).unwrap());
            let code = without_test_items(&code);
            let tokens = tokens(&code);
            for target in root_references(&tokens, path.len()) {
                if target != *name && names.contains(&target.as_str()) {
                    to.insert(target);
                }
            }
            for (child, child_file) in declared_modules_in(&file, &tokens) {
                let mut p = path.clone();
                p.push(child);
                todo.push((child_file, p));
            }
        }
    }
    graph
}

fn declared_modules(file: &Path) -> Vec<(String, PathBuf)> {
    let code = without_test_items(&code_only(&std::fs::read_to_string(file).unwrap()));
    declared_modules_in(file, &tokens(&code))
}

/// `mod name;` declarations of `file` (test code already removed) and the
/// file each one is in.
fn declared_modules_in(file: &Path, tokens: &[String]) -> Vec<(String, PathBuf)> {
    let stem = file.file_stem().unwrap().to_string_lossy();
    let dir = if matches!(stem.as_ref(), "lib" | "main" | "mod") {
        file.parent().unwrap().to_path_buf()
    } else {
        file.with_extension("")
    };
    tokens
        .windows(3)
        .filter(|w| w[0] == "mod" && w[2] == ";")
        .map(|w| {
            let flat = dir.join(format!("{}.rs", w[1]));
            let file = if flat.is_file() {
                flat
            } else {
                dir.join(&w[1]).join("mod.rs")
            };
            (w[1].clone(), file)
        })
        .collect()
}

/// The crate-root items a file `depth` modules below the root names:
/// `crate::x`, `$crate::x`, `crate::{x, y::z}` and `super::…::x` reaching
/// the root; a macro call `crate::x!` names no module.
fn root_references(t: &[String], depth: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 2 < t.len() {
        let mut at = None;
        if t[i] == "crate" && t[i + 1] == "::" {
            at = Some(i + 2);
        } else if t[i] == "super" && t[i + 1] == "::" && (i == 0 || t[i - 1] != "::") {
            let mut j = i;
            let mut up = 0;
            while j + 1 < t.len() && t[j] == "super" && t[j + 1] == "::" {
                up += 1;
                j += 2;
            }
            if up >= depth {
                at = Some(j);
            }
            i = j - 1;
        }
        if let Some(j) = at {
            if t.get(j).is_some_and(|x| x == "{") {
                // a group: the first name of each item at depth 1
                let mut level = 0;
                let mut k = j;
                while k < t.len() {
                    match t[k].as_str() {
                        "{" => level += 1,
                        "}" => level -= 1,
                        _ => {}
                    }
                    if level == 0 {
                        break;
                    }
                    if level == 1 && (t[k] == "{" || t[k] == ",") {
                        if let Some(x) = t.get(k + 1).filter(|x| is_ident(x)) {
                            out.push(x.clone());
                        }
                    }
                    k += 1;
                }
            } else if t.get(j).is_some_and(|x| is_ident(x)) && t.get(j + 1).is_none_or(|x| x != "!")
            {
                out.push(t[j].clone());
            }
        }
        i += 1;
    }
    out
}

fn is_ident(s: &str) -> bool {
    s.chars().all(|c| c.is_alphanumeric() || c == '_') && !s.is_empty()
}

/// Identifiers, `::` and single punctuation characters of code.
fn tokens(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = String::from(c);
            while let Some(&n) = chars.peek().filter(|n| n.is_alphanumeric() || **n == '_') {
                word.push(n);
                chars.next();
            }
            out.push(word);
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            out.push("::".into());
        } else if !c.is_whitespace() {
            out.push(c.to_string());
        }
    }
    out
}

/// `code` with comments, string and character literals blanked out (a
/// space each), so that only code is left to read.
fn code_only(src: &str) -> String {
    let s: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < s.len() {
        let c = s[i];
        let next = s.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut level = 0;
            while i < s.len() {
                if s[i] == '/' && s.get(i + 1) == Some(&'*') {
                    level += 1;
                    i += 2;
                } else if s[i] == '*' && s.get(i + 1) == Some(&'/') {
                    level -= 1;
                    i += 2;
                    if level == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && (i == 0 || !ident(s[i - 1]) || s[i - 1] == 'b')
        {
            // a raw string r"…", r#"…"#
            let mut j = i + 1;
            let mut hashes = 0;
            while s.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if s.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            while j < s.len() && !(s[j] == '"' && (1..=hashes).all(|h| s.get(j + h) == Some(&'#')))
            {
                j += 1;
            }
            i = j + 1 + hashes;
            out.push(' ');
        } else if c == '"' {
            i += 1;
            while i < s.len() && s[i] != '"' {
                i += if s[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(' ');
        } else if c == '\'' && next == Some('\\') {
            i += 3; // the quote, the backslash and the escaped character
            while i < s.len() && s[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push(' ');
        } else if c == '\'' && s.get(i + 2) == Some(&'\'') {
            i += 3;
            out.push(' ');
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// `code` (comments and literals already blanked) without the items under
/// `#[cfg(test)]`: a test module, a test-only `use` or function.
fn without_test_items(code: &str) -> String {
    const MARK: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let b = &rest.as_bytes()[at + MARK.len()..];
        let mut i = 0;
        let mut level = 0i32; // () and [] (attributes, array types)
        while i < b.len() {
            match b[i] {
                b'(' | b'[' => level += 1,
                b')' | b']' => level -= 1,
                b';' if level == 0 => break,
                b'{' if level == 0 => {
                    let mut braces = 0;
                    while i < b.len() {
                        match b[i] {
                            b'{' => braces += 1,
                            b'}' => braces -= 1,
                            _ => {}
                        }
                        if braces == 0 {
                            break;
                        }
                        i += 1;
                    }
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        rest = &rest[(at + MARK.len() + i + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// The groups of modules that reach each other (each sorted, groups in
/// order of their first module).
fn cycles(graph: &ModuleGraph) -> Vec<Vec<String>> {
    let reach = |from: &String| {
        let mut seen = std::collections::BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(m) = todo.pop() {
            for n in graph.get(&m).into_iter().flatten() {
                if seen.insert(n.clone()) {
                    todo.push(n.clone());
                }
            }
        }
        seen
    };
    let reaches: ModuleGraph = graph.keys().map(|m| (m.clone(), reach(m))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for (m, r) in &reaches {
        if !r.contains(m) || groups.iter().any(|g| g.contains(m)) {
            continue;
        }
        let group: Vec<String> = r
            .iter()
            .filter(|n| reaches[*n].contains(m))
            .cloned()
            .collect();
        groups.push(group);
    }
    groups
}

/// A shortest cycle through the first module of `group`: `a → b → a`.
fn cycle_path(graph: &ModuleGraph, group: &[String]) -> String {
    let start = &group[0];
    let mut came_from: std::collections::BTreeMap<&String, &String> = Default::default();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(m) = queue.pop_front() {
        for n in &graph[m] {
            if n == start {
                let mut path = vec![start.as_str()];
                let mut at = m;
                while at != start {
                    path.push(at);
                    at = came_from[at];
                }
                path.push(start);
                let last = path.len() - 1;
                path[1..last].reverse();
                return path.join(" → ");
            }
            if group.contains(n) && !came_from.contains_key(n) {
                came_from.insert(n, m);
                queue.push_back(n);
            }
        }
    }
    group.join(", ")
}
