//! "Assess settings": the signed-in admin's tenant read through Graph and
//! scored with our own baseline catalog, beside Microsoft's score. The
//! state lives here, above the pages, so that the result stays while the
//! admin looks elsewhere; the page (`pages::assessment`) shows it.

mod collect;

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;

use crate::engine::baseline::Catalog;
use crate::engine::evaluate::{evaluate, Cutoff};
use crate::engine::live::{assess, compare, Comparison, LiveAssessment, Read};
use crate::signin::{consented_token, SignIn};
use crate::state::AppState;

/// Where an assessment stands.
#[derive(Clone, Debug, PartialEq)]
pub enum AssessState {
    Idle,
    /// `done` of [`Read::ALL`] read; `reading` is under way.
    Running {
        done: usize,
        reading: Read,
    },
    Failed(String),
    Done(Arc<Outcome>),
}

/// A finished assessment.
#[derive(Debug, PartialEq)]
pub struct Outcome {
    /// The tenant it is of.
    pub tenant: String,
    pub live: LiveAssessment,
    pub comparison: Comparison,
}

/// The instance's assessment. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Assess {
    pub state: RwSignal<AssessState>,
}

/// Provides the instance's assessment state (the shell does, once).
pub fn provide() {
    provide_context(Assess {
        state: RwSignal::new(AssessState::Idle),
    });
}

/// The assessment state; `None` where no shell provides it.
pub fn use_assess() -> Option<Assess> {
    use_context::<Assess>()
}

/// Every permission the reads need, once each, in [`Read::ALL`] order.
pub fn permissions() -> Vec<&'static str> {
    let mut seen = BTreeSet::new();
    Read::ALL
        .iter()
        .map(|r| r.scope())
        .filter(|s| seen.insert(*s))
        .collect()
}

impl Assess {
    /// Assesses the shown tenant with the account signed in to it.
    pub async fn run(self, sign_in: SignIn, app: AppState) {
        let outcome = self.assess(sign_in, app).await;
        let _ = self.state.try_set(match outcome {
            Ok(outcome) => AssessState::Done(Arc::new(outcome)),
            Err(why) => AssessState::Failed(why),
        });
    }

    async fn assess(self, sign_in: SignIn, app: AppState) -> Result<Outcome, String> {
        let history = untrack(|| app.history()).ok_or("No tenant is shown.")?;
        let tenant = history.tenant.id.clone();
        let config = sign_in
            .config
            .get_untracked()
            .ok_or("Sign-in is not configured for this site.")?;
        let account = sign_in
            .account_of(&tenant)
            .ok_or("Sign in with Microsoft to this tenant to assess its settings.")?;
        let _ = self.state.try_set(AssessState::Running {
            done: 0,
            reading: Read::ALL[0],
        });
        let scopes = config.scopes_for(&permissions());
        let token = consented_token(&account, &scopes, false).await?;
        let progress = |done: usize, reading: Read| {
            let _ = self.state.try_set(AssessState::Running { done, reading });
        };
        let answers = collect::collect(&config.graph, &token, &progress).await;
        let services = history
            .latest()
            .map(|day| day.services.clone())
            .unwrap_or_default();
        let now =
            chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
        let live = assess(&answers, history.tenant.clone(), services, now);
        let catalog = Catalog::builtin();
        let ours = evaluate(&live.file, &catalog, Cutoff::default());
        let comparison = compare(&live, &ours, Some(&history), &catalog);
        Ok(Outcome {
            tenant,
            live,
            comparison,
        })
    }
}
