//! A select over (value, label) pairs: one implementation for every select
//! of the pages (one copy of its code in the bundle, whatever the options).

use leptos::prelude::*;

/// A `<select>` showing `value`, calling `on_change` with the chosen value.
#[component]
pub fn Choice(
    /// (value, label) pairs, in order.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The selected value.
    #[prop(into)]
    value: Signal<String>,
    on_change: Callback<String>,
    /// The `data-testid`, if any.
    #[prop(optional)]
    testid: &'static str,
    /// The element id, if any (for a `<label for>`).
    #[prop(optional, into)]
    id: String,
) -> impl IntoView {
    view! {
        <select
            id=(!id.is_empty()).then_some(id)
            data-testid=(!testid.is_empty()).then_some(testid)
            on:change=move |ev| on_change.run(event_target_value(&ev))
        >
            {move || {
                options
                    .get()
                    .into_iter()
                    .map(|(option, label)| {
                        let this = option.clone();
                        let selected = move || value.with(|v| *v == this);
                        view! { <option value=option prop:selected=selected>{label}</option> }
                    })
                    .collect_view()
            }}
        </select>
    }
}

/// Options from static (value, label) pairs.
pub fn options<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect()
}
