//! Kashida: justifying Arabic by lengthening the joins between letters.
//!
//! Careful Arabic typesetting fills a justified line by drawing some connections
//! between letters longer (with tatweel, U+0640) rather than by opening wide gaps
//! between words. Where a join may be lengthened follows the calligraphic tradition
//! as summarised in Microsoft's and SIL's justification notes: after the teeth of
//! seen and sad first, then before a final heh or teh marbuta, before a final alef,
//! lam, kaf or tah, before a final reh, waw or yeh, and otherwise at any join. Never
//! inside a ligature (a cluster of several letters), never after a letter that does
//! not join the next one (alef, dal, reh, waw...), at most one place per word, and
//! spread over the line's words. The glyphs of a line are already joined forms when
//! this runs, so a tatweel glyph placed between two of them extends the join.

use unicode_joining_type::{get_joining_type, JoiningType};

use super::ShapedGlyph;

/// How an Arabic letter joins its neighbours, as far as lengthening cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joining {
    /// Joins on both sides: beh, seen, lam, meem...
    Dual,
    /// Joins only the letter before it: alef, dal, reh, waw, teh marbuta...
    Right,
    /// Joins nothing that a tatweel may follow: hamza, join-causing tatweel and
    /// zero-width joiner, and everything that is not a joining letter.
    None,
}

/// A character's Unicode Joining_Type (from `unicode-joining-type`, which printpdf's
/// font code already builds), reduced to what lengthening needs.
fn joining(c: char) -> Joining {
    match get_joining_type(c) {
        JoiningType::DualJoining => Joining::Dual,
        JoiningType::RightJoining => Joining::Right,
        _ => Joining::None,
    }
}

/// True for the combining marks (harakat, shadda...) that ride on a letter: Unicode's
/// transparent joining type, which a join passes through.
fn is_mark(c: char) -> bool {
    get_joining_type(c) == JoiningType::Transparent
}

/// A join that may be lengthened: insert tatweel before glyph `at` of the piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KashidaPoint {
    /// Index of the glyph (in visual order) the tatweel goes before.
    pub(crate) at: usize,
    /// Preference, 1 best.
    pub(crate) rank: u8,
}

/// The first and last letters of a cluster: one letter and its marks, or the
/// letters of a ligature, whose inside is never lengthened.
fn end_letters(cluster: &str) -> Option<(char, char)> {
    let mut letters = cluster.chars().filter(|&c| !is_mark(c));
    let first = letters.next()?;
    Some((first, letters.next_back().unwrap_or(first)))
}

/// The best join of each word of a right-to-left piece, as places to put tatweel.
/// `glyphs` are in visual order (HarfBuzz's, right to left reversed); `text` is the
/// paragraph and `end` the end of the piece's range in it.
pub(crate) fn kashida_points(text: &str, glyphs: &[ShapedGlyph], end: usize) -> Vec<KashidaPoint> {
    // Cluster starts in logical order, to find each cluster's text.
    let mut starts: Vec<usize> = glyphs.iter().map(|g| g.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    let cluster_text = |start: usize| {
        let next = starts.iter().copied().find(|&s| s > start).unwrap_or(end);
        &text[start..next.max(start)]
    };
    let mut best: Vec<KashidaPoint> = Vec::new();
    let mut word_best: Option<KashidaPoint> = None;
    for at in 1..glyphs.len() {
        let (left, right) = (&glyphs[at - 1], &glyphs[at]);
        if left.cluster == right.cluster {
            continue;
        }
        // Right to left: the glyph on the right is the earlier letter.
        let (first, second) = (cluster_text(right.cluster), cluster_text(left.cluster));
        let word_break = second.starts_with(char::is_whitespace) || first.starts_with(char::is_whitespace);
        if word_break || left.cluster < right.cluster {
            best.extend(word_best.take());
            continue;
        }
        // Joins are only ever between clusters, so never inside a ligature.
        let (Some((_, a)), Some((b, _))) = (end_letters(first), end_letters(second)) else { continue };
        if joining(a) != Joining::Dual || joining(b) == Joining::None {
            continue;
        }
        let after_b = text[left.cluster + b.len_utf8()..].chars().find(|&c| !is_mark(c));
        let b_is_final = after_b.is_none_or(|c| joining(c) == Joining::None);
        let rank = rank(a, b, b_is_final);
        // Ties go to the later join in the word, nearer its end, where calligraphers
        // put it; in visual order that is the smaller index, met first.
        if word_best.is_none_or(|w| rank < w.rank) {
            word_best = Some(KashidaPoint { at, rank });
        }
    }
    best.extend(word_best);
    best
}

fn rank(a: char, b: char, b_is_final: bool) -> u8 {
    match (a, b) {
        // After the teeth of seen, sheen, sad and dad.
        ('\u{0633}' | '\u{0634}' | '\u{0635}' | '\u{0636}', _) => 1,
        // Before a final heh or teh marbuta.
        (_, '\u{0647}' | '\u{0629}') if b_is_final => 2,
        // Before a final alef, lam, kaf, tah or zah.
        (
            _,
            '\u{0627}' | '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0644}' | '\u{0643}' | '\u{0637}'
            | '\u{0638}',
        ) if b_is_final => 3,
        // Before a final reh, zain, waw, alef maksura or yeh.
        (_, '\u{0631}' | '\u{0632}' | '\u{0648}' | '\u{0649}' | '\u{064A}') if b_is_final => 4,
        _ => 5,
    }
}

/// How many tatweels go at each point: `count` in all, as even as they can be, the
/// better-ranked points first for the remainder. `max_each` keeps any one join from
/// being drawn out past what looks like writing.
pub(crate) fn distribute(points: &[KashidaPoint], count: usize, max_each: usize) -> Vec<usize> {
    if points.is_empty() {
        return Vec::new();
    }
    let count = count.min(points.len() * max_each);
    let mut out = vec![count / points.len(); points.len()];
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by_key(|&i| points[i].rank);
    for &i in order.iter().take(count % points.len()) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs for `text` as a right-to-left shaper returns them: one per character,
    /// in visual order (reversed), each its own cluster.
    fn glyphs(text: &str) -> Vec<ShapedGlyph> {
        let mut out: Vec<ShapedGlyph> = text
            .char_indices()
            .map(|(i, _)| ShapedGlyph { gid: 1, cluster: i, advance: 5.0, x_offset: 0.0, y_offset: 0.0 })
            .collect();
        out.reverse();
        out
    }

    /// The letters either side of each point: (earlier, later).
    fn joins(text: &str) -> Vec<(char, char, u8)> {
        let g = glyphs(text);
        kashida_points(text, &g, text.len())
            .iter()
            .map(|p| {
                let a = text[g[p.at].cluster..].chars().next().unwrap();
                let b = text[g[p.at - 1].cluster..].chars().next().unwrap();
                (a, b, p.rank)
            })
            .collect()
    }

    #[test]
    fn one_join_per_word_by_rank() {
        // "سلام" (seen first): after the seen. "كتبه": before the final heh. Visual
        // order: the second word comes first.
        assert_eq!(joins("سلام كتبه"), vec![('ب', 'ه', 2), ('س', 'ل', 1)]);
    }

    #[test]
    fn never_after_a_letter_that_does_not_join_forward() {
        // "دار": dal and alef join nothing after them, reh joins back only: no join at all.
        assert!(joins("دار").is_empty());
        // "ورد": the same.
        assert!(joins("ورد").is_empty());
        // "بدر": beh joins dal (rank 5); dal does not join reh.
        assert_eq!(joins("بدر"), vec![('ب', 'د', 5)]);
    }

    #[test]
    fn never_inside_a_ligature() {
        // A shaper's lam-alef ligature: one glyph for two letters, one cluster.
        let text = "سلا";
        let mut g = glyphs(text);
        g.remove(0); // the alef's glyph, now part of the lam's cluster
        let points = kashida_points(text, &g, text.len());
        // Only the join after the seen, into the ligature; none between its lam and alef.
        assert_eq!(points, vec![KashidaPoint { at: 1, rank: 1 }]);
        assert_eq!(text[g[points[0].at].cluster..].chars().next(), Some('س'));
        // "بلا": the only join is beh to the ligature.
        let text = "بلا";
        let mut g = glyphs(text);
        g.remove(0);
        assert_eq!(kashida_points(text, &g, text.len()).len(), 1);
        // A word that is one ligature has nothing to lengthen.
        let text = "لا";
        let g = vec![ShapedGlyph { gid: 1, cluster: 0, advance: 5.0, x_offset: 0.0, y_offset: 0.0 }];
        assert!(kashida_points(text, &g, text.len()).is_empty());
    }

    #[test]
    fn marks_do_not_hide_a_join() {
        // "بَيت" with a fatha on the beh: the beh's cluster is the letter and its mark.
        let text = "ب\u{064E}يت";
        let g: Vec<ShapedGlyph> = glyphs(text).into_iter().filter(|x| x.cluster != 2).collect();
        let points = kashida_points(text, &g, text.len());
        assert_eq!(points.len(), 1);
    }

    #[test]
    fn tatweels_spread_evenly_and_within_a_limit() {
        let p = |rank| KashidaPoint { at: 1, rank };
        let points = [p(5), p(1), p(3)];
        assert_eq!(distribute(&points, 7, 4), vec![2, 3, 2]);
        assert_eq!(distribute(&points, 100, 2), vec![2, 2, 2]);
        assert_eq!(distribute(&[], 5, 2), Vec::<usize>::new());
    }
}
