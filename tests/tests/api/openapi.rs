//! `GET /openapi.json` tells the truth: it documents exactly the routes the route table
//! registers (read from the source, as `schema.rs` reads `schema.rs`), it is a valid
//! OpenAPI 3.0 document whose references all resolve, and live answers of a whole
//! shopping-and-delivery walk match the documented statuses, content types and schemas.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use reqwest::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::checkout::{checkout, checkout_body, shop};
use crate::helpers::{Backend, DEMO_PASSWORD, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    the_served_document_is_valid_openapi,
    answers_match_the_documented_schemas
);

/// The methods an OpenAPI path item can hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn api_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/src")
}

/// The document as stored in the repository (what the binary embeds).
fn stored_document() -> Value {
    let path = api_src().join("http/openapi.json");
    let text = std::fs::read_to_string(&path).expect("api/src/http/openapi.json");
    serde_json::from_str(&text).expect("openapi.json is JSON")
}

/// `/v1/retailers/{retailer_id}/print.{ext}` → `/v1/retailers/{}/print.{}`: parameter
/// names (and actix regex constraints) do not matter, positions do.
fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push_str("{}");
                }
                depth += 1;
            }
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// (METHOD, normalized path) of every operation in the document.
fn documented_routes(doc: &Value) -> BTreeSet<(String, String)> {
    let paths = doc["paths"].as_object().expect("paths");
    let mut routes = BTreeSet::new();
    for (path, item) in paths {
        for method in METHODS {
            if item.get(method).is_some() {
                routes.insert((method.to_ascii_uppercase(), normalize(path)));
            }
        }
    }
    routes
}

// ---------------------------------------------------------------------------------------
// Reading the route table from the source.
// ---------------------------------------------------------------------------------------

/// A Rust source file, with a copy in which comments and the contents of string and char
/// literals are blanked out (same byte offsets), so that brackets are matched and tokens
/// found only in code, while literals are read from the original.
struct Source {
    path: PathBuf,
    text: String,
    code: String,
}

impl Source {
    fn read(path: &Path) -> Self {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let code = mask(&text);
        Self {
            path: path.to_owned(),
            text,
            code,
        }
    }

    fn fail(&self, at: usize, what: &str) -> ! {
        let line = self.text[..at].lines().count();
        panic!(
            "{}:{line}: {what}; teach tests/tests/api/openapi.rs this registration form",
            self.path.display()
        )
    }

    /// The index of the bracket closing the one at `open`.
    fn closing(&self, open: usize) -> usize {
        let bytes = self.code.as_bytes();
        let (opener, closer) = match bytes[open] {
            b'(' => (b'(', b')'),
            b'{' => (b'{', b'}'),
            b'[' => (b'[', b']'),
            _ => self.fail(open, "not a bracket"),
        };
        let mut depth = 0usize;
        for (i, &b) in bytes.iter().enumerate().skip(open) {
            if b == opener {
                depth += 1;
            } else if b == closer {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
        }
        self.fail(open, "unbalanced bracket")
    }

    /// The string literal starting at `at` (after whitespace): its contents and the index
    /// after its closing quote.
    fn string_at(&self, at: usize) -> Option<(String, usize)> {
        let bytes = self.code.as_bytes();
        let start = at + self.code[at..].len() - self.code[at..].trim_start().len();
        if bytes.get(start) != Some(&b'"') {
            return None;
        }
        let end = start + 1 + self.code[start + 1..].find('"')?;
        Some((self.text[start + 1..end].to_owned(), end + 1))
    }

    /// The body (between the braces) of `fn name`.
    fn fn_body(&self, name: &str) -> (usize, usize) {
        let needle = format!("fn {name}(");
        let at = self
            .code
            .match_indices(&needle)
            .map(|(i, _)| i)
            .find(|&i| i == 0 || !is_ident(self.code.as_bytes()[i - 1]))
            .unwrap_or_else(|| self.fail(0, &format!("no fn {name}")));
        let open = at
            + self.code[at..]
                .find('{')
                .unwrap_or_else(|| self.fail(at, "fn without body"));
        (open + 1, self.closing(open))
    }

    /// Every route attribute of the file: handler name → (METHOD, path).
    fn route_attributes(&self) -> BTreeMap<String, Vec<(String, String)>> {
        let mut handlers = BTreeMap::new();
        for (at, _) in self.code.match_indices("#[") {
            let rest = &self.code[at + 2..];
            let Some(name_len) = rest.find('(') else {
                continue;
            };
            let macro_name = &rest[..name_len];
            let open = at + 2 + name_len;
            let close = self.closing(open);
            let routes: Vec<(String, String)> = match macro_name {
                "get" | "post" | "put" | "patch" | "delete" | "head" => {
                    let (path, _) = self
                        .string_at(open + 1)
                        .unwrap_or_else(|| self.fail(at, "route attribute without a path"));
                    vec![(macro_name.to_ascii_uppercase(), path)]
                }
                "route" => {
                    let (path, _) = self
                        .string_at(open + 1)
                        .unwrap_or_else(|| self.fail(at, "route attribute without a path"));
                    let args = &self.text[open..close];
                    args.match_indices("method")
                        .filter_map(|(i, _)| {
                            let value = args[i..].split('"').nth(1)?;
                            Some((value.to_ascii_uppercase(), path.clone()))
                        })
                        .collect()
                }
                _ => continue,
            };
            let after = &self.code[close..];
            let fn_at = after
                .find("fn ")
                .unwrap_or_else(|| self.fail(at, "route attribute without fn"));
            let name: String = after[fn_at + 3..]
                .bytes()
                .take_while(|&b| is_ident(b))
                .map(char::from)
                .collect();
            handlers.insert(name, routes);
        }
        handlers
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Blanks comments and literal contents, keeping byte offsets.
fn mask(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut out[from..to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
                blank(&mut out, i, end);
                i = end;
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !is_ident(bytes[i - 1])) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                if bytes.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let start = i + 2 + hashes;
                let terminator = format!("\"{}", "#".repeat(hashes));
                let end = text[start..]
                    .find(&terminator)
                    .map_or(bytes.len(), |n| start + n);
                blank(&mut out, start, end);
                i = end + terminator.len();
            }
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                blank(&mut out, i + 1, j.min(bytes.len()));
                i = j + 1;
            }
            b'\'' => {
                // A char literal ('x', '\n', '\''), or a lifetime ('a), which stays.
                let end = if bytes.get(i + 1) == Some(&b'\\') {
                    text[i + 3..].find('\'').map(|n| i + 3 + n)
                } else {
                    let width = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (bytes.get(i + 1 + width) == Some(&b'\'')).then_some(i + 1 + width)
                };
                match end {
                    Some(end) => {
                        blank(&mut out, i + 1, end);
                        i = end + 1;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    // Only ASCII bytes were written over whole characters, so this stays UTF-8.
    String::from_utf8(out).expect("masked source is UTF-8")
}

/// The directory of the modules declared in `file`.
fn module_dir(file: &Path) -> PathBuf {
    let parent = file.parent().expect("file has a directory");
    match file.file_stem().and_then(|s| s.to_str()) {
        Some("mod" | "lib" | "main") => parent.to_owned(),
        Some(stem) => parent.join(stem),
        None => parent.to_owned(),
    }
}

/// The file and function a path like `health::routes` or
/// `crate::web::routes::configure` names, seen from `file`.
fn resolve(file: &Path, path: &str) -> (PathBuf, String) {
    let mut segments: Vec<&str> = path.split("::").map(str::trim).collect();
    let function = segments.pop().expect("a path").to_owned();
    if segments.is_empty() {
        return (file.to_owned(), function);
    }
    let mut dir = module_dir(file);
    for (n, segment) in segments.iter().enumerate() {
        match *segment {
            "crate" if n == 0 => dir = api_src(),
            "self" => {}
            "super" => dir = dir.parent().expect("super has a parent").to_owned(),
            name => dir = dir.join(name),
        }
    }
    let as_file = dir.with_extension("rs");
    let target = if as_file.is_file() {
        as_file
    } else {
        dir.join("mod.rs")
    };
    (target, function)
}

/// Every (METHOD, path) that `fn function` of `file` registers, under `prefix`.
fn registered(file: &Path, function: &str, prefix: &str, out: &mut BTreeSet<(String, String)>) {
    let source = Source::read(file);
    let (start, end) = source.fn_body(function);
    let code = &source.code;
    // web::scope("/v1").configure(…)…: a prefix for everything up to the end of the chain.
    let scopes: Vec<(usize, usize, String)> = code[start..end]
        .match_indices("web::scope(")
        .map(|(i, m)| {
            let at = start + i;
            let (scope, _) = source
                .string_at(at + m.len())
                .unwrap_or_else(|| source.fail(at, "scope without a literal path"));
            let mut depth = 0i32;
            let mut stop = end;
            for (j, b) in code.bytes().enumerate().take(end).skip(at) {
                match b {
                    b'(' => depth += 1,
                    b')' => depth -= 1,
                    b';' if depth == 0 => depth = -1,
                    _ => {}
                }
                if depth < 0 {
                    stop = j;
                    break;
                }
            }
            (at, stop, scope)
        })
        .collect();
    let prefix_at = |at: usize| -> String {
        let mut full = prefix.to_owned();
        for (from, to, scope) in &scopes {
            if (*from..*to).contains(&at) {
                full.push_str(scope);
            }
        }
        full
    };
    let attributes = source.route_attributes();
    let body = &code[start..end];

    for (i, m) in body.match_indices(".configure(") {
        let open = start + i + m.len() - 1;
        let arg = code[open + 1..source.closing(open)].trim();
        if !arg.bytes().all(|b| is_ident(b) || b == b':') {
            source.fail(open, "configure with something other than a function path");
        }
        let (target, target_fn) = resolve(file, arg);
        registered(&target, &target_fn, &prefix_at(open), out);
    }

    for (i, m) in body.match_indices(".service(") {
        let open = start + i + m.len() - 1;
        let close = source.closing(open);
        let arg = code[open + 1..close].trim();
        let prefix = prefix_at(open);
        if arg.starts_with("web::scope(") {
            continue; // its contents are registrations of this body, prefixed above
        }
        if arg.bytes().all(|b| is_ident(b) || b == b':') {
            let (handler_file, handler) = resolve(file, arg);
            let handlers = if handler_file == file {
                attributes.clone()
            } else {
                Source::read(&handler_file).route_attributes()
            };
            let routes = handlers
                .get(&handler)
                .unwrap_or_else(|| source.fail(open, &format!("no route attribute on {arg}")));
            for (method, path) in routes {
                out.insert((method.clone(), normalize(&format!("{prefix}{path}"))));
            }
            continue;
        }
        // A resource: page("/path").get(h).post(h) or web::resource("/path").route(web::get()…).
        let Some(paren) = ["page(", "web::resource(", "Resource::new("]
            .iter()
            .find_map(|ctor| arg.strip_prefix(ctor).map(|_| ctor.len()))
        else {
            source.fail(open, &format!("unrecognised service {arg}"));
        };
        let arg_start = open + 1 + (code[open + 1..].len() - code[open + 1..].trim_start().len());
        let (path, after) = source
            .string_at(arg_start + paren)
            .unwrap_or_else(|| source.fail(open, "resource without a literal path"));
        let chain = &code[after..close];
        let mut methods = BTreeSet::new();
        for method in ["get", "post", "put", "patch", "delete", "head"] {
            if chain.contains(&format!(".{method}(")) || chain.contains(&format!("web::{method}()"))
            {
                methods.insert(method.to_ascii_uppercase());
            }
        }
        if methods.is_empty() {
            source.fail(open, "resource without methods");
        }
        for method in methods {
            out.insert((method, normalize(&format!("{prefix}{path}"))));
        }
    }

    for (i, m) in body.match_indices(".route(") {
        let open = start + i + m.len() - 1;
        // `.route(web::get()…)` inside a resource was read with the resource.
        let Some((path, after)) = source.string_at(open + 1) else {
            continue;
        };
        let rest = code[after..].trim_start_matches([',', ' ', '\n']);
        let method = rest
            .strip_prefix("web::")
            .and_then(|r| r.split("()").next())
            .filter(|m| ["get", "post", "put", "patch", "delete", "head"].contains(m))
            .unwrap_or_else(|| source.fail(open, "route without web::METHOD()"));
        out.insert((
            method.to_ascii_uppercase(),
            normalize(&format!("{}{path}", prefix_at(open))),
        ));
    }
}

/// Every route the app registers, starting from `http::routes::configure`.
fn route_table() -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    registered(
        &api_src().join("http/routes/mod.rs"),
        "configure",
        "",
        &mut routes,
    );
    routes
}

#[test]
fn the_route_table_is_read_from_the_source() {
    let routes = route_table();
    for expected in [
        ("GET", "/healthz"),
        ("GET", "/openapi.json"),
        ("GET", "/s/{}"),
        ("GET", "/S/{}"),
        ("POST", "/cart/items/{}/remove"),
        ("GET", "/v1/scans/{}"),
        ("POST", "/v1/checkout"),
        ("GET", "/v1/retailers/{}/posters/{}/placements/{}/print.{}"),
        (
            "DELETE",
            "/v1/retailers/{}/delivery/zones/{}/closed-dates/{}",
        ),
    ] {
        assert!(
            routes.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} not found in {routes:#?}"
        );
    }
    assert!(routes.len() >= 60, "{routes:#?}");
}

#[test]
fn the_document_lists_exactly_the_registered_routes() {
    let registered = route_table();
    let documented = documented_routes(&stored_document());
    let undocumented: Vec<_> = registered.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&registered).collect();
    assert!(
        undocumented.is_empty() && stale.is_empty(),
        "api/src/http/openapi.json is out of step with the routes.\n\
         registered but not documented: {undocumented:#?}\n\
         documented but not registered: {stale:#?}"
    );
}

// ---------------------------------------------------------------------------------------
// The document itself.
// ---------------------------------------------------------------------------------------

/// The value a local `$ref` (`#/components/…`) points at.
fn pointer<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

fn collect_refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(reference)) => out.push(reference),
                    _ => collect_refs(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}

/// Follows `$ref`s until a concrete object.
fn deref<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                value = pointer(doc, reference).unwrap_or_else(|| panic!("dangling {reference}"))
            }
            None => return value,
        }
    }
    panic!("$ref cycle at {value}")
}

fn assert_well_formed(doc: &Value) {
    let version = doc["openapi"].as_str().expect("openapi version");
    assert!(version.starts_with("3.0."), "version {version}");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());

    let mut refs = Vec::new();
    collect_refs(doc, &mut refs);
    assert!(refs.len() > 100, "{} refs", refs.len());
    let dangling: Vec<_> = refs.iter().filter(|r| pointer(doc, r).is_none()).collect();
    assert!(dangling.is_empty(), "unresolved $refs: {dangling:?}");

    let schemes = doc["components"]["securitySchemes"]
        .as_object()
        .expect("security schemes");
    assert_eq!(schemes["bearerAuth"]["scheme"], "bearer");
    let mut operation_ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let template_names: BTreeSet<String> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split('}').next())
            .map(str::to_owned)
            .collect();
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let id = operation["operationId"].as_str().expect("operationId");
            assert!(
                operation_ids.insert(id.to_owned()),
                "operationId {id} twice"
            );
            assert!(
                operation["responses"]
                    .as_object()
                    .is_some_and(|r| !r.is_empty()),
                "{method} {path} has no responses"
            );
            for requirement in operation["security"].as_array().into_iter().flatten() {
                for scheme in requirement.as_object().expect("requirement").keys() {
                    assert!(schemes.contains_key(scheme), "{method} {path}: {scheme}");
                }
            }
            let declared: BTreeSet<String> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| deref(doc, p))
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().expect("name").to_owned())
                .collect();
            assert_eq!(
                declared, template_names,
                "path parameters of {method} {path}"
            );
        }
    }
    let checkout = &doc["paths"]["/v1/checkout"]["post"];
    let headers: Vec<&str> = checkout["parameters"]
        .as_array()
        .expect("checkout parameters")
        .iter()
        .map(|p| deref(doc, p))
        .filter(|p| p["in"] == "header")
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(headers, ["Idempotency-Key"]);
    let problem = &doc["components"]["schemas"]["Problem"]["properties"];
    for field in [
        "type",
        "title",
        "status",
        "code",
        "detail",
        "errors",
        "order_id",
        "allowed_transitions",
    ] {
        assert!(problem.get(field).is_some(), "Problem lacks {field}");
    }
}

async fn the_served_document_is_valid_openapi(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .request(Method::GET, "/openapi.json")
        .send()
        .await
        .expect("openapi.json");
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header(CONTENT_TYPE), "application/json");
    assert!(
        header(CACHE_CONTROL).contains("max-age"),
        "{:?}",
        header(CACHE_CONTROL)
    );
    let etag = header(ETAG);
    assert!(etag.starts_with('"'), "{etag}");
    let served: Value = response.json().await.expect("JSON document");
    assert_eq!(
        served,
        stored_document(),
        "the binary serves the stored file"
    );
    assert_well_formed(&served);

    let again = app
        .request(Method::GET, "/openapi.json")
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .expect("conditional request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

// ---------------------------------------------------------------------------------------
// Live answers against the documented schemas.
// ---------------------------------------------------------------------------------------

/// Where `value` departs from `schema`, strictly: a field the schema does not list is an
/// error too, so a field added to a view without documentation is caught.
fn conformance(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = deref(doc, schema);
    if value.is_null() {
        if schema["nullable"] != true {
            errors.push(format!("{at}: null, but not nullable"));
        }
        return;
    }
    if let Some(all) = schema["allOf"].as_array() {
        for part in all {
            conformance(doc, part, value, at, errors);
        }
    }
    if let Some(any) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        let fits = any.iter().any(|option| {
            let mut sub = Vec::new();
            conformance(doc, option, value, at, &mut sub);
            sub.is_empty()
        });
        if !fits {
            errors.push(format!("{at}: fits none of the alternatives: {value}"));
        }
    }
    if let Some(options) = schema["enum"].as_array()
        && !options.contains(value)
    {
        errors.push(format!("{at}: {value} is not one of {options:?}"));
    }
    match schema["type"].as_str() {
        Some("object") => {
            let Some(object) = value.as_object() else {
                errors.push(format!("{at}: not an object: {value}"));
                return;
            };
            for required in schema["required"].as_array().into_iter().flatten() {
                let name = required.as_str().expect("required names");
                if !object.contains_key(name) {
                    errors.push(format!("{at}: missing required {name}"));
                }
            }
            let Some(properties) = schema["properties"].as_object() else {
                return; // a free-form object
            };
            for (key, inner) in object {
                match properties.get(key) {
                    Some(property) => {
                        conformance(doc, property, inner, &format!("{at}.{key}"), errors);
                    }
                    None if schema["additionalProperties"] == true => {}
                    None => errors.push(format!("{at}.{key}: not documented")),
                }
            }
        }
        Some("array") => match value.as_array() {
            Some(items) => {
                for (n, item) in items.iter().enumerate() {
                    conformance(doc, &schema["items"], item, &format!("{at}[{n}]"), errors);
                }
            }
            None => errors.push(format!("{at}: not an array: {value}")),
        },
        Some("string") => match value.as_str() {
            Some(text) => {
                let parses = match schema["format"].as_str() {
                    Some("date-time") => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
                    Some("date") => text.parse::<chrono::NaiveDate>().is_ok(),
                    Some("uri") => text.contains("://"),
                    _ => true,
                };
                if !parses {
                    errors.push(format!("{at}: {text:?} is not a {}", schema["format"]));
                }
            }
            None => errors.push(format!("{at}: not a string: {value}")),
        },
        Some("integer") if !(value.is_i64() || value.is_u64()) => {
            errors.push(format!("{at}: not an integer: {value}"));
        }
        Some("number") if !value.is_number() => {
            errors.push(format!("{at}: not a number: {value}"));
        }
        Some("boolean") if !value.is_boolean() => {
            errors.push(format!("{at}: not a boolean: {value}"));
        }
        _ => {}
    }
}

/// Checks `response` against what the document says `METHOD template` answers: the status
/// is `expected` and listed, the content type is one of that status's, and a JSON body fits its schema.
/// Returns the JSON body (null when there is none).
async fn documented(
    doc: &Value,
    expected: u16,
    method: &str,
    template: &str,
    response: Response,
) -> Value {
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().trim().to_owned());
    let bytes = response.bytes().await.expect("body");
    let what = format!("{method} {template} → {status}");
    assert_eq!(
        status.as_u16(),
        expected,
        "{what}: expected {expected}; body {}",
        String::from_utf8_lossy(&bytes)
    );
    let operation = &doc["paths"][template][method.to_ascii_lowercase()];
    assert!(operation.is_object(), "{what}: not documented");
    let answer = deref(doc, &operation["responses"][status.as_str()]);
    assert!(
        answer.is_object(),
        "{what}: status not documented; body {}",
        String::from_utf8_lossy(&bytes)
    );
    let Some(content_type) = content_type.filter(|_| !bytes.is_empty()) else {
        assert!(
            answer.get("content").is_none(),
            "{what}: documented with a body, answered without"
        );
        return Value::Null;
    };
    let media = &answer["content"][&content_type];
    assert!(
        media.is_object(),
        "{what}: {content_type} not documented (documented: {})",
        answer["content"]
    );
    if !content_type.ends_with("json") {
        return Value::Null;
    }
    let body: Value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("{what}: not JSON: {}", String::from_utf8_lossy(&bytes)));
    let mut errors = Vec::new();
    conformance(doc, &media["schema"], &body, "body", &mut errors);
    assert!(
        errors.is_empty(),
        "{what}:\n{}\nbody: {body:#}",
        errors.join("\n")
    );
    body
}

fn text(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"))
        .to_owned()
}

async fn answers_match_the_documented_schemas(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc = stored_document();
    let doc = &doc;
    let get = |path: &str| app.request(Method::GET, path);

    // Probes, auth, accounts.
    documented(doc, 200, "GET", "/healthz", send(get("/healthz")).await).await;
    documented(doc, 200, "GET", "/readyz", send(get("/readyz")).await).await;
    documented(doc, 200, "GET", "/metrics", send(get("/metrics")).await).await;
    let email = format!("oa-{}@customer.test", uuid::Uuid::new_v4().simple());
    let register = app
        .request(Method::POST, "/v1/auth/register")
        .json(&json!({"email": email, "password": "a long enough password", "name": "OA"}));
    let pair = documented(doc, 201, "POST", "/v1/auth/register", send(register).await).await;
    let customer = text(&pair["access_token"]);
    let login = |email: &str, password: &str| {
        app.request(Method::POST, "/v1/auth/login")
            .json(&json!({"email": email, "password": password}))
    };
    documented(
        doc,
        401,
        "POST",
        "/v1/auth/login",
        send(login(&email, "wrong")).await,
    )
    .await;
    let pair = documented(
        doc,
        200,
        "POST",
        "/v1/auth/login",
        send(login(&email, "a long enough password")).await,
    )
    .await;
    let refresh = app
        .request(Method::POST, "/v1/auth/refresh")
        .json(&json!({"refresh_token": pair["refresh_token"]}));
    let pair = documented(doc, 200, "POST", "/v1/auth/refresh", send(refresh).await).await;
    let logout = app
        .request(Method::POST, "/v1/auth/logout")
        .json(&json!({"refresh_token": pair["refresh_token"]}));
    documented(doc, 204, "POST", "/v1/auth/logout", send(logout).await).await;
    let me = app.authed(Method::GET, "/v1/me", &customer);
    documented(doc, 200, "GET", "/v1/me", send(me).await).await;
    documented(doc, 401, "GET", "/v1/me", send(get("/v1/me")).await).await;

    let root = app.login("admin@demo.test", DEMO_PASSWORD).await;
    let create = app
        .authed(Method::POST, "/v1/retailers", &root)
        .json(&json!({"name": "Doc Mart", "currency": "EUR", "time_zone": "Europe/Berlin", "locale": "de-DE"}));
    documented(doc, 201, "POST", "/v1/retailers", send(create).await).await;
    let list = app.authed(Method::GET, "/v1/retailers", &root);
    documented(doc, 200, "GET", "/v1/retailers", send(list).await).await;
    let forbidden = app.authed(Method::GET, "/v1/retailers", &customer);
    documented(doc, 403, "GET", "/v1/retailers", send(forbidden).await).await;

    // A shop with a zone, a slot two days ahead, and products.
    let shop = shop(&app, 5, "TOFU,두부,Soft,3500,10\nMILK,우유,1L,2500,10\n").await;
    let (rid, admin) = (shop.id.clone(), shop.token.clone());
    let retailer_path = format!("/v1/retailers/{rid}");
    let authed = |method: Method, path: &str| app.authed(method, path, &admin);
    let shown = authed(Method::GET, &retailer_path);
    documented(
        doc,
        200,
        "GET",
        "/v1/retailers/{retailer_id}",
        send(shown).await,
    )
    .await;

    // Catalogue.
    let products = format!("{retailer_path}/products");
    let t = "/v1/retailers/{retailer_id}/products";
    let page = authed(Method::GET, &format!("{products}?limit=1"));
    documented(doc, 200, "GET", t, send(page).await).await;
    let bad_limit = authed(Method::GET, &format!("{products}?limit=0"));
    documented(doc, 422, "GET", t, send(bad_limit).await).await;
    let new = json!({"sku": "EGG-10", "name": "달걀 10구", "price": {"amount_minor": 4200}, "stock_on_hand": 3, "gtin": null});
    let created = authed(Method::POST, &products).json(&new);
    documented(doc, 201, "POST", t, send(created).await).await;
    let taken = authed(Method::POST, &products).json(&new);
    documented(doc, 409, "POST", t, send(taken).await).await;
    let t = "/v1/retailers/{retailer_id}/products/{sku}";
    let egg = format!("{products}/EGG-10");
    documented(doc, 200, "GET", t, send(authed(Method::GET, &egg)).await).await;
    let missing = authed(Method::GET, &format!("{products}/NOPE"));
    documented(doc, 404, "GET", t, send(missing).await).await;
    let patch = authed(Method::PATCH, &egg).json(&json!({"price": {"amount_minor": -1}}));
    documented(doc, 422, "PATCH", t, send(patch).await).await;
    let patch = authed(Method::PATCH, &egg).json(&json!({"active": true}));
    documented(doc, 200, "PATCH", t, send(patch).await).await;
    documented(
        doc,
        204,
        "DELETE",
        t,
        send(authed(Method::DELETE, &egg)).await,
    )
    .await;
    let import = authed(Method::POST, &format!("{products}/import?dry_run=true"))
        .header(CONTENT_TYPE, "text/csv")
        .body("sku,name,price_minor\nTOFU,두부,3400\n");
    let t = "/v1/retailers/{retailer_id}/products/import";
    documented(doc, 200, "POST", t, send(import).await).await;
    let bad_import = authed(Method::POST, &format!("{products}/import"))
        .header(CONTENT_TYPE, "text/csv")
        .body("sku,name,price_minor\nTOFU,두부,cheap\n");
    documented(doc, 422, "POST", t, send(bad_import).await).await;

    // Posters, placements, print files, scans.
    let t = "/v1/retailers/{retailer_id}/posters";
    let posters = format!("{retailer_path}/posters");
    let design = json!({"title": "Evening", "scan_distance_m": 1.0, "slots": [{"sku": "TOFU"}, {"sku": "MILK"}]});
    let poster = authed(Method::POST, &posters).json(&design);
    let poster = documented(doc, 201, "POST", t, send(poster).await).await;
    documented(
        doc,
        200,
        "GET",
        t,
        send(authed(Method::GET, &posters)).await,
    )
    .await;
    let poster_path = format!("{posters}/{}", text(&poster["id"]));
    let t = "/v1/retailers/{retailer_id}/posters/{poster_id}";
    documented(
        doc,
        200,
        "GET",
        t,
        send(authed(Method::GET, &poster_path)).await,
    )
    .await;
    let revised = authed(Method::PUT, &poster_path).json(&design);
    documented(doc, 200, "PUT", t, send(revised).await).await;
    let t = "/v1/retailers/{retailer_id}/posters/{poster_id}/placements";
    let placements = format!("{poster_path}/placements");
    let now = chrono::Utc::now();
    let placement = authed(Method::POST, &placements).json(&json!({
        "name": "Gangnam B1", "site": "Gangnam Station", "latitude": 37.4979, "longitude": 127.0276,
        "starts_at": (now - chrono::Duration::days(1)).to_rfc3339(),
        "ends_at": (now + chrono::Duration::days(30)).to_rfc3339(),
    }));
    let placement = documented(doc, 201, "POST", t, send(placement).await).await;
    documented(
        doc,
        200,
        "GET",
        t,
        send(authed(Method::GET, &placements)).await,
    )
    .await;
    let t = "/v1/retailers/{retailer_id}/posters/{poster_id}/placements/{placement_id}";
    let placement_path = format!("{placements}/{}", text(&placement["id"]));
    documented(
        doc,
        200,
        "GET",
        t,
        send(authed(Method::GET, &placement_path)).await,
    )
    .await;
    let t = "/v1/retailers/{retailer_id}/posters/{poster_id}/print.{extension}";
    let svg = authed(Method::GET, &format!("{poster_path}/print.svg"));
    documented(doc, 200, "GET", t, send(svg).await).await;
    let dpi = authed(Method::GET, &format!("{poster_path}/print.png?dpi=5"));
    documented(doc, 422, "GET", t, send(dpi).await).await;

    let code = text(&placement["slots"][0]["code"]);
    let t = "/v1/scans/{code}";
    documented(
        doc,
        200,
        "GET",
        t,
        send(get(&format!("/v1/scans/{code}"))).await,
    )
    .await;
    documented(doc, 404, "GET", t, send(get("/v1/scans/ZZZZZZZZ")).await).await;
    let page = get(&format!("/s/{code}"));
    documented(doc, 200, "GET", "/s/{code}", send(page).await).await;
    let json_scan = get(&format!("/S/{code}")).header(ACCEPT, "application/json");
    documented(doc, 200, "GET", "/S/{code}", send(json_scan).await).await;
    documented(doc, 404, "GET", "/s/{code}", send(get("/s/ZZZZZZZZ")).await).await;

    // Delivery.
    let slots = get(&format!(
        "/v1/delivery/slots?retailer_id={rid}&postal_code=99123"
    ));
    documented(doc, 200, "GET", "/v1/delivery/slots", send(slots).await).await;
    let bad_days = get(&format!(
        "/v1/delivery/slots?retailer_id={rid}&postal_code=99123&days=99"
    ));
    documented(doc, 422, "GET", "/v1/delivery/slots", send(bad_days).await).await;
    let zones_path = format!("{retailer_path}/delivery/zones");
    let t = "/v1/retailers/{retailer_id}/delivery/zones";
    let zones = documented(
        doc,
        200,
        "GET",
        t,
        send(authed(Method::GET, &zones_path)).await,
    )
    .await;
    let zone_path = format!("{zones_path}/{}", text(&zones["items"][0]["id"]));
    let t = "/v1/retailers/{retailer_id}/delivery/zones/{zone_id}/templates";
    let templates = format!("{zone_path}/templates");
    let overlap = authed(Method::POST, &templates).json(&json!({
        "weekday": 1, "start": "00:00", "end": "24:00", "capacity": 1, "fee": {"amount_minor": 0}
    }));
    let overlap = send(overlap).await;
    let overlap_status = overlap.status().as_u16();
    assert!([201, 409].contains(&overlap_status), "{overlap_status}");
    documented(doc, overlap_status, "POST", t, overlap).await;
    documented(
        doc,
        200,
        "GET",
        t,
        send(authed(Method::GET, &templates)).await,
    )
    .await;
    let t = "/v1/retailers/{retailer_id}/delivery/zones/{zone_id}/slots";
    let zone_slots = authed(Method::GET, &format!("{zone_path}/slots?days=3"));
    documented(doc, 200, "GET", t, send(zone_slots).await).await;

    // Cart, checkout, orders.
    let as_customer = |method: Method, path: &str| app.authed(method, path, &customer);
    let add =
        as_customer(Method::POST, "/v1/cart/items").json(&json!({"code": code, "quantity": 2}));
    let cart = documented(doc, 200, "POST", "/v1/cart/items", send(add).await).await;
    let both = as_customer(Method::POST, "/v1/cart/items")
        .json(&json!({"code": code, "sku": "MILK", "quantity": 1}));
    documented(doc, 422, "POST", "/v1/cart/items", send(both).await).await;
    let line = format!("/v1/cart/items/{}", text(&cart["items"][0]["id"]));
    let change = as_customer(Method::PATCH, &line).json(&json!({"quantity": 1}));
    documented(doc, 200, "PATCH", "/v1/cart/items/{id}", send(change).await).await;
    let milk = as_customer(Method::POST, "/v1/cart/items")
        .json(&json!({"retailer_id": rid, "sku": "MILK", "quantity": 1}));
    let cart = documented(doc, 200, "POST", "/v1/cart/items", send(milk).await).await;
    let milk_line = format!("/v1/cart/items/{}", text(&cart["items"][1]["id"]));
    let removed = as_customer(Method::DELETE, &milk_line);
    documented(
        doc,
        200,
        "DELETE",
        "/v1/cart/items/{id}",
        send(removed).await,
    )
    .await;
    let cart = as_customer(Method::GET, "/v1/cart");
    documented(doc, 200, "GET", "/v1/cart", send(cart).await).await;
    let staff_cart = authed(Method::GET, "/v1/cart");
    documented(doc, 403, "GET", "/v1/cart", send(staff_cart).await).await;

    let body = checkout_body(&shop.slot_id, "tok_approve");
    let no_key = as_customer(Method::POST, "/v1/checkout").json(&body);
    documented(doc, 400, "POST", "/v1/checkout", send(no_key).await).await;
    let order = checkout(&app, &customer, "doc-key", &body).await;
    let order = documented(doc, 201, "POST", "/v1/checkout", order).await;
    let replay = checkout(&app, &customer, "doc-key", &body).await;
    assert_eq!(
        replay
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    documented(doc, 201, "POST", "/v1/checkout", replay).await;
    let other_body = checkout_body(&shop.slot_id, "tok_decline");
    let reused = checkout(&app, &customer, "doc-key", &other_body).await;
    documented(doc, 422, "POST", "/v1/checkout", reused).await;
    let again =
        as_customer(Method::POST, "/v1/cart/items").json(&json!({"code": code, "quantity": 1}));
    documented(doc, 200, "POST", "/v1/cart/items", send(again).await).await;
    let declined = checkout(&app, &customer, "doc-key-2", &other_body).await;
    let declined = documented(doc, 402, "POST", "/v1/checkout", declined).await;
    assert_eq!(declined["code"], "payment_declined", "{declined}");

    documented(
        doc,
        200,
        "GET",
        "/v1/orders",
        send(as_customer(Method::GET, "/v1/orders")).await,
    )
    .await;
    let order_id = text(&order["id"]);
    let own = as_customer(Method::GET, &format!("/v1/orders/{order_id}"));
    documented(doc, 200, "GET", "/v1/orders/{id}", send(own).await).await;

    // Operators.
    let t = "/v1/retailers/{retailer_id}/orders/{order_id}/transitions";
    let transitions = format!("{retailer_path}/orders/{order_id}/transitions");
    let wrong = authed(Method::POST, &transitions).json(&json!({"to": "delivered"}));
    let wrong = documented(doc, 409, "POST", t, send(wrong).await).await;
    assert_eq!(wrong["code"], "invalid_transition", "{wrong}");
    let picking =
        authed(Method::POST, &transitions).json(&json!({"to": "picking", "note": "van 3"}));
    documented(doc, 200, "POST", t, send(picking).await).await;
    let cancel = as_customer(Method::POST, &format!("/v1/orders/{order_id}/cancel"));
    documented(
        doc,
        409,
        "POST",
        "/v1/orders/{id}/cancel",
        send(cancel).await,
    )
    .await;

    let (_, date) = crate::delivery::seoul_weekday_in(2);
    let t = "/v1/retailers/{retailer_id}/orders";
    let orders = authed(
        Method::GET,
        &format!("{retailer_path}/orders?date={date}&per_page=1"),
    );
    let listed = documented(doc, 200, "GET", t, send(orders).await).await;
    assert_eq!(
        listed["orders"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );
    let csv = authed(Method::GET, &format!("{retailer_path}/orders?date={date}"))
        .header(ACCEPT, "text/csv");
    documented(doc, 200, "GET", t, send(csv).await).await;
    let bad_status = authed(Method::GET, &format!("{retailer_path}/orders?status=lost"));
    documented(doc, 422, "GET", t, send(bad_status).await).await;
    let t = "/v1/retailers/{retailer_id}/pick-list";
    let pick = authed(
        Method::GET,
        &format!("{retailer_path}/pick-list?date={date}"),
    );
    let pick = documented(doc, 200, "GET", t, send(pick).await).await;
    assert_eq!(pick["order_count"], 1, "{pick}");
    let pick_csv = authed(
        Method::GET,
        &format!("{retailer_path}/pick-list?slot_id={}", shop.slot_id),
    )
    .header(ACCEPT, "text/csv");
    documented(doc, 200, "GET", t, send(pick_csv).await).await;
    let unbounded = authed(Method::GET, &format!("{retailer_path}/pick-list"));
    documented(doc, 422, "GET", t, send(unbounded).await).await;

    // Retiring last: the poster's codes still resolve.
    let t = "/v1/retailers/{retailer_id}/posters/{poster_id}/retire";
    let retire = authed(Method::POST, &format!("{poster_path}/retire"));
    documented(doc, 200, "POST", t, send(retire).await).await;
    let unauthenticated = get(&format!("{retailer_path}/orders"));
    documented(
        doc,
        401,
        "GET",
        "/v1/retailers/{retailer_id}/orders",
        send(unauthenticated).await,
    )
    .await;
}

async fn send(request: reqwest::RequestBuilder) -> Response {
    request.send().await.expect("request")
}
