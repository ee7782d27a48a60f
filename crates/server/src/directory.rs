//! The agents and departments settings refer to (contract §2): from a JSON
//! file given at start, or a built-in demo directory.

use std::path::Path;

use anytime_core::Directory;

pub fn load(path: &Path) -> Result<Directory, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!("{} is not a directory file ({{\"agents\": […], \"departments\": […]}}): {e}", path.display())
    })
}

/// A small help desk: three departments, agents in mixed states.
pub fn demo() -> Directory {
    serde_json::from_value(serde_json::json!({
        "departments": [
            {"id": "dept-billing", "name": "Billing"},
            {"id": "dept-support", "name": "Technical support"},
            {"id": "dept-sales", "name": "Sales"}
        ],
        "agents": [
            {"id": "agent-ana", "name": "Ana Costa", "email": "ana@example.com", "departmentIds": ["dept-billing"], "status": "online"},
            {"id": "agent-ben", "name": "Ben Okafor", "email": "ben@example.com", "departmentIds": ["dept-billing", "dept-support"], "status": "away"},
            {"id": "agent-cai", "name": "Cai Lin", "email": "cai@example.com", "departmentIds": ["dept-support"], "status": "online"},
            {"id": "agent-dee", "name": "Dee Patel", "email": "dee@example.com", "departmentIds": ["dept-support"], "status": "offline"},
            {"id": "agent-eli", "name": "Eli Novak", "email": "eli@example.com", "departmentIds": ["dept-sales"], "status": "online"},
            {"id": "agent-fay", "name": "Fay Duarte", "email": "fay@example.com", "departmentIds": ["dept-sales"], "status": "away"}
        ]
    }))
    .expect("the demo directory is valid")
}
