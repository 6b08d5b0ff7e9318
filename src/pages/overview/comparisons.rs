//! The tenant's score beside the averages of similar organizations, where
//! the data has them (Graph `averageComparativeScores`).

use leptos::prelude::*;

use crate::components::format;
use crate::components::table_scroll::TableScroll;
use crate::engine::model::{Category, Comparison, DayScore};

/// The comparison card; nothing when the data has no averages.
#[component]
pub fn Comparisons(day: DayScore) -> impl IntoView {
    if day.comparisons.is_empty() {
        return ().into_any();
    }
    let yours = day.shown().earned;
    let categories = day.by_category();
    let with_categories: Vec<Comparison> = day
        .comparisons
        .iter()
        .filter(|c| !c.categories.is_empty())
        .cloned()
        .collect();
    view! {
        <section class="ss-card ss-comparisons" aria-labelledby="ss-comparisons-title">
            <h2 id="ss-comparisons-title">"Compared with similar organizations"</h2>
            <TableScroll label="Compared with similar organizations">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Group"</th>
                        <th scope="col" class="ss-num">"Average score"</th>
                        <th scope="col" class="ss-num">"Yours"</th>
                        <th scope="col" class="ss-num">"Diff."</th>
                    </tr>
                </thead>
                <tbody>
                    {day
                        .comparisons
                        .iter()
                        .map(|c| {
                            let diff = yours - c.average_score;
                            let class = if diff >= 0.0 { "ss-num ss-up" } else { "ss-num ss-down" };
                            view! {
                                <tr data-basis=c.basis.clone()>
                                    <th scope="row">{c.label.clone()}</th>
                                    <td class="ss-num">{format::points(c.average_score)}</td>
                                    <td class="ss-num">{format::points(yours)}</td>
                                    <td class=class>{format::delta(diff)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            </TableScroll>
            {(!with_categories.is_empty())
                .then(|| view! { <CategoryComparison groups=with_categories categories=categories /> })}
        </section>
    }
    .into_any()
}

/// Per-category averages, collapsed by default.
#[component]
fn CategoryComparison(
    groups: Vec<Comparison>,
    categories: Vec<(Category, crate::engine::model::Points)>,
) -> impl IntoView {
    let header = groups
        .iter()
        .map(|g| view! { <th scope="col" class="ss-num">{g.label.clone()}</th> })
        .collect_view();
    let rows = Category::ALL
        .into_iter()
        .filter(|cat| {
            categories.iter().any(|(c, _)| c == cat)
                || groups
                    .iter()
                    .any(|g| g.categories.iter().any(|(c, _, _)| c == cat))
        })
        .map(|cat| {
            let yours = categories
                .iter()
                .find(|(c, _)| *c == cat)
                .map(|(_, p)| format::points(p.earned))
                .unwrap_or_else(|| "—".to_string());
            let averages = groups
                .iter()
                .map(|g| {
                    let text = g
                        .categories
                        .iter()
                        .find(|(c, _, _)| *c == cat)
                        .map(|(_, score, _)| format::points(*score))
                        .unwrap_or_else(|| "—".to_string());
                    view! { <td class="ss-num">{text}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{cat.label()}</th>
                    <td class="ss-num">{yours}</td>
                    {averages}
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="ss-details">
            <summary>"By category"</summary>
            <TableScroll label="Compared by category">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Category"</th>
                            <th scope="col" class="ss-num">"Yours"</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
        </details>
    }
}
