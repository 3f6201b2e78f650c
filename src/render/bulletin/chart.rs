//! A chain's trend chart as SVG: monthly output, this year against last
//! year, January to December. Drawn for grey print: this year a solid
//! dark line with round markers, last year a dashed grey line with hollow
//! square markers, and a legend saying which is which; axes and labels in
//! the bulletin's language.
//!
//! ```text
//!  产值（万元）
//!  1,200 ┤        ●───●            ● this year (solid)
//!    800 ┤ ●───●╱      ╲ □- -□     □ last year (dashed)
//!    400 ┤ □- -□- -□- -□
//!      0 ┼──┬───┬───┬───┬── … ──┬─
//!          1月 2月  3月  4月     12月   月份
//! ```

use std::fmt::Write as _;

use super::model::MONTHS_EN;
use crate::analysis::trend::ChainTrend;
use crate::model::Lang;
use crate::render::gaps::thousands;
use crate::render::report::html::esc;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 150.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 44.0;
/// Glyphs that every print of the bulletin has: CJK first, then Latin.
const FONT: &str = "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif";

/// A step of 1, 2 or 5 × 10ⁿ that divides `max` into at most four parts.
fn nice_step(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let rough = max / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|s| *s >= rough).unwrap_or(10.0 * power)
}

fn x_of(month: usize) -> f64 {
    LEFT + (WIDTH - LEFT - RIGHT) * month as f64 / 11.0
}

/// The line through the months with a figure, broken where one is missing.
fn path(values: &[Option<f64>; 12], y_of: &dyn Fn(f64) -> f64) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for (m, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let _ = write!(d, "{}{:.1},{:.1} ", if pen_down { "L" } else { "M" }, x_of(m), y_of(*v));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    d.trim_end().to_owned()
}

/// The SVG of one chain's trend, `title` naming the chain.
#[must_use]
#[allow(clippy::too_many_lines, reason = "one drawing, element by element, in the order they are painted")]
pub fn trend_svg(trend: &ChainTrend, title: &str, lang: Lang) -> String {
    let max = trend.this_year.iter().chain(&trend.last_year).flatten().fold(0.0_f64, |a, &b| a.max(b));
    let step = nice_step(max);
    let top = (max / step).ceil().max(1.0) * step;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y_of = move |v: f64| TOP + plot_h * (1.0 - v / top);
    let (this, last) = (trend.year, trend.year - 1);
    let points = trend.this_year.iter().flatten().count() + trend.last_year.iter().flatten().count();
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" data-points=\"{points}\" font-family=\"{FONT}\" font-size=\"12\">"
    );
    let _ = write!(
        s,
        "<title>{}</title>",
        esc(&match lang {
            Lang::Zh => format!("{title}月度产值：{this}年与{last}年"),
            Lang::En => format!("{title}: monthly output, {this} against {last}"),
        })
    );
    // Grid and y axis labels.
    let mut tick = 0.0;
    while tick <= top + step / 2.0 {
        let y = y_of(tick);
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#d9dde3\" stroke-width=\"1\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#333\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            thousands(tick)
        );
        tick += step;
    }
    let _ = write!(
        s,
        "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{:.1}\" stroke=\"#333\"/><line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#333\"/>",
        HEIGHT - BOTTOM,
        HEIGHT - BOTTOM,
        WIDTH - RIGHT,
        HEIGHT - BOTTOM
    );
    for (m, en) in MONTHS_EN.iter().enumerate() {
        let label = if lang == Lang::Zh { format!("{}月", m + 1) } else { (*en).to_owned() };
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">{label}</text>",
            x_of(m),
            HEIGHT - BOTTOM + 16.0
        );
    }
    let _ = write!(
        s,
        "<text x=\"{LEFT}\" y=\"{:.1}\" fill=\"#333\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#333\">{}</text>",
        TOP - 14.0,
        lang.pick("产值（万元）", "Output (10k yuan)"),
        WIDTH - RIGHT,
        HEIGHT - 6.0,
        lang.pick("月份", "Month")
    );
    // Last year under this year: dashed grey, hollow squares.
    let _ = write!(
        s,
        "<path class=\"last-year\" d=\"{}\" fill=\"none\" stroke=\"#7b8794\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
        path(&trend.last_year, &y_of)
    );
    for (m, v) in trend.last_year.iter().enumerate() {
        if let Some(v) = v {
            let _ = write!(
                s,
                "<rect class=\"point last-year\" x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"#fff\" stroke=\"#7b8794\" stroke-width=\"1.5\"/>",
                x_of(m) - 3.5,
                y_of(*v) - 3.5
            );
        }
    }
    let _ = write!(
        s,
        "<path class=\"this-year\" d=\"{}\" fill=\"none\" stroke=\"#1f3b5c\" stroke-width=\"2.5\"/>",
        path(&trend.this_year, &y_of)
    );
    for (m, v) in trend.this_year.iter().enumerate() {
        if let Some(v) = v {
            let _ = write!(
                s,
                "<circle class=\"point this-year\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#1f3b5c\"/>",
                x_of(m),
                y_of(*v)
            );
        }
    }
    // The legend, right of the plot.
    let lx = WIDTH - RIGHT + 16.0;
    let year_label = |y: i16| if lang == Lang::Zh { format!("{y}年") } else { y.to_string() };
    let _ = write!(
        s,
        "<line x1=\"{lx}\" y1=\"{TOP}\" x2=\"{:.1}\" y2=\"{TOP}\" stroke=\"#1f3b5c\" stroke-width=\"2.5\"/><circle cx=\"{:.1}\" cy=\"{TOP}\" r=\"4\" fill=\"#1f3b5c\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#333\">{}</text>",
        lx + 30.0,
        lx + 15.0,
        lx + 38.0,
        TOP + 4.0,
        year_label(this)
    );
    let ly = TOP + 22.0;
    let _ = write!(
        s,
        "<line x1=\"{lx}\" y1=\"{ly}\" x2=\"{:.1}\" y2=\"{ly}\" stroke=\"#7b8794\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"#fff\" stroke=\"#7b8794\" stroke-width=\"1.5\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#333\">{}</text>",
        lx + 30.0,
        lx + 11.5,
        ly - 3.5,
        lx + 38.0,
        ly + 4.0,
        year_label(last)
    );
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_broken_lines() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(nice_step(1000.0), 500.0));
        assert!(close(nice_step(80.0), 20.0));
        assert!(close(nice_step(0.0), 1.0));
        let mut values = [None; 12];
        values[0] = Some(1.0);
        values[1] = Some(2.0);
        values[3] = Some(3.0);
        let d = path(&values, &|v| v);
        assert_eq!(d.matches('M').count(), 2, "{d}");
        assert_eq!(d.matches('L').count(), 1, "{d}");
    }

    #[test]
    fn one_marker_per_month_with_a_figure() {
        let mut trend = ChainTrend { chain: 0, year: 2026, this_year: [None; 12], last_year: [Some(100.0); 12] };
        trend.this_year[0] = Some(120.0);
        trend.this_year[1] = Some(90.0);
        trend.this_year[2] = Some(130.0);
        let svg = trend_svg(&trend, "富硒<食品>", Lang::Zh);
        assert_eq!(svg.matches("<circle class=\"point this-year\"").count(), 3);
        assert_eq!(svg.matches("<rect class=\"point last-year\"").count(), 12);
        assert!(svg.contains("data-points=\"15\""));
        assert!(svg.contains("富硒&lt;食品&gt;"));
        for text in ["产值（万元）", "月份", "1月", "12月", "2026年", "2025年"] {
            assert!(svg.contains(text), "{text}");
        }
    }
}
