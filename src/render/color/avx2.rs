//! The CMYK table's tetrahedral lookup for eight pixels at a time with AVX2.
//!
//! It does exactly the integer arithmetic of `CmykTable::lookup`, lane by lane, so the
//! bytes are the same whichever path a machine takes; the test in `color.rs` holds the
//! two paths to that. Gathers fetch the cell positions and the four corners.

use std::arch::x86_64::*;

use super::{CmykTable, STRIDE_B, STRIDE_G, STRIDE_R, TETRAHEDRA};

/// Converts the leading whole groups of eight pixels of `rgb` (three bytes each) into
/// `planes`, which must each hold at least that many bytes, and returns how many
/// pixels it converted.
///
/// # Safety
/// The processor must support AVX2.
#[target_feature(enable = "avx2")]
pub(super) unsafe fn convert(table: &CmykTable, rgb: &[u8], planes: [&mut [u8]; 4]) -> usize {
    let groups = (rgb.len() / 3).min(planes.iter().map(|p| p.len()).min().unwrap_or(0)) / 8;
    let axis = table.axis.as_ptr().cast::<i32>();
    let entries = table.entries.as_ptr().cast::<i32>();
    let steps = |pick: fn(&(usize, usize)) -> usize| {
        let [a, b, c, d, e, f, g, h] = TETRAHEDRA.map(|t| pick(&t) as i32);
        _mm256_setr_epi32(a, b, c, d, e, f, g, h)
    };
    let (first_step, second_step) = (steps(|t| t.0), steps(|t| t.1));
    let diagonal = _mm256_set1_epi32((STRIDE_R + STRIDE_G + STRIDE_B) as i32);
    let (stride_r, stride_g) = (_mm256_set1_epi32(STRIDE_R as i32), _mm256_set1_epi32(STRIDE_G as i32));
    let one = _mm256_set1_epi32(1);
    let low_half = _mm256_set1_epi32(0xffff);
    let whole = _mm256_set1_epi32(256);
    let (round, max) = (_mm256_set1_epi32(1 << 15), _mm256_set1_epi32(255));
    let plane_order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    let [p0, p1, p2, p3] = planes;
    for group in 0..groups {
        let pixels = &rgb[group * 24..group * 24 + 24];
        let mut channels = [[0i32; 8]; 3];
        for (i, pixel) in pixels.chunks_exact(3).enumerate() {
            for c in 0..3 {
                channels[c][i] = i32::from(pixel[c]);
            }
        }
        let [r, g, b] =
            channels.map(|c| _mm256_i32gather_epi32::<4>(axis, _mm256_loadu_si256(c.as_ptr().cast())));
        let (fr, fg, fb) =
            (_mm256_srli_epi32::<16>(r), _mm256_srli_epi32::<16>(g), _mm256_srli_epi32::<16>(b));
        let origin = _mm256_add_epi32(
            _mm256_mullo_epi32(_mm256_and_si256(r, low_half), stride_r),
            _mm256_add_epi32(
                _mm256_mullo_epi32(_mm256_and_si256(g, low_half), stride_g),
                _mm256_and_si256(b, low_half),
            ),
        );
        // 1 where a >= b, as the scalar path's `usize::from(a >= b)`.
        let at_least = |a, b| _mm256_andnot_si256(_mm256_cmpgt_epi32(b, a), one);
        let order = _mm256_or_si256(
            _mm256_or_si256(
                _mm256_slli_epi32::<2>(at_least(fr, fg)),
                _mm256_slli_epi32::<1>(at_least(fg, fb)),
            ),
            at_least(fr, fb),
        );
        let hi = _mm256_max_epi32(_mm256_max_epi32(fr, fg), fb);
        let lo = _mm256_min_epi32(_mm256_min_epi32(fr, fg), fb);
        let mid = _mm256_sub_epi32(_mm256_add_epi32(_mm256_add_epi32(fr, fg), fb), _mm256_add_epi32(hi, lo));
        let weights = [_mm256_sub_epi32(whole, hi), _mm256_sub_epi32(hi, mid), _mm256_sub_epi32(mid, lo), lo];
        let second = _mm256_add_epi32(origin, _mm256_permutevar8x32_epi32(first_step, order));
        let third = _mm256_add_epi32(second, _mm256_permutevar8x32_epi32(second_step, order));
        let corners = [origin, second, third, _mm256_add_epi32(origin, diagonal)];
        let mut sums = [_mm256_setzero_si256(); 4];
        for (corner, weight) in corners.into_iter().zip(weights) {
            // An entry is four u16 in two 32-bit words, at word index 2 * entry.
            let word = _mm256_slli_epi32::<1>(corner);
            let front = _mm256_i32gather_epi32::<4>(entries, word);
            let back = _mm256_i32gather_epi32::<4>(entries, _mm256_add_epi32(word, one));
            let values = [
                _mm256_and_si256(front, low_half),
                _mm256_srli_epi32::<16>(front),
                _mm256_and_si256(back, low_half),
                _mm256_srli_epi32::<16>(back),
            ];
            for (sum, value) in sums.iter_mut().zip(values) {
                *sum = _mm256_add_epi32(*sum, _mm256_mullo_epi32(value, weight));
            }
        }
        let [c0, c1, c2, c3] =
            sums.map(|sum| _mm256_min_epu32(_mm256_srli_epi32::<16>(_mm256_add_epi32(sum, round)), max));
        let bytes = _mm256_packus_epi16(_mm256_packus_epi32(c0, c1), _mm256_packus_epi32(c2, c3));
        let mut out = [0u8; 32];
        _mm256_storeu_si256(out.as_mut_ptr().cast(), _mm256_permutevar8x32_epi32(bytes, plane_order));
        let at = group * 8..group * 8 + 8;
        p0[at.clone()].copy_from_slice(&out[0..8]);
        p1[at.clone()].copy_from_slice(&out[8..16]);
        p2[at.clone()].copy_from_slice(&out[16..24]);
        p3[at].copy_from_slice(&out[24..32]);
    }
    groups * 8
}
