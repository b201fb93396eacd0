//! Firewall rules that reject (ECONNREFUSED) or drop (ETIMEDOUT) a port,
//! read from `nft -j list ruleset` (this network namespace's nftables,
//! which also holds iptables-nft rules). Reading the ruleset needs
//! CAP_NET_ADMIN; without it, or without nft, the check says so.
//!
//! A rule is listed when its verdict is the one asked for and it either
//! matches this destination port or matches no port at all. Other matches
//! (addresses, interfaces) are not evaluated, so such a rule is a
//! candidate, said as "may", not a verdict.

use super::limits::run_bounded;
use super::report::{capped, said, Evidence, Report, Status};
use serde_json::Value;
use std::time::Duration;

/// REJECT rules for the port (ECONNREFUSED).
pub fn rejects(r: &mut Report, port: u16, udp: bool) {
    look(r, port, "reject", udp);
}

/// DROP rules for the port (ETIMEDOUT).
pub fn drops(r: &mut Report, port: u16) {
    look(r, port, "drop", false);
}

fn look(r: &mut Report, port: u16, verdict: &str, udp: bool) {
    let id = "firewall-rules";
    if !super::host::sees_all_processes() {
        r.check(
            id,
            Status::Unseen,
            said!(
                "could not read the firewall rules: listing them needs root (CAP_NET_ADMIN)",
                "读不到防火墙规则：列出规则需要 root（CAP_NET_ADMIN）"
            ),
            vec![],
        );
        return;
    }
    let Some(out) = run_bounded("nft", &["-j", "list", "ruleset"], Duration::from_secs(3)) else {
        r.check(
            id,
            Status::Unseen,
            said!(
                "could not read the firewall rules: nft is not installed or failed (iptables-legacy rules are not read)",
                "读不到防火墙规则：没有安装 nft 或它运行失败（不读取 iptables-legacy 规则）"
            ),
            vec![],
        );
        return;
    };
    let Ok(v) = serde_json::from_str::<Value>(&out) else {
        r.check(
            id,
            Status::Unseen,
            said!("could not read nft's output", "无法读取 nft 的输出"),
            vec![],
        );
        return;
    };
    let proto = if udp { "udp" } else { "tcp" };
    let hits = matching(&v, port, verdict, proto);
    let n_rules = v["nftables"]
        .as_array()
        .map(|a| a.iter().filter(|o| o.get("rule").is_some()).count())
        .unwrap_or(0);
    let ev = vec![Evidence::new(
        "nft -j list ruleset",
        capped(hits.clone(), 10),
    )];
    let upper = verdict.to_uppercase();
    if hits.is_empty() {
        let s = if n_rules == 0 {
            said!(
                "this network namespace has no nftables rules, so none rejects or drops port {port}",
                "本网络命名空间没有 nftables 规则，因此没有规则拒绝或丢弃端口 {port}"
            )
        } else {
            said!(
                "no {upper} rule for port {port} among the {n_rules} nftables rules of this network namespace",
                "本网络命名空间的 {n_rules} 条 nftables 规则中没有针对端口 {port} 的 {upper} 规则"
            )
        };
        r.check(id, Status::Fine, s, ev);
        return;
    }
    let n = hits.len();
    r.check(
        id,
        Status::Problem,
        said!(
            "{n} firewall rule(s) with verdict {upper} may apply to port {port}",
            "{n} 条判决为 {upper} 的防火墙规则可能作用于端口 {port}"
        ),
        ev,
    );
    let first = &hits[0];
    if verdict == "reject" {
        r.cause(
            id,
            70,
            said!(
                "a firewall rule rejects connections to port {port}: {first}",
                "一条防火墙规则拒绝到端口 {port} 的连接：{first}"
            ),
            "reject-rule",
        );
    } else {
        r.cause(
            id,
            70,
            said!(
                "a firewall rule drops packets to port {port}, so the SYN is never answered: {first}",
                "一条防火墙规则丢弃发往端口 {port} 的数据包，SYN 永远得不到应答：{first}"
            ),
            "drop-rule",
        );
    }
}

/// The rules with `verdict` that match `port` (or no port), as
/// `inet t input: tcp dport 5432 reject`.
fn matching(v: &Value, port: u16, verdict: &str, proto: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(items) = v["nftables"].as_array() else {
        return out;
    };
    for item in items {
        let Some(rule) = item.get("rule") else {
            continue;
        };
        let Some(exprs) = rule["expr"].as_array() else {
            continue;
        };
        if !exprs.iter().any(|e| e.get(verdict).is_some()) {
            continue;
        }
        let mut port_matches = true;
        let mut other_proto = false;
        for e in exprs {
            let Some(m) = e.get("match") else {
                continue;
            };
            let left = &m["left"]["payload"];
            if left["field"] == "dport" {
                if left["protocol"]
                    .as_str()
                    .is_some_and(|p| p != proto && p != "th")
                {
                    other_proto = true;
                }
                let hit = covers(&m["right"], port);
                port_matches &= if m["op"] == "!=" { !hit } else { hit };
            }
        }
        if port_matches && !other_proto {
            out.push(format!(
                "{} {} {} (handle {}): {}",
                rule["family"].as_str().unwrap_or("?"),
                rule["table"].as_str().unwrap_or("?"),
                rule["chain"].as_str().unwrap_or("?"),
                rule["handle"],
                serde_json::to_string(exprs).unwrap_or_default()
            ));
        }
    }
    out
}

/// Whether an nft right-hand side (a number, a set, a range) holds `port`.
fn covers(right: &Value, port: u16) -> bool {
    let p = u64::from(port);
    if let Some(n) = right.as_u64() {
        return n == p;
    }
    if let Some(set) = right.get("set").and_then(Value::as_array) {
        return set.iter().any(|x| covers(x, port));
    }
    if let Some(range) = right.get("range").and_then(Value::as_array) {
        if let (Some(a), Some(b)) = (
            range.first().and_then(Value::as_u64),
            range.get(1).and_then(Value::as_u64),
        ) {
            return (a..=b).contains(&p);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_for_the_port_and_rules_for_every_port_are_found() {
        let v: Value = serde_json::from_str(
            r#"{"nftables": [
            {"rule": {"family": "inet", "table": "t", "chain": "input", "handle": 2, "expr": [
              {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 5432}},
              {"reject": {"type": "tcp reset"}}]}},
            {"rule": {"family": "inet", "table": "t", "chain": "input", "handle": 4, "expr": [
              {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": {"set": [80, {"range": [1000, 2000]}]}}},
              {"drop": null}]}},
            {"rule": {"family": "inet", "table": "t", "chain": "input", "handle": 5, "expr": [{"drop": null}]}}
            ]}"#,
        )
        .unwrap();
        assert_eq!(matching(&v, 5432, "reject", "tcp").len(), 1);
        assert_eq!(matching(&v, 5432, "reject", "udp").len(), 0);
        assert_eq!(matching(&v, 1500, "drop", "tcp").len(), 2);
        assert_eq!(matching(&v, 22, "drop", "tcp").len(), 1);
    }
}
