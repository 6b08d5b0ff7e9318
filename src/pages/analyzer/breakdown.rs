//! The selected day: its score, and every control that applied that day
//! with its status and points, sortable, with a totals row.

use leptos::prelude::*;

use super::data::Shared;
use super::Analyzer;
use crate::components::format;
use chrono::NaiveDate;

use crate::components::table_scroll::TableScroll;
use crate::engine::model::{
    percent, round2, shown_differently, ControlScore, ControlState, DayScore, Points, Status,
    TenantHistory,
};
use crate::engine::sort::{sort_by, sort_by_key};
use crate::engine::status::{effective_status, Overrides};
use crate::state::statuses::use_statuses;

/// What the summary shows of the selected day, formatted once per day.
#[derive(Clone, Debug, PartialEq)]
struct Summary {
    date: String,
    long_date: String,
    score: f64,
    possible: f64,
    percent: f64,
    /// The change since the previous day of data, if there is one.
    change: Option<f64>,
}

/// The selected day's date and score. The card stays; selecting another
/// day only updates its texts and values.
#[component]
pub fn DaySummary() -> impl IntoView {
    let analyzer = expect_context::<Analyzer>();
    let summary = Memo::new(move |_| {
        let date = analyzer.selected.get()?;
        analyzer.prepared.with(|p| {
            let p = p.as_ref()?;
            let i = p.index_of(date)?;
            let day = &p.days[i];
            Some(Summary {
                date: date.to_string(),
                long_date: format::date(date),
                score: day.score,
                possible: day.possible,
                percent: percent(day.score, day.possible),
                change: i.checked_sub(1).map(|j| day.score - p.days[j].score),
            })
        })
    });
    let field = move |f: fn(&Summary) -> String| {
        move || summary.with(|s| s.as_ref().map(f).unwrap_or_default())
    };
    let change = Memo::new(move |_| summary.with(|s| s.as_ref().and_then(|s| s.change)));
    let delta = move || {
        change.get().map(|change| {
            let class = if change > 0.0 {
                "ss-an-delta ss-an-up"
            } else if change < 0.0 {
                "ss-an-delta ss-an-down"
            } else {
                "ss-an-delta"
            };
            let text = if round2(change) == 0.0 {
                "no change since the previous day".to_string()
            } else {
                format!("{} since the previous day", format::delta(change))
            };
            view! {
                " "
                <span class=class data-testid="day-delta" data-value=format::data_number(change)>
                    {text}
                </span>
            }
        })
    };
    view! {
        <Show when=move || summary.with(Option::is_some)>
            <section class="ss-card ss-an-summary" aria-labelledby="ss-an-day-title">
                <h2 id="ss-an-day-title">
                    "Selected day: "
                    <time data-testid="selected-day" data-date=field(|s| s.date.clone()) datetime=field(|s| s.date.clone())>
                        {field(|s| s.long_date.clone())}
                    </time>
                </h2>
                <p class="ss-an-score">
                    <span class="ss-an-big" data-testid="day-score" data-value=field(|s| format::data_number(s.score))>
                        {field(|s| format::points(s.score))}
                    </span>
                    " of "
                    <span data-testid="day-possible" data-value=field(|s| format::data_number(s.possible))>
                        {field(|s| format::points(s.possible))}
                    </span>
                    " points possible ("
                    <span data-testid="day-percent" data-value=field(|s| format::data_number(s.percent))>
                        {field(|s| format::percent(s.percent))}
                    </span>
                    ")"
                    {delta}
                </p>
            </section>
        </Show>
    }
}

/// A control's effective status on a day: risk accepted, third party or
/// alternate mitigation when the admin set it in this app (unexpired on
/// that day) or the data records it (Graph `controlStateUpdates`), else
/// completed, partial, not completed or not scored as the data says.
pub fn status_of(control: &ControlScore, overrides: &Overrides, date: NaiveDate) -> &'static str {
    if control.state == ControlState::NotScored {
        return ControlState::NotScored.label();
    }
    match effective_status(control, overrides, date) {
        Status::RiskAccepted => "Risk accepted",
        Status::ThirdParty => "Third party",
        Status::AlternateMitigation => "Alternate mitigation",
        Status::ToAddress | Status::Planned => control.state.label(),
    }
}

/// Order of the statuses when sorting by status.
fn status_rank(label: &str) -> u8 {
    match label {
        "Completed" => 0,
        "Partial" => 1,
        "Not completed" => 2,
        "Risk accepted" => 3,
        "Third party" => 4,
        "Alternate mitigation" => 5,
        _ => 6,
    }
}

/// One control on the selected day.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: String,
    /// Untrusted text from the data: rendered as a text node only.
    pub title: String,
    pub category: &'static str,
    pub status: &'static str,
    /// The status was set by the admin in this app.
    pub by_admin: bool,
    pub earned: f64,
    pub possible: f64,
}

impl Row {
    /// Rows keep their DOM across days while nothing shown changes.
    fn key(&self) -> (String, &'static str, bool, u64, u64) {
        (
            self.id.clone(),
            self.status,
            self.by_admin,
            self.earned.to_bits(),
            self.possible.to_bits(),
        )
    }
}

/// A day's controls: how many, points earned and possible they add up
/// to, the day's shown score, and whether the source reported it.
type Totals = (usize, f64, f64, Points, bool);

/// The rows of a day, in the data's order (by id).
pub fn rows(history: &TenantHistory, day: &DayScore, overrides: &Overrides) -> Vec<Row> {
    day.controls
        .iter()
        .map(|c| Row {
            id: c.id.clone(),
            title: history
                .info(&c.id)
                .map(|i| i.title.clone())
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| c.id.clone()),
            category: c.category.label(),
            status: status_of(c, overrides, day.date),
            by_admin: overrides.active(&c.id, day.date).is_some(),
            earned: c.earned,
            possible: c.possible,
        })
        .collect()
}

/// A sortable column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Title,
    Category,
    Status,
    Earned,
    Possible,
}

impl Column {
    fn label(self) -> &'static str {
        match self {
            Column::Title => "Control",
            Column::Category => "Category",
            Column::Status => "Status",
            Column::Earned => "Points earned",
            Column::Possible => "Points possible",
        }
    }

    fn numeric(self) -> bool {
        matches!(self, Column::Earned | Column::Possible)
    }
}

/// Sorts rows by a column; ties by title then id.
pub fn sort_rows(rows: &mut [Row], column: Column, ascending: bool) {
    sort_by_key(rows, |r| (r.title.to_ascii_lowercase(), r.id.clone()));
    // A stable sort over the title order: ties keep it.
    sort_by(rows, |a, b| {
        let primary = match column {
            Column::Title => std::cmp::Ordering::Equal,
            Column::Category => a.category.cmp(b.category),
            Column::Status => status_rank(a.status).cmp(&status_rank(b.status)),
            Column::Earned => a.earned.total_cmp(&b.earned),
            Column::Possible => a.possible.total_cmp(&b.possible),
        };
        if ascending {
            primary
        } else {
            primary.reverse()
        }
    });
    if column == Column::Title && !ascending {
        rows.reverse();
    }
}

/// The controls of the selected day (`day-control-row`).
#[component]
pub fn DayControls() -> impl IntoView {
    let analyzer = expect_context::<Analyzer>();
    let sort = RwSignal::new((Column::Category, true));
    let statuses = use_statuses();
    // The selected day's data, recomputed only when the day (or the
    // history) changes.
    let day = Memo::new(move |_| {
        let date = analyzer.selected.get()?;
        analyzer.prepared.with(|p| {
            let p = p.as_ref()?;
            let day = p.history.day(date)?;
            let rows = statuses.overrides.with(|o| rows(&p.history, day, o));
            Some(Shared(std::sync::Arc::new((rows, day.clone()))))
        })
    });
    let sorted = Memo::new(move |_| {
        let (column, ascending) = sort.get();
        day.with(|d| {
            let mut rows = d.as_ref().map(|d| d.0 .0.clone()).unwrap_or_default();
            sort_rows(&mut rows, column, ascending);
            rows
        })
    });
    let header = move |column: Column| {
        let aria = move || match sort.get() {
            (c, true) if c == column => "ascending",
            (c, false) if c == column => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" class:ss-num=column.numeric() aria-sort=aria>
                <button
                    type="button"
                    class="ss-an-sort"
                    data-sort=format!("{column:?}").to_ascii_lowercase()
                    on:click=move |_| {
                        sort.update(|(c, asc)| {
                            if *c == column {
                                *asc = !*asc;
                            } else {
                                *c = column;
                                *asc = !column.numeric();
                            }
                        })
                    }
                >
                    {column.label()}
                    <span class="ss-an-sort-mark" aria-hidden="true">
                        {move || match aria() {
                            "ascending" => "▲",
                            "descending" => "▼",
                            _ => "",
                        }}
                    </span>
                </button>
            </th>
        }
    };
    // The totals row stays; another day updates its texts.
    let sums = Memo::new(move |_| {
        day.with(|d| {
            let d = d.as_ref()?;
            let (rows, day) = &**d;
            let earned: f64 = rows.iter().map(|r| r.earned).sum();
            let possible: f64 = rows.iter().map(|r| r.possible).sum();
            Some((
                rows.len(),
                earned,
                possible,
                day.shown(),
                day.reported.is_some(),
            ))
        })
    });
    let sum = move |f: fn(&Totals) -> String| {
        move || sums.with(|s| s.as_ref().map(f).unwrap_or_default())
    };
    let warnings = move || {
        let date = analyzer.selected.get()?.to_string();
        analyzer.prepared.with(|p| {
            let p = p.as_ref()?;
            let mine: Vec<String> = p
                .history
                .warnings
                .iter()
                .filter(|w| w.contains(&date))
                .cloned()
                .collect();
            Some(if mine.is_empty() {
                p.history.warnings.clone()
            } else {
                mine
            })
        })
    };
    view! {
        <section class="ss-card ss-an-controls" aria-labelledby="ss-an-controls-title">
            <h2 id="ss-an-controls-title">"Controls that day"</h2>
            <TableScroll label="Controls that day" class="ss-an-scroll">
                <table class="ss-an-control-table">
                    <thead>
                        <tr>
                            {header(Column::Title)}
                            {header(Column::Category)}
                            {header(Column::Status)}
                            {header(Column::Earned)}
                            {header(Column::Possible)}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || sorted.get() key=Row::key let:row>
                            <tr data-testid="day-control-row" data-control=row.id.clone() data-points=exact(row.earned)>
                                <th scope="row" class="ss-an-title">{row.title.clone()}</th>
                                <td>{row.category}</td>
                                <td>
                                    <span class=format!("ss-an-status ss-an-status-{}", format::slug(row.status))>{row.status}</span>
                                    {row.by_admin.then(|| view! { <span class="ss-an-by-admin">" (set here)"</span> })}
                                </td>
                                <td class="ss-num">{format::points(row.earned)}</td>
                                <td class="ss-num">{format::points(row.possible)}</td>
                            </tr>
                        </For>
                    </tbody>
                    <tfoot>
                        <Show when=move || sums.with(Option::is_some)>
                            <tr class="ss-an-total" data-testid="day-control-total" data-points=sum(|s| exact(s.1))>
                                <th scope="row" colspan="3">{sum(|s| format!("Total of {} controls", s.0))}</th>
                                <td class="ss-num">{sum(|s| format::points(s.1))}</td>
                                <td class="ss-num">{sum(|s| format::points(s.2))}</td>
                            </tr>
                        </Show>
                    </tfoot>
                </table>
            </TableScroll>
            <Show when=move || day.with(|d| d.as_ref().is_some_and(|d| d.0 .0.iter().any(|r| r.by_admin)))>
                <p class="ss-muted">
                    "Statuses marked “set here” are the ones you set in this app; points are as the data reports them."
                </p>
            </Show>
            {move || {
                let (_, earned, possible, shown, reported) = sums.get()?;
                let differs = shown_differently(earned, shown.earned) || shown_differently(possible, shown.possible);
                (reported && differs)
                    .then(|| {
                        view! {
                            <div class="ss-an-note" data-testid="total-differs">
                                <p>
                                    {format!(
                                        "The source reported {} of {} points for this day; the controls listed add up to {} of {}. ",
                                        format::points(shown.earned),
                                        format::points(shown.possible),
                                        format::points(earned),
                                        format::points(possible),
                                    )}
                                    "The page shows the reported score. Microsoft's total can include controls whose details were not in the data, or points of services that were not listed."
                                </p>
                                <ul>
                                    {warnings().unwrap_or_default().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// A number for a `data-*` attribute at full precision (so that values
/// add up exactly): the shortest text that reads back as the same f64.
pub fn exact(value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        "0".to_string()
    } else {
        format!("{value}")
    }
}
