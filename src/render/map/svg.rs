//! A small SVG writer for the natively drawn maps: rectangles, lines and
//! single-line text, every string escaped, every number printed the same way
//! on every machine.

use std::fmt::Write as _;

use super::FONT_STACK;
use super::text::{clean, safe_char, xml};

/// A number for an SVG attribute: rounded to 0.1, no trailing zeros.
#[must_use]
pub fn num(x: f64) -> String {
    let tenths = (x * 10.0).round() / 10.0;
    let s = format!("{tenths:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s).to_owned();
    if s == "-0" { "0".to_owned() } else { s }
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle<'a> {
    pub size: f64,
    pub fill: &'a str,
    /// `start`, `middle` or `end`.
    pub anchor: &'a str,
    /// Drawn heavier with a thin outline of its own colour, which looks the
    /// same whether or not the font has a bold face (`WenQuanYi` has none).
    pub bold: bool,
    pub strike: bool,
    pub italic: bool,
}

impl<'a> TextStyle<'a> {
    #[must_use]
    pub fn new(size: f64, fill: &'a str) -> Self {
        Self { size, fill, anchor: "start", bold: false, strike: false, italic: false }
    }
    #[must_use]
    pub fn middle(mut self) -> Self {
        self.anchor = "middle";
        self
    }
    #[must_use]
    pub fn end(mut self) -> Self {
        self.anchor = "end";
        self
    }
    #[must_use]
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    #[must_use]
    pub fn strike(mut self, strike: bool) -> Self {
        self.strike = strike;
        self
    }
    #[must_use]
    pub fn italic(mut self) -> Self {
        self.italic = true;
        self
    }
}

/// A run of text inside a line drawn by [`Svg::spans`].
#[derive(Debug, Clone)]
pub struct Span<'a> {
    pub text: String,
    pub fill: &'a str,
    pub bold: bool,
    pub strike: bool,
}

impl<'a> Span<'a> {
    #[must_use]
    pub fn new(text: impl Into<String>, fill: &'a str) -> Self {
        Self { text: text.into(), fill, bold: false, strike: false }
    }
    #[must_use]
    pub fn bold(mut self, bold: bool) -> Self {
        self.bold = bold;
        self
    }
    #[must_use]
    pub fn strike(mut self, strike: bool) -> Self {
        self.strike = strike;
        self
    }
}

/// How a rectangle is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Boxed<'a> {
    pub fill: &'a str,
    pub stroke: Option<&'a str>,
    pub stroke_width: f64,
    pub radius: f64,
    pub dashed: bool,
}

impl<'a> Boxed<'a> {
    #[must_use]
    pub fn fill(fill: &'a str) -> Self {
        Self { fill, stroke: None, stroke_width: 1.0, radius: 0.0, dashed: false }
    }
    #[must_use]
    pub fn stroke(mut self, colour: &'a str, width: f64) -> Self {
        self.stroke = Some(colour);
        self.stroke_width = width;
        self
    }
    #[must_use]
    pub fn radius(mut self, radius: f64) -> Self {
        self.radius = radius;
        self
    }
    #[must_use]
    pub fn dashed(mut self, dashed: bool) -> Self {
        self.dashed = dashed;
        self
    }
}

/// An SVG document being drawn; [`Svg::finish`] wraps it once its size is known.
#[derive(Debug, Default)]
pub struct Svg {
    body: String,
}

impl Svg {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, style: Boxed<'_>) {
        let _ = write!(self.body, r#"<rect x="{}" y="{}" width="{}" height="{}""#, num(x), num(y), num(w), num(h));
        if style.radius > 0.0 {
            let _ = write!(self.body, r#" rx="{}""#, num(style.radius));
        }
        let _ = write!(self.body, r#" fill="{}""#, style.fill);
        if let Some(stroke) = style.stroke {
            let _ = write!(self.body, r#" stroke="{stroke}" stroke-width="{}""#, num(style.stroke_width));
            if style.dashed {
                let _ = write!(
                    self.body,
                    r#" stroke-dasharray="{} {}""#,
                    num(style.stroke_width * 3.0),
                    num(style.stroke_width * 2.0)
                );
            }
        }
        self.body.push_str("/>\n");
    }

    /// A straight line from `(x1, y1)` to `(x2, y2)`.
    pub fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), colour: &str, width: f64, dashed: bool) {
        let _ = write!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="{}""#,
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(width)
        );
        if dashed {
            self.body.push_str(r#" stroke-dasharray="4 3""#);
        }
        self.body.push_str("/>\n");
    }

    /// A closed polygon through `points`.
    pub fn polygon(&mut self, points: &[(f64, f64)], fill: &str) {
        let pts: Vec<String> = points.iter().map(|(x, y)| format!("{},{}", num(*x), num(*y))).collect();
        let _ = writeln!(self.body, r#"<polygon points="{}" fill="{fill}"/>"#, pts.join(" "));
    }

    /// One line of text with its baseline at `y`; `text` is cleaned and escaped here.
    pub fn text(&mut self, x: f64, y: f64, text: &str, style: TextStyle<'_>) {
        let _ = write!(
            self.body,
            r#"<text x="{}" y="{}" font-size="{}" fill="{}""#,
            num(x),
            num(y),
            num(style.size),
            style.fill
        );
        if style.anchor != "start" {
            let _ = write!(self.body, r#" text-anchor="{}""#, style.anchor);
        }
        if style.bold {
            let _ = write!(self.body, r#" stroke="{}" stroke-width="{}""#, style.fill, num(style.size / 25.0));
        }
        if style.strike {
            self.body.push_str(r#" text-decoration="line-through""#);
        }
        if style.italic {
            self.body.push_str(r#" font-style="italic""#);
        }
        let _ = writeln!(self.body, ">{}</text>", xml(&clean(text)));
    }

    /// One line of text made of differently styled runs (`tspan`s) that
    /// follow each other; only the first run's style sets size and anchor.
    pub fn spans(&mut self, x: f64, y: f64, size: f64, spans: &[Span<'_>]) {
        let _ = write!(self.body, r#"<text x="{}" y="{}" font-size="{}">"#, num(x), num(y), num(size));
        for span in spans {
            let _ = write!(self.body, r#"<tspan fill="{}""#, span.fill);
            if span.bold {
                let _ = write!(self.body, r#" stroke="{}" stroke-width="{}""#, span.fill, num(size / 25.0));
            }
            if span.strike {
                self.body.push_str(r#" text-decoration="line-through""#);
            }
            let text: String = span.text.chars().map(safe_char).collect();
            let _ = write!(self.body, ">{}</tspan>", xml(&text));
        }
        self.body.push_str("</text>\n");
    }

    /// Opens a group with a tooltip-like title (shown on hover in browsers).
    pub fn group(&mut self, title: &str) {
        let _ = writeln!(self.body, "<g>\n<title>{}</title>", xml(&clean(title)));
    }

    pub fn end_group(&mut self) {
        self.body.push_str("</g>\n");
    }

    /// The whole document: `width` × `height` pixels on a white background.
    #[must_use]
    pub fn finish(self, width: f64, height: f64, title: &str) -> String {
        let (w, h) = (num(width.ceil()), num(height.ceil()));
        let mut out = String::with_capacity(self.body.len() + 512);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{}">"#,
            xml(FONT_STACK)
        );
        let _ = writeln!(out, "<title>{}</title>", xml(&clean(title)));
        let _ = writeln!(out, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_stably() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.25), "1.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(12.34), "12.3");
    }

    #[test]
    fn text_is_escaped() {
        let mut svg = Svg::new();
        svg.text(0.0, 0.0, "a<b & \"c\"\nd", TextStyle::new(10.0, "#000"));
        let doc = svg.finish(10.0, 10.0, "t");
        assert!(doc.contains(">a&lt;b &amp; &quot;c&quot; d</text>"), "{doc}");
    }
}
