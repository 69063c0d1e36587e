//! The photo as laid out: its effective resolution against the profile's
//! [`PhotoRules`] (a warning, or for press an error), and what each crop shows of it.

use crate::compose::Product;
use crate::diag::{Diagnostic, Sink};
use crate::layout::photo::crop_fit;
use crate::layout::{effective_ppi, FrameItem, Page, PagedDocument, Profile};
use crate::load::{Case, Paper};
use crate::render::photo::PhotoRules;

/// Warns, or for press fails, when the photo has fewer pixels than the profile's
/// [`PhotoRules`] ask at its placed size.
pub(super) fn check_photo_resolution(
    case: &Case,
    product: Product,
    profile: Profile,
    paged: &PagedDocument,
    warnings: &mut Sink,
) -> Result<(), Vec<Diagnostic>> {
    let Some(ppi) = effective_ppi(paged) else { return Ok(()) };
    let rules = PhotoRules::of(profile);
    if ppi >= rules.warn_below {
        return Ok(());
    }
    let span = case.yaml_span("file");
    let (width, height) = case.photo.size();
    let needed = |target: f32| (width as f32 * target / ppi).ceil();
    let needs = match profile {
        Profile::Home => "home prints need",
        Profile::Press => "print needs",
    };
    let mut message = format!(
        "photo {} ({} x {} px) is {ppi:.0} ppi at its placed size on the {} {}; {needs} {:.0}",
        case.photo.path.display(),
        width,
        height,
        profile.name(),
        product.name(),
        rules.warn_below,
    );
    let mut hint = format!("use a photo at least {:.0} px wide", needed(rules.warn_below));
    if rules.target_ppi > rules.warn_below {
        hint.push_str(&format!(", better {:.0} px ({:.0} ppi)", needed(rules.target_ppi), rules.target_ppi));
    }
    match rules.fail_below {
        Some(floor) if ppi < floor => {
            message.push_str(&format!(", and {floor:.0} at the very least"));
            Err(vec![Diagnostic::error(Some(span), message).with_hint(hint)])
        }
        _ => {
            warnings.warn(Diagnostic::warning(Some(span), message).with_hint(hint));
            Ok(())
        }
    }
}

/// What each crop of the photo shows: for `check` (`report`), a note per product and
/// profile with the share of the photo's width and height; always a warning when a
/// crop cuts the keep region or shows less than half the photo's height (the layouts
/// choose their frames so that it should never have to).
pub(super) fn check_photo_framing(
    case: &Case,
    (product, profile, paper): (Product, Profile, Option<Paper>),
    paged: &PagedDocument,
    report: bool,
    warnings: &mut Sink,
) {
    let size = case.photo.size();
    let photo = case.photo.path.display();
    // Languages may print on different papers, whose frames differ.
    let paper = match paper {
        Some(Paper::A4) => " (A4)",
        Some(Paper::Letter) => " (Letter)",
        None => "",
    };
    let place = match product {
        Product::Pack => format!("{} pack cover{paper}", profile.name()),
        Product::Postcard => format!("{} postcard front{paper}", profile.name()),
        Product::Labels => format!("{} labels{paper}", profile.name()),
        Product::Petition => format!("{} petition sheet{paper}", profile.name()),
        Product::Poster => format!("{} poster{paper}", profile.name()),
        Product::Tally => format!("{} tally sheet{paper}", profile.name()),
        Product::Bundle => format!("{} event bundle{paper}", profile.name()),
    };
    let images = paged.pages.iter().flat_map(Page::flat_items).filter_map(|item| match item {
        FrameItem::Image { crop, framing, .. } => Some((crop, framing)),
        _ => None,
    });
    // A home sheet draws its front four times, the same crop: one report.
    let mut seen = Vec::new();
    for (crop, framing) in images {
        if seen.contains(&crop) {
            continue;
        }
        seen.push(crop);
        let fit = crop_fit(size, crop, framing);
        let (width_pc, height_pc) = (fit.width_shown * 100.0, fit.height_shown * 100.0);
        let keep_span = || case.yaml_span(if framing.keep.is_some() { "keep" } else { "file" });
        if report {
            let keep = match framing.keep {
                Some(_) if fit.keep_whole => "; the keep region is whole",
                Some(_) => "; the keep region is cut",
                None => "",
            };
            let message = format!(
                "photo {photo} on the {place}: {width_pc:.0} % of its width and {height_pc:.0} % of its height show{keep}"
            );
            warnings.warn(Diagnostic::note(Some(case.yaml_span("file")), message));
        }
        if !fit.keep_whole {
            warnings.warn(
                Diagnostic::warning(
                    Some(keep_span()),
                    format!("the crop of photo {photo} on the {place} cuts its keep region"),
                )
                .with_hint("no frame of this shape holds the region: make `keep` smaller, or use a photo with more room around it"),
            );
        } else if fit.height_shown < 0.5 {
            warnings.warn(
                Diagnostic::warning(
                    Some(keep_span()),
                    format!("the {place} shows only {height_pc:.0} % of the height of photo {photo}"),
                )
                .with_hint(
                    "give `keep: [left, top, right, bottom]` in case.yaml for the part that must show",
                ),
            );
        }
    }
}
