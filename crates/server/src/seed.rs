//! What a new database starts with: the system fields and the singletons.

use crate::store::Transaction;
use anytime_core::{system_fields, AutoAllocationSetting, Field, RoutingConfig, WorkingTime};

use crate::error::AppResult;
use crate::store;

pub fn seed(tx: &Transaction) -> AppResult<()> {
    // System fields that a newer version added are seeded too.
    for mut field in system_fields() {
        if store::get::<Field>(tx, &field.id)?.is_none() {
            store::insert(tx, &mut field, true)?;
        }
    }
    store::singleton(tx, RoutingConfig::default)?;
    store::singleton(tx, AutoAllocationSetting::default)?;
    store::singleton(tx, WorkingTime::default)?;
    Ok(())
}
