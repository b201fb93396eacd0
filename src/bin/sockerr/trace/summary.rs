//! The end of a trace and the NDJSON objects: the table of (call, errno)
//! with the count, the action, whether it looked normal and where the calls
//! went; the same as one JSON object; how the program ended; and the hook
//! for `--diagnose`.

use super::linux::{action, Row, Tracer};
use super::words::{self, pick};
use colored::Colorize;
use serde_json::{json, Value};
use sockerr::kb::Errno;
use sockerr::trace::{Ending, Event, Normal};
use sockerr::Lang;

impl Tracer {
    /// One failed call as NDJSON: scan's object for the finding (`line` is
    /// the line of strace's output) with the trace's own fields added.
    pub(super) fn json_line(&mut self, e: &Event, n: u64) -> String {
        let base = crate::scan::finding_line(&mut self.cache, &e.finding, e.seq, None, self.lang);
        let extra = json!({
            "process": e.process.name,
            "tgid": e.process.tgid,
            "fd": e.fd,
            "socket": e.socket.as_ref().map(|s| json!({
                "protocol": s.protocol,
                "local": s.local,
                "peer": s.peer,
                "path": s.path,
            })),
            "address": e.address,
            "normal": e.normal.is_some(),
            "normal_reason": e.normal.map(Normal::as_str),
            "timeout": e.blocking,
            "count": n,
            "trace": e.line,
        })
        .to_string();
        // `{...scan's fields}` + `{...ours}` → one object.
        let head = base.strip_suffix('}').unwrap_or(&base);
        let tail = extra.strip_prefix('{').unwrap_or(&extra);
        format!("{head},{tail}\n")
    }

    /// Rows: problems before normal ones, then the most frequent first, then
    /// in the order they first appeared.
    fn sorted(&self) -> Vec<&Row> {
        let mut rows: Vec<(usize, &Row)> = self
            .order
            .iter()
            .enumerate()
            .filter_map(|(i, k)| self.rows.get(k).map(|r| (i, r)))
            .collect();
        rows.sort_by(|a, b| {
            (a.1.normal.is_some(), b.1.count, a.0).cmp(&(b.1.normal.is_some(), a.1.count, b.0))
        });
        rows.into_iter().map(|(_, r)| r).collect()
    }

    pub(super) fn finish(
        &mut self,
        ending: Ending,
        running: &[u32],
        program: &str,
        lines: u64,
        diagnose: bool,
    ) -> Option<DiagnoseRequest> {
        let request = diagnose.then(|| self.worst()).flatten();
        if self.json {
            let v = self.summary_json(ending, running, lines, diagnose, request.as_ref());
            self.out.lines(&format!("{v}\n"));
            return request;
        }
        let mut text = self.table();
        text.push_str(&self.ending_line(ending, running, program));
        text.push('\n');
        self.out.lines(&text);
        if diagnose {
            let line = self.diagnose_line(request.as_ref());
            self.out.lines(&line);
        }
        request
    }

    fn table(&self) -> String {
        let lang = self.lang;
        let rows = self.sorted();
        let mut s = String::new();
        let head = if self.failed == 0 {
            match (lang, self.all) {
                (Lang::En, false) => "sockerr trace: no failed socket calls".to_string(),
                (Lang::En, true) => "sockerr trace: no failed calls".to_string(),
                (Lang::Zh, false) => "sockerr trace：没有失败的套接字调用".to_string(),
                (Lang::Zh, true) => "sockerr trace：没有失败的调用".to_string(),
            }
        } else {
            let (n, m, p) = (self.failed, self.normal, self.processes.len());
            pick(
                lang,
                format!(
                    "sockerr trace: {n} failed call{}, {m} of them normal, in {p} process{}",
                    if n == 1 { "" } else { "s" },
                    if p == 1 { "" } else { "es" }
                ),
                format!("sockerr trace：{p} 个进程中共 {n} 次调用失败，其中 {m} 次属正常"),
            )
        };
        s.push_str(&if self.color {
            head.bold().to_string()
        } else {
            head
        });
        s.push('\n');
        if rows.is_empty() {
            return s;
        }
        let cols: [&str; 6] = match lang {
            Lang::En => ["count", "call", "errno", "action", "normal", "where"],
            Lang::Zh => ["次数", "调用", "错误码", "处理方式", "正常", "去向"],
        };
        let mut table: Vec<[String; 6]> = vec![cols.map(str::to_string)];
        for r in rows {
            let errno = r.first.errno();
            let action = action(&r.first, r.normal).map_or("-", |a| a.as_str());
            let normal = match (r.normal.is_some(), r.blocking, lang) {
                (true, _, Lang::En) => "yes",
                (true, _, Lang::Zh) => "是",
                (false, true, Lang::En) => "no (timeout)",
                (false, true, Lang::Zh) => "否（超时）",
                (false, false, Lang::En) => "no",
                (false, false, Lang::Zh) => "否",
            };
            let mut places: Vec<String> = r.places.iter().take(2).map(|(p, _)| p.clone()).collect();
            if r.places.len() > 2 {
                places.push(pick(
                    lang,
                    format!("+{} more", r.places.len() - 2),
                    format!("另 {} 处", r.places.len() - 2),
                ));
            }
            table.push([
                r.count.to_string(),
                words::clean(&r.call),
                errno.map_or_else(|| r.first.matched.clone(), |e| e.name.to_string()),
                action.to_string(),
                normal.to_string(),
                words::clean(&places.join(", ")),
            ]);
        }
        let width = |i: usize| {
            table
                .iter()
                .map(|r| crate::scan::width(&r[i]))
                .max()
                .unwrap_or(0)
        };
        let w: Vec<usize> = (0..6).map(width).collect();
        for (i, r) in table.iter().enumerate() {
            let pad = |j: usize| " ".repeat(w[j] - crate::scan::width(&r[j]));
            let line = format!(
                "  {}{}  {}{}  {}{}  {}{}  {}{}  {}",
                pad(0),
                r[0],
                r[1],
                pad(1),
                r[2],
                pad(2),
                r[3],
                pad(3),
                r[4],
                pad(4),
                r[5]
            );
            let line = line.trim_end().to_string();
            if i == 0 && self.color {
                s.push_str(&line.dimmed().to_string());
            } else {
                s.push_str(&line);
            }
            s.push('\n');
        }
        s
    }

    fn ending_line(&self, ending: Ending, running: &[u32], program: &str) -> String {
        let lang = self.lang;
        let program = words::clean(program);
        match ending {
            Ending::Exited(c) => pick(
                lang,
                format!("sockerr trace: {program} exited with status {c}"),
                format!("sockerr trace：{program} 已退出，状态码 {c}"),
            ),
            Ending::Killed { signal, core } => {
                let sig = words::signal_name(signal);
                pick(
                    lang,
                    format!(
                        "sockerr trace: {program} was killed by {sig}{}",
                        if core { " (core dumped)" } else { "" }
                    ),
                    format!(
                        "sockerr trace：{program} 被 {sig} 终止{}",
                        if core { "（已转储核心）" } else { "" }
                    ),
                )
            }
            Ending::Detached { .. } | Ending::NotStarted(_) => {
                let list = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
                if running.is_empty() {
                    pick(
                        lang,
                        "sockerr trace: tracing ended; the traced process has ended".into(),
                        "sockerr trace：跟踪结束；被跟踪的进程已经结束".into(),
                    )
                } else {
                    pick(
                        lang,
                        format!(
                            "sockerr trace: detached; still running, untraced: pid {}",
                            list(running)
                        ),
                        format!(
                            "sockerr trace：已脱离；仍在运行且不再被跟踪：进程 {}",
                            list(running)
                        ),
                    )
                }
            }
        }
    }

    fn summary_json(
        &self,
        ending: Ending,
        running: &[u32],
        lines: u64,
        diagnose: bool,
        request: Option<&DiagnoseRequest>,
    ) -> Value {
        let rows: Vec<Value> = self
            .sorted()
            .iter()
            .map(|r| {
                let e = r.first.errno();
                json!({
                    "call": r.call,
                    "syscall": r.first.syscall.map(|s| s.name()),
                    "name": e.map(|e| e.name),
                    "number": e.map(|e| e.number),
                    "count": r.count,
                    "action": action(&r.first, r.normal).map(|a| a.as_str()),
                    "normal": r.normal.is_some(),
                    "normal_reason": r.normal.map(Normal::as_str),
                    "timeout": r.blocking,
                    "places": r.places.iter().map(|(p, n)| json!({"place": p, "count": n})).collect::<Vec<_>>(),
                    "pid": r.pid,
                })
            })
            .collect();
        let exit = match ending {
            Ending::Exited(c) => json!({"code": c, "signal": null, "core_dumped": false}),
            Ending::Killed { signal, core } => {
                json!({"code": null, "signal": words::signal_name(signal), "core_dumped": core})
            }
            Ending::Detached { .. } | Ending::NotStarted(_) => {
                json!({"detached": true, "running": running})
            }
        };
        let mut s = json!({
            "lines": lines,
            "failed": self.failed,
            "normal": self.normal,
            "processes": self.processes.len(),
            "rows": rows,
            "exit": exit,
        });
        if diagnose {
            s["diagnose"] = json!({
                "available": false,
                "request": request.map(|r| json!({
                    "errno": r.errno.name,
                    "call": r.call,
                    "target": r.target,
                    "pid": r.pid,
                    "args": r.args(),
                })),
            });
        }
        json!({ "summary": s })
    }

    /// The worst finding: the most frequent failure that is not normal
    /// (the first seen, of equals).
    fn worst(&self) -> Option<DiagnoseRequest> {
        let r = self.sorted().into_iter().find(|r| r.normal.is_none())?;
        let errno = r.first.errno()?;
        let target = r
            .places
            .iter()
            .max_by_key(|(_, n)| *n)
            .map(|(p, _)| p.clone());
        Some(DiagnoseRequest {
            errno,
            call: r.call.clone(),
            target,
            // A program that has exited has no limits left to read.
            pid: r
                .pid
                .filter(|p| std::path::Path::new(&format!("/proc/{p}")).exists()),
        })
    }

    /// What `--diagnose` says before the diagnosis: which finding it looks
    /// into, or that there is none.
    fn diagnose_line(&self, request: Option<&DiagnoseRequest>) -> String {
        let lang = self.lang;
        match request {
            None => pick(
                lang,
                "sockerr trace: --diagnose: every failure looked normal; nothing to diagnose\n"
                    .into(),
                "sockerr trace：--diagnose：所有失败都属正常，无需诊断\n".into(),
            ),
            Some(r) => pick(
                lang,
                format!(
                    "sockerr trace: --diagnose: the worst finding, on this host now: sockerr diagnose {}\n",
                    r.args().join(" ")
                ),
                format!(
                    "sockerr trace：--diagnose：最严重的结果，在本机当前状态下：sockerr diagnose {}\n",
                    r.args().join(" ")
                ),
            ),
        }
    }
}

/// What `--diagnose` hands to `sockerr diagnose`: the worst finding's
/// errno, and what it failed against in diagnose's own terms (an address,
/// a socket file, or for running out of descriptors the process).
pub(super) struct DiagnoseRequest {
    pub(super) errno: &'static Errno,
    pub(super) call: String,
    pub(super) target: Option<String>,
    pub(super) pid: Option<u32>,
}

impl DiagnoseRequest {
    /// `ECONNREFUSED 127.0.0.1:9`, `EMFILE --pid 4242`, `EADDRINUSE 0.0.0.0:8080`.
    pub(super) fn args(&self) -> Vec<String> {
        let mut v = vec![self.errno.name.to_string()];
        match (self.errno.name.as_str(), &self.target, self.pid) {
            ("EMFILE" | "ENFILE", _, Some(pid)) => {
                v.push("--pid".into());
                v.push(pid.to_string());
            }
            (_, Some(t), _) => v.push(t.clone()),
            _ => {}
        }
        v
    }
}
