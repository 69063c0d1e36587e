//! Total-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines", 1981).
//!
//! Works on the classic box/glue/penalty item list and minimises the sum of
//! demerits over the whole paragraph. When no set of breaks fits within the
//! tolerance, it retries looser, and finally accepts overfull lines rather than fail.

/// One element of the paragraph as the breaker sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Item {
    /// Unbreakable material of fixed width.
    Box {
        /// Width in points.
        width: f32,
    },
    /// Breakable, stretchable space; a break here drops it.
    Glue {
        /// Natural width.
        width: f32,
        /// How far it may grow.
        stretch: f32,
        /// How far it may shrink.
        shrink: f32,
    },
    /// A possible break with a cost; `width` is added only when breaking here (a hyphen).
    Penalty {
        /// Width when broken here.
        width: f32,
        /// Cost; [`INFINITY`] forbids, `-INFINITY` forces.
        penalty: f32,
        /// Hyphen-like: two flagged breaks in a row cost extra.
        flagged: bool,
    },
}

/// Penalty value meaning "never" (and, negated, "always").
pub(crate) const INFINITY: f32 = 10_000.0;
const LINE_PENALTY: f32 = 10.0;
const FLAGGED_DEMERITS: f32 = 3_000.0;
const FITNESS_DEMERITS: f32 = 3_000.0;
/// A paragraph's last line holding a single word (a runt), as typst's `costs: runt`
/// charges it: about what one line stretched to its tolerance's middle costs, so the
/// breaker moves a word down or stretches a line a little rather than leave it, but
/// never sets a paragraph loose for it.
const RUNT_DEMERITS: f32 = 10_000.0;
/// The tail of a word broken at a hyphen alone on the last line ("punish- / ment."):
/// more than any paragraph's lines within tolerance cost together, so a pass whose
/// best breaks still hold it fails and the looser pass is tried; only the last resort
/// accepts it.
const HYPHEN_RUNT_DEMERITS: f32 = 10_000_000.0;
/// Tolerances (adjustment ratios) tried in order: the looser passes run only when the
/// tighter fail. The first keeps inter-word spaces within twice their width
/// ([`super::MAX_SPACE_GROWTH`]): they stretch by 0.6 of their width at ratio 1
/// ([`super::SPACE_STRETCH`]), so ratio 1/0.6 doubles them. A paragraph
/// that needs a looser pass is set ragged instead when its lines have spaces enough
/// to show it (see [`super::set_paragraph`]).
const TOLERANCES: [f32; 3] = [(super::MAX_SPACE_GROWTH - 1.0) / super::SPACE_STRETCH, 5.0, 40.0];

#[derive(Debug, Clone, Copy)]
struct Node {
    position: usize,
    line: usize,
    fitness: u8,
    width: f32,
    stretch: f32,
    shrink: f32,
    demerits: f32,
    previous: Option<usize>,
}

/// Chooses breaks; returns the item indices broken at, ending with the last item.
/// The item list must end with a forced break (penalty `-INFINITY`); an empty list has
/// no lines.
/// `line_width(n)` gives the measure of line `n` (0-based).
pub(crate) fn break_lines(items: &[Item], line_width: impl Fn(usize) -> f32) -> Vec<usize> {
    if items.is_empty() {
        return Vec::new();
    }
    for tolerance in TOLERANCES {
        if let Some(breaks) = solve(items, &line_width, tolerance, false) {
            return breaks;
        }
    }
    solve(items, &line_width, f32::INFINITY, true).unwrap_or_else(|| vec![items.len().saturating_sub(1)])
}

fn solve(
    items: &[Item],
    line_width: &impl Fn(usize) -> f32,
    tolerance: f32,
    emergency: bool,
) -> Option<Vec<usize>> {
    let mut nodes = vec![Node {
        position: 0,
        line: 0,
        fitness: 1,
        width: 0.0,
        stretch: 0.0,
        shrink: 0.0,
        demerits: 0.0,
        previous: None,
    }];
    let mut active: Vec<usize> = vec![0];
    let (mut width, mut stretch, mut shrink) = (0.0f32, 0.0f32, 0.0f32);

    for (b, item) in items.iter().enumerate() {
        let is_break = match *item {
            Item::Box { .. } => false,
            Item::Glue { .. } => b > 0 && matches!(items[b - 1], Item::Box { .. }),
            Item::Penalty { penalty, .. } => penalty < INFINITY,
        };
        if is_break {
            consider_break(
                items,
                b,
                line_width,
                tolerance,
                emergency,
                (width, stretch, shrink),
                &mut nodes,
                &mut active,
            );
            if active.is_empty() {
                return None;
            }
        }
        match *item {
            Item::Box { width: w } => width += w,
            Item::Glue { width: w, stretch: y, shrink: z } => {
                width += w;
                stretch += y;
                shrink += z;
            }
            Item::Penalty { .. } => {}
        }
    }
    let best = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].position == items.len() - 1)
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    // A hyphenated tail alone on the last line is forbidden while a looser pass is left
    // to try: a line spaced a little wider (or the paragraph set ragged) is the lesser fault.
    if !emergency && nodes[best].demerits >= HYPHEN_RUNT_DEMERITS {
        return None;
    }
    let mut breaks = Vec::new();
    let mut node = Some(best);
    while let Some(n) = node {
        if nodes[n].previous.is_some() {
            breaks.push(nodes[n].position);
        }
        node = nodes[n].previous;
    }
    breaks.reverse();
    Some(breaks)
}

/// Adds the nodes for a break at item `at`: from the active nodes a line can reach it
/// from, the best per fitness class. Nodes whose line to `at` is overfull, or that a
/// forced break passes, stop being active.
#[allow(clippy::too_many_arguments)]
fn consider_break(
    items: &[Item],
    at: usize,
    line_width: &impl Fn(usize) -> f32,
    tolerance: f32,
    emergency: bool,
    totals: (f32, f32, f32),
    nodes: &mut Vec<Node>,
    active: &mut Vec<usize>,
) {
    let (penalty, penalty_width, flagged) = penalty_at(&items[at]);
    let forced = penalty <= -INFINITY;
    // Best candidate per fitness class: (total demerits, from node).
    let mut best: [Option<(f32, usize)>; 4] = [None; 4];
    let mut fallback: Option<(f32, usize)> = None;
    let mut still_active = Vec::with_capacity(active.len());
    for &from in active.iter() {
        let node = nodes[from];
        let ratio = adjustment_ratio(&node, totals, penalty_width, line_width(node.line));
        // An overfull line from this node cannot get better as the line grows, and a
        // forced break ends every line: the node stops being a possible start.
        let overfull = ratio < -1.0;
        if !overfull && !forced {
            still_active.push(from);
        }
        if ratio >= -1.0 && ratio <= tolerance {
            let fitness = fitness_class(ratio);
            let total = node.demerits
                + demerits_for(ratio, penalty, flagged, &node, items)
                + if forced { runt_demerits(items, &node, at) } else { 0.0 }
                + if fitness.abs_diff(node.fitness) > 1 { FITNESS_DEMERITS } else { 0.0 };
            keep_if_better(&mut best[fitness as usize], total, from);
        } else if emergency {
            // Last resort: the least bad line, so the paragraph still sets.
            keep_if_better(&mut fallback, ratio.abs().min(INFINITY) * 1000.0 + node.demerits, from);
        }
    }
    *active = still_active;
    if emergency && best.iter().all(Option::is_none) {
        best[1] = fallback;
    }
    let after = totals_after_break(items, at, totals);
    push_break_nodes(at, &best, after, nodes, active);
}

/// The cost, width and flag of breaking at an item: nothing for glue.
fn penalty_at(item: &Item) -> (f32, f32, bool) {
    match *item {
        Item::Penalty { penalty, width, flagged } => (penalty, width, flagged),
        _ => (0.0, 0.0, false),
    }
}

/// How far the glue of a line from `node` to a break must stretch (positive, in units
/// of its stretch) or shrink (negative) to fill `target`; the totals are those up to
/// the break, and `penalty_width` the hyphen it adds.
fn adjustment_ratio(node: &Node, totals: (f32, f32, f32), penalty_width: f32, target: f32) -> f32 {
    let (width, stretch, shrink) = totals;
    let line_len = width - node.width + penalty_width;
    if line_len < target {
        let stretch = stretch - node.stretch;
        if stretch > 0.0 {
            (target - line_len) / stretch
        } else {
            INFINITY
        }
    } else if line_len > target {
        let shrink = shrink - node.shrink;
        if shrink > 0.0 {
            (target - line_len) / shrink
        } else {
            -INFINITY
        }
    } else {
        0.0
    }
}

/// Puts `(cost, from)` in `slot` when the slot is empty or holds a dearer one.
fn keep_if_better(slot: &mut Option<(f32, usize)>, cost: f32, from: usize) {
    if slot.is_none_or(|(d, _)| cost < d) {
        *slot = Some((cost, from));
    }
}

/// Adds a node at `at` for each fitness class that found a line, and makes it active.
fn push_break_nodes(
    at: usize,
    best: &[Option<(f32, usize)>; 4],
    after: (f32, f32, f32),
    nodes: &mut Vec<Node>,
    active: &mut Vec<usize>,
) {
    for (fitness, candidate) in best.iter().enumerate() {
        if let Some((demerits, from)) = *candidate {
            nodes.push(Node {
                position: at,
                line: nodes[from].line + 1,
                fitness: fitness as u8,
                width: after.0,
                stretch: after.1,
                shrink: after.2,
                demerits,
                previous: Some(from),
            });
            active.push(nodes.len() - 1);
        }
    }
}

fn demerits_for(ratio: f32, penalty: f32, flagged: bool, from: &Node, items: &[Item]) -> f32 {
    let badness = 100.0 * ratio.abs().powi(3);
    let base = (LINE_PENALTY + badness).powi(2);
    let mut demerits = if penalty >= 0.0 {
        base + penalty * penalty
    } else if penalty > -INFINITY {
        base - penalty * penalty
    } else {
        base
    };
    let from_flagged = matches!(items.get(from.position), Some(Item::Penalty { flagged: true, .. }))
        && from.previous.is_some();
    if flagged && from_flagged {
        demerits += FLAGGED_DEMERITS;
    }
    demerits
}

/// What a last line from `from` to the forced break `at` costs for being a runt: one
/// word (no space or inter-character gap inside it), and worse, the tail of a word
/// hyphenated at the end of the line before.
fn runt_demerits(items: &[Item], from: &Node, at: usize) -> f32 {
    if from.previous.is_none() {
        return 0.0; // the paragraph's only line
    }
    let inner = &items[(from.position + 1).min(at)..at];
    let mut seen_box = false;
    for (i, item) in inner.iter().enumerate() {
        match *item {
            Item::Box { .. } => seen_box = true,
            // The fill before the forced break is not a word space.
            Item::Glue { stretch, .. } if stretch >= INFINITY => {}
            Item::Glue { .. } if seen_box && matches!(inner[i - 1], Item::Box { .. }) => return 0.0,
            // Penalties inside the line are breaks inside a word (hyphenation points,
            // after a hyphen): the tail of one word is still one word.
            _ => {}
        }
    }
    if !seen_box {
        return 0.0;
    }
    match items[from.position] {
        // An inserted hyphen has a width; a break after a dash or slash in the text not.
        Item::Penalty { flagged: true, width, .. } if width > 0.0 => HYPHEN_RUNT_DEMERITS,
        _ => RUNT_DEMERITS,
    }
}

fn fitness_class(ratio: f32) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

/// Sums up to the first box after a break: glue and penalties there vanish at a line start.
fn totals_after_break(items: &[Item], b: usize, mut totals: (f32, f32, f32)) -> (f32, f32, f32) {
    for (i, item) in items.iter().enumerate().skip(b) {
        match *item {
            Item::Box { .. } => break,
            Item::Glue { width, stretch, shrink } => {
                totals.0 += width;
                totals.1 += stretch;
                totals.2 += shrink;
            }
            Item::Penalty { penalty, .. } if penalty <= -INFINITY && i > b => break,
            Item::Penalty { .. } => {}
        }
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of the given widths separated by 1-wide glue, ending like a paragraph.
    fn paragraph(words: &[f32]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in words.iter().enumerate() {
            if i > 0 {
                items.push(Item::Glue { width: 1.0, stretch: 0.5, shrink: 0.33 });
            }
            items.push(Item::Box { width: w });
        }
        items.push(Item::Glue { width: 0.0, stretch: INFINITY, shrink: 0.0 });
        items.push(Item::Penalty { width: 0.0, penalty: -INFINITY, flagged: false });
        items
    }

    fn line_widths(items: &[Item], breaks: &[usize]) -> Vec<f32> {
        let mut start = 0;
        let mut out = Vec::new();
        for &b in breaks {
            let w: f32 = items[start..b]
                .iter()
                .map(|i| match *i {
                    Item::Box { width } | Item::Glue { width, .. } => width,
                    Item::Penalty { .. } => 0.0,
                })
                .sum();
            out.push(w);
            start = b + 1;
        }
        out
    }

    #[test]
    fn one_line_when_it_fits() {
        let items = paragraph(&[3.0, 4.0]);
        assert_eq!(break_lines(&items, |_| 20.0), vec![items.len() - 1]);
    }

    #[test]
    fn fills_lines_exactly_when_it_can() {
        let items = paragraph(&[4.0, 2.0, 2.0, 6.0]);
        let breaks = break_lines(&items, |_| 10.0);
        assert_eq!(line_widths(&items, &breaks), vec![10.0, 6.0]);
    }

    /// First fit, as a word processor breaks: each line takes words while they fit at
    /// their natural width (or, with `squeeze`, with every space shrunk in full).
    /// Returns the width of each line, as [`line_widths`] does.
    fn first_fit(words: &[f32], measure: f32, squeeze: bool) -> Vec<f32> {
        let mut lines: Vec<Vec<f32>> = vec![Vec::new()];
        for &word in words {
            let line = lines.last_mut().unwrap();
            let spaces = line.len() as f32;
            let natural = line.iter().sum::<f32>() + spaces + word;
            let shrunk = natural - if squeeze { 0.33 * spaces } else { 0.0 };
            if line.is_empty() || shrunk <= measure {
                line.push(word);
            } else {
                lines.push(vec![word]);
            }
        }
        lines.iter().map(|l| l.iter().sum::<f32>() + (l.len() - 1) as f32).collect()
    }

    #[test]
    fn total_fit_avoids_a_loose_line_that_first_fit_makes() {
        // First fit, squeezing or not, fills line 1 exactly (12) and leaves "3 2 1" (8)
        // to stretch its two spaces to three times their width. Total fit weighs the
        // lines together and sets 10, 10: each of three spaces stretches by two thirds.
        let words = [1.0, 3.0, 1.0, 2.0, 1.0, 3.0, 2.0, 1.0, 6.0, 1.0];
        assert_eq!(first_fit(&words, 12.0, false), vec![12.0, 8.0, 8.0]);
        assert_eq!(first_fit(&words, 12.0, true), vec![12.0, 8.0, 8.0]);
        let items = paragraph(&words);
        let breaks = break_lines(&items, |_| 12.0);
        assert_eq!(line_widths(&items, &breaks), vec![10.0, 10.0, 8.0]);
    }

    #[test]
    fn overfull_material_still_sets_alone_on_its_line() {
        // A word wider than the measure cannot fit; it is set on a line of its own
        // (sticking out, for layout to report) and the next word starts a new line,
        // rather than the paragraph failing or the two sharing one overfull line.
        let items = paragraph(&[30.0, 2.0]);
        let breaks = break_lines(&items, |_| 10.0);
        assert_eq!(*breaks.last().unwrap(), items.len() - 1);
        assert_eq!(line_widths(&items, &breaks), vec![30.0, 2.0]);
    }

    #[test]
    fn a_hyphen_is_taken_only_when_it_buys_more_than_its_penalty() {
        // Eight one-wide words, then a word with a hyphenation point ("a-bb"), then two
        // more. Breaking before that word leaves line 1 at 15 of 17, its spaces
        // stretched by 0.57; breaking at the hyphen fills it to 17.5, shrunk a little,
        // which spaces better. The penalty is all that keeps the hyphen out, so the
        // test runs the breaker twice: with no penalty the hyphen is taken (else the
        // case would not test the penalty), with the item builder's it is not.
        let with_penalty = |penalty: f32| {
            let mut items = paragraph(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 3.0, 2.0, 2.0]);
            let word = 2 * 8;
            items.splice(
                word..word + 1,
                [
                    Item::Box { width: 1.0 },
                    Item::Penalty { width: 0.5, penalty, flagged: true },
                    Item::Box { width: 2.0 },
                ],
            );
            let breaks = break_lines(&items, |_| 17.0);
            (matches!(items[breaks[0]], Item::Penalty { .. }), line_widths(&items, &breaks))
        };
        assert_eq!(with_penalty(0.0), (true, vec![17.0, 8.0]), "the hyphen spaces better");
        let penalty = crate::text::linebreak::HYPHEN_PENALTY;
        assert_eq!(with_penalty(penalty), (false, vec![15.0, 9.0]), "a hyphen at penalty {penalty}");
    }

    /// The number of words (boxes between spaces) on the paragraph's last line.
    fn words_on_last_line(items: &[Item], breaks: &[usize]) -> usize {
        let start = if breaks.len() > 1 { breaks[breaks.len() - 2] + 1 } else { 0 };
        let glue =
            items[start..].iter().filter(|i| matches!(i, Item::Glue { stretch, .. } if *stretch < INFINITY));
        glue.count() + 1
    }

    #[test]
    fn a_single_word_is_not_left_alone_on_the_last_line() {
        // Without the runt cost the breaker sets four lines, the last "1" alone; with
        // it, three, the last holding five words.
        let items = paragraph(&[6.0, 1.0, 4.0, 6.0, 1.0, 2.0, 1.0, 4.0, 1.0]);
        let breaks = break_lines(&items, |_| 12.0);
        assert_eq!(breaks.len(), 3, "{:?}", line_widths(&items, &breaks));
        assert_eq!(words_on_last_line(&items, &breaks), 5);
    }

    #[test]
    fn a_hyphenated_tail_is_never_alone_on_the_last_line() {
        // "2 2 2 2 ab-" fills 14 exactly and leaves "cd" alone (the whole does not fit
        // on one line, even squeezed); breaking before the word instead stretches the
        // first line's spaces to twice their stretch, past the first pass's tolerance,
        // and the looser pass takes it.
        let mut items = paragraph(&[2.0, 2.0, 2.0, 2.0, 3.0]);
        let last = items.len() - 3;
        items.splice(
            last..last + 1,
            [
                Item::Box { width: 1.5 },
                Item::Penalty { width: 0.5, penalty: 50.0, flagged: true },
                Item::Box { width: 2.5 },
            ],
        );
        let breaks = break_lines(&items, |_| 14.0);
        assert_eq!(line_widths(&items, &breaks), vec![11.0, 4.0]);
    }
}
