//! SVG → PNG (resvg) and SVG → PDF (krilla), with the system's fonts.
//!
//! Both read the SVG with usvg, which lays the text out with the fonts
//! found on the machine: the first family of [`FONT_STACK`](super::FONT_STACK)
//! that is installed, else any font that has Chinese glyphs. Without one,
//! Chinese comes out as empty boxes; [`Fonts::cjk_family`] tells the caller
//! so it can warn.

use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use super::{FONT_STACK, MapError};

/// The PNG scale: two pixels per SVG unit, sharp on a projector or in print.
pub const PNG_SCALE: f32 = 2.0;

/// The most pixels a PNG may have (64 M, 256 MB of RGBA); larger maps are
/// drawn at a smaller scale.
pub const MAX_PIXELS: f64 = 64.0 * 1024.0 * 1024.0;

/// Characters a CJK font must have to count as one.
const CJK_PROBE: [char; 4] = ['产', '业', '链', '环'];

/// The fonts PNG and PDF output lay text out with.
#[derive(Debug, Clone)]
pub struct Fonts {
    db: Arc<fontdb::Database>,
    cjk: Option<String>,
}

impl Default for Fonts {
    /// [`Fonts::none`].
    fn default() -> Self {
        Self::none()
    }
}

impl Fonts {
    /// No fonts at all: enough for DOT and SVG output, which leave fonts to
    /// the viewer.
    #[must_use]
    pub fn none() -> Self {
        Self { db: Arc::new(fontdb::Database::new()), cjk: None }
    }

    /// The fonts installed on this machine, with the generic `sans-serif`
    /// family set to a CJK font when there is one.
    #[must_use]
    pub fn system() -> Self {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let mut fonts = Self::from_database(db);
        if let Some(family) = fonts.cjk.clone() {
            let mut db = Arc::unwrap_or_clone(fonts.db);
            held_in_memory(&mut db, &family);
            fonts.db = Arc::new(db);
        }
        fonts
    }

    /// The fonts of a database, e.g. one loaded from a font directory.
    #[must_use]
    pub fn from_database(mut db: fontdb::Database) -> Self {
        let cjk = find_cjk_family(&db);
        if let Some(family) = &cjk {
            db.set_sans_serif_family(family.clone());
        }
        Self { db: Arc::new(db), cjk }
    }

    /// The family Chinese text is set in, or `None` when no installed font
    /// has Chinese glyphs.
    #[must_use]
    pub fn cjk_family(&self) -> Option<&str> {
        self.cjk.as_deref()
    }

    fn options(&self) -> usvg::Options<'static> {
        usvg::Options {
            fontdb: Arc::clone(&self.db),
            font_family: self.cjk.clone().unwrap_or_else(|| "sans-serif".to_owned()),
            languages: vec!["zh-CN".to_owned(), "en".to_owned()],
            ..usvg::Options::default()
        }
    }
}

/// Reads the files of `family`'s faces into memory once. A face on file is
/// mapped and unmapped again for every text a map lays out, and a
/// province's maps have hundreds of thousands: drawing them for the Word
/// documents spent more time in the system (the mappings, their page
/// faults, each unmapping stopping the other core) than in drawing. A file
/// that cannot be read stays as it was.
fn held_in_memory(db: &mut fontdb::Database, family: &str) {
    let mut files: Vec<std::path::PathBuf> = db
        .faces()
        .filter(|face| face.families.iter().any(|(name, _)| name == family))
        .filter_map(|face| match &face.source {
            fontdb::Source::File(path) => Some(path.clone()),
            _ => None,
        })
        .collect();
    files.sort();
    files.dedup();
    for path in files {
        let Ok(data) = std::fs::read(&path) else { continue };
        // Every face of the file, whatever its family: a collection (.ttc)
        // holds several, and loading it again adds them all.
        let from_file: Vec<fontdb::ID> = db
            .faces()
            .filter(|face| matches!(&face.source, fontdb::Source::File(p) if *p == path))
            .map(|face| face.id)
            .collect();
        for id in from_file {
            db.remove_face(id);
        }
        db.load_font_data(data);
    }
}

/// Whether the face has every probe glyph.
fn has_cjk(db: &fontdb::Database, id: fontdb::ID) -> bool {
    db.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index).is_ok_and(|face| CJK_PROBE.iter().all(|&c| face.glyph_index(c).is_some()))
    })
    .unwrap_or(false)
}

/// The preferred CJK family: the first of the font stack that is installed
/// and has Chinese glyphs, else the alphabetically first family that has them.
fn find_cjk_family(db: &fontdb::Database) -> Option<String> {
    for family in FONT_STACK.split(',').filter(|f| *f != "sans-serif") {
        let query = fontdb::Query { families: &[fontdb::Family::Name(family)], ..fontdb::Query::default() };
        if let Some(id) = db.query(&query)
            && has_cjk(db, id)
        {
            return Some(family.to_owned());
        }
    }
    let mut found: Vec<&str> = db
        .faces()
        .filter(|face| has_cjk(db, face.id))
        .filter_map(|face| face.families.first().map(|(name, _)| name.as_str()))
        .collect();
    found.sort_unstable();
    found.first().map(|f| (*f).to_owned())
}

fn parse(svg: &[u8], fonts: &Fonts) -> Result<usvg::Tree, MapError> {
    usvg::Tree::from_data(svg, &fonts.options()).map_err(|e| MapError::Svg(e.to_string()))
}

/// Draws an SVG as a PNG at `scale` pixels per SVG unit (less when the
/// picture would exceed [`MAX_PIXELS`]).
pub fn svg_to_png(svg: &[u8], fonts: &Fonts, scale: f32) -> Result<Vec<u8>, MapError> {
    draw(&parse(svg, fonts)?, scale)
}

/// A map drawn as a PNG to place in a document, with the map's size in SVG
/// units (CSS pixels), which sets the picture's shape on the page.
#[derive(Debug, Clone)]
pub struct Picture {
    pub png: Vec<u8>,
    pub width: f32,
    pub height: f32,
}

/// Draws an SVG as a PNG at the scale `scale_for` picks from the map's
/// width and height (less when the picture would exceed [`MAX_PIXELS`]):
/// a document knows how large it shows the map only once it knows its shape.
pub fn svg_to_picture(svg: &[u8], fonts: &Fonts, scale_for: impl FnOnce(f32, f32) -> f32) -> Result<Picture, MapError> {
    let tree = parse(svg, fonts)?;
    let (width, height) = (tree.size().width(), tree.size().height());
    Ok(Picture { png: draw(&tree, scale_for(width, height))?, width, height })
}

fn draw(tree: &usvg::Tree, scale: f32) -> Result<Vec<u8>, MapError> {
    let size = tree.size();
    let area = f64::from(size.width()) * f64::from(size.height());
    #[allow(clippy::cast_possible_truncation, reason = "a scale factor, well inside f32")]
    let scale = scale.min((MAX_PIXELS / area).sqrt() as f32).max(0.01);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "bounded by MAX_PIXELS")]
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap =
        tiny_skia::Pixmap::new(w.max(1), h.max(1)).ok_or_else(|| MapError::Png(format!("cannot allocate {w}×{h}")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| MapError::Png(e.to_string()))
}

/// Converts an SVG to a one-page PDF with the text embedded as text (fonts
/// subset into the file), so it stays sharp and searchable.
///
/// The same SVG and fonts give the same bytes on every run: krilla writes
/// objects and dictionaries in a fixed order and derives the document ID
/// from the content, and no creation date is set. (svg2pdf, used before,
/// wrote resource dictionaries and fonts in `HashMap` order, so the flow
/// map's PDF differed from run to run.)
pub fn svg_to_pdf(svg: &[u8], fonts: &Fonts) -> Result<Vec<u8>, MapError> {
    let tree = parse(svg, fonts)?;
    pdf_of(&tree, true).or_else(|_| {
        // A font that cannot be subset: draw the text as outlines instead.
        pdf_of(&tree, false)
    })
}

fn pdf_of(tree: &usvg::Tree, embed_text: bool) -> Result<Vec<u8>, MapError> {
    let size = tree.size();
    let (w, h) = (size.width(), size.height());
    let page_size = krilla::geom::Size::from_wh(w, h).ok_or_else(|| MapError::Pdf(format!("bad page size {w}×{h}")))?;
    let mut document = krilla::Document::new();
    {
        let mut page = document.start_page_with(krilla::page::PageSettings::new(page_size));
        let mut surface = page.surface();
        let settings = krilla_svg::SvgSettings { embed_text, ..krilla_svg::SvgSettings::default() };
        krilla_svg::SurfaceExt::draw_svg(&mut surface, tree, page_size, settings)
            .ok_or_else(|| MapError::Pdf("the SVG could not be drawn".to_owned()))?;
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| MapError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &[u8] = br##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#c62828"/><text x="2" y="15">&#38142;</text></svg>"##;

    #[test]
    fn no_fonts_no_cjk_family_but_still_a_picture() {
        let fonts = Fonts::from_database(fontdb::Database::new());
        assert_eq!(fonts.cjk_family(), None);
        let png = svg_to_png(SVG, &fonts, 2.0).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        let pdf = svg_to_pdf(SVG, &fonts).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }

    /// A family's font file is read into memory whole, every face of it
    /// (a collection's other families too), none lost or doubled.
    #[test]
    fn a_familys_files_are_held_in_memory_with_all_their_faces() {
        let mut system = fontdb::Database::new();
        system.load_system_fonts();
        let Some((path, family)) = system.faces().find_map(|face| match &face.source {
            fontdb::Source::File(path) => Some((path.clone(), face.families.first()?.0.clone())),
            _ => None,
        }) else {
            eprintln!("no font installed here: nothing to hold");
            return;
        };
        let mut db = fontdb::Database::new();
        db.load_font_file(&path).unwrap();
        let faces = |db: &fontdb::Database| {
            let mut names: Vec<(String, bool)> = db
                .faces()
                .map(|f| (f.post_script_name.clone(), matches!(f.source, fontdb::Source::Binary(_))))
                .collect();
            names.sort();
            names
        };
        let before = faces(&db);
        assert!(before.iter().all(|(_, binary)| !binary));
        held_in_memory(&mut db, &family);
        let after = faces(&db);
        assert_eq!(after.len(), before.len(), "{}", path.display());
        assert!(after.iter().zip(&before).all(|(a, b)| a.0 == b.0 && a.1), "{after:?}");
    }

    #[test]
    fn huge_pictures_are_scaled_down() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"></svg>"#;
        let png = svg_to_png(svg, &Fonts::none(), 2.0).unwrap();
        // IHDR width and height, big-endian, at bytes 16..24.
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert!(f64::from(w) * f64::from(h) <= MAX_PIXELS * 1.01, "{w}×{h}");
    }
}
