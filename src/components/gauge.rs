//! A score ring drawn as inline SVG with Leptos view nodes.

use leptos::prelude::*;

/// Radius and circumference of the ring in SVG user units.
const RADIUS: f64 = 52.0;

/// A ring filled to `percent` (0–100), the percentage in its middle.
/// Decorative for screen readers: the card states the numbers as text.
#[component]
pub fn Gauge(
    /// Percentage filled, clamped to 0–100.
    percent: f64,
    /// The text in the middle of the ring.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let circumference = 2.0 * std::f64::consts::PI * RADIUS;
    let filled = percent.clamp(0.0, 100.0) / 100.0 * circumference;
    view! {
        <svg class="ss-gauge" viewBox="0 0 120 120" aria-hidden="true" focusable="false">
            <circle class="ss-gauge-track" cx="60" cy="60" r=RADIUS fill="none" stroke-width="12" />
            <circle
                class="ss-gauge-value"
                cx="60"
                cy="60"
                r=RADIUS
                fill="none"
                stroke-width="12"
                stroke-linecap="round"
                stroke-dasharray=format!("{filled:.2} {circumference:.2}")
                transform="rotate(-90 60 60)"
            />
            <text class="ss-gauge-label" x="60" y="60" text-anchor="middle" dominant-baseline="central">
                {label}
            </text>
        </svg>
    }
}
